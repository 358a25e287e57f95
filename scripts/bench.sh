#!/usr/bin/env bash
# Benchmarks: prints figures, judges nothing. Native first, then the same workload in wasm in
# headless Chromium (release build of the test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/env.sh

echo "== The data: bench_data's generator, native"
cargo run -q --release -p fielddesk-core --example bench_data
echo
echo "== SLA clocks, native"
cargo run -q --release -p fielddesk-core --example sla_bench
echo
echo "== SLA clocks, wasm in headless Chromium"
cargo test --release -p fielddesk --target wasm32-unknown-unknown --test bench_sla -- --include-ignored --nocapture 2>&1 \
  | grep -E '^wasm|panicked|error' || true
echo
echo "== Search, wasm in headless Chromium"
cargo test --release -p fielddesk --target wasm32-unknown-unknown --test bench_search -- --include-ignored --nocapture 2>&1 \
  | grep -E '^wasm|panicked|error' || true
echo
echo "== Export / import, native"
cargo run -q --release -p fielddesk-core --example exchange_bench

echo
echo "== The queue with 10 000 tickets (24 months, a fifth open), release build in headless Chromium"
# The core's generator writes the file, for now, so the app's own clock reads it as current.
bench_file="$(mktemp -d)/bench-10000.json"
cargo run -q --release -p fielddesk-core --example bench_data -- write 10000 "$bench_file" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# The sync benchmark's pouchdb-server listens where the test build's CSP allows (tests/e2e/couch.ts).
FIELDDESK_SYNC_ORIGINS="http://127.0.0.1:$(( ${E2E_PORT:-8090} + 3 ))" scripts/build.sh >/dev/null
FIELDDESK_BENCH=10000 FIELDDESK_BENCH_FILE="$bench_file" npx playwright test tests/e2e/queue-scale.spec.ts --project=root --reporter=list 2>&1 \
  | grep -E ' ms\)?$| MB$|^data|^goals|^  [a-z]|✘|Error' || true
echo
echo "== Team sync with the same 10 000 tickets through pouchdb-server, two browser profiles"
FIELDDESK_BENCH=10000 FIELDDESK_BENCH_FILE="$bench_file" npx playwright test tests/e2e/sync-bench.spec.ts --project=root --reporter=list 2>&1 \
  | grep -E '^data|^first|^floor|^a ticket|^goals|^  [a-z]|✘|Error' || true
rm -r "$(dirname "$bench_file")"
