#!/usr/bin/env bash
# Builds the release app into dist/ and prints the size of what a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline
scripts/size.sh
