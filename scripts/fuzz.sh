#!/usr/bin/env bash
# Fuzzes bundle parsing for a bounded time (default 60 s):
#   bash scripts/fuzz.sh [seconds]
# cargo-fuzz drives libFuzzer with sanitizer flags that only nightly Rust
# accepts; this toolchain is stable, so RUSTC_BOOTSTRAP=1 lets it accept them.
# Crashes, if any, are written to fuzz/artifacts/ and make this exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
# Seed the corpus with real bundles: the examples of docs/BUNDLE.md.
mkdir -p fuzz/corpus/bundle_parse
cp fuzz/seeds/*.json fuzz/corpus/bundle_parse/ 2>/dev/null || true
RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz bundle_parse -- -max_total_time="$seconds" -max_len=65536
