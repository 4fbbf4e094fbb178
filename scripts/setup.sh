#!/usr/bin/env bash
# Installs whatever the project needs and this machine lacks. Idempotent: a
# second run checks versions and installs nothing. Everything comes from the
# package registries (Debian, crates.io, npm); no tool downloads its own binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14      # 0.22 needs a newer rustc than this toolchain
WASM_OPT_VERSION=0.116.1   # binaryen 116; Debian's 108 produces a blank page
WASM_SPLIT_VERSION=0.2.4   # wasm-split-cli, matching leptos 0.8's wasm_split_helpers

log() { printf '==> %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "root is needed for: $*" >&2; return 1
  fi
}

# Debian packages: the browser and its driver for tests, brotli for the build,
# PostgreSQL for the server's second backend (its tests start a private cluster).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
# Without --locked: its own lock file wants a crate version the registry lacks.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  log "cargo install wasm-bindgen-cli $wbg (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "=$wbg" --force
fi
if ! grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml; then
  echo "Trunk.toml's [tools] wasm_bindgen must be $wbg, as in Cargo.lock" >&2
  exit 1
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version 116"; then
  log "cargo install wasm-opt $WASM_OPT_VERSION (about 7 minutes)"
  cargo install --locked "wasm-opt@$WASM_OPT_VERSION"
fi

# Splits the app's wasm at its lazily loaded screens (scripts/wasm-split.sh).
# Not the crates.io crate named "wasm-split-cli": that is another tool.
if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (about 3 minutes)"
  cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
fi

# End-to-end test packages. Playwright drives Debian's Chromium: no browser download.
if [ ! -f end2end/node_modules/.package-lock.json ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  log "npm ci (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# Build tools from npm (esbuild, which minifies the JS glue in release builds).
if [ ! -f scripts/js/node_modules/.package-lock.json ] || [ scripts/js/package-lock.json -nt scripts/js/node_modules/.package-lock.json ]; then
  log "npm ci (build tools)"
  (cd scripts/js && npm ci --no-audit --no-fund --loglevel=error)
fi

# Every crate, so that builds and Trunk can run offline.
cargo fetch --locked >/dev/null
log "set-up complete"
