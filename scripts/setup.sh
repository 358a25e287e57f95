#!/usr/bin/env bash
# Installs what building and testing Fielddesk needs, skipping whatever is already there.
# Everything comes from the package registries (crates.io, npm, Debian): nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

missing_debs=()
command -v chromium >/dev/null || missing_debs+=(chromium)
command -v chromedriver >/dev/null || missing_debs+=(chromium-driver)
# Chinese glyphs for the screenshots the tests take (users' machines have their own fonts).
[ -d /usr/share/fonts/opentype/noto ] || missing_debs+=(fonts-noto-cjk)
if [ ${#missing_debs[@]} -gt 0 ]; then
  step "Debian packages: ${missing_debs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt

# Trunk 0.22 needs a newer rustc than this machine's; 0.21.14 is the last that builds here.
if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  step "Trunk 0.21.14 (about 5 minutes)"
  cargo install trunk --version 0.21.14 --locked
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly. `--locked` fails for this crate.
wbg=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  step "wasm-bindgen-cli $wbg (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# wasm-opt comes from npm's binaryen: Debian's is too old and its output is a blank page.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] \
  || [ ! -d node_modules/@axe-core/playwright ] || [ ! -x node_modules/.bin/http-server ] \
  || [ ! -x node_modules/.bin/pouchdb-server ] || [ ! -d node_modules/pouchdb ]; then
  step "npm packages (binaryen, Playwright without its browsers, http-server, pouchdb-server)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --omit=optional --no-audit --no-fund
fi
