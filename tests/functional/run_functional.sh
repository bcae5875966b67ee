#!/usr/bin/env bash
# Black-box functional suite driver.
#
#   tests/functional/run_functional.sh /path/to/gaflight
#
# Creates a temp dir, migrates and seeds a demo database, starts `gaflight serve` on a free loopback
# port, runs every functional script with BASE_URL, ORG_ID, API_KEY, EMAIL, PASSWORD, DB_URL (and
# DB_PATH on SQLite; plus SERVER_LOG, TOKENS_FILE) in the environment, stops the server with SIGTERM (it must exit 0 within
# 10 s), scans the log for leaked tokens, then starts a second server configured only through
# GAFLIGHT_* environment variables with a tiny rate limit and runs rate_limit.py against it; tls.sh and
# load_slow_clients.py start servers of their own.
# Exits non-zero if anything failed.  KEEP_TMP=1 keeps the temp dir (and any PostgreSQL databases).
#
# Backend: GAFLIGHT_FUNCTIONAL_DB=sqlite (the default: a file in the temp dir) or postgres: fresh
# databases, created for this run and dropped after it, in the server at GAFLIGHT_TEST_PG_URL (as
# scripts/with-postgres.sh gives it). Scripts get the server's URL as DB_URL; DB_PATH only on SQLite.
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

PY=python3
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import requests' 2>/dev/null; then PY=/usr/bin/python3; fi
NODE=$(command -v node || true)

BACKEND=${GAFLIGHT_FUNCTIONAL_DB:-sqlite}
case "$BACKEND" in
  sqlite) ;;
  postgres)
    if [ -z "${GAFLIGHT_TEST_PG_URL:-}" ]; then
      echo "GAFLIGHT_FUNCTIONAL_DB=postgres needs GAFLIGHT_TEST_PG_URL (run under scripts/with-postgres.sh)" >&2
      exit 2
    fi
    for tool in psql pg_dump; do
      command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install postgresql-client)" >&2; exit 2; }
    done
    ;;
  *)
    echo "GAFLIGHT_FUNCTIONAL_DB must be sqlite or postgres, not '$BACKEND'" >&2
    exit 2
    ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gaflight-functional.XXXXXX")
SERVER_PID=""
# shellcheck source=../support/pg_databases.sh
source "$HERE/../support/pg_databases.sh"  # PG_DBS, pg_new_database, pg_drop_databases
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  if [ "${KEEP_TMP:-0}" = "1" ]; then
    echo "kept $tmp${PG_DBS[*]:+ and PostgreSQL databases ${PG_DBS[*]}}"
  else
    rm -rf "$tmp"
    pg_drop_databases
  fi
}
trap cleanup EXIT


declare -a RESULTS=()
FAILED=0
record() {  # record NAME PASS|FAIL|SKIP [detail]
  RESULTS+=("$(printf '%-4s  %s%s' "$2" "$1" "${3:+ — $3}")")
  [ "$2" = "FAIL" ] && FAILED=$((FAILED + 1))
  printf '==> %-4s %s%s\n' "$2" "$1" "${3:+ — $3}"
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_ready PORT PID → 0 once /readyz answers 200 (at most 60 s), 1 otherwise
wait_ready() {
  local port=$1 pid=$2
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${port}/readyz" || true)" = "200" ]; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# stop_server NAME → SIGTERM, must exit 0 within 10 s
stop_server() {
  local name=$1 rc
  kill -TERM "$SERVER_PID" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    record "$name exits within 10 s of SIGTERM" FAIL "still running; sending SIGKILL"
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  else
    wait "$SERVER_PID"
    rc=$?
    if [ "$rc" = "0" ]; then record "$name exits 0 within 10 s of SIGTERM" PASS
    else record "$name exits 0 within 10 s of SIGTERM" FAIL "exit status $rc"; fi
  fi
  SERVER_PID=""
}

# run_script NAME CMD... → runs with a 15-minute cap, shows its output, records the result
run_script() {
  local name=$1; shift
  local log="$tmp/$name.log" rc
  echo
  echo "---- $name"
  timeout 900 "$@" >"$log" 2>&1
  rc=$?
  cat "$log"
  local summary
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  if [ "$rc" = "0" ]; then record "$name" PASS "$summary"
  elif [ "$rc" = "124" ]; then record "$name" FAIL "timed out after 900 s"
  else record "$name" FAIL "exit $rc${summary:+; $summary}"; fi
}

DB="$tmp/f.db"
DB_URL="sqlite:$DB"
if [ "$BACKEND" = "postgres" ]; then
  # Lower case: an unquoted name is folded to it, and the URL must name the same database.
  dbname=gaflight_functional_$(tr -dc 'A-Za-z0-9' <<<"${tmp##*.}" | tr '[:upper:]' '[:lower:]')
  # (pg_new_database runs in this shell, not a subshell, so PG_DBS records the database for cleanup.)
  pg_new_database "$dbname" >"$tmp/pg_url" || { record "create PostgreSQL database $dbname" FAIL; exit 1; }
  DB_URL=$(cat "$tmp/pg_url")
  record "create PostgreSQL database $dbname" PASS
  # SQLite keeps the master key in a file beside the database; on PostgreSQL every process of the run
  # (demo, servers, the scripts' own) is given the same one, as deployment.md asks.
  pg_export_master_key
fi

# ---------------------------------------------------------------- migrate + demo
if "$BIN" migrate --db "$DB_URL" >"$tmp/migrate.log" 2>&1; then record "migrate" PASS
else record "migrate" FAIL "$(tail -3 "$tmp/migrate.log")"; fi
if "$BIN" migrate --db "$DB_URL" >>"$tmp/migrate.log" 2>&1; then record "migrate is idempotent" PASS
else record "migrate is idempotent" FAIL "$(tail -3 "$tmp/migrate.log")"; fi

if ! timeout 600 "$BIN" demo --db "$DB_URL" --json --awaiting-review 240 >"$tmp/demo.out" 2>"$tmp/demo.err"; then
  record "demo --json" FAIL "$(tail -5 "$tmp/demo.err")"
  exit 1
fi
lines=$(grep -c . "$tmp/demo.out" || true)
if [ "$lines" = "1" ]; then record "demo --json prints exactly one line on stdout" PASS
else record "demo --json prints exactly one line on stdout" FAIL "$lines lines"; fi

# Extract the fields (last JSON line holding org_id) into shell variables, safely quoted.
if ! "$PY" - "$tmp/demo.out" >"$tmp/demo.env" <<'EOF'
import json, re, shlex, sys
obj = None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("{"):
        try:
            j = json.loads(line)
        except ValueError:
            continue
        if isinstance(j, dict) and "org_id" in j:
            obj = j
if obj is None:
    sys.exit("no JSON object with org_id on stdout")
for k in ("org_id", "api_key", "email", "password", "base_url"):
    if not isinstance(obj.get(k), str) or not obj[k]:
        sys.exit("missing or empty field %s" % k)
if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", obj["org_id"]):
    sys.exit("org_id is not a lower-case UUID: %r" % obj["org_id"])
if not obj["api_key"].startswith("gaf_pk_"):
    sys.exit("api_key does not start with gaf_pk_")
for k, var in (("org_id", "ORG_ID"), ("api_key", "API_KEY"), ("email", "EMAIL"), ("password", "PASSWORD"),
               ("base_url", "DEMO_BASE_URL")):
    print("%s=%s" % (var, shlex.quote(obj[k])))
EOF
then
  record "demo --json output has org_id, api_key, email, password, base_url" FAIL "$(cat "$tmp/demo.env")"
  exit 1
fi
record "demo --json output has org_id, api_key, email, password, base_url" PASS
# shellcheck disable=SC1091
. "$tmp/demo.env"

# ---------------------------------------------------------------- serve
PORT=$(free_port)
"$BIN" serve --db "$DB_URL" --listen "127.0.0.1:$PORT" >"$tmp/server.log" 2>&1 &
SERVER_PID=$!
if wait_ready "$PORT" "$SERVER_PID"; then
  record "serve: /readyz 200" PASS "port $PORT"
else
  record "serve: /readyz 200" FAIL "server did not become ready; log tail: $(tail -5 "$tmp/server.log")"
  exit 1
fi
hz=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/healthz" || true)
[ "$hz" = "200" ] && record "serve: /healthz 200" PASS || record "serve: /healthz 200" FAIL "got $hz"

export BASE_URL="http://127.0.0.1:$PORT" ORG_ID API_KEY EMAIL PASSWORD DB_URL
if [ "$BACKEND" = "sqlite" ]; then export DB_PATH="$DB"; else unset DB_PATH; fi
export GAFLIGHT_BIN="$BIN"
export SERVER_LOG="$tmp/server.log" TOKENS_FILE="$tmp/tokens.txt"
: >"$TOKENS_FILE"

run_script quickstart_curl bash "$HERE/quickstart_curl.sh"
run_script quickstart.py "$PY" "$HERE/quickstart.py"
if [ -n "$NODE" ]; then
  run_script quickstart.mjs "$NODE" "$HERE/quickstart.mjs"
else
  record "quickstart.mjs" SKIP "node not found"
fi
run_script security.py "$PY" "$HERE/security.py"
run_script bad_input.py "$PY" "$HERE/bad_input.py"
run_script audit_verify bash "$HERE/audit_verify.sh"
run_script recipe_accounting_export.py "$PY" "$HERE/recipe_accounting_export.py"
run_script recipe_vtr_verifier.py "$PY" "$HERE/recipe_vtr_verifier.py"
run_script recipe_training_analytics.py "$PY" "$HERE/recipe_training_analytics.py"
run_script delta_sync_mirror.py "$PY" "$HERE/delta_sync_mirror.py"
run_script exports.py "$PY" "$HERE/exports.py"
run_script two_nodes.py "$PY" "$HERE/two_nodes.py"

if kill -0 "$SERVER_PID" 2>/dev/null; then record "server alive after every script" PASS
else record "server alive after every script" FAIL "it died; log tail: $(tail -5 "$tmp/server.log")"; fi

# Shutdown must not wait for idle keep-alive connections or half-sent requests: hold one of each open
# (for at most 20 s) while sending SIGTERM.
"$PY" - "$PORT" >"$tmp/holder.log" 2>&1 <<'PYEOF' &
import socket, sys, time
port = int(sys.argv[1])
idle = socket.create_connection(("127.0.0.1", port), timeout=5)
idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
print("idle:", idle.recv(4096).split(b"\r\n")[0], flush=True)
partial = socket.create_connection(("127.0.0.1", port), timeout=5)
partial.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
print("holding", flush=True)
time.sleep(20)
PYEOF
HOLDER_PID=$!
for _ in $(seq 1 50); do grep -q holding "$tmp/holder.log" 2>/dev/null && break; sleep 0.1; done
if grep -q "idle: b'HTTP/1.1 200" "$tmp/holder.log"; then record "idle keep-alive + half-sent request held open" PASS
else record "idle keep-alive + half-sent request held open" FAIL "$(cat "$tmp/holder.log")"; fi
stop_server "serve (with an idle keep-alive and a half-sent request open)"
kill "$HOLDER_PID" 2>/dev/null
wait "$HOLDER_PID" 2>/dev/null
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthz"; then
  record "port closed after shutdown" FAIL "still answering"
else
  record "port closed after shutdown" PASS
fi

# ---------------------------------------------------------------- logs: no secrets, structured
leaks=0
while IFS= read -r tok; do
  [ -n "$tok" ] || continue
  if grep -qF -- "${tok#gaf_pk_}" "$tmp/server.log"; then leaks=$((leaks + 1)); fi
done < <(cat "$TOKENS_FILE"; echo "$API_KEY")
[ "$leaks" = "0" ] && record "no API token in the server log" PASS || record "no API token in the server log" FAIL "$leaks tokens found"
if grep -qF -- "$PASSWORD" "$tmp/server.log"; then record "demo password not in the server log" FAIL
else record "demo password not in the server log" PASS; fi
nonjson=$("$PY" - "$tmp/server.log" <<'EOF'
import json, sys
bad = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if line.strip():
        try:
            if not isinstance(json.loads(line), dict):
                bad += 1
        except ValueError:
            bad += 1
print(bad)
EOF
)
total=$(grep -c . "$tmp/server.log" || true)
if [ "$total" -gt 0 ] && [ "$nonjson" = "0" ]; then record "server log is JSON lines" PASS "$total lines"
else record "server log is JSON lines" FAIL "$nonjson of $total lines are not JSON objects"; fi

# ---------------------------------------------------------------- env-configured server with a tiny rate limit
PORT2=$(free_port)
GAFLIGHT_DB="$DB_URL" GAFLIGHT_LISTEN="127.0.0.1:$PORT2" GAFLIGHT_RATE_LIMIT="2:5" \
  "$BIN" serve >"$tmp/server2.log" 2>&1 &
SERVER_PID=$!
if wait_ready "$PORT2" "$SERVER_PID"; then
  record "serve configured by GAFLIGHT_DB/GAFLIGHT_LISTEN/GAFLIGHT_RATE_LIMIT" PASS "port $PORT2"
  export BASE_URL="http://127.0.0.1:$PORT2" RATE=2 BURST=5
  run_script rate_limit.py "$PY" "$HERE/rate_limit.py"
  stop_server "env-configured serve"
else
  record "serve configured by GAFLIGHT_DB/GAFLIGHT_LISTEN/GAFLIGHT_RATE_LIMIT" FAIL \
    "not ready on $PORT2; log tail: $(tail -5 "$tmp/server2.log")"
fi

# ---------------------------------------------------------------- built-in TLS (its own server on the same database)
run_script tls.sh bash "$HERE/tls.sh" "$BIN" "$DB_URL"

# ---------------------------------------------------------------- 2,000 held connections, slow clients, per-address cap
# (its own demo and server; under 90 s)
if [ "$BACKEND" = "postgres" ]; then
  if pg_new_database "${dbname}_load" >"$tmp/pg_load_url"; then
    run_script load_slow_clients.py "$PY" "$HERE/load_slow_clients.py" "$BIN" "$(cat "$tmp/pg_load_url")"
  else
    record "load_slow_clients.py" FAIL "could not create its database"
  fi
else
  run_script load_slow_clients.py "$PY" "$HERE/load_slow_clients.py" "$BIN"
fi

# ---------------------------------------------------------------- every server log of this run: no secret
# Patterns catch any token of gaflight's formats (API keys, webhook secrets, session cookies, CSRF tokens,
# password fields); the demo password and every token the scripts minted are also searched verbatim.
scan_args=(--secret "$PASSWORD" --secret "$API_KEY")
[ -n "${GAFLIGHT_MASTER_KEY:-}" ] && scan_args+=(--secret "$GAFLIGHT_MASTER_KEY")
while IFS= read -r tok; do [ -n "$tok" ] && scan_args+=(--secret "$tok"); done <"$TOKENS_FILE"
if out=$("$PY" "$HERE/../support/scan_logs.py" "${scan_args[@]}" "$tmp"/server*.log 2>&1); then
  record "no secret in any server log of the run" PASS "${out#scan_logs: }"
else
  record "no secret in any server log of the run" FAIL "$out"
fi

# ---------------------------------------------------------------- summary
echo
echo "==== functional summary ($BACKEND)"
for r in "${RESULTS[@]}"; do echo "$r"; done
echo "==== $((${#RESULTS[@]} - FAILED)) ok, $FAILED failed"
[ "$FAILED" -eq 0 ]
