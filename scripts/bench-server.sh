#!/usr/bin/env bash
# Sync server under load on loopback: starts the server and the load
# generator on the same machine, so both cores are busy. Pushes per second
# on SQLite, then on PostgreSQL (a private throw-away cluster) with one, two
# and four server processes on the one database; then paged pulls, code
# guessing and the province's roll-up.
#   bash scripts/bench-server.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-10}"; connections="${2:-16}"
cargo build -q --locked --profile server -p server --example load --example pull --example guess --example rollup
cargo build -q --locked --profile server -p server
dir=$(mktemp -d); port=8097; key=bench-registration-key
pgdata=$(mktemp -d); pgport=8070
servers=()
stop_servers() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  servers=()
}
trap 'stop_servers; bash scripts/postgres.sh stop "$pgdata"; rm -rf "$dir" "$pgdata"' EXIT
# The load registers and joins hundreds of phones at once: limits raised.
registers_per_minute=100000; joins_per_minute=100000
# `serve N DB`: N server processes on DB, on ports from $port; sets $urls.
serve() {
  local n=$1 db=$2 i urls_list=()
  for i in $(seq 0 $(( n - 1 ))); do
    NGAYHOI_REGISTRATION_KEY=$key NGAYHOI_SYNCS_PER_MINUTE=100000000 NGAYHOI_REGISTERS_PER_MINUTE=$registers_per_minute NGAYHOI_JOINS_PER_MINUTE=$joins_per_minute target/server/server \
      --addr "127.0.0.1:$(( port + i ))" --dist dist --db "$db" --key-file "$dir/server-key" >/dev/null 2>&1 &
    servers+=($!)
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$(( port + i ))/api/health" >/dev/null && break; sleep 0.1; done
    urls_list+=("http://127.0.0.1:$(( port + i ))")
  done
  urls=$(IFS=,; echo "${urls_list[*]}")
}

echo "== SQLite, one process"
serve 1 "$dir/bench.sqlite"
# One commune's gate: every phone on one event.
target/server/examples/load "$urls" "$key" "$seconds" "$connections" 1
# Many communes at once: the phones spread over 16 events.
target/server/examples/load "$urls" "$key" "$seconds" "$connections" 16
echo "database after the runs: $(du -h "$dir/bench.sqlite" | cut -f1)"
stop_servers

pg=$(bash scripts/postgres.sh start "$pgdata" "$pgport")
for n in 1 2 4; do
  echo "== PostgreSQL, $n process(es)"
  psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS bench_$n" -c "CREATE DATABASE bench_$n"
  serve "$n" "$pg/bench_$n"
  target/server/examples/load "$urls" "$key" "$seconds" "$connections" 1
  target/server/examples/load "$urls" "$key" "$seconds" "$connections" 16
  stop_servers
done

# Paged pulls: 8 phones join a 200,000-record event at once. The server's
# peak memory (VmHWM) is read from /proc once the pushes are done.
echo "== Paged pulls (SQLite)"
# The server's own limits from here: the guessing below meets them.
registers_per_minute=10; joins_per_minute=30
records="${PULL_RECORDS:-200000}"; phones="${PULL_PHONES:-8}"
rm -f "$dir"/bench.sqlite*
serve 1 "$dir/bench.sqlite"
server=${servers[0]}
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
# districts, one event each with 2,000 invitees (in-process): on its own
# SQLite file, then on PostgreSQL.
echo "== Roll-up, SQLite"
target/server/examples/rollup "${ROLLUP_COMMUNES:-1000}" "${ROLLUP_RECORDS:-2000}"
echo "== Roll-up, PostgreSQL"
psql -q "$pg/postgres" -c "CREATE DATABASE rollup"
target/server/examples/rollup "${ROLLUP_COMMUNES:-1000}" "${ROLLUP_RECORDS:-2000}" "$pg/rollup"
