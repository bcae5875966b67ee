#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (Debian's `postgresql` package), never the system one.
#   scripts/pg-test-cluster.sh start      initdb in a new mktemp dir, start on 127.0.0.1 on a free port;
#                                         prints the URL on line 1 and the directory on line 2
#   scripts/pg-test-cluster.sh stop DIR   stop that cluster and remove DIR
# The server runs as an unprivileged user (postgres, or a created gaflight-test user) when called as
# root, as CI is; otherwise as the caller. Auth is `trust`, listening on loopback only: any local
# user can connect while it runs, so it holds test data only. fsync is off: a crash loses it all.
set -euo pipefail

bindir=/usr/lib/postgresql/15/bin
if [[ ! -x "$bindir/initdb" ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "pg-test-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 2
fi

as_owner=()
owner=$(id -un)
if ((EUID == 0)); then
  owner=postgres
  if ! id -u "$owner" >/dev/null 2>&1; then
    owner=gaflight-test
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi
  as_owner=(runuser -u "$owner" --)
fi

stop_cluster() {
  local dir=$1
  # Only ever remove a directory this script created.
  [[ "$dir" == /tmp/gaflight-pg.* && -d "$dir" ]] || { echo "pg-test-cluster: refusing to remove '$dir'" >&2; return 2; }
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/gaflight-pg.XXXXXX)
    chmod 700 "$dir"
    ((EUID == 0)) && chown "$owner": "$dir"
    if ! "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      stop_cluster "$dir"
      exit 1
    fi
    # The port is free when chosen but may be taken before the server binds it: try a few.
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      if "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
        echo "postgresql://postgres@127.0.0.1:$port/postgres"
        echo "$dir"
        exit 0
      fi
    done
    tail -20 "$dir/server.log" >&2 || true
    stop_cluster "$dir"
    echo "pg-test-cluster: the server did not start" >&2
    exit 1
    ;;
  stop)
    stop_cluster "${2:?usage: pg-test-cluster.sh stop DIR}"
    ;;
  *)
    echo "usage: scripts/pg-test-cluster.sh start | stop DIR" >&2
    exit 2
    ;;
esac
