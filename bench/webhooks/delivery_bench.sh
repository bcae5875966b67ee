#!/usr/bin/env bash
# Webhook delivery bench (issue 3, "Performance"): latency from the approve response to receipt
# at a loopback receiver at 200 events/s with fan-out 1 and 5, a ramp of higher rates, sustained
# deliveries/s with fan-out 10, and the server's peak RSS. See bench/webhooks/README.md.
#
# Usage: bench/webhooks/delivery_bench.sh
# Environment (all optional):
#   GAFLIGHT_BIN          binary under test (default: build/gaflight, built in Release if missing)
#   BUILD_DIR             where to build when GAFLIGHT_BIN is unset (default: <repo>/build)
#   LAT_RATE=200          approvals/s in the latency phases
#   LAT_SECONDS=10        seconds per latency phase
#   LAT_FANOUTS=1,5       one latency phase per fan-out
#   RAMP_RATES=500,1000   extra paced phases at fan-out 1 ("" = none)
#   RAMP_SECONDS=5        seconds per ramp phase
#   SUSTAIN_FLIGHTS=5000  approvals in the sustained phase
#   SUSTAIN_FANOUT=10     endpoints subscribed during the sustained phase
#   SUSTAIN_WORKERS=8     concurrent approve loops in the sustained phase
#   SELFTEST_SECONDS=3    wrk run against the receiver alone (0 = skip)
#   GAFLIGHT_IO_THREADS / GAFLIGHT_HANDLER_THREADS   passed as --io-threads / --handler-threads
#   DB_URL                database of the run (default: a new SQLite file in the temp dir). A
#                         postgres:// URL must name an EMPTY database (the demo school goes into it)
#                         and needs GAFLIGHT_MASTER_KEY exported (shared by every process)
#   NODES=1               servers started on that database; > 1 puts nginx in front
#                         (deploy/nginx/gaflight.conf via bench/lib/balancer.sh) and the driver talks
#                         to nginx. CPU is then summed over the nodes; RSS and threads are node 1's
#   VIA_NGINX=0           1 = nginx in front even with one node (default 1 when NODES > 1)
#   NGINX_WORKERS=2       nginx worker_processes when nginx is used
#   RESULTS_DIR           where the JSON goes (default: <repo>/bench/results)
#   KEEP_TMP=1            keep the temp dir (database, logs)
# Exit: 0 = measured (PASS/MISS never changes it); 1 = setup failure; 2 = measured but INVALID
# (missing deliveries, failed approvals or bad signatures).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
RESULTS_DIR="${RESULTS_DIR:-$REPO_ROOT/bench/results}"
BUILD_DIR="${BUILD_DIR:-$REPO_ROOT/build}"
SELFTEST_SECONDS="${SELFTEST_SECONDS:-3}"
export LAT_RATE="${LAT_RATE:-200}" LAT_SECONDS="${LAT_SECONDS:-10}" LAT_FANOUTS="${LAT_FANOUTS:-1,5}"
export RAMP_RATES="${RAMP_RATES-500,1000}" RAMP_SECONDS="${RAMP_SECONDS:-5}"
export SUSTAIN_FLIGHTS="${SUSTAIN_FLIGHTS:-5000}" SUSTAIN_FANOUT="${SUSTAIN_FANOUT:-10}" SUSTAIN_WORKERS="${SUSTAIN_WORKERS:-8}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
# shellcheck source=../lib/common.sh
source "$SCRIPT_DIR/../lib/common.sh"
is_uint "$LAT_RATE" && ((LAT_RATE >= 1 && LAT_RATE <= 20000)) || die "LAT_RATE must be 1..20000"
is_uint "$LAT_SECONDS" && ((LAT_SECONDS >= 1 && LAT_SECONDS <= 120)) || die "LAT_SECONDS must be 1..120"
is_uint "$RAMP_SECONDS" && ((RAMP_SECONDS >= 1 && RAMP_SECONDS <= 120)) || die "RAMP_SECONDS must be 1..120"
is_uint "$SUSTAIN_FLIGHTS" && ((SUSTAIN_FLIGHTS >= 100 && SUSTAIN_FLIGHTS <= 100000)) || die "SUSTAIN_FLIGHTS must be 100..100000"
is_uint "$SUSTAIN_FANOUT" && ((SUSTAIN_FANOUT >= 1 && SUSTAIN_FANOUT <= 50)) || die "SUSTAIN_FANOUT must be 1..50"
is_uint "$SUSTAIN_WORKERS" && ((SUSTAIN_WORKERS >= 1 && SUSTAIN_WORKERS <= 64)) || die "SUSTAIN_WORKERS must be 1..64"
is_uint "$SELFTEST_SECONDS" && ((SELFTEST_SECONDS <= 30)) || die "SELFTEST_SECONDS must be 0..30"
[[ "$LAT_FANOUTS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "LAT_FANOUTS must be a comma list of integers"
[[ -z "$RAMP_RATES" || "$RAMP_RATES" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "RAMP_RATES must be a comma list of integers"
DB_URL="${DB_URL:-}"
NODES="${NODES:-1}"
NGINX_WORKERS="${NGINX_WORKERS:-2}"
is_uint "$NODES" && ((NODES >= 1 && NODES <= 16)) || die "NODES must be 1..16"
is_uint "$NGINX_WORKERS" && ((NGINX_WORKERS >= 1 && NGINX_WORKERS <= 64)) || die "NGINX_WORKERS must be 1..64"
if ((NODES > 1)); then VIA_NGINX="${VIA_NGINX:-1}"; else VIA_NGINX="${VIA_NGINX:-0}"; fi
[[ "$VIA_NGINX" == 0 || "$VIA_NGINX" == 1 ]] || die "VIA_NGINX must be 0 or 1"
((NODES == 1 || VIA_NGINX == 1)) || die "NODES > 1 needs nginx in front (VIA_NGINX=1)"
if [[ "$DB_URL" == postgres://* || "$DB_URL" == postgresql://* ]]; then
  [[ -n "${GAFLIGHT_MASTER_KEY:-}" ]] || die "a PostgreSQL DB_URL needs GAFLIGHT_MASTER_KEY exported (one key for every process)"
elif [[ -n "$DB_URL" && "$DB_URL" != sqlite:* ]]; then
  die "DB_URL must be sqlite:PATH or a postgres:// URL"
fi

# ---------------------------------------------------------------------------------------------
# Tools: install only what `command -v` cannot find
# ---------------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v node >/dev/null || missing+=(nodejs)
  command -v curl >/dev/null || missing+=(curl)
  if ((SELFTEST_SECONDS > 0)); then command -v wrk >/dev/null || missing+=(wrk); fi
  if ((VIA_NGINX)); then PATH="$PATH:/usr/sbin:/sbin" command -v nginx >/dev/null || missing+=(nginx); fi
  ((${#missing[@]})) || return 0
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "missing ${missing[*]} and not root; install them first"
    sudo=(sudo)
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  for t in node curl; do command -v "$t" >/dev/null || die "$t still missing after install"; done
}
ensure_tools
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' || die "node >= 18 needed ($(node --version))"

# ---------------------------------------------------------------------------------------------
# Cleanup (normal exit, errors, Ctrl-C)
# ---------------------------------------------------------------------------------------------
TMP=""
SERVER_PID=""
SERVER_PIDS=()  # every node (SERVER_PID is node 1)
RECEIVER_PID=""
DRIVER_PID=""
# shellcheck source=../lib/balancer.sh
source "$SCRIPT_DIR/../lib/balancer.sh"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$DRIVER_PID"
  balancer_stop
  for p in "${SERVER_PIDS[@]}"; do stop_pid "$p"; done
  stop_pid "$SERVER_PID"
  stop_pid "$RECEIVER_PID"
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then log "kept $TMP"; else rm -rf -- "$TMP"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM


# ---------------------------------------------------------------------------------------------
# Binary
# ---------------------------------------------------------------------------------------------
resolve_gaflight_bin
SERVE_EXTRA=()
[[ -n "${GAFLIGHT_IO_THREADS:-}" ]] && SERVE_EXTRA+=(--io-threads "$GAFLIGHT_IO_THREADS")
[[ -n "${GAFLIGHT_HANDLER_THREADS:-}" ]] && SERVE_EXTRA+=(--handler-threads "$GAFLIGHT_HANDLER_THREADS")

# ---------------------------------------------------------------------------------------------
# Demo school, server, receiver
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d /tmp/gaflight-webhook-bench.XXXXXX)"
DB="$TMP/gaflight.db"
DB_ARG="sqlite:$DB"
[[ -n "$DB_URL" ]] && DB_ARG="$DB_URL" DB="${DB_URL%%@*}@…"  # never log a password
[[ "$DB_URL" == sqlite:* ]] && DB="$DB_URL"
log "demo school in $DB"
DEMO_JSON="$("$BIN" demo --db "$DB_ARG" --json 2>"$TMP/demo.log" | grep '^{' | tail -1)" || die "demo failed: $(tail -5 "$TMP/demo.log")"
[[ -n "$DEMO_JSON" ]] || die "demo printed no JSON"
jget() { node -e 'const o=JSON.parse(process.argv[1]);process.stdout.write(String(o[process.argv[2]]))' "$DEMO_JSON" "$1"; }
ORG="$(jget org_id)"; EMAIL="$(jget email)"; PASSWORD="$(jget password)"

if ((VIA_NGINX == 0)); then
PORT="$(free_port)"
# Unset GAFLIGHT_* tuning variables the caller may have exported for another bench.
env -u GAFLIGHT_IO_THREADS -u GAFLIGHT_HANDLER_THREADS "$BIN" serve --db "$DB_ARG" --listen "127.0.0.1:$PORT" \
  --allow-private-webhook-targets --rate-limit 1000000:1000000 --access-log off "${SERVE_EXTRA[@]}" \
  >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
wait_http_200 "http://127.0.0.1:$PORT/readyz" 30 "$SERVER_PID" || die "server not ready: $(tail -5 "$TMP/serve.log")"
log "gaflight $("$BIN" version 2>/dev/null | head -1) on 127.0.0.1:$PORT (pid $SERVER_PID)"
SERVER_PIDS=("$SERVER_PID")
else
  # N nodes on the one database, nginx in front; the nodes trust nginx's X-Forwarded-For.
  NODE_PORTS=()
  for ((i = 1; i <= NODES; i++)); do
    p="$(free_port)"
    env -u GAFLIGHT_IO_THREADS -u GAFLIGHT_HANDLER_THREADS "$BIN" serve --db "$DB_ARG" --listen "127.0.0.1:$p" \
      --allow-private-webhook-targets --rate-limit 1000000:1000000 --access-log off --trusted-proxy 127.0.0.1 \
      "${SERVE_EXTRA[@]}" >"$TMP/serve-$i.log" 2>&1 &
    SERVER_PIDS+=($!)
    NODE_PORTS+=("$p")
    wait_http_200 "http://127.0.0.1:$p/readyz" 30 "$!" || die "node $i not ready: $(tail -5 "$TMP/serve-$i.log")"
  done
  SERVER_PID="${SERVER_PIDS[0]}"
  cp "$TMP/serve-1.log" "$TMP/serve.log" 2>/dev/null || true
  PORT="$(free_port)"
  balancer_start "$TMP/balancer" "$PORT" "$NGINX_WORKERS" "${NODE_PORTS[@]}" || die "nginx in front of the nodes did not start"
  log "gaflight $("$BIN" version 2>/dev/null | head -1): $NODES node(s) on ports ${NODE_PORTS[*]} (pids ${SERVER_PIDS[*]}), nginx on 127.0.0.1:$PORT"
fi

NPORTS="$(node -e 'const a=process.argv.slice(1).flatMap(s=>s.split(",")).map(Number);console.log(Math.max(...a))' "$SUSTAIN_FANOUT" "$LAT_FANOUTS")"
node "$SCRIPT_DIR/receiver.mjs" --ports "$NPORTS" >"$TMP/receiver.out" 2>"$TMP/receiver.err" &
RECEIVER_PID=$!
for _ in $(seq 100); do [[ -s "$TMP/receiver.out" ]] && break; kill -0 "$RECEIVER_PID" 2>/dev/null || break; sleep 0.05; done
RECEIVER_INFO="$(head -1 "$TMP/receiver.out")"
[[ -n "$RECEIVER_INFO" ]] || die "receiver did not start: $(cat "$TMP/receiver.err")"
RECEIVER_PORTS="$(node -e 'console.log(JSON.parse(process.argv[1]).ports.join(","))' "$RECEIVER_INFO")"
R0="${RECEIVER_PORTS%%,*}"
log "receiver pid $RECEIVER_PID on 127.0.0.1 ports $RECEIVER_PORTS"

# ---------------------------------------------------------------------------------------------
# Receiver self-test: how many signed deliveries/s can the receiver alone take on this machine?
# ---------------------------------------------------------------------------------------------
SELFTEST_JSON=""
if ((SELFTEST_SECONDS > 0)) && command -v wrk >/dev/null; then
  node -e '
    const crypto = require("crypto");
    const body = JSON.stringify({id: "evt_SELFTEST", type: "flight.approved", created_at: new Date().toISOString(),
      org_id: "00000000-0000-0000-0000-000000000000", api_version: "v1",
      data: {object: {id: "flt_SELFTEST", status: "approved", remarks: "x".repeat(600)}}});
    const sig = "sha256=" + crypto.createHmac("sha256", "selftest").update(body).digest("hex");
    process.stdout.write(`wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\n` +
      `wrk.headers["Content-Type"] = "application/json"\nwrk.headers["X-GA-Webhook-Signature"] = "${sig}"\n` +
      `wrk.headers["X-GA-Webhook-Delivery"] = "00000000-0000-4000-8000-000000000000"\n`);
  ' >"$TMP/selftest.lua"
  log "receiver self-test: wrk -t1 -c32 -d${SELFTEST_SECONDS}s (signed POSTs)"
  timeout $((SELFTEST_SECONDS + 30)) wrk -t1 -c32 -d"${SELFTEST_SECONDS}s" --latency -s "$TMP/selftest.lua" \
    "http://127.0.0.1:$R0/hooks/selftest" >"$TMP/selftest.out" 2>&1 || log "wrk self-test failed: $(tail -3 "$TMP/selftest.out")"
  SELFTEST_JSON="$(node -e '
    const s = require("fs").readFileSync(process.argv[1], "utf8");
    const rps = Number((s.match(/Requests\/sec:\s+([\d.]+)/) || [])[1] || 0);
    const m = s.match(/99%\s+([\d.]+)(us|ms|s)/);
    const p99 = m ? Number(m[1]) * ({us: 0.001, ms: 1, s: 1000})[m[2]] : null;
    const errs = /Non-2xx|Socket errors/.test(s);
    console.log(JSON.stringify({rps: Math.round(rps), p99_ms: p99, connections: 32, seconds: Number(process.argv[2]), errors: errs}));
  ' "$TMP/selftest.out" "$SELFTEST_SECONDS")"
  curl -s -X POST "http://127.0.0.1:$R0/_reset" >/dev/null
  log "receiver self-test: $SELFTEST_JSON"
fi

# ---------------------------------------------------------------------------------------------
# Phases (driver.mjs prints the table and writes the JSON)
# ---------------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
OUT_JSON="$RESULTS_DIR/webhook_delivery-$(date -u +%Y%m%dT%H%M%SZ).json"
GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
META="$(node -e 'console.log(JSON.stringify({git_rev: process.argv[1], binary: process.argv[2], build_type: process.argv[3],
  serve_flags: process.argv[4], kernel: require("os").release()}))' "$GIT_REV" "$BIN" "$BUILD_TYPE" \
  "--allow-private-webhook-targets --rate-limit 1000000:1000000 --access-log off ${SERVE_EXTRA[*]}")"
if [[ -n "$DB_URL" ]] || ((VIA_NGINX)); then  # recorded only when used: the default JSON stays as it was
  META="$(node -e 'const m=JSON.parse(process.argv[1]);m.db=process.argv[2];m.nodes=Number(process.argv[3]);
    m.via_nginx=process.argv[4]==="1";m.cpu_server="sum of the nodes";m.rss_server="node 1";console.log(JSON.stringify(m))' \
    "$META" "${DB_URL%%:*}" "$NODES" "$VIA_NGINX")"
fi
SERVER_PIDS_CSV="$(IFS=,; echo "${SERVER_PIDS[*]}")"

GAF_BASE="http://127.0.0.1:$PORT" GAF_ORG="$ORG" GAF_EMAIL="$EMAIL" GAF_PASSWORD="$PASSWORD" \
  RECEIVER_PORTS="$RECEIVER_PORTS" SERVER_PID="$SERVER_PID" SERVER_PIDS="$SERVER_PIDS_CSV" RECEIVER_PID="$RECEIVER_PID" \
  RECEIVER_SELFTEST_JSON="$SELFTEST_JSON" BENCH_META_JSON="$META" OUT_JSON="$OUT_JSON" \
  timeout 900 node "$SCRIPT_DIR/driver.mjs" &
DRIVER_PID=$!
set +e
wait "$DRIVER_PID"
RC=$?
set -e
DRIVER_PID=""
if ((RC == 1 || RC > 2)); then
  log "driver failed (exit $RC); server log tail:"
  tail -20 "$TMP/serve.log" >&2
  exit 1
fi
kill -0 "$SERVER_PID" 2>/dev/null || { log "the server died during the bench: $(tail -5 "$TMP/serve.log")"; exit 1; }
for p in "${SERVER_PIDS[@]}"; do kill -0 "$p" 2>/dev/null || { log "node pid $p died during the bench"; exit 1; }; done
exit "$RC"
