#!/usr/bin/env bash
# Webhook suite driver:  tests/webhooks/run_webhooks.sh /path/to/gaflight
#
# Installs the Node receiver's dependency (npm `standardwebhooks`, pinned in package-lock.json) when
# node_modules is missing or stale, then runs webhooks_test.py, recipe_maintenance.py and receiver_faults.py,
# each of which starts its own server and receivers on loopback and prints "N passed, M failed".  Exit
# status: the first failing script's.
#
# Backend: GAFLIGHT_WEBHOOKS_DB=sqlite (the default) or postgres: every script creates fresh databases in the
# server at GAFLIGHT_TEST_PG_URL (scripts/with-postgres.sh) and drops them (see harness.py).
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 /path/to/gaflight" >&2
  exit 2
fi
BIN=$(realpath "$1")
if [ ! -x "$BIN" ]; then
  echo "not an executable: $BIN" >&2
  exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)

case "${GAFLIGHT_WEBHOOKS_DB:-sqlite}" in
  sqlite) ;;
  postgres)
    if [ -z "${GAFLIGHT_TEST_PG_URL:-}" ]; then
      echo "GAFLIGHT_WEBHOOKS_DB=postgres needs GAFLIGHT_TEST_PG_URL (run under scripts/with-postgres.sh)" >&2
      exit 2
    fi
    command -v psql >/dev/null || { echo "psql not found (apt-get install postgresql-client)" >&2; exit 2; }
    ;;
  *)
    echo "GAFLIGHT_WEBHOOKS_DB must be sqlite or postgres, not '$GAFLIGHT_WEBHOOKS_DB'" >&2
    exit 2
    ;;
esac

PY=python3
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import requests' 2>/dev/null; then PY=/usr/bin/python3; fi

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  stamp="$HERE/node_modules/.package-lock.json"
  if [ ! -d "$HERE/node_modules/standardwebhooks" ] || [ "$HERE/package-lock.json" -nt "$stamp" ]; then
    echo "installing the receiver's npm dependencies in $HERE"
    if ! (cd "$HERE" && timeout 300 npm ci --no-audit --no-fund --loglevel=error); then
      echo "npm ci failed; trying npm install" >&2
      (cd "$HERE" && timeout 300 npm install --no-audit --no-fund --loglevel=error) || \
        echo "npm install failed: the Node receiver checks will fail" >&2
    fi
  fi
else
  echo "node/npm not found: the Node receiver checks will fail" >&2
fi

if [ "${GAFLIGHT_WEBHOOKS_DB:-sqlite}" = postgres ]; then
  # No key file beside a PostgreSQL database: every gaflight process of the three scripts shares this one.
  GAFLIGHT_MASTER_KEY=$("$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
  export GAFLIGHT_MASTER_KEY
fi

timeout 1200 "$PY" "$HERE/webhooks_test.py" "$BIN"
rc=$?
# The maintenance-provider recipe (SPEC §10.4), end to end with its own server and receiver.
timeout 600 "$PY" "$HERE/recipe_maintenance.py" "$BIN"
rc_recipe=$?
# Receivers that reset, stall, present an untrusted certificate or never end their response (issue 11).
timeout 120 "$PY" "$HERE/receiver_faults.py" "$BIN"
rc_faults=$?
[ $rc -ne 0 ] && exit $rc
[ $rc_recipe -ne 0 ] && exit $rc_recipe
exit $rc_faults
