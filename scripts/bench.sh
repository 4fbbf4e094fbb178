#!/usr/bin/env bash
# Benchmark: builds the release app, prints the size of every file (raw,
# gzip, brotli), what a phone downloads on first load (the files the browser
# asks for, at the start address and for run mode), the startup time warm from the service
# worker on a Pixel 5 profile with 4x CPU throttling, against a minimal
# Leptos app built alongside (end2end/bench/floor) with the wasm each compiles
# before its first screen, and
# the invitee check-in screen with 5,000 invitees (import, opening, each
# search keystroke, a check-in tap; 4x CPU throttling), the screens that do
# not show the invitees opened with 5,000 of them against an empty event,
# and the tab's memory.
# Record its output in docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh

echo
echo "== Every file of the build (bytes)"
printf '%-56s %10s %10s %10s\n' file raw gzip brotli
for f in dist/index.html $(ls dist/*.wasm dist/*.js dist/*.css | grep -v '/sw.js$'); do
  printf '%-56s %10d %10d %10d\n' "${f#dist/}" "$(stat -c %s "$f")" \
    "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done

port=8093
target/server/server --addr "127.0.0.1:$port" --dist dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done

echo
echo "== First load: the files the browser asks for (brotli bytes; budget 200 KB)"
(cd end2end && node bench/first-load.mjs "http://127.0.0.1:$port" ../dist)

echo
echo "== Startup, against the framework's floor (end2end/bench/floor, built like the app)"
# The app's Rust flags (.cargo/config.toml) but for --emit-relocs, which only
# the app's split needs: the floor would ship its relocations (800 KB of
# custom sections that every start streams), where the app's files have none.
(cd end2end/bench/floor && RUSTFLAGS="--cfg erase_components" \
  CARGO_TARGET_DIR="$PWD/../../../target/floor" trunk build --release --locked >/dev/null)
floor_port=8094
target/server/server --addr "127.0.0.1:$floor_port" --dist end2end/bench/floor/dist --db "$(mktemp -d)/floor.sqlite" >/dev/null 2>&1 &
floor=$!
trap 'kill $server $floor 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$floor_port/api/health" >/dev/null && break; sleep 0.1; done
(cd end2end && node bench/startup.mjs "http://127.0.0.1:$port" "http://127.0.0.1:$floor_port")
echo "-- what each start compiles on the way to its first screen"
(cd end2end && node bench/compiled.mjs "http://127.0.0.1:$port" "http://127.0.0.1:$floor_port")

echo
echo "== Size does not slow the screens that do not show it: empty event vs 5,000 invitees"
(cd end2end && node bench/big-event.mjs "http://127.0.0.1:$port")

echo
echo "== Invitees: 5,000, check-in search"
(cd end2end && node bench/invitees.mjs "http://127.0.0.1:$port")

echo
echo "== The level above's dashboard: a province of 1,000 communes (2,000 invitees each)"
cargo build -q --locked --profile server -p server --example rollup
big=$(mktemp -d)
target/server/examples/rollup "${ROLLUP_COMMUNES:-1000}" "${ROLLUP_RECORDS:-2000}" "$big/province.sqlite" | tail -3
NGAYHOI_REGISTRATION_KEY=bench-registration-key target/server/server --addr 127.0.0.1:8095 --dist dist --db "$big/province.sqlite" >/dev/null 2>&1 &
province=$!
trap 'kill $server $floor $province 2>/dev/null; rm -rf "$big"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:8095/api/health" >/dev/null && break; sleep 0.1; done
(cd end2end && node bench/dashboard.mjs "http://127.0.0.1:8095" bench-registration-key)
