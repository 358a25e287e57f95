#!/usr/bin/env bash
# Prints import and export times (and memory) for 10 000 and 100 000 generated tickets in
# headless Chromium, through the real IndexedDB (tests/transfer_bench.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"
cargo test -p fielddesk --release --target wasm32-unknown-unknown --test transfer_bench -- --include-ignored --nocapture
