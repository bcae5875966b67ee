#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang, ASan and UBSan (build-asan/, the build scripts/test-sanitizers.sh asan also uses) and runs each for a
# bounded time from its checked-in seed corpus (copied: the repository's corpus is not modified).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 30 s, every target).
# Prints each target's executions; fails on the first crash, leak or sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
jobs=${GAFLIGHT_BUILD_JOBS:-2}
# shellcheck source=lib/asan_build.sh
. scripts/lib/asan_build.sh
configure_asan_build
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/targets/*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build build-asan -j"$jobs" --target "${targets[@]/#/fuzz_}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1}  # servers live for the whole run
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  work=build-asan/fuzz-run/corpus/$t
  mkdir -p "$work" build-asan/fuzz-run/artifacts
  cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  log=build-asan/fuzz-run/$t.log
  if build-asan/fuzz/fuzz_"$t" "$work" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
      -rss_limit_mb=4096 -artifact_prefix=build-asan/fuzz-run/artifacts/"$t"- >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $t: $runs executions in ${seconds} s, no finding"
  else
    echo "fuzz $t: FINDING (log $log, artifacts build-asan/fuzz-run/artifacts/$t-*)"
    tail -40 "$log"
    status=1
  fi
done
exit $status
