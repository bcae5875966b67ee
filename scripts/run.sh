#!/usr/bin/env bash
# Installs what is missing, builds, creates the demo flight school on first run, and serves
# gaflight on http://127.0.0.1:8080 with the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh gaflight

db="${GAFLIGHT_DB_FILE:-./gaflight.db}"
demo_file="${db}.demo.json"   # the demo's login and key, kept beside the database (mode 0600, git-ignored)
if [[ ! -f "$db" ]]; then
  echo "[run] creating the demo organisation in $db"
  (umask 077 && build/gaflight demo --db "sqlite:$db" --json > "$demo_file")
fi
if [[ -f "$demo_file" ]]; then
  python3 - "$demo_file" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"""
  gaflight demo flight school
  Console:  {d['base_url']}/
  Login:    {d['email']}
  Password: {d['password']}
  Org id:   {d['org_id']}
  API key:  {d['api_key']}
  API docs: {d['base_url']}/docs

  curl {d['base_url']}/api/v1/public/pilots -H "Authorization: Bearer {d['api_key']}" -H "X-Org-Id: {d['org_id']}"
""")
PY
fi
exec build/gaflight serve --db "sqlite:$db" --listen "${GAFLIGHT_LISTEN:-127.0.0.1:8080}"
