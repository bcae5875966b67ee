#!/usr/bin/env bash
# Runs clang-tidy with the checked-in .clang-tidy (warnings are errors) over every C++ source under
# src/, in parallel ($GAFLIGHT_BUILD_JOBS, default 2), using BUILD_DIR/compile_commands.json.
# Headers under src/ are checked through the sources that include them.
# Usage: scripts/clang-tidy.sh [BUILD_DIR]   (default build/, configured by scripts/build.sh)
# Prints the findings and the number of files checked; fails on any warning or error.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=${GAFLIGHT_BUILD_JOBS:-2}
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
if [[ ! -f "$build/compile_commands.json" ]]; then
  echo "clang-tidy: $build/compile_commands.json is missing; configure $build first" >&2
  exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# CMake's precompiled header is `-include …/cmake_pch.hxx`; clang would load GCC's cmake_pch.hxx.gch
# beside it and stop ("not a valid precompiled PCH file"). A copy of the header without the .gch keeps
# the same includes for clang.
python3 - "$build/compile_commands.json" "$out" <<'PY'
import json, os, shlex, shutil, sys
src, out = sys.argv[1], sys.argv[2]
db, copies = json.load(open(src)), {}
for entry in db:
    args = entry.pop("arguments", None) or shlex.split(entry["command"])
    for i in range(len(args) - 1):
        if args[i] == "-include" and args[i + 1].endswith("cmake_pch.hxx"):
            pch = args[i + 1]
            if pch not in copies:
                copies[pch] = os.path.join(out, f"pch{len(copies)}", "cmake_pch.hxx")
                os.makedirs(os.path.dirname(copies[pch]))
                shutil.copyfile(pch, copies[pch])
            args[i + 1] = copies[pch]
    entry["arguments"] = args
    entry.pop("command", None)
json.dump(db, open(os.path.join(out, "compile_commands.json"), "w"))
PY
export tidy out

# The database holds GCC's command lines: clang needs Boost.Asio's coroutine support switched on
# (CMakeLists.txt does the same for clang builds) and must not report GCC-only warning flags.
check_one() {
  local log
  log="$out/$(printf '%s' "$1" | tr / _)"
  if "$tidy" -p "$out" --quiet --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 \
    --extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE=1 --extra-arg=-Wno-unknown-warning-option \
    "$1" >"$log.txt" 2>&1; then
    echo ok >"$log.status"
  fi
}
export -f check_one
mapfile -t files < <(git ls-files 'src/*.cpp')
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} bash -c 'check_one "$1"' _ {}

failed=0
for f in "${files[@]}"; do
  log="$out/$(printf '%s' "$f" | tr / _)"
  # Belt and braces: a non-zero exit or any diagnostic line fails the file.
  if [[ ! -f "$log.status" ]] || grep -qE ': (warning|error): ' "$log.txt"; then
    failed=$((failed + 1))
    echo "== $f"
    cat "$log.txt"
  fi
done
echo "clang-tidy: ${#files[@]} files checked, $failed with findings"
((failed == 0))
