#!/usr/bin/env bash
# The audit chain as an operator checks it: `gaflight audit verify` on the functional suite's demo
# database (while the server runs on it) says "chain intact" and exits 0; on a copy where one entry's
# details were changed behind the append-only trigger it exits 1 naming that entry; it cannot verify
# an unknown organisation (exit 2).
#
# On PostgreSQL the copy is a new database in the same cluster, filled by pg_dump | psql.
#
# Config (env): GAFLIGHT_BIN, ORG_ID, DB_URL (sqlite:PATH or postgres://…) or DB_PATH (a SQLite file).
set -uo pipefail

: "${GAFLIGHT_BIN:?GAFLIGHT_BIN is required}"
: "${ORG_ID:?ORG_ID is required}"
if [ -z "${DB_URL:-}" ]; then
  : "${DB_PATH:?DB_URL or DB_PATH is required}"
  DB_URL="sqlite:$DB_PATH"
fi

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

work=$(mktemp -d)
copy_db=""
copy_url=""
cleanup() {
  [ -n "$copy_db" ] && psql "$DB_URL" -X -q -c "DROP DATABASE IF EXISTS $copy_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
checks=0
pass() { checks=$((checks + 1)); echo "PASS  $1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL  $1" >&2; }

# ---- 1. the demo database's chain is intact ----------------------------------------------------
"$GAFLIGHT_BIN" audit verify --db "$DB_URL" --org "$ORG_ID" >"$work/ok.out" 2>&1
rc=$?
cat "$work/ok.out"
[ "$rc" = "0" ] && pass "audit verify exits 0 on the demo database" || fail "audit verify exit $rc (want 0)"
grep -q "chain intact" "$work/ok.out" && pass "prints \"chain intact\"" || fail "no \"chain intact\" in the output"
entries=$(grep -oE '[0-9]+ chained entries' "$work/ok.out" | grep -oE '^[0-9]+' || echo 0)
[ "${entries:-0}" -ge 1 ] && pass "prints the entry count ($entries)" || fail "entry count missing or zero"

# ---- 2. a changed entry in a copy is named -----------------------------------------------------
case "$DB_URL" in
  postgres://* | postgresql://*)
    # A consistent copy through pg_dump (one snapshot while the server may be writing) into a new
    # database beside it, then the same change: drop the append-only trigger and edit one entry.
    copy_db="gaflight_audit_copy_$$"
    base=${DB_URL%%\?*}
    copy_url="${base%/*}/$copy_db${DB_URL#"$base"}"
    victim=""
    if psql "$DB_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $copy_db" >"$work/copy.log" 2>&1 &&
      pg_dump --no-owner --no-privileges "$DB_URL" 2>>"$work/copy.log" |
      psql "$copy_url" -X -q -v ON_ERROR_STOP=1 >>"$work/copy.log" 2>&1; then
      victim=$(psql "$copy_url" -X -q -At -v ON_ERROR_STOP=1 -v org="$ORG_ID" 2>>"$work/copy.log" <<'SQL'
SELECT id FROM audit_log WHERE org_id = :'org' AND hash IS NOT NULL ORDER BY seq
  OFFSET (SELECT count(*) / 2 FROM audit_log WHERE org_id = :'org' AND hash IS NOT NULL) LIMIT 1;
DROP TRIGGER audit_log_no_update ON audit_log;
SQL
)
      victim=$(head -1 <<<"$victim")
      [ -n "$victim" ] && psql "$copy_url" -X -q -v ON_ERROR_STOP=1 -v id="$victim" >>"$work/copy.log" 2>&1 <<'SQL'
UPDATE audit_log SET details = '{"tampered":true}' WHERE id = :'id';
SQL
    fi
    [ -n "$victim" ] || { echo "copying the database failed:"; cat "$work/copy.log"; }
    ;;
  *)
    # A consistent copy through SQLite's backup API (the server may be writing), then the change an
    # attacker with file access would make: drop the append-only trigger and edit one entry's details.
    copy_url="sqlite:$work/copy.db"
    victim=$("$PY" - "${DB_URL#sqlite:}" "$work/copy.db" "$ORG_ID" <<'PYEOF'
import sqlite3, sys
src = sqlite3.connect(sys.argv[1])
dst = sqlite3.connect(sys.argv[2])
src.backup(dst)
src.close()
rows = dst.execute("SELECT id FROM audit_log WHERE org_id = ? AND hash IS NOT NULL ORDER BY seq",
                   (sys.argv[3],)).fetchall()
victim = rows[len(rows) // 2][0]
dst.execute("DROP TRIGGER audit_log_no_update")
dst.execute("UPDATE audit_log SET details = '{\"tampered\":true}' WHERE id = ?", (victim,))
dst.commit()
dst.close()
print(victim)
PYEOF
)
    ;;
esac
"$GAFLIGHT_BIN" audit verify --db "$copy_url" --org "$ORG_ID" >"$work/bad.out" 2>&1
rc=$?
cat "$work/bad.out"
[ "$rc" = "1" ] && pass "a tampered copy exits 1" || fail "tampered copy: exit $rc (want 1)"
grep -q "BROKEN at entry $victim" "$work/bad.out" && pass "names the changed entry ($victim)" \
  || fail "the changed entry $victim is not named"
grep -q "hash mismatch" "$work/bad.out" && pass "says what differs (hash mismatch)" || fail "no \"hash mismatch\""

# ---- 3. an unknown organisation cannot be verified ---------------------------------------------
"$GAFLIGHT_BIN" audit verify --db "$DB_URL" --org 00000000-0000-4000-8000-000000000000 \
  >"$work/unknown.out" 2>&1
rc=$?
[ "$rc" = "2" ] && pass "unknown organisation exits 2" || fail "unknown organisation: exit $rc (want 2)"

echo "$((checks - failures)) passed, ${failures} failed"
[ "$failures" -eq 0 ]
