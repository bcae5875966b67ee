#!/usr/bin/env bash
# List latency at a million flights against today's 5,200 (issue 9): GET /flights?limit=50, page 100 of a
# cursor walk and a filtered month, uncached, on two demo organisations served side by side.
#
# Usage: bench/million.sh
# Environment: GAFLIGHT_BIN (default build/gaflight), SIZES ("5200 1000000"), DURATION (5 s per wrk run),
#   ROUNDS (2), CONNECTIONS (2), REUSE (1: keep /tmp/gaflight-bench-flights-<N>.db between runs; 0 rebuilds),
#   DB_DIR (/tmp). Exit 3 when a goal is missed. Loopback only; each wrk run is capped at DURATION + 30 s.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
export GAFLIGHT_BIN="${GAFLIGHT_BIN:-$REPO/build/gaflight}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[[ -x "$GAFLIGHT_BIN" ]] || { echo "build first: bash scripts/build.sh" >&2; exit 1; }
exec python3 "$REPO/bench/million_driver.py"
