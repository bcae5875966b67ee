#!/usr/bin/env bash
# Public read API vs. nginx serving the same bytes from a static file.
#
# Measures GET /api/v1/public/pilots?limit=50 on gaflight (full path: HTTP parse, API-key auth,
# rate limiter, SQLite query, JSON rendering) against nginx serving the identical response body
# from disk. nginx is the "ceiling" for this machine and this client: it shows how close the
# server comes to what the kernel + HTTP/1.1 framing alone cost.
#
# Usage: bench/public_api_vs_nginx.sh
# Environment (all optional):
#   GAFLIGHT_BIN               binary to test (default: build/gaflight, built in Release if missing)
#   BUILD_DIR                  where to build when GAFLIGHT_BIN is unset (default: <repo>/build)
#   DURATION=10                seconds per measured wrk run (1..600)
#   ROUNDS=2                   rounds; each round is one nginx run then one gaflight run (1..20)
#   WARMUP=2                   seconds of unmeasured load per server before round 1 (0 = none)
#   CONNECTIONS=64             wrk connections
#   WRK_THREADS=2              wrk threads
#   NGINX_WORKERS=2            nginx worker_processes
#   GAFLIGHT_IO_THREADS        passed as --io-threads when set (needs the flag in `serve --help`)
#   GAFLIGHT_HANDLER_THREADS   passed as --handler-threads when set (idem)
#   GAFLIGHT_RESPONSE_CACHE_MS passed as --response-cache-ms when set: 0 = micro-cache off, every request
#                              renders from SQLite (the uncached figure; target ratio 0.35 instead of 0.7)
#   SERVER_CPUS, WRK_CPUS      optional taskset CPU lists to keep the load generator off the
#                              servers' cores, e.g. SERVER_CPUS=0-3 WRK_CPUS=4-7
#   RESULTS_DIR                where the JSON goes (default: <repo>/bench/results)
# Exit: 0 = measured (targets are reported as PASS/MISS, never fail the script);
#       1 = setup or tooling failure; 2 = measured but INVALID (errors during the load).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"  # nginx lives in /usr/sbin on Debian

DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-2}"
WARMUP="${WARMUP:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
NGINX_WORKERS="${NGINX_WORKERS:-2}"
RESULTS_DIR="${RESULTS_DIR:-$REPO_ROOT/bench/results}"
BUILD_DIR="${BUILD_DIR:-$REPO_ROOT/build}"
API_PATH="/api/v1/public/pilots"
API_QUERY="limit=50"
EXPECTED_ITEMS=50
# Targets (report only).
# Issue 9: cached >= 0.7x nginx, uncached (GAFLIGHT_RESPONSE_CACHE_MS=0) >= 0.35x.
if [[ "${GAFLIGHT_RESPONSE_CACHE_MS:-}" == 0 ]]; then TARGET_RATIO_MIN=0.35; else TARGET_RATIO_MIN=0.7; fi
TARGET_P99_MS_MAX=10
TARGET_RSS_MB_MAX=150

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
# Its own stop_pid (with a signal) and free_port, defined below, replace the shared ones.
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
is_uint "$DURATION" && ((DURATION >= 1 && DURATION <= 600)) || die "DURATION must be 1..600 seconds"
is_uint "$ROUNDS" && ((ROUNDS >= 1 && ROUNDS <= 20)) || die "ROUNDS must be 1..20"
is_uint "$WARMUP" && ((WARMUP <= 60)) || die "WARMUP must be 0..60 seconds"
is_uint "$CONNECTIONS" && ((CONNECTIONS >= 1 && CONNECTIONS <= 4096)) || die "CONNECTIONS must be 1..4096"
is_uint "$WRK_THREADS" && ((WRK_THREADS >= 1 && WRK_THREADS <= CONNECTIONS)) || die "WRK_THREADS must be 1..CONNECTIONS"
is_uint "$NGINX_WORKERS" && ((NGINX_WORKERS >= 1 && NGINX_WORKERS <= 64)) || die "NGINX_WORKERS must be 1..64"

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v python3 >/dev/null || missing+=(python3)
  command -v curl >/dev/null || missing+=(curl)
  local need_nginx=0
  command -v nginx >/dev/null || need_nginx=1
  ((${#missing[@]} || need_nginx)) || return 0

  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "missing tools (${missing[*]} nginx?) and not root; install them first"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "installing missing tools: ${missing[*]}$( ((need_nginx)) && echo ' nginx')"
  "${sudo[@]}" apt-get update -qq
  if ((${#missing[@]})); then
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if ((need_nginx)); then
    # The package's postinst may try to start the system nginx on :80; we never use that one.
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 ||
      "${sudo[@]}" apt-get install -y -qq --no-install-recommends nginx >/dev/null
  fi
  for t in wrk nginx python3 curl; do command -v "$t" >/dev/null || die "$t still missing after install"; done
}

# ---------------------------------------------------------------------------------------------
# Cleanup (runs on normal exit, errors and Ctrl-C)
# ---------------------------------------------------------------------------------------------
TMP=""
GAFLIGHT_PID=""
NGINX_PID=""
NGINX_WORKER_PIDS=""
SAMPLER_PID=""
WRK_PID=""

stop_pid() {  # pid signal -> signal, wait up to 5 s, then SIGKILL
  local pid="$1" sig="${2:-TERM}"
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$WRK_PID" TERM  # background jobs of a script ignore SIGINT
  stop_pid "$SAMPLER_PID" TERM
  stop_pid "$GAFLIGHT_PID" TERM
  stop_pid "$NGINX_PID" TERM  # nginx: TERM = fast shutdown
  for w in $NGINX_WORKER_PIDS; do kill -0 "$w" 2>/dev/null && kill -KILL "$w" 2>/dev/null || true; done
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    if ((rc != 0 && rc != 2)) && [[ "${KEEP_TMP_ON_FAILURE:-0}" == 1 ]]; then
      log "keeping $TMP for inspection"
    else
      rm -rf -- "$TMP"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# utime+stime in clock ticks for one pid (comm may contain spaces: cut after the last ')').
cpu_ticks() {
  local pid="$1" line
  line="$(cat "/proc/$pid/stat" 2>/dev/null)" || { echo 0; return; }
  line="${line##*) }"
  awk '{print $12 + $13}' <<<"$line"
}
cpu_ticks_sum() { local t=0 p; for p in "$@"; do t=$((t + $(cpu_ticks "$p"))); done; echo "$t"; }

children_of() {  # direct children of a pid, via /proc (no procps needed)
  local parent="$1" f line
  for f in /proc/[0-9]*/stat; do
    line="$(cat "$f" 2>/dev/null)" || continue
    line="${line##*) }"
    set -- $line
    [[ "${2:-}" == "$parent" ]] && { f="${f#/proc/}"; echo "${f%/stat}"; }
  done
  return 0
}


# ---------------------------------------------------------------------------------------------
# Binary
# ---------------------------------------------------------------------------------------------
ensure_tools
LOAD_START="$(cut -d" " -f1 /proc/loadavg)"  # other work on the host skews everything

resolve_gaflight_bin

SERVE_HELP="$(env -u GAFLIGHT_IO_THREADS -u GAFLIGHT_HANDLER_THREADS "$BIN" serve --help 2>&1 || true)"
SERVE_EXTRA=()
if [[ -n "${GAFLIGHT_IO_THREADS:-}" ]]; then
  grep -q -- '--io-threads' <<<"$SERVE_HELP" || die "GAFLIGHT_IO_THREADS set but '$BIN serve' has no --io-threads"
  SERVE_EXTRA+=(--io-threads "$GAFLIGHT_IO_THREADS")
fi
if [[ -n "${GAFLIGHT_RESPONSE_CACHE_MS:-}" ]]; then
  SERVE_EXTRA+=(--response-cache-ms "$GAFLIGHT_RESPONSE_CACHE_MS")
fi
if [[ -n "${GAFLIGHT_HANDLER_THREADS:-}" ]]; then
  grep -q -- '--handler-threads' <<<"$SERVE_HELP" || die "GAFLIGHT_HANDLER_THREADS set but '$BIN serve' has no --handler-threads"
  SERVE_EXTRA+=(--handler-threads "$GAFLIGHT_HANDLER_THREADS")
fi

# Effective thread counts (explicit value, else the default shown by --help), for the record.
help_default() { sed -n "s/.*--$1 INT=\([0-9]*\).*/\1/p" <<<"$SERVE_HELP" | head -n1; }
EFF_IO_THREADS="${GAFLIGHT_IO_THREADS:-$(help_default io-threads)}"
EFF_HANDLER_THREADS="${GAFLIGHT_HANDLER_THREADS:-$(help_default handler-threads)}"

# The CLI also reads GAFLIGHT_* environment variables (log level, threads, ...). Start the binary
# without them so only the flags below decide what is measured.
CLEAN_ENV=(env)
for v in $(compgen -e | grep '^GAFLIGHT_' || true); do CLEAN_ENV+=(-u "$v"); done

SERVER_PIN=(); WRK_PIN=()
if [[ -n "${SERVER_CPUS:-}" ]]; then SERVER_PIN=(taskset -c "$SERVER_CPUS"); fi
if [[ -n "${WRK_CPUS:-}" ]]; then WRK_PIN=(taskset -c "$WRK_CPUS"); fi

# ---------------------------------------------------------------------------------------------
# Demo data + gaflight
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/gaflight-bench.XXXXXX")"
log "work dir $TMP"

"${CLEAN_ENV[@]}" "$BIN" demo --db "sqlite:$TMP/bench.db" --json >"$TMP/demo.out" 2>"$TMP/demo.err" ||
  { cat "$TMP/demo.err" >&2; die "'gaflight demo' failed"; }
read -r ORG_ID API_KEY < <(python3 - "$TMP/demo.out" <<'PY'
import json, sys
doc = None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("{"):
        try:
            doc = json.loads(line)
        except ValueError:
            pass
if not doc or not doc.get("org_id") or not doc.get("api_key"):
    sys.exit("demo output has no org_id/api_key")
print(doc["org_id"], doc["api_key"])
PY
) || die "could not parse demo output: $(head -c 500 "$TMP/demo.out")"
# They end up inside Lua strings and shell arguments: accept only plain token characters.
[[ "$ORG_ID" =~ ^[A-Za-z0-9_.:-]+$ && "$API_KEY" =~ ^[A-Za-z0-9_.:~+/=-]+$ ]] ||
  die "unexpected characters in org_id/api_key from demo"

G_PORT="$(free_port)"
N_PORT="$(free_port)"
while [[ "$N_PORT" == "$G_PORT" ]]; do N_PORT="$(free_port)"; done
G_URL="http://127.0.0.1:$G_PORT$API_PATH?$API_QUERY"
N_URL="http://127.0.0.1:$N_PORT$API_PATH?$API_QUERY"

log "starting gaflight on 127.0.0.1:$G_PORT (io-threads ${EFF_IO_THREADS:-?}, handler-threads ${EFF_HANDLER_THREADS:-?})"
"${SERVER_PIN[@]}" "${CLEAN_ENV[@]}" "$BIN" serve --db "sqlite:$TMP/bench.db" --listen "127.0.0.1:$G_PORT" \
  --rate-limit 10000000:10000000 --access-log off "${SERVE_EXTRA[@]}" >"$TMP/gaflight.log" 2>&1 &
GAFLIGHT_PID=$!
if ! wait_http_200 "http://127.0.0.1:$G_PORT/readyz" 30 "$GAFLIGHT_PID"; then
  tail -n 30 "$TMP/gaflight.log" >&2 || true
  die "gaflight did not become ready on /readyz within 30 s"
fi

AUTH_HEADERS=(-H "Authorization: Bearer $API_KEY" -H "X-Org-Id: $ORG_ID")
G_STATUS="$(curl -sS -o "$TMP/pilots.json" -D "$TMP/gaflight.headers" -w '%{http_code}' "${AUTH_HEADERS[@]}" "$G_URL")" ||
  die "curl to gaflight failed"
[[ "$G_STATUS" == 200 ]] || die "gaflight answered $G_STATUS, not 200: $(head -c 500 "$TMP/pilots.json")"

# Item count of the response (a top-level array, or the first array member of an object).
ITEMS="$(python3 - "$TMP/pilots.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
if isinstance(doc, list):
    print(len(doc)); sys.exit()
for key in ("data", "items", "pilots", "results"):
    if isinstance(doc.get(key), list):
        print(len(doc[key])); sys.exit()
lists = [v for v in doc.values() if isinstance(v, list)]
print(len(lists[0]) if lists else -1)
PY
)" || die "gaflight's response is not JSON: $(head -c 500 "$TMP/pilots.json")"
[[ "$ITEMS" == "$EXPECTED_ITEMS" ]] || die "expected $EXPECTED_ITEMS items, got $ITEMS"
BODY_BYTES="$(wc -c <"$TMP/pilots.json")"
log "gaflight: 200, $ITEMS items, $BODY_BYTES body bytes"

# ---------------------------------------------------------------------------------------------
# nginx with a throwaway config (never the system one, never port 80)
# ---------------------------------------------------------------------------------------------
mkdir -p "$TMP/www${API_PATH%/*}" "$TMP/nginx-tmp"
cp "$TMP/pilots.json" "$TMP/www$API_PATH"
if ((EUID == 0)); then
  # Workers of a root master run as 'nobody': they need to traverse $TMP and read the body.
  chmod 0711 "$TMP"
  find "$TMP/www" -type d -exec chmod 0755 {} +
  chmod 0644 "$TMP/www$API_PATH"
fi

# Mirror gaflight's extra response headers (same names, same-length static values) so both
# servers send comparable header bytes. Headers nginx produces itself are skipped.
ADD_HEADERS="$(python3 - "$TMP/gaflight.headers" <<'PY'
import re, sys
own = {"server", "date", "content-type", "content-length", "connection", "keep-alive",
       "transfer-encoding", "etag", "last-modified", "accept-ranges"}
for raw in open(sys.argv[1], encoding="latin-1"):
    line = raw.rstrip("\r\n")
    if ":" not in line or line.startswith("HTTP/"):
        continue
    name, value = line.split(":", 1)
    name, value = name.strip(), value.strip()
    if name.lower() in own or not re.fullmatch(r"[A-Za-z0-9-]+", name):
        continue
    value = re.sub(r'[^\x20-\x7e]|["\\$]', "_", value)
    print(f'      add_header {name} "{value}" always;')
PY
)"

cat >"$TMP/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
daemon off;
master_process on;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx-tmp/body;
  proxy_temp_path $TMP/nginx-tmp/proxy;
  fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
  scgi_temp_path $TMP/nginx-tmp/scgi;
  types { }
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  server_tokens off;
  etag off;
  server {
    listen 127.0.0.1:$N_PORT;
    root $TMP/www;
    location = $API_PATH {
$ADD_HEADERS
    }
    location / { return 404; }
  }
}
EOF

NGINX_ARGS=(-p "$TMP/" -c "$TMP/nginx.conf")
NGINX_HELP="$(nginx -h 2>&1 || true)"
grep -q -- '-e filename' <<<"$NGINX_HELP" && NGINX_ARGS+=(-e "$TMP/nginx-error.log")
nginx "${NGINX_ARGS[@]}" -t >"$TMP/nginx-test.log" 2>&1 || { cat "$TMP/nginx-test.log" >&2; die "nginx config test failed"; }
log "starting nginx ($NGINX_WORKERS workers) on 127.0.0.1:$N_PORT"
"${SERVER_PIN[@]}" nginx "${NGINX_ARGS[@]}" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
if ! wait_http_200 "$N_URL" 15 "$NGINX_PID"; then
  cat "$TMP/nginx-error.log" "$TMP/nginx.out" >&2 2>/dev/null || true
  die "nginx did not serve $N_URL"
fi
curl -sS -o "$TMP/nginx.body" -D "$TMP/nginx.headers" "${AUTH_HEADERS[@]}" "$N_URL"
cmp -s "$TMP/nginx.body" "$TMP/pilots.json" || die "nginx body differs from gaflight's"
NGINX_WORKER_PIDS="$(children_of "$NGINX_PID" | tr '\n' ' ')"
[[ -n "$NGINX_WORKER_PIDS" ]] || die "no nginx workers found"

# The same two headers go to both servers, so both parse them.
cat >"$TMP/headers.lua" <<EOF
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer $API_KEY"
wrk.headers["X-Org-Id"] = "$ORG_ID"
EOF

# ---------------------------------------------------------------------------------------------
# RSS sampler (gaflight), every 100 ms for the whole session
# ---------------------------------------------------------------------------------------------
(
  while kill -0 "$GAFLIGHT_PID" 2>/dev/null; do
    awk -v t="$(date +%s.%N)" '
      /^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} /^Threads:/ {th=$2}
      END { if (r != "" && h != "" && th != "") printf "%s %s %s %s\n", t, r, h, th }' "/proc/$GAFLIGHT_PID/status" 2>/dev/null || true
    sleep 0.1
  done
) >"$TMP/rss.samples" &
SAMPLER_PID=$!
echo "idle_start $(date +%s.%N)" >"$TMP/phases"
sleep 0.5
echo "idle_end $(date +%s.%N)" >>"$TMP/phases"

CLK_TCK="$(getconf CLK_TCK)"

# run_wrk name url seconds -> writes $TMP/wrk-<name>.txt and $TMP/cpu-<name>
run_wrk() {
  local name="$1" url="$2" secs="$3" pids c0 c1 t0 t1 rc=0
  if [[ "$name" == *gaflight* ]]; then pids="$GAFLIGHT_PID"; else pids="$NGINX_PID $NGINX_WORKER_PIDS"; fi
  # shellcheck disable=SC2086
  c0="$(cpu_ticks_sum $pids)"; t0="$(date +%s.%N)"
  echo "$name-start $t0" >>"$TMP/phases"
  "${WRK_PIN[@]}" timeout --signal=INT --kill-after=10 $((secs + 30)) \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency -s "$TMP/headers.lua" "$url" \
    >"$TMP/wrk-$name.txt" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  t1="$(date +%s.%N)"
  # shellcheck disable=SC2086
  c1="$(cpu_ticks_sum $pids)"
  echo "$name-end $t1" >>"$TMP/phases"
  echo "$c0 $c1 $t0 $t1 $CLK_TCK" >"$TMP/cpu-$name"
  if ((rc != 0)); then cat "$TMP/wrk-$name.txt" >&2; die "wrk failed (rc=$rc) against $name"; fi
  kill -0 "$GAFLIGHT_PID" 2>/dev/null || { tail -n 30 "$TMP/gaflight.log" >&2; die "gaflight died during $name"; }
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during $name"
}

if ((WARMUP > 0)); then
  log "warm-up ${WARMUP}s each (not measured)"
  run_wrk warmup-nginx "$N_URL" "$WARMUP"
  run_wrk warmup-gaflight "$G_URL" "$WARMUP"
fi
for ((r = 1; r <= ROUNDS; r++)); do
  log "round $r/$ROUNDS: nginx ${DURATION}s"
  run_wrk "r$r-nginx" "$N_URL" "$DURATION"
  log "round $r/$ROUNDS: gaflight ${DURATION}s"
  run_wrk "r$r-gaflight" "$G_URL" "$DURATION"
done
echo "settle_start $(date +%s.%N)" >>"$TMP/phases"
sleep 2
echo "settle_end $(date +%s.%N)" >>"$TMP/phases"
# Final snapshot straight from /proc (the sampler may not have caught the very end).
awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {print r, h}' "/proc/$GAFLIGHT_PID/status" >"$TMP/rss.final"

# Post-load sanity: still answering correctly.
LOAD_END="$(cut -d" " -f1 /proc/loadavg)"
POST_STATUS="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${AUTH_HEADERS[@]}" "$G_URL" || true)"

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT_JSON="$RESULTS_DIR/public_api_vs_nginx-$STAMP.json"
GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
# --no-optional-locks: read-only, never refreshes the index.
GIT_DIRTY="$(git -C "$REPO_ROOT" --no-optional-locks status --porcelain 2>/dev/null | wc -l || echo 0)"

set +e
python3 - <<PY
import glob, json, os, platform, re, statistics, subprocess, sys

tmp = "$TMP"
rounds = $ROUNDS

def to_ms(v):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", v)
    if not m:
        return None
    x, u = float(m.group(1)), m.group(2)
    return x * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}[u]

def parse_wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    r = {"raw": text}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    r["rps"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", text)
    r["requests"] = int(m.group(1)) if m else None
    r["transfer"] = m.group(3) if m else None
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    r["non_2xx_3xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    r["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()))) if m else \
        {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    lat = {}
    block = text.split("Latency Distribution", 1)
    if len(block) == 2:
        for pct, val in re.findall(r"^\s+(\d+)%\s+(\S+)", block[1], re.M):
            lat["p" + pct] = to_ms(val)
    r["latency_ms"] = lat
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    if m:
        r["latency_ms"].update(avg=to_ms(m.group(1)), stdev=to_ms(m.group(2)), max=to_ms(m.group(3)))
    errors = r["non_2xx_3xx"] + sum(r["socket_errors"].values())
    r["errors"] = errors
    r["valid"] = r["rps"] is not None and errors == 0 and "p99" in lat
    c0, c1, t0, t1, tck = open(path.replace("/wrk-", "/cpu-").replace(".txt", "")).read().split()
    wall = float(t1) - float(t0)
    r["cpu_cores_used"] = round((int(c1) - int(c0)) / int(tck) / wall, 2) if wall > 0 else None
    return r

runs = []
for i in range(1, rounds + 1):
    for srv in ("nginx", "gaflight"):
        r = parse_wrk(f"{tmp}/wrk-r{i}-{srv}.txt")
        r.update(round=i, server=srv)
        runs.append(r)

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def by(srv):
    return [r for r in runs if r["server"] == srv]

ratios = []
for i in range(1, rounds + 1):
    n = next(r for r in runs if r["round"] == i and r["server"] == "nginx")
    g = next(r for r in runs if r["round"] == i and r["server"] == "gaflight")
    ratios.append(g["rps"] / n["rps"] if g["rps"] and n["rps"] else None)

summary = {}
for srv in ("nginx", "gaflight"):
    rs = by(srv)
    summary[srv] = {
        "rps_median": med([r["rps"] for r in rs]),
        "p50_ms_median": med([r["latency_ms"].get("p50") for r in rs]),
        "p99_ms_median": med([r["latency_ms"].get("p99") for r in rs]),
        "p99_ms_worst": max([r["latency_ms"].get("p99") or 0 for r in rs]),
        "cpu_cores_used_median": med([r["cpu_cores_used"] for r in rs]),
        "errors": sum(r["errors"] for r in rs),
    }
ratio = med(ratios)

# RSS (KiB in /proc) -> MB (MiB)
phases = {}
for line in open(f"{tmp}/phases"):
    k, t = line.split()
    phases[k] = float(t)
samples = []
for line in open(f"{tmp}/rss.samples"):
    p = line.split()
    if len(p) == 4:
        samples.append((float(p[0]), int(p[1]), int(p[2]), int(p[3])))
final_rss, final_hwm = map(int, open(f"{tmp}/rss.final").read().split())
def in_phase(t, prefix):
    for k, s in phases.items():
        if k.endswith("-start") and prefix in k:
            e = phases.get(k[:-6] + "-end")
            if e and s <= t <= e:
                return True
    return False
idle = [s[1] for s in samples if phases["idle_start"] <= s[0] <= phases["idle_end"]]
load = [s[1] for s in samples if in_phase(s[0], "gaflight")]
mb = lambda kib: round(kib / 1024.0, 1) if kib else None
rss = {
    "idle_mb": mb(max(idle) if idle else None),
    "max_sampled_under_load_mb": mb(max(load) if load else None),
    "after_load_mb": mb(final_rss),
    "peak_mb": mb(max([final_hwm] + [s[2] for s in samples])),  # VmHWM: kernel-tracked peak
    "threads": max([s[3] for s in samples]) if samples else None,
    "samples": len(samples),
}

valid = all(r["valid"] for r in runs) and "$POST_STATUS" == "200"
g, n = summary["gaflight"], summary["nginx"]
targets = {
    "ratio_ge_$TARGET_RATIO_MIN": {"value": ratio, "pass": ratio is not None and ratio >= $TARGET_RATIO_MIN},
    "gaflight_p99_le_${TARGET_P99_MS_MAX}ms": {"value": g["p99_ms_median"],
        "pass": g["p99_ms_median"] is not None and g["p99_ms_median"] <= $TARGET_P99_MS_MAX},
    "gaflight_rss_le_${TARGET_RSS_MB_MAX}mb": {"value": rss["peak_mb"],
        "pass": rss["peak_mb"] is not None and rss["peak_mb"] <= $TARGET_RSS_MB_MAX},
}

def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=5)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except Exception:
        return None
cpu_model = None
try:
    cpu_model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    pass

# Before our servers start, a 1-minute load above half the CPUs (at least 1) means other work is running.
busy_host = $LOAD_START > max(1.0, (os.cpu_count() or 1) / 2)
result = {
    "bench": "public_api_vs_nginx",
    "timestamp": "$STAMP",
    "valid": valid,
    "git": {"rev": "$GIT_REV", "dirty": "$GIT_DIRTY" != "0"},
    "host": {"cpus": os.cpu_count(), "cpu_model": cpu_model, "kernel": platform.release(),
             "loadavg_1m_start": $LOAD_START, "loadavg_1m_end": $LOAD_END, "busy_at_start": busy_host},
    "tools": {"wrk": tool_version(["wrk", "-v"]), "nginx": tool_version(["nginx", "-v"])},
    "gaflight": {"binary": "$BIN", "build_type": "$BUILD_TYPE", "extra_args": "${SERVE_EXTRA[*]}",
                 "io_threads": "$EFF_IO_THREADS", "handler_threads": "$EFF_HANDLER_THREADS"},
    "config": {"endpoint": "GET $API_PATH?$API_QUERY", "duration_s": $DURATION, "rounds": rounds,
               "warmup_s": $WARMUP, "connections": $CONNECTIONS, "wrk_threads": $WRK_THREADS,
               "nginx_workers": $NGINX_WORKERS, "server_cpus": "${SERVER_CPUS:-}", "wrk_cpus": "${WRK_CPUS:-}"},
    "response": {"status": 200, "items": $ITEMS, "body_bytes": $BODY_BYTES,
                 "gaflight_headers": open(f"{tmp}/gaflight.headers", encoding="latin-1").read().strip().splitlines(),
                 "nginx_headers": open(f"{tmp}/nginx.headers", encoding="latin-1").read().strip().splitlines()},
    "post_load_status": "$POST_STATUS",
    "summary": {"nginx": n, "gaflight": g, "ratio_gaflight_over_nginx_median": ratio,
                "ratio_per_round": ratios, "gaflight_rss": rss},
    "targets": targets,
    "runs": runs,
}
with open("$OUT_JSON", "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)

def fmt(v, spec):
    return format(v, spec) if v is not None else "n/a"
print()
print(f"== public API vs nginx: GET $API_PATH?$API_QUERY, {$CONNECTIONS} conns, {$WRK_THREADS} wrk threads, "
      f"{$DURATION}s x {rounds} rounds, body {$BODY_BYTES} B ==")
print(f"{'run':<18}{'req/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'cpu cores':>11}{'errors':>8}")
for r in runs:
    lat = r["latency_ms"]
    print(f"{'r%d %s' % (r['round'], r['server']):<18}{fmt(r['rps'], '12.0f')}{fmt(lat.get('p50'), '10.2f')}"
          f"{fmt(lat.get('p99'), '10.2f')}{fmt(lat.get('max'), '10.2f')}{fmt(r['cpu_cores_used'], '11.2f')}{r['errors']:>8}")
print("-" * 79)
for srv in ("nginx", "gaflight"):
    s = summary[srv]
    print(f"{srv + ' (median)':<18}{fmt(s['rps_median'], '12.0f')}{fmt(s['p50_ms_median'], '10.2f')}"
          f"{fmt(s['p99_ms_median'], '10.2f')}{'':>10}{fmt(s['cpu_cores_used_median'], '11.2f')}{s['errors']:>8}")
print(f"ratio gaflight/nginx (median of rounds): {fmt(ratio, '.3f')}   per round: "
      + ", ".join(fmt(x, ".3f") for x in ratios))
print(f"gaflight RSS MB: idle {rss['idle_mb']}, max sampled under load {rss['max_sampled_under_load_mb']}, "
      f"peak (VmHWM) {rss['peak_mb']}, after load {rss['after_load_mb']}; threads {rss['threads']}")
print()
for label, key, spec in (("target ratio >= $TARGET_RATIO_MIN", "ratio_ge_$TARGET_RATIO_MIN", ".3f"),
                         ("target gaflight p99 <= $TARGET_P99_MS_MAX ms", "gaflight_p99_le_${TARGET_P99_MS_MAX}ms", ".2f"),
                         ("target gaflight RSS <= $TARGET_RSS_MB_MAX MB", "gaflight_rss_le_${TARGET_RSS_MB_MAX}mb", ".1f")):
    t = targets[key]
    print(f"{label:<32}: {fmt(t['value'], spec):>8}  {'PASS' if t['pass'] else 'MISS'}")
if busy_host:
    print(f"WARNING: host was busy before the bench (1-min load $LOAD_START on {os.cpu_count()} CPUs): "
          "other work competes with both servers and wrk; treat the figures as rough")
if "$BUILD_TYPE" not in ("Release", "RelWithDebInfo"):
    print(f"WARNING: binary build type is '$BUILD_TYPE', not Release")
if not valid:
    why = [f"r{r['round']} {r['server']}: {r['non_2xx_3xx']} non-2xx/3xx, socket errors {r['socket_errors']}"
           for r in runs if not r["valid"]]
    if "$POST_STATUS" != "200":
        why.append("post-load request answered $POST_STATUS")
    print("RESULT: INVALID (errors during the load; figures above are not comparable):")
    for w in why:
        print("  - " + w)
else:
    print("RESULT: valid")
print(f"JSON: $OUT_JSON")
sys.exit(0 if valid else 2)
PY
REPORT_RC=$?
set -e
((REPORT_RC == 0 || REPORT_RC == 2)) || die "report generation failed (rc=$REPORT_RC)"
exit "$REPORT_RC"
