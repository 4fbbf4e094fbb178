#!/usr/bin/env bash
# Sync server under load on loopback: starts the server (SQLite in a temp
# dir) and the load generator on the same machine, so both cores are busy.
#   bash scripts/bench-server.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-10}"; connections="${2:-16}"
cargo build -q --locked --profile server -p server --example load
cargo build -q --locked --profile server -p server
dir=$(mktemp -d); port=8097; key=bench-registration-key
NGAYHOI_REGISTRATION_KEY=$key NGAYHOI_SYNCS_PER_MINUTE=100000000 target/server/server --addr "127.0.0.1:$port" --dist dist --db "$dir/bench.sqlite" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
target/server/examples/load "http://127.0.0.1:$port" "$key" "$seconds" "$connections"
echo "database after the run: $(du -h "$dir/bench.sqlite" | cut -f1)"
