#!/usr/bin/env bash
# Browser tests of the web console: starts a fresh gaflight on a free loopback port with a demo
# school, a local webhook receiver, and drives Debian's chromium through playwright-core.
# Usage: tests/browser/run_browser.sh path/to/gaflight
# Screenshots land in build/screenshots/ (relative to the repo root).
#
# Backend: GAFLIGHT_BROWSER_DB=sqlite (the default: a file in the temp dir) or postgres: a fresh
# database, created for this run in the server at GAFLIGHT_TEST_PG_URL (as scripts/with-postgres.sh
# gives it) and dropped at exit, with one GAFLIGHT_MASTER_KEY for demo and serve. No browser test reads
# the database directly, so every test runs on both backends.
set -euo pipefail
BIN="$(realpath "${1:?usage: run_browser.sh path/to/gaflight}")"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || { echo "[browser] $CHROMIUM is missing (apt-get install -y chromium)"; exit 1; }

BACKEND=${GAFLIGHT_BROWSER_DB:-sqlite}
# shellcheck source=../support/pg_databases.sh
source "$HERE/../support/pg_databases.sh"  # PG_DBS, pg_new_database, pg_drop_databases
case "$BACKEND" in
  sqlite) ;;
  postgres) pg_require GAFLIGHT_BROWSER_DB ;;
  *) echo "GAFLIGHT_BROWSER_DB must be sqlite or postgres, not '$BACKEND'" >&2; exit 2 ;;
esac

cd "$HERE"
if [[ ! -d node_modules/playwright-core ]]; then
  echo "[browser] installing playwright-core"
  npm ci --no-audit --no-fund --loglevel=error
fi

tmp="$(mktemp -d)"
server_pid=""; receiver_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -n "$receiver_pid" ]] && kill -TERM "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null || true
  rm -rf "$tmp"
  pg_drop_databases
}
trap cleanup EXIT

DB_URL="sqlite:$tmp/b.db"
if [[ "$BACKEND" == postgres ]]; then
  # Lower case: an unquoted name is folded to it, and the URL must name the same database.
  pg_db=gaflight_browser_$(tr -dc 'A-Za-z0-9' <<<"${tmp##*.}" | tr '[:upper:]' '[:lower:]')
  # In this shell, not a $(…) subshell, so that PG_DBS keeps the name for the exit trap.
  pg_new_database "$pg_db" >"$tmp/pg_url" || { echo "[browser] could not create PostgreSQL database"; exit 1; }
  DB_URL=$(cat "$tmp/pg_url")
  echo "[browser] PostgreSQL database $pg_db (dropped at exit)"
  pg_export_master_key  # demo and serve share it
fi

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

echo "[browser] creating the demo school ($BACKEND)"
# A review backlog, so the queue tests never depend on the hour or the seeded weather.
"$BIN" demo --db "$DB_URL" --json --awaiting-review 6 > "$tmp/demo.json" 2> "$tmp/demo.log" || { cat "$tmp/demo.log"; exit 1; }
tail -n 1 "$tmp/demo.json" > "$tmp/demo1.json"

echo "[browser] starting gaflight on $BASE"
"$BIN" serve --db "$DB_URL" --listen "127.0.0.1:$PORT" --allow-private-webhook-targets \
  --web-root "$ROOT/web/console" > "$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "[browser] server exited"; cat "$tmp/server.log"; exit 1; }
  sleep 0.1
done
curl -fsS "$BASE/readyz" >/dev/null || { echo "[browser] server not ready"; tail -n 50 "$tmp/server.log"; exit 1; }

node receiver.mjs "$tmp/receiver.port" > "$tmp/receiver.log" 2>&1 &
receiver_pid=$!
for _ in $(seq 1 50); do [[ -s "$tmp/receiver.port" ]] && break; sleep 0.1; done
RECEIVER="http://127.0.0.1:$(cat "$tmp/receiver.port")"

mkdir -p "$ROOT/build/screenshots"
set +e
BASE_URL="$BASE" DEMO_JSON="$tmp/demo1.json" RECEIVER_URL="$RECEIVER" CHROMIUM="$CHROMIUM" \
  SCREENSHOT_DIR="$ROOT/build/screenshots" \
  node --test --test-concurrency=1 --test-reporter=spec "$HERE"/${BROWSER_TESTS:-*}.test.mjs 2>&1 | tee "$tmp/results.txt"
rc=${PIPESTATUS[0]}
set -e
if [[ $rc -ne 0 ]]; then
  echo "[browser] server log (last 40 lines):"; tail -n 40 "$tmp/server.log"
fi
passed="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$tmp/results.txt" | tail -n 1)"
failed="$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$tmp/results.txt" | tail -n 1)"
echo "[browser] screenshots in $ROOT/build/screenshots"
echo "[browser] backend: $BACKEND"
echo "${passed:-0} passed, ${failed:-?} failed"
# The server log of the whole browser run (logins, keys shown once, webhook secrets): no secret in it.
password="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["password"])' "$tmp/demo1.json" 2>/dev/null || true)"
scan_args=(--secret "$password")
[[ -n "${GAFLIGHT_MASTER_KEY:-}" ]] && scan_args+=(--secret "$GAFLIGHT_MASTER_KEY")
if ! python3 "$HERE/../support/scan_logs.py" "${scan_args[@]}" "$tmp/server.log"; then
  echo "[browser] FAIL: a secret reached the server log"
  rc=1
fi
exit $rc
