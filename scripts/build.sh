#!/usr/bin/env bash
# Builds the release app into dist/ and the server binary into target/server/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Offline: Trunk must use the installed tools and never try a download.
TRUNK_OFFLINE=true trunk build --release --offline
cargo build --locked --profile server -p server
