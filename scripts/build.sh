#!/usr/bin/env bash
# Configures and builds gaflight (Release) into build/. Usage: scripts/build.sh [--tests] [targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
tests=OFF
if [[ "${1:-}" == "--tests" ]]; then tests=ON; shift; fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DGAFLIGHT_BUILD_TESTS=$tests >/dev/null
else
  cmake -S . -B build -DGAFLIGHT_BUILD_TESTS=$tests >/dev/null
fi
cmake --build build -j2 ${1:+--target "$@"}
