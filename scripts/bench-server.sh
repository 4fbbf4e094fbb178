#!/usr/bin/env bash
# Sync server under load on loopback: starts the server (SQLite in a temp
# dir) and the load generator on the same machine, so both cores are busy.
#   bash scripts/bench-server.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-10}"; connections="${2:-16}"
cargo build -q --locked --profile server -p server --example load --example pull --example guess --example rollup
cargo build -q --locked --profile server -p server
dir=$(mktemp -d); port=8097; key=bench-registration-key
NGAYHOI_REGISTRATION_KEY=$key NGAYHOI_SYNCS_PER_MINUTE=100000000 target/server/server --addr "127.0.0.1:$port" --dist dist --db "$dir/bench.sqlite" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
target/server/examples/load "http://127.0.0.1:$port" "$key" "$seconds" "$connections"
echo "database after the run: $(du -h "$dir/bench.sqlite" | cut -f1)"

# Paged pulls: 8 phones join a 200,000-record event at once. The server's
# peak memory (VmHWM) is read from /proc once the pushes are done.
records="${PULL_RECORDS:-200000}"; phones="${PULL_PHONES:-8}"
kill $server 2>/dev/null; wait $server 2>/dev/null || true
rm -f "$dir"/bench.sqlite*
NGAYHOI_REGISTRATION_KEY=$key NGAYHOI_SYNCS_PER_MINUTE=100000000 target/server/server --addr "127.0.0.1:$port" --dist dist --db "$dir/bench.sqlite" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }
peak() { awk '/^VmHWM/ { print $2 }' "/proc/$server/status"; }
target/server/examples/pull "http://127.0.0.1:$port" "$key" "$records" "$phones" | while IFS= read -r line; do
  echo "$line"
  if [ "$line" = pulling ]; then
    echo "server memory before the pulls: $(( $(rss) / 1024 )) MB (peak during the pushes: $(( $(peak) / 1024 )) MB)"
    # Resets the peak to the current size: what follows is the pulls' own peak.
    echo 5 > "/proc/$server/clear_refs"
  fi
done
echo "server peak memory while the phones pulled (VmHWM): $(( $(peak) / 1024 )) MB"

# Guessing codes and keys from one address: how many are answered, how many refused.
target/server/examples/guess "http://127.0.0.1:$port" 5

# The level above's dashboard over a province of 1,000 communes under 20
# districts, one event each with 2,000 invitees (in-process, its own SQLite).
target/server/examples/rollup "${ROLLUP_COMMUNES:-1000}" "${ROLLUP_RECORDS:-2000}"
