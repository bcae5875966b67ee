#!/usr/bin/python3
"""A table-driven catalogue of malformed requests, sent over raw sockets to 127.0.0.1.

Each row is one request (or raw byte string) and its expectation:
  * a 4xx application/problem+json response whose body carries a `code` (and, where the spec fixes
    them, the exact status and code), with X-Request-Id; or
  * for rows marked close_ok (HTTP parsing itself fails), a clean connection close instead.
Never a 5xx, never a hang (5 s socket deadline).  After every row, GET /healthz must answer 200.

Config (env): BASE_URL (must point at 127.0.0.1), ORG_ID, API_KEY.
Prints one PASS/FAIL line per row and finally exactly "N passed, M failed"; exits 1 on any failure.
"""
import json
import os
import random
import re
import select
import socket
import sys
import time
import urllib.parse
import uuid

BASE_URL = os.environ["BASE_URL"]
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]

_u = urllib.parse.urlsplit(BASE_URL)
HOST = _u.hostname or "127.0.0.1"
PORT = _u.port or 80
if HOST not in ("127.0.0.1", "localhost"):
    sys.exit("bad_input.py only talks to 127.0.0.1; BASE_URL=%s" % BASE_URL)
HOST = "127.0.0.1"
TIMEOUT = 5.0
P = "/api/v1/public"
C = "/api/v1/console"
MiB = 1024 * 1024


# ----------------------------------------------------------------------------- request builders
def build(method="GET", target=P + "/pilots", headers=None, body=b"", auth=True, org=True, host=True,
          version="HTTP/1.1", content_length=True):
    """Builds raw request bytes. headers: list of (name, value) with str or bytes values."""
    lines = [("%s %s %s" % (method, target, version)).encode("latin-1") if isinstance(target, str)
             else method.encode() + b" " + target + b" " + version.encode()]
    if host:
        lines.append(b"Host: 127.0.0.1:%d" % PORT)
    if auth:
        lines.append(b"Authorization: Bearer " + API_KEY.encode())
    if org:
        lines.append(b"X-Org-Id: " + ORG_ID.encode())
    for name, value in headers or []:
        v = value if isinstance(value, bytes) else value.encode("latin-1")
        lines.append(name.encode() + b": " + v)
    if isinstance(body, str):
        body = body.encode()
    if content_length and (body or method in ("POST", "PUT", "PATCH")):
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def login(body, ctype="application/json", extra=None):
    h = [("Content-Type", ctype)] + (extra or [])
    return build("POST", C + "/login", headers=h, body=body, auth=False, org=False)


def chunked(body_chunks, terminate=True):
    out = b""
    for ch in body_chunks:
        out += b"%x\r\n" % len(ch) + ch + b"\r\n"
    if terminate:
        out += b"0\r\n\r\n"
    return out


# ----------------------------------------------------------------------------- the wire
class Outcome:
    def __init__(self):
        self.status = None
        self.headers = {}
        self.body = b""
        self.closed = False      # FIN (or RST) with no (complete) response
        self.reset = False
        self.timed_out = False
        self.partial = b""


def _parse(buf):
    """Returns (status, headers, body, rest) for the first final response in buf, or None if incomplete."""
    while True:
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = buf[:end].decode("latin-1")
        lines = head.split("\r\n")
        m = re.match(r"HTTP/\d(?:\.\d)? (\d{3})", lines[0])
        if not m:
            return ("garbage", {}, buf, b"")
        status = int(m.group(1))
        headers = {}
        for ln in lines[1:]:
            if ":" in ln:
                k, v = ln.split(":", 1)
                headers.setdefault(k.strip().lower(), []).append(v.strip())
        rest = buf[end + 4:]
        if 100 <= status < 200:           # interim (e.g. 100 Continue): skip it
            buf = rest
            continue
        cl = headers.get("content-length")
        if cl is None:
            return None                   # read until close
        n = int(cl[0])
        if len(rest) < n:
            return None
        return (status, headers, rest[:n], rest[n:])


def exchange(data, half_close=True):
    out = Outcome()
    try:
        s = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
    except OSError as e:
        out.closed = True
        out.partial = ("connect failed: %s" % e).encode()
        return out
    deadline = time.monotonic() + TIMEOUT
    try:
        view = memoryview(data)
        off = 0
        while off < len(data):
            r, _, _ = select.select([s], [], [], 0)
            if r:
                break                      # the server answered (or closed) before we finished: stop sending
            try:
                off += s.send(view[off:off + 65536])
            except (BrokenPipeError, ConnectionResetError):
                break
            except socket.timeout:
                break
            if time.monotonic() > deadline:
                break
        if half_close:
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        buf = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                out.timed_out = True
                break
            s.settimeout(remaining)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                out.timed_out = True
                break
            except ConnectionResetError:
                out.reset = True
                break
            if not chunk:
                out.closed = True
                break
            buf += chunk
            if _parse(buf) is not None:
                break
        parsed = _parse(buf)
        if parsed is None and out.closed and buf:
            # no Content-Length: the body runs to the close
            end = buf.find(b"\r\n\r\n")
            if end >= 0:
                parsed = _parse(buf[:end] + b"\r\nContent-Length: %d\r\n\r\n" % len(buf[end + 4:]) + buf[end + 4:])
        if parsed is not None and parsed[0] != "garbage":
            out.status, out.headers, out.body = parsed[0], parsed[1], parsed[2]
            out.closed = out.timed_out = out.reset = False
        else:
            out.partial = buf
    finally:
        s.close()
    return out


def healthz():
    o = exchange(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    return o.status == 200


# ----------------------------------------------------------------------------- evaluation
def evaluate(row, o):
    """Returns (ok, description)."""
    if o.status is None:
        if o.timed_out:
            return False, "HANG: no response and no close within %.0f s (got %r)" % (TIMEOUT, o.partial[:80])
        if o.partial:
            return False, "unparsable/truncated response: %r" % o.partial[:120]
        what = "reset" if o.reset else "close"
        if row.get("close_ok"):
            return True, "connection %s" % what
        return False, "connection %s without a response" % what
    st = o.status
    desc = "%d" % st
    if st >= 500 and st not in row.get("allow_5xx", ()):
        return False, "5xx: %d %r" % (st, o.body[:200])
    ctype = (o.headers.get("content-type") or [""])[0]
    body = None
    try:
        body = json.loads(o.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        pass
    if "custom" in row:
        ok, why = row["custom"](st, o.headers, body)
        return ok, "%s %s" % (desc, why)
    if not (400 <= st < 500) and st not in row.get("allow_5xx", ()):
        return False, "expected a 4xx, got %d %r" % (st, o.body[:200])
    if not ctype.startswith("application/problem+json"):
        return False, "%d with content-type %r (want application/problem+json)" % (st, ctype)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not body["code"]:
        return False, "%d problem body lacks a code: %r" % (st, o.body[:200])
    desc = "%d %s" % (st, body["code"])
    for member in ("type", "title", "status", "detail", "request_id"):
        if member not in body:
            return False, desc + " problem lacks member %r" % member
    if body.get("status") != st:
        return False, desc + " body status %r != HTTP status" % body.get("status")
    if "x-request-id" not in o.headers:
        return False, desc + " no X-Request-Id header"
    if body["code"] in ("unauthenticated", "invalid_api_key") and \
            not (o.headers.get("www-authenticate") or [""])[0].lower().startswith("bearer"):
        return False, desc + " public-API 401 without WWW-Authenticate: Bearer"
    if st == 405 and "allow" not in o.headers:
        return False, desc + " 405 without an Allow header"
    want_status = row.get("status")
    if want_status is not None:
        allowed = want_status if isinstance(want_status, tuple) else (want_status,)
        if st not in allowed:
            return False, desc + " (want status %s)" % "/".join(map(str, allowed))
    want_code = row.get("code")
    if want_code is not None:
        allowed = want_code if isinstance(want_code, tuple) else (want_code,)
        if body["code"] not in allowed:
            return False, desc + " (want code %s)" % "/".join(allowed)
    if "extra" in row:
        ok, why = row["extra"](st, o.headers, body)
        if not ok:
            return False, desc + " " + why
    return True, desc


# ----------------------------------------------------------------------------- custom checks
def empty_or_invalid(st, headers, body):
    """An injection-looking filter value: either rejected (400 invalid_parameter) or matching nothing."""
    if st == 400 and isinstance(body, dict) and body.get("code") == "invalid_parameter":
        return True, "invalid_parameter"
    if st == 200 and isinstance(body, dict) and body.get("data") == [] and body.get("cursor") is None:
        return True, "empty list"
    return False, "want 400 invalid_parameter or an empty list, got %r" % (body if body is not None else "")[:200]


def request_id_not_echoed(bad):
    def f(st, headers, body):
        rid = (headers.get("x-request-id") or [""])[0]
        if rid == bad or len(rid) > 100 or "<" in rid:
            return False, "unsafe X-Request-Id echoed: %r" % rid[:120]
        return True, ""
    return f


def first_id(path):
    """The id of the first object of a public list (for rows that need a real object)."""
    o = exchange(build(target=P + path + "?limit=1"))
    try:
        return json.loads(o.body.decode())["data"][0]["id"]
    except (ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError):
        return "unavailable"


# ----------------------------------------------------------------------------- the catalogue
def rows():
    rnd = random.Random(20240528)
    ip = "invalid_parameter"
    R = []

    def add(name, data, **kw):
        kw["name"], kw["data"] = name, data
        R.append(kw)

    # --- public API list parameters (authenticated, so the parameter is what fails)
    for v in ("99999999999999999999", "-1", "abc", "0", "201", "1.5", "0x10", "%205", "5abc", "1e2", "%2B5",
              "%EF%BC%95"):
        add("limit=%s" % v, build(target=P + "/pilots?limit=" + v), status=400, code=ip)
    add("limit given twice", build(target=P + "/pilots?limit=5&limit=6"), status=400, code=ip)
    add("limit without a value sign", build(target=P + "/pilots?limit"), status=400, code=ip)
    add("unknown parameter foo", build(target=P + "/pilots?foo=bar"), status=400, code=ip)
    add("unknown parameter on /fleet", build(target=P + "/fleet?sort=registration"), status=400, code=ip)
    add("parameter name in upper case", build(target=P + "/pilots?LIMIT=5"), status=400, code=ip)
    add("100 unknown parameters", build(target=P + "/pilots?" + "&".join("p%d=%d" % (i, i) for i in range(100))),
        status=400, code=ip)
    # Rows with `warm` first send that valid request (expected 200) and then the malformed one at
    # once: a response cache keyed on the *parsed* query must not answer for a query that failed
    # to parse.
    pilots_ok = build(target=P + "/pilots")
    add("bad percent escape in query", build(target=P + "/pilots?limit=%zz"), status=400, code=ip, warm=pilots_ok)
    add("truncated percent escape in query", build(target=P + "/pilots?limit=5%"), status=400, code=ip,
        warm=pilots_ok)
    add("%00 in a query value", build(target=P + "/pilots?limit=%00"), status=400, code=ip, warm=pilots_ok)
    add("%00 in a query name", build(target=P + "/fleet?%00=1"), status=400, code=ip, warm=build(target=P + "/fleet"))
    add("%00 inside status", build(target=P + "/flights?status=submitted%00"), status=400, code=ip,
        warm=build(target=P + "/flights"))
    add("valid limit plus a malformed duplicate", build(target=P + "/pilots?limit=5&limit=%zz"), status=400, code=ip,
        warm=build(target=P + "/pilots?limit=5"))
    pid = first_id("/pilots")
    add("malformed query on a detail route", build(target=P + "/pilots/%s?x=%%zz" % pid), status=400, code=ip,
        warm=build(target=P + "/pilots/" + pid))
    add("status=bogus", build(target=P + "/flights?status=bogus"), status=400, code=ip)
    add("status with SQL", build(target=P + "/flights?status=submitted%27%20OR%20%271%27%3D%271"), status=400, code=ip)
    add("status=é (UTF-8)", build(target=P + "/flights?status=%C3%A9"), status=400, code=ip)
    add("status=invalid UTF-8", build(target=P + "/flights?status=%ff%fe"), status=400, code=ip)
    add("from=2024-13-01", build(target=P + "/flights?from=2024-13-01"), status=400, code=ip)
    add("from=2024-02-30", build(target=P + "/flights?from=2024-02-30"), status=400, code=ip)
    add("to=20240101", build(target=P + "/flights?to=20240101"), status=400, code=ip)
    add("from=date-time", build(target=P + "/flights?from=2024-01-01T00:00:00Z"), status=400, code=ip)
    add("to=-0001-01-01", build(target=P + "/flights?to=-0001-01-01"), status=400, code=ip)
    add("updated_since=notadate", build(target=P + "/pilots?updated_since=notadate"), status=400, code=ip)
    add("updated_since=2024-99-99T99:99:99Z", build(target=P + "/fleet?updated_since=2024-99-99T99:99:99Z"),
        status=400, code=ip)
    add("pilot_id with SQL", build(target=P + "/flights?pilot_id=%27%20OR%20%271%27%3D%271"), custom=empty_or_invalid)
    add("aircraft_id of 5000 chars", build(target=P + "/flights?aircraft_id=" + "a" * 5000), custom=empty_or_invalid)
    add("cursor=garbage", build(target=P + "/pilots?cursor=garbage"), status=400, code=ip)
    add("cursor=%00", build(target=P + "/pilots?cursor=%00"), status=400, code=ip, warm=pilots_ok)
    add("cursor of 8000 chars", build(target=P + "/flights?cursor=" + "A" * 8000), status=400, code=ip)
    add("cursor=€", build(target=P + "/fleet?cursor=%E2%82%AC"), status=400, code=ip)

    # --- paths
    add("unknown pilot id", build(target=P + "/pilots/plt_doesnotexist"), status=404, code="not_found")
    add("unknown aircraft id of 5000 chars", build(target=P + "/fleet/acft_" + "x" * 5000), status=(400, 404))
    add("%00 in the path", build(target=P + "/flights/flt_%00"), status=(400, 404))
    add("invalid UTF-8 in the path", build(target=P + "/pilots/%ff%fe"), status=(400, 404))
    add("overlong UTF-8 dots in the path", build(target=P + "/pilots/plt_%C0%AE%C0%AE"), status=(400, 404))
    add("raw UTF-8 bytes in the path", build(target=(P + "/pilots/plt_").encode() + "é€".encode()),
        status=(400, 404), close_ok=True)
    add("path traversal ../../etc/passwd", build(target=P + "/../../etc/passwd"), status=(400, 404))
    add("path traversal %2e%2e", build(target=P + "/%2e%2e/%2e%2e/etc/passwd"), status=(400, 404))
    add("path traversal ..%2f", build(target=P + "/pilots/..%2f..%2f..%2fetc%2fpasswd"), status=(400, 404))
    add("path /pilots/%2e%2e", build(target=P + "/pilots/%2e%2e"), status=(400, 404))
    add("/etc/passwd", build(target="/etc/passwd"), status=404, code="not_found")
    add("unknown public route", build(target=P + "/nope"), status=404, code="not_found")
    add("unknown API version", build(target="/api/v2/public/pilots"), status=404, code="not_found")
    add("backslash traversal", build(target=P + "/..\\..\\etc\\passwd"), status=(400, 404), close_ok=True)

    # --- methods
    for m in ("POST", "PUT", "PATCH", "DELETE", "TRACE"):
        add("%s /pilots" % m, build(m, P + "/pilots"), status=405, code="method_not_allowed")
    add("DELETE /fleet/{id}", build("DELETE", P + "/fleet/acft_x"), status=405, code="method_not_allowed")
    add("unknown method BREW", build("BREW", P + "/pilots"), status=(400, 405))
    add("lower-case method get", build("get", P + "/pilots"), status=(400, 405))
    add("OPTIONS *", build("OPTIONS", "*", auth=False, org=False), status=(400, 404, 405), close_ok=True)
    add("GET /api/v1/console/login", build("GET", C + "/login", auth=False, org=False), status=405,
        code="method_not_allowed")
    add("DELETE /api/v1/console/me", build("DELETE", C + "/me", auth=False, org=False), status=(401, 403, 405))

    # --- authentication and organisation headers
    ah = ("Authorization", "Bearer " + API_KEY)
    add("two identical Authorization headers", build(auth=False, headers=[ah, ah]), status=(400, 401))
    add("two Authorization headers, valid then bogus",
        build(auth=False, headers=[ah, ("Authorization", "Bearer gaf_pk_bogus")]), status=(400, 401))
    add("two Authorization headers, bogus then valid",
        build(auth=False, headers=[("Authorization", "Bearer gaf_pk_bogus"), ah]), status=(400, 401))
    add("two identical X-Org-Id headers", build(org=False, headers=[("X-Org-Id", ORG_ID)] * 2), status=400,
        code="invalid_org_id")
    add("two different X-Org-Id headers",
        build(org=False, headers=[("X-Org-Id", ORG_ID), ("X-Org-Id", str(uuid.uuid4()))]), status=400,
        code="invalid_org_id")
    add("empty X-Org-Id", build(org=False, headers=[("X-Org-Id", "")]), status=400, code="invalid_org_id")
    add("X-Org-Id of 8 KiB", build(org=False, headers=[("X-Org-Id", "a" * 8192)]), status=400, code="invalid_org_id")
    add("X-Org-Id with UTF-8 bytes", build(org=False, headers=[("X-Org-Id", "é".encode() * 18)]), status=400,
        code="invalid_org_id", close_ok=True)
    add("X-Org-Id with SQL", build(org=False, headers=[("X-Org-Id", "' OR 1=1 --")]), status=400, code="invalid_org_id")
    add("no Authorization", build(auth=False), status=401, code="unauthenticated")
    add("Bearer token of 8 KiB", build(auth=False, headers=[("Authorization", "Bearer gaf_pk_" + "A" * 8192)]),
        status=401, code=("unauthenticated", "invalid_api_key"))
    add("Bearer token with UTF-8 bytes",
        build(auth=False, headers=[("Authorization", b"Bearer gaf_pk_" + "ü".encode() * 30)]), status=401,
        code=("unauthenticated", "invalid_api_key"), close_ok=True)
    add("Authorization with a control byte",
        build(auth=False, headers=[("Authorization", b"Bearer gaf_pk_\x01abc")]), status=(400, 401), close_ok=True)
    add("Bearer token with SQL", build(auth=False, headers=[("Authorization", "Bearer gaf_pk_' OR 1=1 --")]),
        status=401, code=("unauthenticated", "invalid_api_key"))
    long_rid = "r" * 1000
    add("X-Request-Id of 1000 chars", build(auth=False, headers=[("X-Request-Id", long_rid)]), status=401,
        extra=request_id_not_echoed(long_rid))
    add("X-Request-Id with markup", build(auth=False, headers=[("X-Request-Id", "<script>x</script>")]), status=401,
        extra=request_id_not_echoed("<script>x</script>"))

    # --- size limits
    add("32 KiB header", build(headers=[("X-Pad", "p" * 32768)]), status=431, code="headers_too_large", close_ok=True)
    add("2000 small headers", build(headers=[("X-H%d" % i, "v" * 8) for i in range(2000)]), status=431,
        code="headers_too_large", close_ok=True)
    add("64 KiB URL", build(target=P + "/pilots?cursor=" + "c" * 65536), status=(400, 414, 431), close_ok=True)
    big = b'{"email":"' + b"a" * (2 * MiB) + b'","password":"x"}'
    add("2 MiB body with Content-Length", login(big), status=413, code="payload_too_large", close_ok=True)
    add("2 MiB chunked body",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")],
              body=chunked([b"a" * 65536] * 32)),
        status=413, code="payload_too_large", close_ok=True)
    add("Content-Length 1 MiB + 1 (body not sent)",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Type", "application/json"), ("Content-Length", str(MiB + 1))]),
        status=413, code="payload_too_large", close_ok=True)
    add("Expect: 100-continue with 2 MiB",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Type", "application/json"), ("Content-Length", str(2 * MiB)),
                       ("Expect", "100-continue")]),
        status=413, code="payload_too_large", close_ok=True)
    add("absurd Content-Length",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Length", "99999999999999999999999")], body=b"{}"),
        status=(400, 413), close_ok=True)
    add("negative Content-Length",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Length", "-1")], body=b"{}"), status=400, close_ok=True)
    add("non-numeric Content-Length",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Length", "abc")], body=b"{}"), status=400, close_ok=True)
    add("two different Content-Length headers",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Type", "application/json"), ("Content-Length", "5"), ("Content-Length", "6")],
              body=b'{"a":1}'), status=400, close_ok=True)
    add("Content-Length and Transfer-Encoding together",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Type", "application/json"), ("Content-Length", "3"),
                       ("Transfer-Encoding", "chunked")], body=chunked([b"{"])),
        close_ok=True)
    add("Content-Length larger than the body sent",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Content-Type", "application/json"), ("Content-Length", "100")], body=b'{"email":'),
        status=(400, 408), close_ok=True)
    add("chunked garbage size",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Transfer-Encoding", "chunked")], body=b"ZZZ\r\nhello\r\n0\r\n\r\n"),
        status=400, close_ok=True)
    add("chunk size overflow",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Transfer-Encoding", "chunked")], body=b"FFFFFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n"),
        status=(400, 413), close_ok=True)
    add("chunked without the last chunk",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Transfer-Encoding", "chunked")], body=chunked([b'{"email":"x"'], terminate=False)),
        status=(400, 408), close_ok=True)
    add("Transfer-Encoding: gzip",
        build("POST", C + "/login", auth=False, org=False, content_length=False,
              headers=[("Transfer-Encoding", "gzip")], body=b"\x1f\x8b\x08\x00"), status=(400, 411, 415),
        close_ok=True)

    # --- not HTTP, or broken HTTP framing
    tls_hello = bytes.fromhex("16030100c4010000c00303") + bytes(rnd.getrandbits(8) for _ in range(190))
    add("TLS ClientHello", tls_hello, close_ok=True)
    add("random binary", bytes(rnd.getrandbits(8) for _ in range(2048)), close_ok=True)
    add("SSH banner", b"SSH-2.0-OpenSSH_9.2\r\n", close_ok=True)
    add("only CRLFs", b"\r\n" * 10, close_ok=True)
    add("empty connection", b"", close_ok=True)
    add("HTTP/9.9", build(auth=False, version="HTTP/9.9"), close_ok=True, allow_5xx=(505,))
    add("HTTP/1.1 without Host", build(auth=False, host=False), status=(400, 401), close_ok=True)
    add("HTTP/1.0 without credentials", build(auth=False, version="HTTP/1.0"), status=401, code="unauthenticated")
    add("HTTP/0.9 style request", b"GET " + P.encode() + b"/pilots\r\n\r\n", close_ok=True)
    add("bare LF line endings", build(auth=False).replace(b"\r\n", b"\n"), status=(400, 401), close_ok=True)
    add("header line without a colon", build(auth=False, headers=[]).replace(b"\r\n\r\n", b"\r\nNoColonHere\r\n\r\n"),
        status=400, close_ok=True)
    add("space in a header name", build(auth=False, headers=[("Bad Header", "x")]), status=400, close_ok=True)
    add("obs-fold continuation line",
        build(auth=False).replace(b"\r\n\r\n", b"\r\nX-Folded: a\r\n  continued\r\n\r\n"), status=(400, 401),
        close_ok=True)
    add("raw NUL in the path", build(target=(P + "/pilots").encode() + b"\x00x"), status=(400, 404), close_ok=True)
    add("raw NUL in a header value", build(headers=[("X-Test", b"a\x00b")]), status=400, close_ok=True)
    add("control byte in the method", build(method="G\x01T"), status=(400, 405), close_ok=True)
    add("double spaces in the request line",
        ("GET  %s/pilots  HTTP/1.1\r\nHost: x\r\n\r\n" % P).encode(), status=(400, 404), close_ok=True)
    add("request line only 'GET'", b"GET\r\n\r\n", close_ok=True)

    # --- console JSON bodies
    for label, body in (("truncated JSON '{'", b"{"), ("empty body", b""), ("JSON array", b"[]"), ("JSON null", b"null"),
                        ("JSON string", b'"a"'), ("trailing garbage", b'{"email":"a@b.c","password":"x"} xyz'),
                        ("single quotes", b"{'email':'a'}"), ("invalid UTF-8", b'{"email":"\xff\xfe","password":"x"}'),
                        ("BOM + garbage", b"\xef\xbb\xbf{,}")):
        add("login with %s" % label, login(body), status=(400, 422), code=("invalid_json", "validation_failed"))
    add("login with wrong JSON types", login(b'{"email":123,"password":[]}'), status=(400, 422))
    add("login without password", login(b'{"email":"nobody@example.invalid"}'), status=(400, 422))
    add("login with 1e999999", login(b'{"email":1e999999,"password":"x"}'), status=(400, 422))
    add("login nested 100000 deep", login(b"[" * 100000 + b"]" * 100000), status=(400, 413, 422))
    add("login nested objects 50000 deep", login(b'{"a":' * 50000 + b"1" + b"}" * 50000), status=(400, 413, 422))
    add("login with NUL escapes", login(b'{"email":"\\u0000@x","password":"\\u0000"}'), status=(400, 401, 422))
    add("login with a lone surrogate", login(b'{"email":"\\ud800@x","password":"x"}'), status=(400, 401, 422))
    add("login with a 900 KB email", login(b'{"email":"' + b"e" * 900_000 + b'","password":"x"}'),
        status=(400, 401, 413, 422))
    add("login with text/plain", login(b"not json", ctype="text/plain"), status=(400, 415, 422))
    add("POST /orgs without a session", build("POST", C + "/orgs", auth=False, org=False,
                                              headers=[("Content-Type", "application/json")],
                                              body=b'{"name":"x","time_zone":"UTC","country":"FR","currency":"EUR"}'),
        status=(401, 403), code=("not_logged_in", "csrf_failed"))
    add("POST /orgs with a forged cookie and token",
        build("POST", C + "/orgs", auth=False, org=False,
              headers=[("Content-Type", "application/json"), ("Cookie", "gaf_session=forged"),
                       ("X-CSRF-Token", "forged")], body=b'{"name":"x"}'),
        status=(401, 403), code=("not_logged_in", "csrf_failed"))
    add("GET /me with a 10 KB cookie", build("GET", C + "/me", auth=False, org=False,
                                             headers=[("Cookie", "gaf_session=" + "k" * 10000)]),
        status=401, code="not_logged_in")
    add("POST apps without a session, bad JSON",
        build("POST", C + "/orgs/%s/apps" % ORG_ID, auth=False, org=False,
              headers=[("Content-Type", "application/json")], body=b"{{{"), status=(400, 401, 403))
    add("console path traversal", build("GET", C + "/orgs/..%2f..%2fme", auth=False, org=False), status=(400, 401, 404))
    return R


def main():
    catalogue = rows()
    passed = failed = 0
    start = time.monotonic()
    if not healthz():
        print("FAIL  server not healthy before the first row (GET /healthz)")
        print("0 passed, 1 failed")
        return 1
    for row in catalogue:
        if time.monotonic() - start > 600:
            print("FAIL  time budget exhausted before %r" % row["name"])
            failed += 1
            break
        warm_ok = True
        if "warm" in row:
            w = exchange(row["warm"])
            warm_ok = w.status == row.get("warm_status", 200)
        o = exchange(row["data"])
        ok, why = evaluate(row, o)
        if not warm_ok:
            ok, why = False, "warm-up request answered %s, not %s; %s" % (w.status, row.get("warm_status", 200), why)
        healthy = healthz()
        if not healthy:
            time.sleep(0.5)
            healthy = healthz()
            why += "; /healthz failed afterwards"
            ok = False
        if ok:
            passed += 1
            print("PASS  %-48s %s" % (row["name"], why))
        else:
            failed += 1
            print("FAIL  %-48s %s" % (row["name"], why))
    # The catalogue must leave the server serving real traffic.
    o = exchange(build(target=P + "/pilots?limit=1"))
    if o.status == 200:
        passed += 1
        print("PASS  %-48s %s" % ("authenticated request after the catalogue", "200"))
    else:
        failed += 1
        print("FAIL  %-48s %s" % ("authenticated request after the catalogue", o.status))
    if len(catalogue) < 50:
        failed += 1
        print("FAIL  catalogue has only %d rows (want >= 50)" % len(catalogue))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
