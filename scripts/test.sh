#!/usr/bin/env bash
# Runs every test: formatting and lints, the domain and server (native), the
# app's storage in headless Chromium (wasm-bindgen-test), and the end-to-end
# journeys (Playwright, Debian's Chromium, against the real server).
# Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

bash scripts/setup.sh

logs=$(mktemp -d)
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (domain, server, app for wasm)"
cargo clippy --locked -p domain -p server --all-targets -- -D warnings
cargo clippy --locked -p ngayhoi --target wasm32-unknown-unknown --all-targets -- -D warnings
# The release build's split screens (the `split` feature) too.
cargo clippy --locked -p ngayhoi --target wasm32-unknown-unknown --features split -- -D warnings

step "domain and server tests"
cargo test --locked -p domain -p server 2>&1 | tee "$logs/native.log"

step "storage tests in headless Chromium"
cargo test --locked -p ngayhoi --target wasm32-unknown-unknown 2>&1 | tee "$logs/wasm.log"

step "release build"
bash scripts/build.sh

step "end-to-end (Playwright)"
(cd end2end && npx playwright test --reporter=list) 2>&1 | tee "$logs/e2e.log"

# One closing line over every runner.
rust_counts=$(cat "$logs/native.log" "$logs/wasm.log" | grep -E '^test result:' |
  sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
  awk '{ p += $1; f += $2 } END { print p+0, f+0 }')
e2e_passed=$(grep -Eo '^ +[0-9]+ passed' "$logs/e2e.log" | grep -Eo '[0-9]+' | tail -n1 || true)
e2e_failed=$(grep -Eo '^ +[0-9]+ failed' "$logs/e2e.log" | grep -Eo '[0-9]+' | tail -n1 || true)
set -- $rust_counts
passed=$(( $1 + ${e2e_passed:-0} ))
failed=$(( $2 + ${e2e_failed:-0} ))
echo
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
