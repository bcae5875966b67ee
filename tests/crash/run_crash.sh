#!/usr/bin/env bash
# Runs the webhook crash test (tests/crash/crash_test.py) against a gaflight binary.
#   tests/crash/run_crash.sh BIN [extra crash_test.py options, e.g. --seed 42 --keep-tmp] (given to both runs)
# Uses Debian's /usr/bin/python3 when present (stdlib only), else python3 from PATH.
#
# Backend: GAFLIGHT_CRASH_DB=sqlite (the default: a file in each run's temp dir) or postgres: a fresh
# database per run in the server at GAFLIGHT_TEST_PG_URL (as scripts/with-postgres.sh gives it), one
# GAFLIGHT_MASTER_KEY for every process, dropped afterwards unless --keep-tmp is given.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 ]]; then
  echo "usage: $0 BIN [crash_test.py options]" >&2
  exit 2
fi
BIN="$1"; shift
[[ -x "$BIN" ]] || { echo "not an executable: $BIN" >&2; exit 2; }
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY="$(command -v python3)" || { echo "python3 is required" >&2; exit 2; }

BACKEND=${GAFLIGHT_CRASH_DB:-sqlite}
PG_DBS=()
case "$BACKEND" in
  sqlite) ;;
  postgres)
    [[ -n "${GAFLIGHT_TEST_PG_URL:-}" ]] || {
      echo "GAFLIGHT_CRASH_DB=postgres needs GAFLIGHT_TEST_PG_URL (run under scripts/with-postgres.sh)" >&2; exit 2; }
    command -v psql >/dev/null || { echo "psql not found (apt-get install postgresql-client)" >&2; exit 2; }
    keep=0
    for a in "$@"; do [[ "$a" == --keep-tmp ]] && keep=1; done
    cleanup() {
      if [[ $keep == 1 ]]; then
        [[ ${#PG_DBS[@]} -eq 0 ]] || echo "kept PostgreSQL databases ${PG_DBS[*]}"
      else
        for d in "${PG_DBS[@]}"; do
          psql "$GAFLIGHT_TEST_PG_URL" -X -q -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
        done
      fi
    }
    trap cleanup EXIT
    # No key file beside a PostgreSQL database: demo and every server of both runs share this one.
    GAFLIGHT_MASTER_KEY=$("$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
    export GAFLIGHT_MASTER_KEY
    ;;
  *) echo "GAFLIGHT_CRASH_DB must be sqlite or postgres, not '$BACKEND'" >&2; exit 2 ;;
esac

# new_db NAME → sets DB_ARGS: on PostgreSQL "--db-url URL" of a fresh database (lower case: the URL must
# name what an unquoted CREATE DATABASE makes), on SQLite nothing. Not in a subshell, so that PG_DBS keeps it.
DB_ARGS=()
new_db() {
  [[ "$BACKEND" == postgres ]] || return 0
  local name base
  name=gaflight_crash_$1_$$_$RANDOM
  base=${GAFLIGHT_TEST_PG_URL%%\?*}
  psql "$GAFLIGHT_TEST_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" >&2
  PG_DBS+=("$name")
  DB_ARGS=(--db-url "${base%/*}/$name${GAFLIGHT_TEST_PG_URL#"$base"}")
}

# Each run bounds itself (--max-seconds, default 270 s); timeout is a second net (< 5 min each).
# First one server killed twice; then three servers over the same database behind nginx
# (deploy/nginx/gaflight.conf), the second one killed twice while the others keep serving.
new_db one
timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" "${DB_ARGS[@]}" "$@"
new_db three
timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" --nodes 3 --flights 600 "${DB_ARGS[@]}" "$@"
