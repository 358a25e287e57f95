#!/usr/bin/env bash
# Sets up a CouchDB 3.x database for Fielddesk's team sync (docs/team-sync.md). Safe to re-run:
# whatever is already as it should be is left alone.
#
#   COUCH_URL=https://couch.example.com ADMIN_USER=admin ADMIN_PASS='…' \
#   APP_ORIGIN=https://desk.example.com [DB=fielddesk] scripts/couchdb-setup.sh
#
# COUCH_URL   the server (not the database), as this machine reaches it
# DB          the database (default fielddesk)
# ADMIN_USER, ADMIN_PASS   a server admin (created when CouchDB was installed)
# APP_ORIGIN  the origin(s) Fielddesk is served from, space-separated, e.g. https://desk.example.com
#             (scheme://host[:port], no path). Leave it empty when CouchDB is proxied under the
#             app's own origin (docs/team-sync.md, nginx): then no CORS is needed and none is set.
#
# It creates _users and _replicator (system databases a new single node lacks) and the database,
# sets the database's _security (members: roles fielddesk-team and fielddesk-readers), installs
# _design/fielddesk (docs/couchdb/fielddesk-design.json: validate_doc_update), enables CORS for
# exactly APP_ORIGIN (credentials; headers accept, authorization, content-type, origin, referer;
# methods GET, PUT, POST) and sets chttpd/require_valid_user = true. Users are not created here:
# see docs/team-sync.md.
#
# Against pouchdb-server (tests only) it uses /_config instead of /_node/<node>/_config and leaves
# out require_valid_user, which pouchdb-server does not have.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'couchdb-setup: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed (to read CouchDB's JSON answers)"

COUCH_URL=${COUCH_URL:-}
DB=${DB:-fielddesk}
ADMIN_USER=${ADMIN_USER:-}
ADMIN_PASS=${ADMIN_PASS:-}
APP_ORIGIN=${APP_ORIGIN:-}
DESIGN=docs/couchdb/fielddesk-design.json

[ -n "$COUCH_URL" ] || die "set COUCH_URL to the CouchDB server, e.g. COUCH_URL=https://couch.example.com"
COUCH_URL=${COUCH_URL%/}
[[ "$COUCH_URL" =~ ^https?://[^/]+(/[^?#]*)?$ ]] || die "COUCH_URL must look like https://host[:port][/path], not: $COUCH_URL"
[ -n "$ADMIN_USER" ] && [ -n "$ADMIN_PASS" ] || die "set ADMIN_USER and ADMIN_PASS to a CouchDB server admin"
[[ "$DB" =~ ^[a-z][a-z0-9_$()+-]*$ ]] || die "DB must start with a-z and hold only a-z 0-9 _ \$ ( ) + -, not: $DB"
case $ADMIN_USER in *[\"\\]* | *[[:cntrl:]]*) false ;; esac || die "ADMIN_USER may not hold quotes, backslashes or control characters"
[ -f "$DESIGN" ] || die "$DESIGN is missing (run this from a Fielddesk checkout)"

origins=()
IFS=$' ,\t\n' read -r -a listed <<<"$APP_ORIGIN" || true
for origin in ${listed[@]+"${listed[@]}"}; do
  [ "$origin" != "*" ] || die "APP_ORIGIN may not be *: CouchDB would let any web site use the team's credentials"
  [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?$ ]] ||
    die "each APP_ORIGIN must be scheme://host[:port] with no path or trailing slash, not: $origin"
  [[ "$origin" =~ ^https:// || "$origin" =~ ^http://(127\.0\.0\.1|localhost)(:|$) ]] ||
    say "warning: $origin is not https: passwords would cross the network in the clear"
  origins+=("$origin")
done

if [[ "$COUCH_URL" =~ ^http:// && ! "$COUCH_URL" =~ ^http://(127\.0\.0\.1|localhost)(:|/|$) ]]; then
  say "warning: $COUCH_URL is not https: Fielddesk sends the password in every request"
fi

# The credentials go to curl through a config on a pipe, never on its command line (ps shows that).
AUTH=$(printf '%s:%s' "$ADMIN_USER" "$ADMIN_PASS" | base64 | tr -d '\n')
STATUS='' BODY=''
# call METHOD PATH [BODY | @FILE]: sets STATUS and BODY.
call() {
  local method=$1 path=$2 out
  out=$(mktemp)
  local args=(-sS -o "$out" -w '%{http_code}' -X "$method" -H 'Accept: application/json')
  if [ $# -ge 3 ]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
  if ! STATUS=$(curl "${args[@]}" -K <(printf 'header = "Authorization: Basic %s"\n' "$AUTH") "$COUCH_URL$path"); then
    rm -f "$out"
    die "no answer from $COUCH_URL ($method $path): is the server up, and the URL right?"
  fi
  BODY=$(cat "$out")
  rm -f "$out"
}
# json EXPR: evaluates a Python expression over the last BODY as `j` (prints nothing on failure).
json() { BODY_JSON=$BODY python3 -c "import json,os,sys
try: j = json.loads(os.environ['BODY_JSON'])
except Exception: sys.exit(0)
v = $1
print(v if isinstance(v, str) else json.dumps(v))" 2>/dev/null || true; }
jstr() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }
fail() { die "$1: HTTP $STATUS $(printf '%s' "$BODY" | head -c 300)"; }

# --- The server and the admin
call GET /
[ "$STATUS" != 401 ] || die "the server refused ADMIN_USER $ADMIN_USER and its password (HTTP 401)"
[ "$STATUS" = 200 ] || fail "GET $COUCH_URL/ did not answer as CouchDB"
if [ "$(json "j.get('couchdb', '')")" = Welcome ]; then
  flavour=couchdb
  version=$(json "j.get('version', '')")
  [[ "$version" =~ ^3\. ]] || say "warning: CouchDB $version: this script is written for CouchDB 3.x"
elif [ -n "$(json "j.get('express-pouchdb', '')")" ]; then
  flavour=pouchdb-server
  say "pouchdb-server (a test server): CouchDB-only settings are left out"
else
  die "$COUCH_URL/ is not CouchDB (its welcome answer: $(printf '%s' "$BODY" | head -c 200))"
fi

call GET /_session
[ "$STATUS" = 200 ] || fail "GET /_session"
[ "$(json "'_admin' in j['userCtx']['roles']")" = true ] ||
  die "$ADMIN_USER is not a server admin here (wrong name or password?): $(printf '%s' "$BODY" | head -c 300)"

# --- Configuration: on CouchDB, on every node of the cluster
if [ $flavour = couchdb ]; then
  call GET /_membership
  [ "$STATUS" = 200 ] || fail "GET /_membership"
  config_bases=()
  while IFS= read -r node; do
    [ -z "$node" ] || config_bases+=("/_node/$node/_config")
  done < <(json "'\n'.join(j['all_nodes'])")
  [ ${#config_bases[@]} -gt 0 ] || die "GET /_membership lists no nodes: $BODY"
else
  config_bases=(/_config)
fi
# setting SECTION KEY VALUE, on every node, only where it differs.
setting() {
  local base
  for base in "${config_bases[@]}"; do
    call GET "$base/$1/$2"
    if [ "$STATUS" = 200 ] && [ "$(json j)" = "$3" ]; then continue; fi
    call PUT "$base/$1/$2" "$(jstr "$3")"
    [ "$STATUS" = 200 ] || fail "PUT $base/$1/$2"
    say "set $1/$2 = $3 ($base)"
  done
}

# --- Databases
for db in _users _replicator "$DB"; do
  call PUT "/$db"
  case $STATUS in
    201 | 202) say "created database $db" ;;
    412) ;; # exists
    *) fail "PUT /$db" ;;
  esac
done

# --- Who may read: members of either role; admins: the server admin
security='{"admins":{"names":['"$(jstr "$ADMIN_USER")"'],"roles":[]},"members":{"names":[],"roles":["fielddesk-team","fielddesk-readers"]}}'
call GET "/$DB/_security"
[ "$STATUS" = 200 ] || fail "GET /$DB/_security"
same=$(STORED=$BODY WANTED=$security python3 -c 'import json,os
print(json.loads(os.environ["STORED"]) == json.loads(os.environ["WANTED"]))')
if [ "$same" != True ]; then
  [ "$(json "len(j)")" = 0 ] || say "replacing /$DB/_security: $(printf '%s' "$BODY" | head -c 300)"
  call PUT "/$DB/_security" "$security"
  [ "$STATUS" = 200 ] || fail "PUT /$DB/_security"
  say "set /$DB/_security: members are the roles fielddesk-team (write) and fielddesk-readers (read)"
fi

# --- Who may write what: the validate_doc_update
call GET "/$DB/_design/fielddesk"
case $STATUS in
  404) rev='' ;;
  200) rev=$(json "j['_rev']") ;;
  *) fail "GET /$DB/_design/fielddesk" ;;
esac
wanted=$(cat "$DESIGN")
same=$(STORED=$BODY WANTED=$wanted python3 -c 'import json,os
s = json.loads(os.environ["STORED"] or "{}"); w = json.loads(os.environ["WANTED"])
s.pop("_rev", None)
print(s == w)')
if [ "$same" != True ]; then
  body=$(WANTED=$wanted REV=$rev python3 -c 'import json,os
w = json.loads(os.environ["WANTED"])
if os.environ["REV"]: w["_rev"] = os.environ["REV"]
print(json.dumps(w))')
  call PUT "/$DB/_design/fielddesk" "$body"
  [ "$STATUS" = 201 ] || [ "$STATUS" = 202 ] || fail "PUT /$DB/_design/fielddesk"
  say "installed /$DB/_design/fielddesk (validate_doc_update)"
fi

# --- CORS, for exactly the app's origins
if [ ${#origins[@]} -gt 0 ]; then
  joined=$(IFS=,; printf '%s' "${origins[*]}"); joined=${joined//,/, }
  if [ $flavour = couchdb ]; then
    setting chttpd enable_cors true # CouchDB 3.2 and later
    setting httpd enable_cors true  # CouchDB 3.0 and 3.1
  fi
  setting cors origins "$joined"
  setting cors credentials true
  setting cors headers "accept, authorization, content-type, origin, referer"
  setting cors methods "GET, PUT, POST"
else
  say "APP_ORIGIN is empty: no CORS set (the app must reach CouchDB on its own origin, through a proxy)"
fi

# --- No anonymous access at all
if [ $flavour = couchdb ]; then
  setting chttpd require_valid_user true
fi

# --- Check what a browser will do
call GET "/$DB"
[ "$STATUS" = 200 ] || fail "GET /$DB"
for origin in "${origins[@]}"; do
  allowed=$(curl -sS -o /dev/null -D - -X OPTIONS "$COUCH_URL/$DB/_bulk_docs" -H "Origin: $origin" \
    -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: authorization, content-type' |
    tr -d '\r' | sed -n 's/^[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin: //p')
  [ "$allowed" = "$origin" ] ||
    die "a browser on $origin would be refused: the CORS preflight answered Access-Control-Allow-Origin '$allowed' (a proxy in front of CouchDB that drops OPTIONS or CORS headers?)"
done
say "ready: $COUCH_URL/$DB (Fielddesk: 设置 → 团队同步, database URL $COUCH_URL/$DB)"
