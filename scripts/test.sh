#!/usr/bin/env bash
# Runs every test: formatting and lints, the domain and server (native; the
# server's tests once on SQLite and once on PostgreSQL), the app's storage in
# headless Chromium (wasm-bindgen-test), and the end-to-end journeys
# (Playwright, Debian's Chromium, against the real server). Installs
# whatever is missing first; starts a private PostgreSQL cluster for the run
# and removes it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

bash scripts/setup.sh

logs=$(mktemp -d)
pgdata=$(mktemp -d)
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
trap 'bash scripts/postgres.sh stop "$pgdata"; rm -rf "$pgdata"' EXIT
NGAYHOI_TEST_POSTGRES=$(bash scripts/postgres.sh start "$pgdata" "$(free_port)")
export NGAYHOI_TEST_POSTGRES
step() { printf '\n==> %s\n' "$*"; }
# A runner that fails does not stop the script: every runner runs, the
# closing tally is always printed, and the exit status is non-zero if any
# step failed. `run NAME CMD...` keeps the runner's output in $logs/NAME.log.
broken=()
run() {
  local name=$1 status; shift
  set +e
  "$@" 2>&1 | tee "$logs/$name.log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then broken+=("$name (exit $status)"); fi
}

step "cargo fmt --check"
run fmt cargo fmt --all -- --check

step "clippy (domain, server, the build's bundler, app for wasm)"
run clippy-native cargo clippy --locked -p domain -p server -p wasm-bundle --all-targets -- -D warnings
run clippy-wasm cargo clippy --locked -p ngayhoi --target wasm32-unknown-unknown --all-targets -- -D warnings
# The release build's split screens (the `split` feature) too.
run clippy-split cargo clippy --locked -p ngayhoi --target wasm32-unknown-unknown --features split -- -D warnings

step "domain, server (SQLite) and bundler tests"
run native env -u NGAYHOI_TEST_POSTGRES cargo test --locked -p domain -p server -p wasm-bundle

step "server tests on PostgreSQL"
run postgres cargo test --locked -p server

step "storage tests in headless Chromium"
run wasm cargo test --locked -p ngayhoi --target wasm32-unknown-unknown

step "release build"
run build bash scripts/build.sh

step "end-to-end (Playwright)"
if [ -x target/server/server ] && [ -f dist/index.html ]; then
  run e2e bash -c 'cd end2end && npx playwright test --reporter=list'
else
  broken+=("e2e (no build to test)")
fi

# One closing line over every runner, whatever happened above.
rust_counts=$(cat "$logs/native.log" "$logs/postgres.log" "$logs/wasm.log" 2>/dev/null | grep -E '^test result:' |
  sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
  awk '{ p += $1; f += $2 } END { print p+0, f+0 }')
e2e_passed=$(grep -Eo '^ +[0-9]+ passed' "$logs/e2e.log" 2>/dev/null | grep -Eo '[0-9]+' | tail -n1 || true)
e2e_failed=$(grep -Eo '^ +[0-9]+ failed' "$logs/e2e.log" 2>/dev/null | grep -Eo '[0-9]+' | tail -n1 || true)
set -- $rust_counts
passed=$(( $1 + ${e2e_passed:-0} ))
failed=$(( $2 + ${e2e_failed:-0} ))
echo
if [ ${#broken[@]} -gt 0 ]; then
  echo "steps that failed: ${broken[*]}"
  # A step that failed without a failing test (a build, a lint) still counts.
  [ "$failed" -gt 0 ] || failed=${#broken[@]}
fi
echo "total: $passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ] && [ "$failed" -eq 0 ]
