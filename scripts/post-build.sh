#!/usr/bin/env bash
# Trunk post-build hook (runs in the staging folder before it becomes dist/):
# - fills sw.js with the build's file list and a version derived from the files' contents;
# - pins Trunk's inline start-up script in the Content-Security-Policy by its hash, so the page
#   needs no 'unsafe-inline' for scripts.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"

# The start-up <script type="module"> Trunk writes into index.html, exactly as the browser hashes it.
csp_hash=$(python3 - <<'PY'
import base64, hashlib, re
html = open('index.html', encoding='utf-8').read()
scripts = re.findall(r'<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>', html, re.S)
print(' '.join("'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts))
PY
)
sed -i "s|'fielddesk-inline-scripts'|${csp_hash}|" index.html

files=$(find . -type f ! -name sw.js ! -name '*.map' | sed 's|^\./||' | sort)
version=$(printf '%s\n' $files | xargs sha256sum | sha256sum | cut -c1-16)
precache=$(printf '"./"'; for f in $files; do printf ', "%s"' "$f"; done)
sed -i -e "s|__FIELDDESK_VERSION__|${version}|" -e "s|__FIELDDESK_PRECACHE__|[${precache}]|" sw.js
echo "post-build: sw.js precaches $(echo "$files" | wc -l) files, version ${version}"
