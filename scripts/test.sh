#!/usr/bin/env bash
# README command 2: every check and every test. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/setup.sh
source scripts/env.sh
step() { printf '\n== %s\n' "$*"; }

step "Format"
cargo fmt --all -- --check

step "The core stays pure (no browser crates in its dependency tree)"
if cargo tree -p fielddesk-core -e normal,build --prefix none \
  | grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|gloo)[a-z_-]* ' ; then
  echo "fielddesk-core must not depend on the crates above" >&2
  exit 1
fi
cargo build -q -p fielddesk-core --target wasm32-unknown-unknown
echo "ok: fielddesk-core depends on no browser crate and builds for wasm32"

step "Clippy (native and wasm32)"
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q -p fielddesk --all-targets --target wasm32-unknown-unknown -- -D warnings

step "Native tests (cargo test)"
cargo test -q --workspace

step "Browser tests (wasm-bindgen-test in headless Chromium)"
cargo test -p fielddesk --target wasm32-unknown-unknown --tests

step "Release build"
# The end-to-end tests sync with a pouchdb-server on this loopback port (tests/e2e/couch.ts).
FIELDDESK_SYNC_ORIGINS="http://127.0.0.1:$(( ${E2E_PORT:-8090} + 3 ))" scripts/build.sh

step "End-to-end tests (Playwright, Debian's Chromium, release build)"
rm -rf tests/screenshots
npx playwright test

echo
echo "Screenshots: $(pwd)/tests/screenshots"
echo "All checks passed in $(( $(date +%s) - start )) s"
