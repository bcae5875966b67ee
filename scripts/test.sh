#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test tier through ctest:
# unit, integration (in-process server), functional (the built binary driven by curl, Python
# requests and Node fetch). Ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
bash scripts/build.sh --tests
cd build
ctest --output-on-failure --timeout 1500 "$@"
