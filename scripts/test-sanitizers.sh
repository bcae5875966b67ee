#!/usr/bin/env bash
# Builds gaflight with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/, clang, shared with
# scripts/fuzz.sh) and with
# ThreadSanitizer (build-tsan/) and runs tests under each: any report fails.
#   asan      every unit and integration test (integration includes postgres_driver, the PostgreSQL
#             driver against a throwaway cluster)
#   tsan      the tests where threads meet: the HTTP server (connections, streaming, TLS, caps, rate
#             limits, login throttle, database faults), the public API over it, the webhook delivery
#             engine (real and fake sender), the change watcher and the SQLite writer's group commit; the rest
#             is single-threaded code and would only double CI time under TSan
#   tsan-all  every unit and integration test under TSan (by hand: ≈ 15 min more)
# Usage: scripts/test-sanitizers.sh [asan|tsan|tsan-all|all]   (default all = asan + tsan).
# scripts/test.sh runs asan and tsan (ctest label robustness).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
jobs=${GAFLIGHT_BUILD_JOBS:-2}

# shellcheck source=lib/asan_build.sh
. scripts/lib/asan_build.sh

run_one() {  # run_one DIR SANITIZERS LABELS [NAME_REGEX]
  local dir=$1 san=$2 labels=$3 names=${4:-.}
  if [ "$dir" = build-asan ]; then
    configure_asan_build
  else
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAFLIGHT_BUILD_TESTS=ON \
      -DGAFLIGHT_SANITIZE="$san" >/dev/null
  fi
  cmake --build "$dir" -j"$jobs" --target unit_tests integration_tests pg_tests gaflight
  (cd "$dir" && ctest -L "$labels" -R "$names" --output-on-failure --timeout 600 -j"$jobs")
}

# ctest names are Suite.Test (gtest_discover_tests).
tsan_suites='^(HttpServer|HttpStreaming|HttpTlsTest|TlsConfig|ConnectionCap|RateLimiter|LoginThrottle|LoginThrottleTest|ConsoleLoginThrottle|DatabaseFaultsTest|PublicApiTest|WebhookEngineTest|DeliveryEngineTest|ChangeWatcherTest|ConcurrentPatchTest|SqliteGroupCommitTest|SqliteWriterTest)[.]'


# halt_on_error: the first report fails the test that caused it. detect_leaks stays on (ASan default).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
case "$which" in
  asan) run_one build-asan "address,undefined" "unit|integration" ;;
  tsan) run_one build-tsan "thread" "unit|integration" "$tsan_suites" ;;
  tsan-all) run_one build-tsan "thread" "unit|integration" ;;
  all)
    run_one build-asan "address,undefined" "unit|integration"
    run_one build-tsan "thread" "unit|integration" "$tsan_suites"
    ;;
  *) echo "usage: $0 [asan|tsan|tsan-all|all]" >&2; exit 2 ;;
esac
