#!/usr/bin/env bash
# The public lists of the operational domain against GET /pilots, uncached, in one run.
#
# Starts `gaflight serve` on a fresh demo school with the micro-cache off (every request renders
# from SQLite), then runs wrk against each list in turn and prints requests/s, latency
# percentiles, the body size and each list's rate as a ratio of /pilots?limit=50 (the baseline
# measured in the same run, so the ratios hold when the machine's speed drifts).
#
# Usage: bench/domain_lists.sh        Environment: GAFLIGHT_BIN (default build/gaflight),
#   DURATION=5 (seconds per list), CONNECTIONS=16, ROUNDS=2 (the lists are measured round-robin).
# Loopback only; bounded by DURATION × lists × ROUNDS.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GAFLIGHT_BIN:-$REPO/build/gaflight}"
DURATION="${DURATION:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
ROUNDS="${ROUNDS:-2}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[[ -x "$BIN" ]] || { echo "build first: bash scripts/build.sh" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'kill "$PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$TMP"' EXIT
PORT=$((20000 + RANDOM % 20000))
"$BIN" demo --db "sqlite:$TMP/b.db" --json > "$TMP/demo.json" 2>/dev/null
KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_key"])' "$TMP/demo.json")
ORG=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["org_id"])' "$TMP/demo.json")
"$BIN" serve --db "sqlite:$TMP/b.db" --listen "127.0.0.1:$PORT" --response-cache-ms 0 --rate-limit 1000000:1000000 \
  --access-log off > "$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

PATHS=(/pilots?limit=50 /maintenance/due?limit=16 /maintenance/work-orders?limit=50 /compliance?limit=50
       "/planning/sessions?limit=50" /flights?limit=50 /invoices?limit=50 "/training/signoffs?limit=50"
       "/training-progress?limit=50" /vtr?limit=50 "/finance-summaries?from=2026-01&to=2026-06")
declare -A RATE SIZE P50 P99
for ((round = 1; round <= ROUNDS; round++)); do
  for p in "${PATHS[@]}"; do
    url="http://127.0.0.1:$PORT/api/v1/public$p"
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $KEY" -H "X-Org-Id: $ORG" "$url")
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers for $p" >&2; echo "$out" >&2; exit 2; fi
    r=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    RATE[$p]="${RATE[$p]:-} $r"
    P50[$p]=$(awk '$1=="50%" {print $2}' <<<"$out"); P99[$p]=$(awk '$1=="99%" {print $2}' <<<"$out")
    SIZE[$p]=$(curl -fsS -H "Authorization: Bearer $KEY" -H "X-Org-Id: $ORG" "$url" | wc -c)
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
base=$(median <<<"${RATE[/pilots?limit=50]}")
printf '%-36s %10s %8s %9s %9s %7s\n' list "req/s" bytes p50 p99 "÷pilots"
for p in "${PATHS[@]}"; do
  m=$(median <<<"${RATE[$p]}")
  printf '%-36s %10.0f %8s %9s %9s %7s\n' "$p" "$m" "${SIZE[$p]}" "${P50[$p]}" "${P99[$p]}" \
    "$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
done
echo "rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$PID/status) (server peak RSS)"
