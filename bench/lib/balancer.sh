# shellcheck shell=bash
# nginx in front of N gaflight nodes, for the benches (sourced by bench/pg_scaling.sh and
# bench/webhooks/delivery_bench.sh). It runs deploy/nginx/gaflight.conf as written, rewriting only
# the upstream `server` lines and the `listen` line (as tests/crash/crash_test.py does), so the bench
# measures the balancer configuration we ship. Throwaway prefix in a temp dir: never the system
# nginx, never port 80.
#
#   balancer_start DIR LISTEN_PORT WORKERS PORT...   writes DIR/nginx.conf, starts nginx in the
#                                                    background, sets BALANCER_PID; 1 on failure
#   balancer_stop                                    stops it (TERM, then KILL after 5 s, workers too)
#   children_of PID                                  direct children of a pid, via /proc (no procps)
BALANCER_PID=""
BALANCER_CONF_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/nginx/gaflight.conf"

balancer_start() {
  local dir="$1" port="$2" workers="$3" site
  shift 3
  export PATH="$PATH:/usr/sbin:/sbin"  # nginx lives in /usr/sbin on Debian
  command -v nginx >/dev/null || { echo "balancer: nginx not installed" >&2; return 1; }
  mkdir -p "$dir/nginx-tmp"
  # Same regexes as crash_test.py: exactly one upstream server list and one listen line, or refuse.
  site="$(node -e '
    const fs = require("fs");
    const [src, port, ...ports] = process.argv.slice(1);
    let s = fs.readFileSync(src, "utf8"), nUp = 0, nListen = 0;
    const servers = ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;\n`).join("");
    s = s.replace(/^    server 127\.0\.0\.1:\d+ [^\n]*\n(?:    server [^\n]*\n)*/gm, () => (nUp++, servers));
    s = s.replace(/^    listen 127\.0\.0\.1:\d+;/gm, () => (nListen++, `    listen 127.0.0.1:${port};`));
    if (nUp !== 1 || nListen !== 1) { console.error(`${src}: expected one upstream server list and one listen line`); process.exit(1); }
    process.stdout.write(s);
  ' "$BALANCER_CONF_SRC" "$port" "$@")" || return 1
  cat >"$dir/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-tmp/body;
  proxy_temp_path $dir/nginx-tmp/proxy;
  fastcgi_temp_path $dir/nginx-tmp/fastcgi;
  uwsgi_temp_path $dir/nginx-tmp/uwsgi;
  scgi_temp_path $dir/nginx-tmp/scgi;
$site
}
CONF
  if ((EUID == 0)); then
    # A root master's workers run as nobody: they need to traverse DIR (and its parent, the bench's
    # own mktemp dir, 0700 by default) and write their temp paths.
    chmod 0711 "$dir" "$(dirname "$dir")"
    mkdir -p "$dir"/nginx-tmp/{body,proxy,fastcgi,uwsgi,scgi}
    chown -R nobody "$dir/nginx-tmp" 2>/dev/null || true
  fi
  nginx -p "$dir/" -c "$dir/nginx.conf" -t >"$dir/nginx-test.log" 2>&1 || { cat "$dir/nginx-test.log" >&2; return 1; }
  nginx -p "$dir/" -c "$dir/nginx.conf" >"$dir/nginx.out" 2>&1 &
  BALANCER_PID=$!
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$BALANCER_PID" 2>/dev/null || break
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz" || true)" == 200 ]] && return 0
    sleep 0.1
  done
  cat "$dir/nginx-error.log" "$dir/nginx.out" >&2 2>/dev/null || true
  echo "balancer: nginx did not answer /readyz on 127.0.0.1:$port" >&2
  return 1
}

children_of() {
  local parent="$1" f line
  for f in /proc/[0-9]*/stat; do
    line="$(cat "$f" 2>/dev/null)" || continue
    line="${line##*) }"
    set -- $line
    [[ "${2:-}" == "$parent" ]] && { f="${f#/proc/}"; echo "${f%/stat}"; }
  done
  return 0
}

balancer_stop() {
  local pid="$BALANCER_PID" workers w
  BALANCER_PID=""
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  workers="$(children_of "$pid")"
  kill -TERM "$pid" 2>/dev/null || true  # nginx: TERM = fast shutdown, the master stops its workers
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for w in $workers; do kill -0 "$w" 2>/dev/null && kill -KILL "$w" 2>/dev/null; done
  return 0
}
