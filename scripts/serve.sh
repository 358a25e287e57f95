#!/usr/bin/env bash
# README command 1: installs what is missing, builds the release app and serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo
echo "Fielddesk is at http://127.0.0.1:8080/  (Ctrl+C stops it)"
exec python3 -m http.server 8080 --bind 127.0.0.1 --directory dist
