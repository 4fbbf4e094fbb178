#!/usr/bin/env bash
# Benchmark: builds the release app, prints the size of what a phone
# downloads (raw, gzip, brotli) and the startup time warm from the service
# worker on a Pixel 5 profile with 4x CPU throttling (median of 5), and
# the invitee check-in screen with 5,000 invitees (import, opening, each
# search keystroke, a check-in tap; 4x CPU throttling).
# Record its output in docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh

echo
echo "== First-load assets (bytes)"
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for f in dist/index.html $(ls dist/*.wasm dist/*.js dist/*.css | grep -v '/sw.js$'); do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-44s %10d %10d %10d\n' "${f#dist/}" "$raw" "$gz" "$br"
done
printf '%-44s %10d %10d %10d\n' "total" "$total_raw" "$total_gz" "$total_br"
budget=$((200 * 1024))
if [ "$total_br" -le "$budget" ]; then echo "budget: ${total_br} B brotli <= 200 KB: OK"; else echo "budget: ${total_br} B brotli > 200 KB: OVER"; fi

echo
echo "== Startup"
port=8093
target/server/server --addr "127.0.0.1:$port" --dist dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
(cd end2end && node bench/startup.mjs "http://127.0.0.1:$port")

echo
echo "== Invitees: 5,000, check-in search"
(cd end2end && node bench/invitees.mjs "http://127.0.0.1:$port")
