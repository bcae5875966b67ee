#!/usr/bin/env bash
# Installs the Debian packages gaflight needs to build, run and test.
# Idempotent: does nothing (and needs no network) when everything is present.
# Usage: scripts/install-deps.sh [--test]   (--test adds what the tests need: GoogleTest, Node, Python
#   requests, Chromium, clang/clang-format/clang-tidy, nginx (the multi-node crash test's balancer), openssl/jq/unzip,
#   PostgreSQL 15 for the driver tests; the benchmarks install wrk and nginx themselves)
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config git ca-certificates
  libboost-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libargon2-dev libzip-dev libssl-dev libcurl4-openssl-dev libpq-dev python3)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev curl python3 python3-requests nodejs npm sqlite3 chromium clang-format clang-tidy
  openssl jq unzip python3-cryptography libclang-rt-14-dev clang nginx-light postgresql)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine may carry Node outside dpkg (e.g. /usr/bin/node from another source); accept it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "[deps] installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# python3-requests from Debian goes to the system python; if `python3` on PATH is another
# interpreter without requests, tests use /usr/bin/python3 explicitly (see tests/functional).
echo "[deps] ok"
