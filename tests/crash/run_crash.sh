#!/usr/bin/env bash
# Runs the webhook crash test (tests/crash/crash_test.py) against a gaflight binary.
#   tests/crash/run_crash.sh BIN [extra crash_test.py options, e.g. --seed 42 --keep-tmp] (given to both runs)
# Uses Debian's /usr/bin/python3 when present (stdlib only), else python3 from PATH.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 ]]; then
  echo "usage: $0 BIN [crash_test.py options]" >&2
  exit 2
fi
BIN="$1"; shift
[[ -x "$BIN" ]] || { echo "not an executable: $BIN" >&2; exit 2; }
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY="$(command -v python3)" || { echo "python3 is required" >&2; exit 2; }
# Each run bounds itself (--max-seconds, default 270 s); timeout is a second net (< 5 min each).
# First one server killed twice; then three servers over the same database behind nginx
# (deploy/nginx/gaflight.conf), the second one killed twice while the others keep serving.
timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" "$@"
timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" --nodes 3 --flights 600 "$@"
