#!/usr/bin/env bash
# Trunk post-build hook (runs in the staging folder before it becomes dist/):
# - fills sw.js with the build's file list and a version derived from the files' contents;
# - pins Trunk's inline start-up script in the Content-Security-Policy by its hash, so the page
#   needs no 'unsafe-inline' for scripts;
# - lets the page fetch from the team's CouchDB origins (FIELDDESK_SYNC_ORIGINS).
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

# Team sync (docs/team-sync.md): the origins of the team's CouchDB servers the page may fetch
# from, set by whoever builds it. Nothing by default, and never a wildcard host.
sync_origins=""
for origin in ${FIELDDESK_SYNC_ORIGINS:-}; do
  if ! [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:([0-9]+|\*))?$ ]]; then
    echo "post-build: FIELDDESK_SYNC_ORIGINS: '$origin' is not an origin like https://couch.example.com" >&2
    exit 1
  fi
  sync_origins+=" $origin"
done
sed -i "s|connect-src 'self'|connect-src 'self'${sync_origins}|" index.html
[ -n "$sync_origins" ] && echo "post-build: the page may sync with${sync_origins}"

files=$(find . -type f ! -name sw.js ! -name '*.map' | sed 's|^\./||' | sort)
version=$(printf '%s\n' $files | xargs sha256sum | sha256sum | cut -c1-16)
precache=$(printf '"./"'; for f in $files; do printf ', "%s"' "$f"; done)
sed -i -e "s|__FIELDDESK_VERSION__|${version}|" -e "s|__FIELDDESK_PRECACHE__|[${precache}]|" sw.js
echo "post-build: sw.js precaches $(echo "$files" | wc -l) files, version ${version}"
