#!/usr/bin/env bash
# Prints the release build's wasm, JS and CSS sizes, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
printf '%-40s %10s %10s\n' "file (dist/)" "raw" "gzip -9"
for f in dist/*.wasm dist/*.js dist/*.css; do
  [ -e "$f" ] || continue
  printf '%-40s %10s %10s\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
