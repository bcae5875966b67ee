#!/usr/bin/env bash
# Instructions per request of an uncached public list page, counted by callgrind: a figure that does not
# move with the host's load (wall-clock benches on a shared 2-core machine move ±15 %), for comparing
# two builds of the render/query path.
#
# Usage: bench/instructions_per_request.sh [BIN...]      (default: build/gaflight)
#   URL_PATH=/api/v1/public/pilots?limit=50   the page (any public GET)
#   SECONDS_MEASURED=20                       wrk time under callgrind (≈ 1,500–2,500 requests)
# For each binary: a demo school in a temp dir, `gaflight serve --response-cache-ms 0` under
# `valgrind --tool=callgrind` on a free loopback port, counters zeroed after start-up, then
# `wrk -t1 -c4` for SECONDS_MEASURED, then the total user-space instructions ÷ the requests wrk completed.
# Prints one line per binary and, with two, the ratio second/first.
set -euo pipefail
cd "$(dirname "$0")/.."
url_path=${URL_PATH:-/api/v1/public/pilots?limit=50}
seconds=${SECONDS_MEASURED:-20}
bins=("$@")
[[ ${#bins[@]} -gt 0 ]] || bins=(build/gaflight)
for tool in valgrind wrk curl python3; do
  command -v "$tool" >/dev/null || { apt-get install -y valgrind wrk curl python3 >/dev/null; break; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gaflight-ir.XXXXXX")
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

results=()
for bin in "${bins[@]}"; do
  rm -f "$tmp"/demo.db* "$tmp"/callgrind.*
  "$bin" demo --db "sqlite:$tmp/demo.db" --json >"$tmp/demo.json" 2>"$tmp/demo.err"
  read -r key org < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["api_key"], d["org_id"])' "$tmp/demo.json")
  printf 'wrk.headers["Authorization"] = "Bearer %s"\nwrk.headers["X-Org-Id"] = "%s"\n' "$key" "$org" >"$tmp/auth.lua"
  port=$(free_port)
  valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" "$bin" serve --db "sqlite:$tmp/demo.db" \
    --listen "127.0.0.1:$port" --rate-limit 10000000:10000000 --access-log off --response-cache-ms 0 \
    >"$tmp/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break
    sleep 0.5
  done
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H "X-Org-Id: $org" \
    "http://127.0.0.1:$port$url_path")
  [[ "$status" == 200 ]] || { echo "GET $url_path answered $status" >&2; exit 1; }
  callgrind_control -z "$server" >/dev/null 2>&1
  requests=$(timeout $((seconds + 30)) wrk -t1 -c4 -d"${seconds}s" -s "$tmp/auth.lua" "http://127.0.0.1:$port$url_path" |
    awk '/requests in/ {print $1}')
  callgrind_control -d "$server" >/dev/null 2>&1
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
  total=$(callgrind_annotate "$tmp"/callgrind.out.1 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  per=$((total / requests))
  results+=("$per")
  echo "$bin: $requests requests, $per instructions per request ($url_path)"
done
if [[ ${#results[@]} -eq 2 ]]; then
  python3 -c "import sys; a, b = map(int, sys.argv[1:]); print(f'ratio second/first: {b / a:.3f}')" "${results[@]}"
fi
