#!/usr/bin/env bash
# Runs the webhook crash test (tests/crash/crash_test.py) against a gaflight binary.
#   tests/crash/run_crash.sh BIN [extra crash_test.py options, e.g. --seed 42 --keep-tmp]
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
# The test bounds itself (--max-seconds, default 270 s); timeout is a second net (< 5 min).
exec timeout --kill-after=5 290 "$PY" "$HERE/crash_test.py" "$BIN" "$@"
