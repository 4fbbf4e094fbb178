#!/usr/bin/env bash
# Builds the release app into dist/ and the server binary into target/server/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
# The flags of .cargo/config.toml, plus: panic locations in the shipped wasm
# name crates, not this machine's directories (shorter, and nothing private).
# --emit-relocs: wasm-split-cli (scripts/wasm-split.sh) needs the relocations.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs --cfg erase_components --remap-path-prefix=$cargo_home/registry/src/= --remap-path-prefix=$PWD/="
# Offline: Trunk must use the installed tools and never try a download.
TRUNK_OFFLINE=true trunk build --release --offline
cargo build --locked --profile server -p server
