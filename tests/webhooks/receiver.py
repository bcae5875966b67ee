#!/usr/bin/env python3
"""A gaflight webhook receiver in the Python standard library (SPEC §5), used by webhooks_test.py.

It verifies EVERY delivery it gets, the way a partner would:
  - X-GA-Webhook-Signature (and, during a rotation, -Primary / -Secondary) against
    "sha256=" + hmac.new(secret.encode("utf-8"), raw, hashlib.sha256).hexdigest(), compared with
    hmac.compare_digest, for each configured secret;
  - the Standard Webhooks headers: v1,<base64 HMAC-SHA256(key = base64-decoded part after "whsec_",
    message = webhook-id + "." + webhook-timestamp + "." + body)>, any of the space-separated
    signatures, timestamp within 5 minutes;
  - json.loads of the body.
A delivery is answered 200 only when both schemes verified and the body parsed (unless a failure was
requested); otherwise 401, as a real receiver would.

Usage: receiver.py [PORT]   (0 or absent: any free port) → prints {"port": N} once listening on
127.0.0.1.  Secrets: env WEBHOOK_SECRETS (JSON array or comma-separated) or WEBHOOK_SECRET, or:
  POST /__control {secrets?, fail_next?, status?, location?, delay_ms?, reject_unverified?, clear?}
  GET  /__deliveries → {port, connections, foreign_connections, in_flight, max_in_flight, deliveries}
       (foreign_connections: TCP connections that never carried a /__control or /__deliveries request)
(same record format as receiver.mjs).
"""
import base64
import binascii
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIG_HEADERS = ("x-ga-webhook-signature", "x-ga-webhook-signature-primary", "x-ga-webhook-signature-secondary")
TOLERANCE_S = 5 * 60


def parse_secrets(text):
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("["):
        return [str(s) for s in json.loads(text)]
    return [s.strip() for s in text.split(",") if s.strip()]


LOCK = threading.Lock()
STATE = {
    "secrets": parse_secrets(os.environ.get("WEBHOOK_SECRETS") or os.environ.get("WEBHOOK_SECRET") or ""),
    "fail_next": 0,
    "status": 500,
    "location": "/redirected",
    "delay_ms": 0,
    "reject_unverified": True,
    "deliveries": [],
    "connections": 0,
    "control_connections": 0,
    "in_flight": 0,
    "max_in_flight": 0,
    "seq": 0,
}


def ga_signature(secret, raw):
    return "sha256=" + hmac.new(secret.encode("utf-8"), raw, hashlib.sha256).hexdigest()


def standard_verify(secret, raw, headers):
    """Standard Webhooks 1.0 verification; returns None when it verifies, else the reason."""
    msg_id = headers.get("webhook-id")
    ts = headers.get("webhook-timestamp")
    sigs = headers.get("webhook-signature")
    if not msg_id or not ts or not sigs:
        return "missing webhook-id / webhook-timestamp / webhook-signature"
    try:
        ts_int = int(ts)
    except ValueError:
        return "webhook-timestamp is not an integer"
    now = int(time.time())
    if now - ts_int > TOLERANCE_S:
        return "webhook-timestamp too old"
    if ts_int > now + TOLERANCE_S:
        return "webhook-timestamp too new"
    if not secret.startswith("whsec_"):
        return "secret lacks whsec_ prefix"
    try:
        key = base64.b64decode(secret[len("whsec_"):], validate=True)
    except (binascii.Error, ValueError):
        return "secret is not base64"
    expected = base64.b64encode(
        hmac.new(key, msg_id.encode("utf-8") + b"." + ts.encode("utf-8") + b"." + raw, hashlib.sha256).digest()
    ).decode("ascii")
    for versioned in sigs.split(" "):
        version, _, sig = versioned.partition(",")
        if version == "v1" and hmac.compare_digest(sig.encode("ascii", "replace"), expected.encode("ascii")):
            return None
    return "no matching v1 signature"


def verify(raw, headers, secrets):
    errors = []
    hmac_matches = {}
    for h in SIG_HEADERS:
        got = headers.get(h)
        if got is None:
            continue
        hmac_matches[h] = [i for i, s in enumerate(secrets)
                           if hmac.compare_digest(ga_signature(s, raw).encode("utf-8"), got.encode("utf-8", "replace"))]
    hmac_ok = bool(hmac_matches.get("x-ga-webhook-signature")) or bool(hmac_matches.get("x-ga-webhook-signature-secondary"))
    if not hmac_ok:
        errors.append("no configured secret matches X-GA-Webhook-Signature(-Secondary)")
    standard_matches = []
    for i, s in enumerate(secrets):
        why = standard_verify(s, raw, headers)
        if why is None:
            standard_matches.append(i)
        else:
            errors.append("standard webhooks with secret #%d: %s" % (i, why))
    json_ok = False
    try:
        json_ok = isinstance(json.loads(raw.decode("utf-8")), dict)
    except (ValueError, UnicodeDecodeError) as e:
        errors.append("body is not JSON: %s" % e)
    return hmac_ok, bool(standard_matches), json_ok, hmac_matches, standard_matches, errors


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def get_request(self):
        conn = super().get_request()
        with LOCK:
            STATE["connections"] += 1
        return conn


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "receiver.py"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _send(self, status, body, ctype="application/json", extra=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _raw_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _mark_control(self):
        if not getattr(self, "_is_control", False):  # one handler instance per connection
            self._is_control = True
            with LOCK:
                STATE["control_connections"] += 1

    def do_GET(self):
        if self.path.split("?")[0] == "/__deliveries":
            self._mark_control()
            with LOCK:
                out = json.dumps({"port": self.server.server_address[1], "connections": STATE["connections"],
                                  "foreign_connections": STATE["connections"] - STATE["control_connections"],
                                  "in_flight": STATE["in_flight"], "max_in_flight": STATE["max_in_flight"],
                                  "deliveries": STATE["deliveries"]})
            self._send(200, out)
        else:
            self._send(404, '{"error":"not found"}')

    def do_POST(self):
        raw = self._raw_body()
        if self.path.split("?")[0] == "/__control":
            self._mark_control()
            return self._control(raw)
        self._deliver(raw)

    def _control(self, raw):
        try:
            c = json.loads(raw.decode("utf-8") or "{}")
        except ValueError:
            return self._send(400, '{"error":"bad json"}')
        with LOCK:
            if isinstance(c.get("secrets"), list):
                STATE["secrets"] = [str(s) for s in c["secrets"]]
            for k in ("fail_next", "status", "delay_ms"):
                if isinstance(c.get(k), int) and not isinstance(c.get(k), bool):
                    STATE[k] = c[k]
            if isinstance(c.get("location"), str):
                STATE["location"] = c["location"]
            if isinstance(c.get("reject_unverified"), bool):
                STATE["reject_unverified"] = c["reject_unverified"]
            if c.get("clear"):
                STATE["deliveries"] = []
                STATE["max_in_flight"] = STATE["in_flight"]
            out = json.dumps({"ok": True, "secrets": len(STATE["secrets"]), "fail_next": STATE["fail_next"],
                              "delay_ms": STATE["delay_ms"]})
        self._send(200, out)

    def _deliver(self, raw):
        received_at = int(time.time() * 1000)
        headers = {k.lower(): v for k, v in self.headers.items()}
        with LOCK:
            STATE["in_flight"] += 1
            STATE["max_in_flight"] = max(STATE["max_in_flight"], STATE["in_flight"])
            secrets = list(STATE["secrets"])
        try:
            hmac_ok, std_ok, json_ok, hmac_matches, std_matches, errors = verify(raw, headers, secrets)
            all_ok = hmac_ok and std_ok and json_ok
            status, text, extra = 200, "ok", {}
            with LOCK:
                if STATE["fail_next"] > 0:
                    STATE["fail_next"] -= 1
                    status = STATE["status"]
                    text = "failing on purpose with %d" % status
                    if 300 <= status < 400:
                        extra["Location"] = STATE["location"]
                elif not all_ok and STATE["reject_unverified"]:
                    status = 401
                    text = "signature verification failed: " + "; ".join(errors)
                STATE["seq"] += 1
                STATE["deliveries"].append({
                    "seq": STATE["seq"], "method": self.command, "path": self.path, "headers": headers,
                    "body": raw.decode("utf-8", "replace"), "body_sha256": hashlib.sha256(raw).hexdigest(),
                    "received_at_ms": received_at, "answered_status": status,
                    "verified": {"hmac": hmac_ok, "standard": std_ok, "json": json_ok, "all": all_ok},
                    "hmac_matches": hmac_matches, "standard_matches": std_matches,
                    "errors": [] if all_ok else errors,
                })
                delay = STATE["delay_ms"]
            if delay > 0:
                time.sleep(delay / 1000.0)
            try:
                self._send(status, text, "text/plain", extra)
            except OSError:
                pass  # the sender gave up waiting
        finally:
            with LOCK:
                STATE["in_flight"] -= 1


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    srv = Server(("127.0.0.1", port), Handler)
    print(json.dumps({"port": srv.server_address[1]}), flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
