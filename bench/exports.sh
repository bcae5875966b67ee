#!/usr/bin/env bash
# Export throughput (SPEC §10.7): NDJSON and CSV of every flight of an organisation with >= N flights,
# downloaded with curl to /dev/null, and the server's RSS around the exports.
#
# Makes the organisation with `gaflight demo --flights N` when the binary has that option; otherwise it
# runs the default demo (5,200 flights) and multiplies its flights in SQLite (copies with suffixed ids,
# same dates, pilots and aircraft: the export reads them like any other row). Starts `gaflight serve`
# (access log off, rate limit out of the way), warms the page cache with one export of each format,
# then times ROUNDS downloads of each. MB/s = bytes / 10^6 / curl's time_total; MB/cpu s = bytes / 10^6
# / the server's CPU time for that export (user + system, /proc/PID/stat). RSS: VmHWM (peak) before
# the first export and after the last, and VmRSS sampled every 50 ms during the timed exports.
#
# Usage: bench/exports.sh        Environment: GAFLIGHT_BIN (default build/gaflight), FLIGHTS=100000,
#   ROUNDS=3. Loopback only; a few minutes at most (the SQLite copy of 100k rows takes seconds).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GAFLIGHT_BIN:-$REPO/build/gaflight}"
FLIGHTS="${FLIGHTS:-100000}"
ROUNDS="${ROUNDS:-3}"
[[ -x "$BIN" ]] || { echo "build first: bash scripts/build.sh" >&2; exit 1; }

TMP="$(mktemp -d)"
PID=""
SAMPLER=""
cleanup() {
  [[ -n "$SAMPLER" ]] && kill "$SAMPLER" 2>/dev/null || true
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
PORT=$((20000 + RANDOM % 20000))
DB="$TMP/b.db"

if "$BIN" demo --help 2>&1 | grep -q -- '--flights'; then
  echo "demo: gaflight demo --flights $FLIGHTS"
  "$BIN" demo --db "sqlite:$DB" --json --flights "$FLIGHTS" > "$TMP/demo.json" 2>/dev/null
else
  echo "demo: gaflight demo (no --flights in this binary) + SQLite copies of its flights up to $FLIGHTS"
  "$BIN" demo --db "sqlite:$DB" --json > "$TMP/demo.json" 2>/dev/null
  python3 - "$DB" "$FLIGHTS" <<'PY'
import sqlite3, sys
db, target = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
cols = [r[1] for r in c.execute("PRAGMA table_info(flights)")]
base = c.execute("SELECT count(*) FROM flights").fetchone()[0]
rest = ", ".join(cols[1:])
copy = 1
while c.execute("SELECT count(*) FROM flights").fetchone()[0] < target:
    c.execute(f"INSERT INTO flights(id, {rest}) SELECT id || '_c{copy}', {rest} FROM flights "
              f"WHERE id NOT LIKE '%\\_c%' ESCAPE '\\'")
    copy += 1
c.commit()
print("flights: %d (demo %d × %d)" % (c.execute("SELECT count(*) FROM flights").fetchone()[0], base, copy))
PY
fi
KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_key"])' "$TMP/demo.json")
ORG=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["org_id"])' "$TMP/demo.json")
"$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --rate-limit 1000000:1000000 --access-log off \
  > "$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

URL="http://127.0.0.1:$PORT/api/v1/public/flights"
export_once() {  # export_once ACCEPT [QUERY] → "bytes seconds server_cpu_seconds"
  local before after
  before=$(cpu_ticks)
  curl -fsS -o /dev/null -w '%{size_download} %{time_total} ' -H "Authorization: Bearer $KEY" \
    -H "X-Org-Id: $ORG" -H "Accept: $1" "$URL${2:-}"
  after=$(cpu_ticks)
  awk -v a="$after" -v b="$before" -v hz="$(getconf CLK_TCK)" 'BEGIN {print (a - b) / hz}'
}
# The server's user + system CPU time so far, in clock ticks: MB per server CPU second does not depend
# on what else shares the cores, unlike wall-clock MB/s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
hwm() { awk '/VmHWM/ {print $2}' "/proc/$PID/status"; }

rss_idle=$(hwm)
export_once application/x-ndjson >/dev/null  # warm the page cache
export_once text/csv >/dev/null
rss_warm=$(hwm)
( while kill -0 "$PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$PID/status"; sleep 0.05; done ) \
  > "$TMP/rss.txt" 2>/dev/null &
SAMPLER=$!
lines=$(curl -fsS -H "Authorization: Bearer $KEY" -H "X-Org-Id: $ORG" -H "Accept: application/x-ndjson" "$URL" | wc -l)
printf '%-34s %12s %8s %8s %9s %13s\n' export bytes seconds "MB/s" "cpu s" "MB/cpu s"
for fmt in application/x-ndjson text/csv; do
  for q in "" "?status=approved"; do
    for ((r = 1; r <= ROUNDS; r++)); do
      read -r bytes secs cpu < <(export_once "$fmt" "$q")
      printf '%-34s %12s %8.3f %8.1f %9.2f %13.1f\n' "$fmt$q" "$bytes" "$secs" \
        "$(awk -v b="$bytes" -v s="$secs" 'BEGIN {print b / 1e6 / s}')" "$cpu" \
        "$(awk -v b="$bytes" -v c="$cpu" 'BEGIN {print (c > 0 ? b / 1e6 / c : 0)}')"
    done
  done
done
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=""
echo "flights exported: $lines"
echo "server VmHWM: idle ${rss_idle} kB, after warm-up exports ${rss_warm} kB, after the timed exports $(hwm) kB"
echo "server VmRSS during the timed exports: min $(sort -n "$TMP/rss.txt" | head -1) kB, max $(sort -n "$TMP/rss.txt" | tail -1) kB ($(wc -l < "$TMP/rss.txt") samples)"
