#!/usr/bin/env bash
# Runs CMD with GAFLIGHT_TEST_PG_URL pointing at a throwaway PostgreSQL cluster
# (scripts/pg-test-cluster.sh), then stops the cluster and removes its directory, whatever CMD did.
# Usage: scripts/with-postgres.sh CMD [ARGS...]   (exits with CMD's status)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
(($#)) || { echo "usage: scripts/with-postgres.sh CMD [ARGS...]" >&2; exit 2; }
started=$("$here/pg-test-cluster.sh" start)
url=$(sed -n 1p <<<"$started")
dir=$(sed -n 2p <<<"$started")
trap '"$here/pg-test-cluster.sh" stop "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export GAFLIGHT_TEST_PG_URL=$url
rc=0
"$@" || rc=$?
exit "$rc"
