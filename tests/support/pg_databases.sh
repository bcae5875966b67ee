# Sourced by the suite drivers that also run on PostgreSQL (functional, crash, browser): fresh databases
# in the throwaway server at GAFLIGHT_TEST_PG_URL (scripts/with-postgres.sh), recorded in PG_DBS so that
# the driver's exit trap can drop them with pg_drop_databases.
PG_DBS=()

# pg_require SWITCH → exits 2 with a message when the PostgreSQL run cannot start (SWITCH names the
# driver's environment variable in the message).
pg_require() {
  [[ -n "${GAFLIGHT_TEST_PG_URL:-}" ]] || {
    echo "$1=postgres needs GAFLIGHT_TEST_PG_URL (run under scripts/with-postgres.sh)" >&2; exit 2; }
  command -v psql >/dev/null || { echo "psql not found (apt-get install postgresql-client)" >&2; exit 2; }
}

# pg_new_database NAME → creates NAME (lower case: the URL must name what an unquoted CREATE DATABASE
# makes) and prints its URL. Call it in the driver's own shell (redirect to a file, not $(…)), or
# PG_DBS loses the name and the database outlives the run.
pg_new_database() {
  local base=${GAFLIGHT_TEST_PG_URL%%\?*}
  psql "$GAFLIGHT_TEST_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1" >&2 || return 1
  PG_DBS+=("$1")
  echo "${base%/*}/$1${GAFLIGHT_TEST_PG_URL#"$base"}"
}

pg_drop_databases() {
  local d
  for d in "${PG_DBS[@]}"; do
    psql "$GAFLIGHT_TEST_PG_URL" -X -q -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
}

# No key file sits beside a PostgreSQL database: every process of the run gets this one, as
# docs/deployment.md asks of every node.
pg_export_master_key() {
  GAFLIGHT_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
  export GAFLIGHT_MASTER_KEY
}
