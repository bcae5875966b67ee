#!/usr/bin/env bash
# Fails when C++ sources drift from .clang-format (run `clang-format -i` on the files it names).
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=$(command -v clang-format-14 || command -v clang-format)
git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' | xargs "$fmt" --dry-run --Werror
echo "format ok"
