#!/usr/bin/env bash
# Built-in TLS as an operator runs it: `serve --tls-cert/--tls-key` with a certificate made by the
# openssl CLI, checked with the curl CLI and `openssl s_client`; SIGHUP swaps the certificate.
# Usage: tls.sh GAFLIGHT_BIN DB (a SQLite file, or a database URL: sqlite:PATH, postgres://…).
# Loopback only.
set -uo pipefail
BIN=$1
case "$2" in
  sqlite:* | postgres://* | postgresql://*) DB_URL=$2 ;;
  *) DB_URL="sqlite:$2" ;;
esac
work=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$work"' EXIT

passed=0
failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$work/last.out" 2>&1; then passed=$((passed + 1)); echo "PASS  $name"
  else failed=$((failed + 1)); echo "FAIL  $name"; sed 's/^/      /' "$work/last.out" | tail -8; fi
}
makecert() {  # makecert NAME → $work/NAME.pem, $work/NAME.key
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=$1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/$1.key" -out "$work/$1.pem" 2>/dev/null
}
makecert first
makecert second
cp "$work/first.pem" "$work/cert.pem"
cp "$work/first.key" "$work/key.pem"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --db "$DB_URL" --listen "127.0.0.1:$PORT" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
  >"$work/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null --cacert "$work/first.pem" "https://127.0.0.1:$PORT/readyz" && break
  sleep 0.2
done

https() { curl -s -S --max-time 5 --cacert "$1" -D "$work/headers" -o "$work/body" "https://127.0.0.1:$PORT$2"; }
check "curl: https /healthz 200 with a verified certificate" https "$work/first.pem" /healthz
check "HSTS on the response" grep -qi '^strict-transport-security: max-age=63072000; includeSubDomains' "$work/headers"
check "HSTS on a console API error response" bash -c \
  "curl -s --cacert '$work/first.pem' -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
   -d '{\"email\":\"nobody@example.org\",\"password\":\"x\"}' https://127.0.0.1:$PORT/api/v1/console/session \
   | grep -qi 'strict-transport-security'"
check "openssl s_client: TLS 1.3 accepted" bash -c \
  "openssl s_client -connect 127.0.0.1:$PORT -tls1_3 -CAfile '$work/first.pem' </dev/null 2>&1 | grep -qE '(New, |Protocol *: )TLSv1[.]3'"
check "openssl s_client: TLS 1.2 accepted" bash -c \
  "openssl s_client -connect 127.0.0.1:$PORT -tls1_2 -CAfile '$work/first.pem' </dev/null 2>&1 | grep -qE '(New, |Protocol *: )TLSv1[.]2'"
# The client's own floor is lowered (SECLEVEL=0) so the refusal is the server's.
check "openssl s_client: TLS 1.1 refused" bash -c \
  "openssl s_client -connect 127.0.0.1:$PORT -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null 2>&1 \
   | tee /dev/stderr | grep -q 'alert protocol version'"
check "plain HTTP on the TLS port is not served" bash -c "! curl -s --max-time 5 -o /dev/null http://127.0.0.1:$PORT/healthz"

cp "$work/second.pem" "$work/cert.pem"
cp "$work/second.key" "$work/key.pem"
kill -HUP "$PID"
for _ in $(seq 1 50); do grep -q 'TLS certificate reloaded' "$work/server.log" && break; sleep 0.1; done
check "SIGHUP: the new certificate is served" https "$work/second.pem" /healthz
check "SIGHUP: the old certificate is gone" bash -c "! curl -s --max-time 5 --cacert '$work/first.pem' -o /dev/null https://127.0.0.1:$PORT/healthz"
check "server still running after reload" kill -0 "$PID"

kill -TERM "$PID"
wait "$PID"
rc=$?
PID=""
check "exits 0 on SIGTERM" test "$rc" = 0
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
