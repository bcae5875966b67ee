#!/usr/bin/env bash
# The published quickstart, exactly as a third party runs it with curl.
#
# Config (env): BASE_URL, ORG_ID, API_KEY. Talks to 127.0.0.1 only.
# JSON is parsed with python3 (no jq required).
set -euo pipefail

: "${BASE_URL:?BASE_URL is required (e.g. http://127.0.0.1:8080)}"
: "${ORG_ID:?ORG_ID is required}"
: "${API_KEY:?API_KEY is required}"

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
checks=0
pass() { checks=$((checks + 1)); echo "PASS  $1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL  $1" >&2; }

# Reads a JSON file and evaluates a Python expression over it (bound to `j`); prints the result.
# Never fails: prints "ERR: …" instead, so the caller's comparison reports the problem.
jget() {
  "$PY" -c '
import json, sys
try:
    j = json.load(open(sys.argv[1]))
    print(eval(sys.argv[2]))
except Exception as e:
    print("ERR: %s: %s" % (type(e).__name__, e))
' "$1" "$2"
}

# get URL OUTFILE → prints the HTTP status; response headers go to OUTFILE.h
get() {
  curl -sS --max-time 10 -o "$2" -D "$2.h" -w '%{http_code}' "$1" \
    -H "Authorization: Bearer ${API_KEY}" \
    -H "X-Org-Id: ${ORG_ID}" || true   # transport errors show up as status 000
}

header_present() { grep -qi "^$2:" "$1"; }

# ---- 1. list pilots: 200, 50 items (default limit), a cursor ----------------------------------
status=$(get "${BASE_URL}/api/v1/public/pilots" "$work/p1.json")
[ "$status" = "200" ] && pass "GET /pilots → 200" || fail "GET /pilots → $status (want 200): $(head -c 400 "$work/p1.json")"
if [ "$status" != "200" ]; then
  echo "quickstart_curl: cannot continue without a first page"
  echo "$((checks - failures)) passed, ${failures} failed"
  exit 1
fi

grep -qi '^content-type: application/json' "$work/p1.json.h" \
  && pass "content-type is application/json" || fail "content-type: $(grep -i '^content-type' "$work/p1.json.h")"
for h in X-Request-Id RateLimit-Limit RateLimit-Remaining RateLimit-Reset; do
  header_present "$work/p1.json.h" "$h" && pass "header $h present" || fail "header $h missing"
done

n1=$(jget "$work/p1.json" 'len(j["data"])')
[ "$n1" = "50" ] && pass "data has 50 items" || fail "data has $n1 items (want 50, the default limit)"

cursor=$(jget "$work/p1.json" 'j["cursor"] if isinstance(j["cursor"], str) and j["cursor"] else ""')
[ -n "$cursor" ] && pass "first page has a cursor" || fail "first page cursor is null/empty but the demo has >=200 pilots"

prefix_ok=$(jget "$work/p1.json" 'all(isinstance(p["id"], str) and p["id"].startswith("plt_") for p in j["data"])')
[ "$prefix_ok" = "True" ] && pass "pilot ids start with plt_" || fail "some pilot id lacks the plt_ prefix"

# ---- 2. follow the cursor once ---------------------------------------------------------------
if [ -n "$cursor" ]; then
  enc=$("$PY" -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$cursor")
  status=$(get "${BASE_URL}/api/v1/public/pilots?cursor=${enc}" "$work/p2.json")
  [ "$status" = "200" ] && pass "GET /pilots?cursor=… → 200" || fail "GET /pilots?cursor → $status: $(head -c 400 "$work/p2.json")"
  if [ "$status" = "200" ]; then
    n2=$(jget "$work/p2.json" 'len(j["data"])')
    [ "$n2" = "50" ] && pass "second page has 50 items" || fail "second page has $n2 items (want 50)"
    # Pages must not overlap and must continue the id-ascending order.
    verdict=$("$PY" - "$work/p1.json" "$work/p2.json" <<'EOF'
import json, sys
a = [p["id"] for p in json.load(open(sys.argv[1]))["data"]]
b = [p["id"] for p in json.load(open(sys.argv[2]))["data"]]
ids = a + b
if set(a) & set(b):
    print("overlap between pages")
elif ids != sorted(ids) or len(set(ids)) != len(ids):
    print("ids not strictly ascending across pages")
else:
    print("ok")
EOF
)
    [ "$verdict" = "ok" ] && pass "pages are disjoint and id-ascending" || fail "pagination: $verdict"
  fi
fi

# ---- 3. fetch one pilot by id ----------------------------------------------------------------
pid=$(jget "$work/p1.json" 'j["data"][0]["id"]')
status=$(get "${BASE_URL}/api/v1/public/pilots/${pid}" "$work/one.json")
[ "$status" = "200" ] && pass "GET /pilots/${pid} → 200" || fail "GET /pilots/${pid} → $status: $(head -c 400 "$work/one.json")"
if [ "$status" = "200" ]; then
  same=$("$PY" - "$work/p1.json" "$work/one.json" <<'EOF'
import json, sys
listed = json.load(open(sys.argv[1]))["data"][0]
one = json.load(open(sys.argv[2]))
print("ok" if one == listed else "detail differs from list item: %r vs %r" % (one, listed))
EOF
)
  [ "$same" = "ok" ] && pass "detail equals the list item" || fail "$same"
fi

# ---- 4. an unknown pilot is a problem+json 404 -----------------------------------------------
status=$(get "${BASE_URL}/api/v1/public/pilots/plt_doesnotexist0000000000" "$work/missing.json")
[ "$status" = "404" ] && pass "unknown pilot → 404" || fail "unknown pilot → $status (want 404)"
grep -qi '^content-type: application/problem+json' "$work/missing.json.h" \
  && pass "404 is application/problem+json" || fail "404 content-type: $(grep -i '^content-type' "$work/missing.json.h")"
code=$(jget "$work/missing.json" 'j.get("code")')
[ "$code" = "not_found" ] && pass "404 code not_found" || fail "404 code is $code"

# ---- 5. without the key: 401 + WWW-Authenticate ----------------------------------------------
status=$(curl -sS --max-time 10 -o "$work/noauth.json" -D "$work/noauth.json.h" -w '%{http_code}' \
  "${BASE_URL}/api/v1/public/pilots" -H "X-Org-Id: ${ORG_ID}" || true)
[ "$status" = "401" ] && pass "no Authorization → 401" || fail "no Authorization → $status (want 401)"
grep -qi '^www-authenticate: *bearer' "$work/noauth.json.h" \
  && pass "401 carries WWW-Authenticate: Bearer" || fail "401 lacks WWW-Authenticate: Bearer"

echo "$((checks - failures)) passed, ${failures} failed"
[ "$failures" -eq 0 ]
