#!/usr/bin/env bash
# Trunk post_build hook. Trunk runs the hooks of one stage concurrently, so
# the steps that depend on each other are chained here: the split must be
# done before the precache list is made.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/wasm-split.sh
bash scripts/sw-precache.sh
