#!/usr/bin/env bash
# Soak: MINUTES (default 30) of moderate mixed load on one server, its RSS sampled every 10 s.
#
#   bench/soak.sh [MINUTES]          (or MINUTES=3 bench/soak.sh)
#
# Builds nothing: the binary is $GAFLIGHT_BIN, else build/gaflight. Runs a fresh demo school in a
# temp dir, `gaflight serve --allow-private-webhook-targets` on a free loopback port and a loopback
# webhook receiver, then drives public reads, console writes and webhook deliveries
# (bench/soak_driver.py). Writes bench/results/soak-<UTC timestamp>.csv (git-ignored) and prints the
# RSS summary. Exit 0: measured; 1: setup failed; 2: measured but INVALID (errors, or the server died).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
MINUTES="${1:-${MINUTES:-30}}"
BIN="${GAFLIGHT_BIN:-$REPO/build/gaflight}"
[[ "$MINUTES" =~ ^[0-9]+$ ]] && ((MINUTES >= 1)) || { echo "MINUTES must be a whole number >= 1" >&2; exit 1; }
[[ -x "$BIN" ]] || { echo "no binary at $BIN: build first (bash scripts/build.sh) or set GAFLIGHT_BIN" >&2; exit 1; }
PY=python3
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import requests' 2>/dev/null; then PY=/usr/bin/python3; fi
exec "$PY" "$REPO/bench/soak_driver.py" "$(realpath "$BIN")" "$MINUTES" "${RESULTS_DIR:-$REPO/bench/results}"
