#!/usr/bin/env bash
# PostgreSQL scaling bench (issue 10, "Performance"): 1, 2 and 3 gaflight nodes on one PostgreSQL
# database behind nginx, next to one node on SQLite, in the same run.
#
# Per configuration (sqlite-1, pg-1, pg-2, pg-3):
#   - read throughput: wrk on uncached GET /api/v1/public/pilots?limit=50 (servers started with
#     --response-cache-ms 0), req/s, p50/p99, errors; CPU of gaflight / postgres / nginx / wrk /
#     everything else sampled from /proc over the steady part of the run (the bottleneck);
#   - sustained deliveries/s: bench/webhooks/delivery_bench.sh with DB_URL/NODES/VIA_NGINX and a
#     short sustained phase only (fan-out 10), on a fresh database each time.
# Every configuration goes through nginx (deploy/nginx/gaflight.conf, upstream and listen rewritten;
# see bench/lib/balancer.sh), one node included, so the proxy hop is the same in every row.
#
# PostgreSQL: unless GAFLIGHT_TEST_PG_URL is set, the script re-runs itself inside
# scripts/with-postgres.sh (a throwaway PostgreSQL cluster, started with fsync=off,
# synchronous_commit=off, full_page_writes=off: write figures are optimistic for a real server).
# One GAFLIGHT_MASTER_KEY is exported for every process of the PostgreSQL configurations.
#
# Usage: bench/pg_scaling.sh
# Environment (all optional):
#   GAFLIGHT_BIN            binary under test (default: build/gaflight, built in Release if missing)
#   BUILD_DIR               where to build when GAFLIGHT_BIN is unset (default: <repo>/build)
#   CONFIGS=sqlite-1,pg-1,pg-2,pg-3   configurations to run, in order (sqlite-N / pg-N, N 1..8)
#   DURATION=8              seconds per measured wrk run (5..600); CPU is sampled from 1 s in to ~2 s
#                           before the end
#   WARMUP=2                seconds of unmeasured wrk load per configuration (0 = none)
#   CONNECTIONS=64          wrk connections
#   WRK_THREADS=2           wrk threads
#   NGINX_WORKERS=2         nginx worker_processes
#   DELIVERIES=1            0 = skip the delivery phase (reads only)
#   SUSTAIN_FLIGHTS=1500    approvals in each sustained delivery phase (fan-out 10 -> 10x deliveries)
#   SUSTAIN_WORKERS=8       concurrent approve loops in it
#   RESULTS_DIR             where the JSON goes (default: <repo>/bench/results)
#   KEEP_TMP=1              keep the temp dir (logs, wrk output, per-configuration JSON)
# Exit: 0 = measured; 1 = setup or tooling failure; 2 = measured but INVALID (non-2xx or socket
# errors under wrk, missing deliveries, failed approvals).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"  # nginx lives in /usr/sbin on Debian

log() { printf '[pg-scaling] %s\n' "$*" >&2; }
die() { printf '[pg-scaling] ERROR: %s\n' "$*" >&2; exit 1; }
is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

CONFIGS="${CONFIGS:-sqlite-1,pg-1,pg-2,pg-3}"
DURATION="${DURATION:-8}"
WARMUP="${WARMUP:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
NGINX_WORKERS="${NGINX_WORKERS:-2}"
DELIVERIES="${DELIVERIES:-1}"
SUSTAIN_FLIGHTS="${SUSTAIN_FLIGHTS:-1500}"
SUSTAIN_WORKERS="${SUSTAIN_WORKERS:-8}"
RESULTS_DIR="${RESULTS_DIR:-$REPO_ROOT/bench/results}"
BUILD_DIR="${BUILD_DIR:-$REPO_ROOT/build}"
API_PATH="/api/v1/public/pilots"
API_QUERY="limit=50"

[[ "$CONFIGS" =~ ^(sqlite|pg)-[1-8](,(sqlite|pg)-[1-8])*$ ]] || die "CONFIGS must be a comma list of sqlite-N / pg-N (N 1..8)"
is_uint "$DURATION" && ((DURATION >= 5 && DURATION <= 600)) || die "DURATION must be 5..600 seconds"
is_uint "$WARMUP" && ((WARMUP <= 60)) || die "WARMUP must be 0..60 seconds"
is_uint "$CONNECTIONS" && ((CONNECTIONS >= 1 && CONNECTIONS <= 4096)) || die "CONNECTIONS must be 1..4096"
is_uint "$WRK_THREADS" && ((WRK_THREADS >= 1 && WRK_THREADS <= CONNECTIONS)) || die "WRK_THREADS must be 1..CONNECTIONS"
is_uint "$NGINX_WORKERS" && ((NGINX_WORKERS >= 1 && NGINX_WORKERS <= 64)) || die "NGINX_WORKERS must be 1..64"
[[ "$DELIVERIES" == 0 || "$DELIVERIES" == 1 ]] || die "DELIVERIES must be 0 or 1"
is_uint "$SUSTAIN_FLIGHTS" && ((SUSTAIN_FLIGHTS >= 100 && SUSTAIN_FLIGHTS <= 100000)) || die "SUSTAIN_FLIGHTS must be 100..100000"
is_uint "$SUSTAIN_WORKERS" && ((SUSTAIN_WORKERS >= 1 && SUSTAIN_WORKERS <= 64)) || die "SUSTAIN_WORKERS must be 1..64"

# ---------------------------------------------------------------------------------------------
# Tools: install only what `command -v` cannot find
# ---------------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v node >/dev/null || missing+=(nodejs)
  command -v curl >/dev/null || missing+=(curl)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v nginx >/dev/null || missing+=(nginx-light)
  # The throwaway cluster needs the server binaries (pg-test-cluster.sh looks here).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [[ -n "${GAFLIGHT_TEST_PG_URL:-}" ]] || missing+=(postgresql)
  ((${#missing[@]})) || return 0
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "missing ${missing[*]} and not root; install them first"
    sudo=(sudo)
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  # nginx/postgresql postinst may start the system services; we never use those.
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  for t in wrk node curl psql nginx; do command -v "$t" >/dev/null || die "$t still missing after install"; done
}
ensure_tools
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' || die "node >= 18 needed ($(node --version))"

# Re-run inside a throwaway PostgreSQL cluster unless the caller gave one.
if [[ -z "${GAFLIGHT_TEST_PG_URL:-}" ]]; then
  if [[ "$CONFIGS" == *pg-* ]]; then
    log "starting a throwaway PostgreSQL cluster (scripts/with-postgres.sh)"
    exec "$REPO_ROOT/scripts/with-postgres.sh" "$SCRIPT_DIR/pg_scaling.sh" "$@"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Binary
# ---------------------------------------------------------------------------------------------
resolve_gaflight_bin

# ---------------------------------------------------------------------------------------------
# Cleanup (normal exit, errors, Ctrl-C): wrk, nodes, nginx, the delivery bench, our databases
# ---------------------------------------------------------------------------------------------
TMP=""
WRK_PID=""
DELIV_PID=""
WAITS_PID=""
NODE_PIDS=()
# shellcheck source=../tests/support/pg_databases.sh
source "$REPO_ROOT/tests/support/pg_databases.sh"  # PG_DBS, pg_new_database, pg_drop_databases
# shellcheck source=lib/balancer.sh
source "$SCRIPT_DIR/lib/balancer.sh"

stop_nodes() {
  balancer_stop
  local p
  for p in "${NODE_PIDS[@]}"; do stop_pid "$p"; done
  NODE_PIDS=()
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$WRK_PID"
  stop_pid "$DELIV_PID"  # its own trap stops its servers, receiver and nginx
  stop_pid "$WAITS_PID"
  stop_nodes
  pg_drop_databases
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then log "kept $TMP"; else rm -rf -- "$TMP"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM



# demo_json DB_ARG OUT -> runs `gaflight demo --json`, keeps its last JSON line in OUT
demo_json() {
  "$BIN" demo --db "$1" --json 2>"$2.err" | grep '^{' | tail -1 >"$2" || true
  [[ -s "$2" ]] || die "demo on ${1%%:*} failed: $(tail -5 "$2.err")"
}
jget() { node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write(String(o[process.argv[2]]))' "$1" "$2"; }

# /proc sampling: "group pid ticks" (utime+stime, all threads of the process) for every process of
# every group, the machine's busy/total ticks from /proc/stat, and the clock. In node, not bash: a
# bash scan of /proc forks per process and would take a good part of a second on a busy machine.
POSTMASTER_PID=""
snapshot() {  # out-file
  node -e '
    const fs = require("fs");
    const [gafCsv, nginx, postmaster, wrk] = process.argv.slice(1);
    const stat = (pid) => { try { const s = fs.readFileSync("/proc/" + pid + "/stat", "utf8");
      return s.slice(s.lastIndexOf(")") + 2).split(" "); } catch { return null; } };
    const all = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((d) => [d, stat(d)]).filter(([, f]) => f);
    const kids = (pid) => all.filter(([, f]) => f[1] === pid).map(([d]) => d);
    const out = [];
    const put = (grp, pid) => { const f = stat(pid); if (f) out.push(grp + " " + pid + " " + (Number(f[11]) + Number(f[12]))); };
    for (const p of gafCsv.split(",").filter(Boolean)) put("gaflight", p);
    if (nginx) for (const p of [nginx, ...kids(nginx)]) put("nginx", p);
    if (postmaster) for (const p of [postmaster, ...kids(postmaster)]) put("postgres", p);
    if (wrk) for (const p of [wrk, ...kids(wrk)]) put("wrk", p);  // WRK_PID is timeout(1); wrk is its child
    const c = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = c.reduce((a, b) => a + b, 0), idle = c[3] + (c[4] || 0);
    out.push("machine busy " + (total - idle), "machine total " + total, "clock t " + process.hrtime.bigint());
    console.log(out.join("\n"));
  ' "$(IFS=,; echo "${NODE_PIDS[*]}")" "$BALANCER_PID" "$POSTMASTER_PID" "$WRK_PID" >"$1"
}

# ---------------------------------------------------------------------------------------------
# Setup: databases and demo schools
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d /tmp/gaflight-pg-scaling.XXXXXX)"
log "work dir $TMP; gaflight $("$BIN" version 2>/dev/null | head -1) ($BUILD_TYPE)"
LOAD_START="$(cut -d" " -f1 /proc/loadavg)"
PG_NOTE="no PostgreSQL configuration in this run"
READ_PG_URL=""
if [[ "$CONFIGS" == *pg-* ]]; then
  [[ -n "${GAFLIGHT_TEST_PG_URL:-}" ]] || die "GAFLIGHT_TEST_PG_URL is not set"
  PG_SETTINGS="$(psql "$GAFLIGHT_TEST_PG_URL" -XAtq -F= -c "SELECT name, setting FROM pg_settings WHERE name IN
    ('fsync','synchronous_commit','full_page_writes','max_connections','shared_buffers','server_version') ORDER BY name" |
    tr '\n' ' ')" || die "cannot query PostgreSQL at GAFLIGHT_TEST_PG_URL"
  PG_NOTE="PostgreSQL on 127.0.0.1: $PG_SETTINGS"
  [[ "$PG_SETTINGS" == *fsync=off* ]] &&
    PG_NOTE+="(the throwaway test cluster of scripts/pg-test-cluster.sh: fsync off, nothing is durable; write figures are optimistic)"
  log "$PG_NOTE"
  # The postmaster's pid, for CPU sampling of postgres (its children are the backends).
  DATA_DIR="$(psql "$GAFLIGHT_TEST_PG_URL" -XAtq -c "SHOW data_directory" 2>/dev/null || true)"
  if [[ -n "$DATA_DIR" && -r "$DATA_DIR/postmaster.pid" ]]; then
    POSTMASTER_PID="$(head -1 "$DATA_DIR/postmaster.pid")"
  else
    log "WARNING: cannot read the postmaster's pid (server not local?): postgres CPU will show as 'other'"
  fi
  # SQLite keeps its master key beside the database; on PostgreSQL every process gets this one.
  GAFLIGHT_MASTER_KEY="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"
  export GAFLIGHT_MASTER_KEY
  DB_SUFFIX="$$_$(date +%s)"
  READ_PG_URL="$(pg_new_database "gaf_scaling_read_$DB_SUFFIX")" || die "could not create the read database"
  PG_DBS+=("gaf_scaling_read_$DB_SUFFIX")  # $(…) ran in a subshell: record it here for the exit trap
  log "demo school on PostgreSQL"
  demo_json "$READ_PG_URL" "$TMP/demo-pg.json"
fi
if [[ "$CONFIGS" == *sqlite-* ]]; then
  mkdir -p "$TMP/sqlite"
  log "demo school on SQLite"
  (unset GAFLIGHT_MASTER_KEY; demo_json "sqlite:$TMP/sqlite/bench.db" "$TMP/demo-sqlite.json")
fi

# ---------------------------------------------------------------------------------------------
# Read phase: N nodes + nginx, wrk through nginx
# ---------------------------------------------------------------------------------------------
# start_nodes KIND N DIR -> NODE_PIDS, nginx on NGINX_PORT
start_nodes() {
  local kind="$1" n="$2" dir="$3" db i p ports=()
  if [[ "$kind" == pg ]]; then db="$READ_PG_URL"; else db="sqlite:$TMP/sqlite/bench.db"; fi
  mkdir -p "$dir"
  for ((i = 1; i <= n; i++)); do
    p="$(free_port)"
    # Uncached reads, no rate limit or access log in the way; the nodes trust nginx's X-Forwarded-For.
    if [[ "$kind" == pg ]]; then
      "$BIN" serve --db "$db" --listen "127.0.0.1:$p" --response-cache-ms 0 --rate-limit 1000000:1000000 \
        --access-log off --trusted-proxy 127.0.0.1 >"$dir/node-$i.log" 2>&1 &
    else
      env -u GAFLIGHT_MASTER_KEY "$BIN" serve --db "$db" --listen "127.0.0.1:$p" --response-cache-ms 0 \
        --rate-limit 1000000:1000000 --access-log off --trusted-proxy 127.0.0.1 >"$dir/node-$i.log" 2>&1 &
    fi
    NODE_PIDS+=($!)
    ports+=("$p")
    wait_http_200 "http://127.0.0.1:$p/readyz" 30 "$!" || die "$kind node $i not ready: $(tail -5 "$dir/node-$i.log")"
  done
  NGINX_PORT="$(free_port)"
  balancer_start "$dir/nginx" "$NGINX_PORT" "$NGINX_WORKERS" "${ports[@]}" || die "nginx did not start"
}

run_read() {  # config
  local cfg="$1" kind="${1%-*}" n="${1#*-}" dir="$TMP/read-$1" org key url rc=0 status items
  log "$cfg: reads through nginx, $n node(s)"
  start_nodes "$kind" "$n" "$dir"
  org="$(jget "$TMP/demo-$([[ $kind == pg ]] && echo pg || echo sqlite).json" org_id)"
  key="$(jget "$TMP/demo-$([[ $kind == pg ]] && echo pg || echo sqlite).json" api_key)"
  [[ "$org" =~ ^[A-Za-z0-9_.:-]+$ && "$key" =~ ^[A-Za-z0-9_.:~+/=-]+$ ]] || die "unexpected characters in org_id/api_key"
  url="http://127.0.0.1:$NGINX_PORT$API_PATH?$API_QUERY"
  # The public API needs the key and the organisation (README: Authorization + X-Org-Id).
  status="$(curl -sS -o "$dir/pilots.json" -w '%{http_code}' -H "Authorization: Bearer $key" -H "X-Org-Id: $org" "$url")" ||
    die "curl through nginx failed"
  [[ "$status" == 200 ]] || die "$cfg: GET pilots answered $status: $(head -c 300 "$dir/pilots.json")"
  items="$(node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log((Array.isArray(d)?d:d.data||[]).length)' "$dir/pilots.json")"
  [[ "$items" == 50 ]] || die "$cfg: expected 50 pilots, got $items"
  printf 'wrk.method = "GET"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.headers["X-Org-Id"] = "%s"\n' "$key" "$org" >"$dir/headers.lua"
  if ((WARMUP > 0)); then
    timeout $((WARMUP + 30)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$dir/headers.lua" "$url" >"$dir/warmup.txt" 2>&1 ||
      die "$cfg: wrk warm-up failed: $(tail -3 "$dir/warmup.txt")"
  fi
  timeout --signal=INT --kill-after=10 $((DURATION + 30)) \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$dir/headers.lua" "$url" >"$dir/wrk.txt" 2>&1 &
  WRK_PID=$!
  # CPU over the steady part only: from 1 s in to ~2 s before wrk stops (wrk must still be alive).
  sleep 1
  snapshot "$dir/cpu0"
  # Margin for the snapshots' own start-up (node, busy machine): wrk must still be running at the end.
  sleep "$((DURATION - 4)).5"  # the window's wall time comes from the snapshots themselves
  snapshot "$dir/cpu1"
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  ((rc == 0)) || { cat "$dir/wrk.txt" >&2; die "$cfg: wrk failed (rc=$rc)"; }
  local p
  for p in "${NODE_PIDS[@]}"; do kill -0 "$p" 2>/dev/null || die "$cfg: a node died during the load"; done
  stop_nodes
}

IFS=, read -r -a CONFIG_LIST <<<"$CONFIGS"
for cfg in "${CONFIG_LIST[@]}"; do run_read "$cfg"; done

# ---------------------------------------------------------------------------------------------
# Delivery phase: delivery_bench.sh per configuration, sustained phase only, fresh database each
# ---------------------------------------------------------------------------------------------
if ((DELIVERIES)); then
  for cfg in "${CONFIG_LIST[@]}"; do
    kind="${cfg%-*}" n="${cfg#*-}"
    mkdir -p "$TMP/deliv-$cfg"
    db_url=""
    if [[ "$kind" == pg ]]; then
      dbname="gaf_scaling_deliv_${cfg/-/_}_$DB_SUFFIX"
      db_url="$(pg_new_database "$dbname")" || die "could not create a delivery database"
      PG_DBS+=("$dbname")  # as above
      # What the busy backends of this database wait on, 4 times a second for the whole delivery run
      # (demo, flight submissions, approvals, deliveries): where write time goes on PostgreSQL.
      (
        while :; do
          # Lock waits keep the start of the waiting statement and of the first blocker's last one
          # (with its state): which write queues behind which.
          psql "$GAFLIGHT_TEST_PG_URL" -XAtq -F'|' -c "SELECT coalesce(a.wait_event_type, 'CPU'), coalesce(a.wait_event, 'running'),
            CASE WHEN a.wait_event_type = 'Lock' THEN left(regexp_replace(a.query, '\s+', ' ', 'g'), 70) || '  <-- blocked by ' ||
              coalesce((SELECT b.state || ': ' || left(regexp_replace(b.query, '\s+', ' ', 'g'), 60) FROM pg_stat_activity b
                        WHERE b.pid = (pg_blocking_pids(a.pid))[1]), '?') ELSE '' END,
            count(*) FROM pg_stat_activity a WHERE a.datname = '$dbname' AND a.state = 'active' AND a.pid <> pg_backend_pid() GROUP BY 1, 2, 3"
          echo "--"
          sleep 0.25
        done
      ) >"$TMP/deliv-$cfg/waits.txt" 2>/dev/null &
      WAITS_PID=$!
    fi
    log "$cfg: sustained deliveries (fan-out 10, $SUSTAIN_FLIGHTS approvals, $n node(s) behind nginx)"
    drc=0
    # The warm-up (100) and one 1 s latency phase (200) are the shortest the driver runs before the
    # sustained phase; the receiver self-test is skipped.
    (
      [[ "$kind" == pg ]] || unset GAFLIGHT_MASTER_KEY
      export GAFLIGHT_BIN="$BIN" DB_URL="$db_url" NODES="$n" VIA_NGINX=1 NGINX_WORKERS="$NGINX_WORKERS" \
        LAT_SECONDS=1 LAT_FANOUTS=1 RAMP_RATES='' SELFTEST_SECONDS=0 SUSTAIN_FLIGHTS="$SUSTAIN_FLIGHTS" \
        SUSTAIN_FANOUT=10 SUSTAIN_WORKERS="$SUSTAIN_WORKERS" RESULTS_DIR="$TMP/deliv-$cfg"
      exec "$SCRIPT_DIR/webhooks/delivery_bench.sh"
    ) >"$TMP/deliv-$cfg/out.txt" 2>"$TMP/deliv-$cfg/err.txt" &
    DELIV_PID=$!
    wait "$DELIV_PID" || drc=$?
    DELIV_PID=""
    stop_pid "$WAITS_PID"
    WAITS_PID=""
    if ((drc == 1 || drc > 2)); then
      tail -20 "$TMP/deliv-$cfg/err.txt" >&2
      die "$cfg: delivery bench failed (exit $drc)"
    fi
    grep -E '^\s+sustained:' "$TMP/deliv-$cfg/out.txt" | head -1 | sed "s/^ */  [$cfg] /" >&2 || true
  done
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT_JSON="$RESULTS_DIR/pg_scaling-$STAMP.json"
LOAD_END="$(cut -d" " -f1 /proc/loadavg)"
GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
cat >"$TMP/report.mjs" <<'JS'
import fs from "node:fs";
import os from "node:os";
const [tmp, configsCsv, outJson, meta] = process.argv.slice(2);
const M = JSON.parse(meta);
const configs = configsCsv.split(",");
const toMs = (v) => {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v || "");
  return m ? Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3, m: 6e4 }[m[2]] : null;
};
function parseWrk(text) {
  const g = (re) => (re.exec(text) || [])[1];
  const r = { rps: Number(g(/Requests\/sec:\s+([\d.]+)/)) || null, requests: Number(g(/(\d+) requests in/)) || 0 };
  r.non_2xx = Number(g(/Non-2xx or 3xx responses:\s+(\d+)/) || 0);
  const se = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  r.socket_errors = se ? se.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const lat = text.split("Latency Distribution")[1] || "";
  r.p50_ms = toMs((/^\s+50%\s+(\S+)/m.exec(lat) || [])[1]);
  r.p99_ms = toMs((/^\s+99%\s+(\S+)/m.exec(lat) || [])[1]);
  r.errors = r.non_2xx + r.socket_errors;
  r.valid = r.rps !== null && r.errors === 0 && r.p99_ms !== null;
  return r;
}
function parseSnap(path) {
  const s = { procs: {}, machine: {}, t: 0 };
  for (const line of fs.readFileSync(path, "utf8").trim().split("\n")) {
    const [a, b, c] = line.split(" ");
    if (a === "machine") s.machine[b] = Number(c);
    else if (a === "clock") s.t = Number(c) / 1e9;
    else s.procs[`${a}:${b}`] = Number(c);
  }
  return s;
}
// Cores used per group over the window: processes alive at the end, minus their ticks at the start
// (0 if they started in between; those that exited in between are lost, a small under-count).
function cpuShares(p0, p1) {
  const a = parseSnap(p0), b = parseSnap(p1);
  const wall = b.t - a.t, tck = 100;
  const cores = { gaflight: 0, postgres: 0, nginx: 0, wrk: 0 };
  for (const [k, v] of Object.entries(b.procs)) {
    const grp = k.split(":")[0];
    cores[grp] += Math.max(0, v - (a.procs[k] ?? 0)) / tck / wall;
  }
  const busyFrac = (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total);
  const ncpu = os.cpus().length;
  const busy = busyFrac * ncpu;
  const named = cores.gaflight + cores.postgres + cores.nginx + cores.wrk;
  cores.other = Math.max(0, busy - named);
  const out = { window_s: +wall.toFixed(2), machine_busy_cores: +busy.toFixed(2), machine_busy_pct: +(busyFrac * 100).toFixed(0), cores: {}, share_pct: {} };
  for (const [k, v] of Object.entries(cores)) {
    out.cores[k] = +v.toFixed(2);
    out.share_pct[k] = +((v / Math.max(1e-9, Math.max(busy, named))) * 100).toFixed(0);
  }
  return out;
}
const rows = [];
for (const cfg of configs) {
  const [kind, n] = cfg.split("-");
  const row = { config: cfg, db: kind === "pg" ? "postgresql" : "sqlite", nodes: Number(n) };
  const rd = `${tmp}/read-${cfg}`;
  row.read = parseWrk(fs.readFileSync(`${rd}/wrk.txt`, "utf8"));
  row.read.cpu = cpuShares(`${rd}/cpu0`, `${rd}/cpu1`);
  // Server-side CPU per request (gaflight + postgres): what one uncached read costs the machine.
  row.read.server_cpu_us_per_req = row.read.rps ? Math.round(((row.read.cpu.cores.gaflight + row.read.cpu.cores.postgres) / row.read.rps) * 1e6) : null;
  const dd = `${tmp}/deliv-${cfg}`;
  if (fs.existsSync(dd)) {
    const f = fs.readdirSync(dd).find((x) => x.startsWith("webhook_delivery-") && x.endsWith(".json"));
    if (f) {
      const j = JSON.parse(fs.readFileSync(`${dd}/${f}`, "utf8"));
      const s = j.phases.find((p) => p.kind === "sustained");
      row.deliveries = {
        valid: j.valid, sustained_per_s: s.sustained_deliveries_per_s, approvals_per_s: s.approve_rate,
        approve_p50_ms: s.approve_ms.p50, approve_p99_ms: s.approve_ms.p99, drain_after_last_approve_s: s.drain_after_last_approve_s,
        offered_per_s: s.offered_deliveries_per_s, missing: s.missing, approve_errors: s.approve_errors,
        latency_p99_ms: s.latency_ms.p99, cpu_cores: s.cpu_cores, fanout: s.fanout, approvals: s.approvals,
        invalid_phases: j.phases.filter((p) => p.missing > 0 || p.approve_errors > 0 || p.bad_signatures > 0).map((p) => p.name),
      };
    } else row.deliveries = { valid: false, error: "no JSON from delivery_bench.sh" };
    // pg_stat_activity samples: share of (busy backend x sample) per wait event.
    if (fs.existsSync(`${dd}/waits.txt`)) {
      const counts = {}, lockQueries = {};
      let samples = 0, busy = 0;
      for (const line of fs.readFileSync(`${dd}/waits.txt`, "utf8").split("\n")) {
        if (line === "--") { samples++; continue; }
        const parts = line.split("|");
        if (parts.length < 4) continue;
        const [t, e] = parts, c = parts[parts.length - 1], q = parts.slice(2, -1).join("|");
        if (q) lockQueries[q] = (lockQueries[q] || 0) + Number(c);
        counts[`${t}:${e}`] = (counts[`${t}:${e}`] || 0) + Number(c);
        busy += Number(c);
      }
      const top = Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 5)
        .map(([k, v]) => ({ wait: k, pct: Math.round((v / Math.max(1, busy)) * 100) }));
      const lockTop = Object.entries(lockQueries).sort((a, b) => b[1] - a[1]).slice(0, 3)
        .map(([q, v]) => ({ query: q, pct_of_active: Math.round((v / Math.max(1, busy)) * 100) }));
      row.deliveries.pg_waits = { samples, mean_active_backends: +(busy / Math.max(1, samples)).toFixed(2), top, lock_waiting_statements: lockTop };
    }
  }
  rows.push(row);
}
const by = (c) => rows.find((r) => r.config === c);
const ratio = (a, b, f) => (by(a) && by(b) && f(by(a)) && f(by(b)) ? +(f(by(a)) / f(by(b))).toFixed(2) : null);
const rps = (r) => r.read.rps, dps = (r) => r.deliveries?.sustained_per_s;
const factors = {
  "pg-2 / pg-1": { reads: ratio("pg-2", "pg-1", rps), deliveries: ratio("pg-2", "pg-1", dps) },
  "pg-3 / pg-1": { reads: ratio("pg-3", "pg-1", rps), deliveries: ratio("pg-3", "pg-1", dps) },
  "pg-1 / sqlite-1": { reads: ratio("pg-1", "sqlite-1", rps), deliveries: ratio("pg-1", "sqlite-1", dps) },
};
const valid = rows.every((r) => r.read.valid && (!r.deliveries || r.deliveries.valid));
const ncpu = os.cpus().length;
const f = (v, w, d = 0) => (v === null || v === undefined ? "-" : Number(v).toFixed(d)).padStart(w);
const out = [];
out.push("");
out.push(`== PostgreSQL scaling: GET ${M.endpoint} uncached (--response-cache-ms 0), wrk ${M.connections} conns x ${M.duration_s}s, ` +
  `all through nginx (${M.nginx_workers} workers); deliveries: fan-out 10, ${M.sustain_flights} approvals, ${M.sustain_workers} approve loops ==`);
out.push(`${"config".padEnd(10)}${"pilots req/s".padStart(13)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}${"errors".padStart(7)}` +
  `${"us CPU/req".padStart(11)}${"deliveries/s".padStart(13)}${"approvals/s".padStart(12)}${"drain s".padStart(8)}${"missing".padStart(8)}   read CPU, cores: gaflight/postgres/nginx/wrk/other (machine busy)`);
for (const r of rows) {
  const c = r.read.cpu.cores;
  out.push(`${r.config.padEnd(10)}${f(r.read.rps, 13)}${f(r.read.p50_ms, 8, 2)}${f(r.read.p99_ms, 8, 2)}${f(r.read.errors, 7)}` +
    `${f(r.read.server_cpu_us_per_req, 11)}${f(r.deliveries?.sustained_per_s, 13)}${f(r.deliveries?.approvals_per_s, 12, 1)}${f(r.deliveries?.drain_after_last_approve_s, 8, 2)}${f(r.deliveries?.missing, 8)}   ` +
    `${c.gaflight.toFixed(2)}/${c.postgres.toFixed(2)}/${c.nginx.toFixed(2)}/${c.wrk.toFixed(2)}/${c.other.toFixed(2)} (${r.read.cpu.machine_busy_pct}% of ${ncpu})`);
}
out.push("");
out.push("scaling factors            reads   deliveries");
for (const [k, v] of Object.entries(factors)) out.push(`${k.padEnd(24)}${f(v.reads, 8, 2)}${f(v.deliveries, 13, 2)}`);
out.push("");
// The bottleneck, as measured: how busy the machine was and who used the CPU during the reads.
const bottleneck = [];
for (const r of rows) {
  const s = r.read.cpu.share_pct, c = r.read.cpu.cores;
  const top = Object.entries(c).sort((a, b) => b[1] - a[1]);
  const saturated = r.read.cpu.machine_busy_pct >= 90;
  bottleneck.push(`${r.config}: machine ${r.read.cpu.machine_busy_pct}% busy (${r.read.cpu.machine_busy_cores} of ${ncpu} cores)` +
    `${saturated ? ", CPU-bound" : ""}; shares: ` + top.map(([k, v]) => `${k} ${v.toFixed(2)} (${s[k]}%)`).join(", "));
}
out.push("read-phase CPU (the bottleneck, measured from /proc over the steady window):");
for (const b of bottleneck) out.push("  " + b);
const pg = rows.filter((r) => r.db === "postgresql");
if (pg.length) {
  const sat = pg.filter((r) => r.read.cpu.machine_busy_pct >= 90).length;
  const meanShare = (k) => Math.round(pg.reduce((a, r) => a + r.read.cpu.share_pct[k], 0) / pg.length);
  out.push(`  => PostgreSQL rows: ${sat}/${pg.length} with the machine >= 90% busy; mean shares gaflight ${meanShare("gaflight")}%, ` +
    `postgres ${meanShare("postgres")}%, nginx ${meanShare("nginx")}%, wrk ${meanShare("wrk")}%, other ${meanShare("other")}%. ` +
    `Nodes, PostgreSQL, nginx and wrk share the same ${ncpu} cores: adding nodes adds no CPU, so no speed-up is expected here.`);
}
out.push("columns: us CPU/req = (gaflight + postgres cores) / req/s during the reads; deliveries/s = delivery_bench.sh's steady-window rate " +
  "(fan-out 10); approvals/s = the closed-loop approve rate that offers them; drain s = last delivery after the last approve " +
  "(about 0: the engine keeps up with what approvals offer, so deliveries/s measures the approve path)");
const waits = rows.filter((r) => r.deliveries?.pg_waits);
if (waits.length) {
  out.push("delivery runs, PostgreSQL backends of the run's database by wait event (pg_stat_activity, 4 samples/s, whole run):");
  for (const r of waits) {
    const w = r.deliveries.pg_waits;
    out.push(`  ${r.config}: ${w.mean_active_backends} active on average; ` + w.top.map((x) => `${x.wait} ${x.pct}%`).join(", ") +
      `; approve p50/p99 ${r.deliveries.approve_p50_ms}/${r.deliveries.approve_p99_ms} ms`);
    for (const l of w.lock_waiting_statements) out.push(`      waiting on a lock (${l.pct_of_active}% of active): ${l.query}`);
  }
}
out.push(`deliveries: server CPU in the JSON is summed over the nodes (delivery_bench.sh NODES); postgres and nginx count as "other" there.`);
out.push(`note: ${M.pg_note}`);
out.push(`note: host load ${M.load_start} (1-min) at the start, ${M.load_end} at the end on ${ncpu} cores; other work (test suites) ` +
  `was running on this machine at the same time: treat the figures as rough`);
if (!valid) {
  out.push("RESULT: INVALID:");
  for (const r of rows) {
    if (!r.read.valid) out.push(`  - ${r.config} reads: ${r.read.non_2xx} non-2xx, ${r.read.socket_errors} socket errors`);
    if (r.deliveries && !r.deliveries.valid) out.push(`  - ${r.config} deliveries: ${r.deliveries.error || "missing " + r.deliveries.missing + ", approve errors " + r.deliveries.approve_errors + " (" + r.deliveries.invalid_phases.join(", ") + ")"}`);
  }
} else out.push("RESULT: valid");
out.push(`JSON: ${outJson}`);
console.log(out.join("\n"));
fs.writeFileSync(outJson, JSON.stringify({
  bench: "pg_scaling", generated_at: new Date().toISOString(), valid, meta: M,
  host: { cpus: ncpu, cpu_model: os.cpus()[0]?.model, mem_mb: Math.round(os.totalmem() / 2 ** 20), kernel: os.release() },
  rows, scaling_factors: factors, bottleneck, table: out,
}, null, 2) + "\n");
process.exit(valid ? 0 : 2);
JS
META="$(node -e 'const a=process.argv.slice(1);console.log(JSON.stringify({git_rev:a[0],binary:a[1],build_type:a[2],
  endpoint:a[3],duration_s:+a[4],warmup_s:+a[5],connections:+a[6],wrk_threads:+a[7],nginx_workers:+a[8],
  sustain_flights:+a[9],sustain_workers:+a[10],pg_note:a[11],load_start:+a[12],load_end:+a[13],
  serve_flags_reads:"--response-cache-ms 0 --rate-limit 1000000:1000000 --access-log off --trusted-proxy 127.0.0.1",
  nginx_config:"deploy/nginx/gaflight.conf (upstream servers and listen rewritten)"}))' \
  "$GIT_REV" "$BIN" "$BUILD_TYPE" "$API_PATH?$API_QUERY" "$DURATION" "$WARMUP" "$CONNECTIONS" "$WRK_THREADS" \
  "$NGINX_WORKERS" "$SUSTAIN_FLIGHTS" "$SUSTAIN_WORKERS" "$PG_NOTE" "$LOAD_START" "$LOAD_END")"
set +e
node "$TMP/report.mjs" "$TMP" "$CONFIGS" "$OUT_JSON" "$META"
RC=$?
set -e
((RC == 0 || RC == 2)) || die "report generation failed (rc=$RC)"
exit "$RC"
