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
# shellcheck source=../support/pg_databases.sh
source "$HERE/../support/pg_databases.sh"  # PG_DBS, pg_new_database, pg_drop_databases
case "$BACKEND" in
  sqlite) ;;
  postgres)
    pg_require GAFLIGHT_CRASH_DB
    keep=0
    for a in "$@"; do [[ "$a" == --keep-tmp ]] && keep=1; done
    cleanup() {
      if [[ $keep == 1 ]]; then
        [[ ${#PG_DBS[@]} -eq 0 ]] || echo "kept PostgreSQL databases ${PG_DBS[*]}"
      else
        pg_drop_databases
      fi
    }
    trap cleanup EXIT
    pg_export_master_key  # demo and every server of both runs
    ;;
  *) echo "GAFLIGHT_CRASH_DB must be sqlite or postgres, not '$BACKEND'" >&2; exit 2 ;;
esac

# new_db NAME → sets DB_ARGS: on PostgreSQL "--db-url URL" of a fresh database, on SQLite nothing.
DB_ARGS=()
new_db() {
  [[ "$BACKEND" == postgres ]] || return 0
  local name=gaflight_crash_$1_$$_$RANDOM url
  url=$(pg_new_database "$name")
  PG_DBS+=("$name")  # the $(…) above ran in a subshell, whose PG_DBS the exit trap never sees
  DB_ARGS=(--db-url "$url")
}

# Each run bounds itself (--max-seconds, default 270 s); timeout is a second net (< 5 min each).
# First one server killed twice; then three servers over the same database behind nginx
# (deploy/nginx/gaflight.conf), the second one killed twice while the others keep serving.
new_db one
timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" "${DB_ARGS[@]}" "$@"
new_db three
timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" --nodes 3 --flights 600 "${DB_ARGS[@]}" "$@"
