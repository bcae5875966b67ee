#!/usr/bin/env python3
"""Crash test for the webhook outbox and delivery engine (issue 3, "Crash").

    python3 tests/crash/crash_test.py BIN [--flights 1000] [--workers 4] [--seed N] [--nodes 3]

What it does (loopback only, everything in a temp dir, bounded by --max-seconds):

1. Starts its own webhook receiver (stdlib ThreadingHTTPServer on 127.0.0.1) that checks
   `X-GA-Webhook-Signature` with hmac.compare_digest on every request and records
   (delivery id, event id, type, flight id, body digest, arrival time).
2. `BIN demo --json` into a fresh SQLite database (or the empty database of --db-url, e.g. a
   PostgreSQL one; every process then shares GAFLIGHT_MASTER_KEY), `BIN serve` on a free loopback port,
   console login, one webhook endpoint subscribed to flight.submitted + flight.approved.
3. Submits and approves --flights flights with --workers concurrent workers. While that runs it
   kills the server with SIGKILL twice (after a random number of approvals around 30 % and 65 %),
   restarting it each time on the same database and port. Requests that fail because of a kill
   are retried idempotently: an approve that loses its response is retried (409 followed by a
   GET that shows `approved` counts as done); a submit that loses its response is submitted
   again, and any orphan it may have committed is found afterwards (by the run marker in
   `remarks`) and approved too.
4. Waits (bounded by --drain-timeout) until every event in `GET /api/v1/public/events` has
   reached the receiver, then asserts:
   - every listed flight.approved (and flight.submitted) event was received at least once;
   - every received event id exists in the event log (nothing invented);
   - every approve that answered 200 has exactly one flight.approved event (nothing lost);
   - duplicate receipts of one change share a delivery id or an event id, and one delivery id
     always carries the same event and the same body bytes;
   - every signature verified.

With --nodes N > 1 (issue 10): N servers over the one database, nginx in front with the balancer
config of deploy/nginx/gaflight.conf (only its ports rewritten), every request through the balancer.
The second node is the one killed and restarted; in addition it asserts:
   - the API kept answering through the balancer: a prober reading the public API every 20 ms during
     the whole load got only 200s;
   - no delivery was in flight on two nodes at once: the receiver holds each request for --hold-ms
     and no two receipts of one delivery id overlap in time;
   - a key revoked through node 1 is refused by every other node within 1 s.
Prints counts and `N passed, M failed`; exits 1 on any failure, 2 on a setup error.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LEASE_MS = 11000  # the minimum the server accepts; a killed process's leases expire after this
REVOCATION_BOUND_S = 1.0  # issue 10: a revocation through one node is honoured by every node within this
NGINX_CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "nginx", "gaflight.conf")


def log(msg: str) -> None:
    print(f"[crash {time.strftime('%H:%M:%S')}] {msg}", flush=True)


class SetupError(Exception):
    pass


class TransportError(Exception):
    """The request did not get a complete response (server killed, connection reset, timeout)."""


# ---------------------------------------------------------------------------------------------
# Webhook receiver
# ---------------------------------------------------------------------------------------------
class Receiver:
    def __init__(self, hold_s: float = 0.0) -> None:
        self.secret: bytes | None = None
        self.hold_s = hold_s  # answer this much later, so that a second concurrent sender would overlap
        self.lock = threading.Lock()
        self.records: list[dict] = []
        self.first_seen: dict[str, float] = {}  # event id -> monotonic time of first receipt
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # http.server writes the status line+headers and the body in separate sends; with
                # Nagle on, the second one waits for curl's delayed ACK (~40 ms per delivery).
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                rec = receiver.handle(self.headers, raw)
                if receiver.hold_s:
                    time.sleep(receiver.hold_s)
                out = b"ok"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)
                rec["t_end"] = time.monotonic()

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                # A SIGKILLed gaflight resets its connections mid-request: expected here, not noise.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="receiver", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, headers, raw: bytes) -> None:
        now = time.monotonic()
        sig = headers.get("X-GA-Webhook-Signature") or ""
        secret = self.secret
        if secret is None:
            sig_ok = False
        else:
            expected = "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()
            sig_ok = hmac.compare_digest(expected.encode(), sig.encode())
        rec = {
            "delivery": headers.get("X-GA-Webhook-Delivery") or "",
            "header_type": headers.get("X-GA-Webhook-Event") or "",
            "attempt": headers.get("X-GA-Webhook-Attempt") or "",
            "sig_ok": sig_ok,
            "digest": hashlib.sha256(raw).hexdigest(),
            "t": now,
            "t_end": None,  # set once the answer is written; None = the sender went away first
            "event": None,
            "type": None,
            "object_id": None,
            "parse_error": None,
        }
        try:
            body = json.loads(raw)
            rec["event"] = body.get("id")
            rec["type"] = body.get("type")
            rec["object_id"] = ((body.get("data") or {}).get("object") or {}).get("id")
        except Exception as e:  # recorded and reported as a failure
            rec["parse_error"] = repr(e)
        with self.lock:
            self.records.append(rec)
            if rec["event"] and rec["event"] not in self.first_seen:
                self.first_seen[rec["event"]] = now
        return rec

    def received_events(self) -> set[str]:
        with self.lock:
            return set(self.first_seen)

    def snapshot(self) -> list[dict]:
        with self.lock:
            return list(self.records)


# ---------------------------------------------------------------------------------------------
# Server process
# ---------------------------------------------------------------------------------------------
def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_ready(proc: subprocess.Popen, port: int, timeout: float, what: str, log_path: str) -> None:
    """Polls GET /readyz on loopback `port` until 200; SetupError if `proc` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"{what} exited with {proc.returncode} during start; log {log_path}:\n" + tail(log_path))
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/readyz")
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SetupError(f"{what} not ready within {timeout}s; log {log_path}:\n" + tail(log_path))


def stop_process(proc: subprocess.Popen | None) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Server:
    def __init__(self, binary: str, db: str, port: int, tmp: str, name: str = "serve") -> None:
        self.binary = binary
        self.name = name
        self.db = db  # the database URL
        self.port = port
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.log_paths: list[str] = []

    def args(self) -> list[str]:
        return [self.binary, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}",
                "--allow-private-webhook-targets", "--delivery-lease-ms", str(LEASE_MS),
                "--rate-limit", "100000:100000", "--access-log", "off"]

    def start(self, timeout: float = 30.0) -> float:
        self.starts += 1
        path = os.path.join(self.tmp, f"{self.name}-{self.starts}.log")
        self.log_paths.append(path)
        logf = open(path, "wb")
        self.proc = subprocess.Popen(self.args(), stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        logf.close()
        wait_ready(self.proc, self.port, timeout, "server", path)
        return time.monotonic()

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        stop_process(self.proc)


def redact(url: str) -> str:
    """A database URL without its password, for the log."""
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def tail(path: str, n: int = 30) -> str:
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-n:]).decode(errors="replace")
    except OSError:
        return "(no log)"


class Balancer:
    """nginx with deploy/nginx/gaflight.conf, its upstream servers and listen port rewritten."""

    def __init__(self, tmp: str, upstream_ports: list[int], port: int) -> None:
        self.tmp = tmp
        self.port = port
        self.proc: subprocess.Popen | None = None
        with open(NGINX_CONFIG, encoding="utf-8") as f:
            site = f.read()
        servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n" for p in upstream_ports)
        site, n_up = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+ [^\n]*\n(?:    server [^\n]*\n)*", servers, site)
        site, n_listen = re.subn(r"(?m)^    listen 127\.0\.0\.1:\d+;", f"    listen 127.0.0.1:{port};", site)
        if n_up != 1 or n_listen != 1:
            raise SetupError(f"{NGINX_CONFIG}: expected one upstream server list and one listen line")
        os.makedirs(os.path.join(tmp, "nginx-tmp"), exist_ok=True)
        self.conf = os.path.join(tmp, "nginx.conf")
        self.error_log = os.path.join(tmp, "nginx-error.log")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(f"""worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {self.error_log} warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/nginx-tmp/body;
  proxy_temp_path {tmp}/nginx-tmp/proxy;
  fastcgi_temp_path {tmp}/nginx-tmp/fastcgi;
  uwsgi_temp_path {tmp}/nginx-tmp/uwsgi;
  scgi_temp_path {tmp}/nginx-tmp/scgi;
{site}
}}
""")

    def start(self, timeout: float = 15.0) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.access(nginx, os.X_OK):
            raise SetupError("nginx is required for --nodes > 1 (scripts/install-deps.sh --test installs it)")
        if os.geteuid() == 0:
            os.chmod(self.tmp, 0o711)  # a root master's workers run as nobody and need the temp paths
            for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                os.makedirs(os.path.join(self.tmp, "nginx-tmp", d), exist_ok=True)
            subprocess.run(["chown", "-R", "nobody", os.path.join(self.tmp, "nginx-tmp")], check=False)
        self.proc = subprocess.Popen([nginx, "-p", self.tmp, "-c", self.conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_ready(self.proc, self.port, timeout, "nginx (GET /readyz through the balancer)", self.error_log)

    def stop(self) -> None:
        stop_process(self.proc)


# ---------------------------------------------------------------------------------------------
# HTTP client (stdlib, one keep-alive connection per thread)
# ---------------------------------------------------------------------------------------------
class Client:
    def __init__(self, port: int, timeout: float = 20.0) -> None:
        self.port = port
        self.timeout = timeout
        self.local = threading.local()

    def _conn(self) -> http.client.HTTPConnection:
        c = getattr(self.local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.local.conn = c
        return c

    def _drop(self) -> None:
        c = getattr(self.local, "conn", None)
        if c is not None:
            c.close()
        self.local.conn = None

    def request(self, method: str, path: str, body=None, headers=None):
        """Returns (status, parsed JSON or None, response headers). Raises TransportError."""
        data = None if body is None else json.dumps(body).encode()
        h = {"Accept": "application/json"}
        if data is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c = self._conn()
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
        except (OSError, http.client.HTTPException) as e:
            self._drop()
            raise TransportError(f"{method} {path}: {e!r}") from e
        if r.getheader("Connection", "").lower() == "close":
            self._drop()
        parsed = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = {"_raw": raw[:500].decode(errors="replace")}
        return r.status, parsed, r


# ---------------------------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------------------------
class CrashTest:
    def __init__(self, args) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.tmp = tempfile.mkdtemp(prefix="gaflight-crash-")
        self.multi = args.nodes > 1
        self.receiver = Receiver(hold_s=args.hold_ms / 1000.0 if self.multi else 0.0)
        self.server: Server | None = None  # the one that is killed
        self.servers: list[Server] = []
        self.balancer: Balancer | None = None
        self.probe_statuses: dict[str, int] = {}
        self.probe_done = threading.Event()
        self.client: Client | None = None
        self.server_up = threading.Event()
        self.session_lock = threading.Lock()
        self.session_gen = 0
        self.cookie = ""
        self.csrf = ""
        self.marker = f"crash-test {os.getpid()}-{int(time.time())}"
        self.counter_lock = threading.Lock()
        self.next_index = 0
        self.approvals = 0  # flights confirmed approved by the workers
        self.approved_200: set[str] = set()  # approve answered 200
        self.approved_confirmed: set[str] = set()  # approved (200, or 409 + GET shows approved)
        self.submit_retries = 0
        self.approve_retries = 0
        self.transport_errors = 0
        self.worker_errors: list[str] = []
        self.kills: list[dict] = []
        self.last_ready = 0.0
        self.stop_all = threading.Event()
        self.results: list[tuple[bool, str, str]] = []

    # ---- checks --------------------------------------------------------------------------
    def check(self, ok: bool, name: str, detail: str = "") -> None:
        self.results.append((ok, name, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)

    # ---- session ---------------------------------------------------------------------------
    def login(self) -> None:
        st, body, resp = self.client.request("POST", "/api/v1/console/login",
                                             {"email": self.demo["email"], "password": self.demo["password"]})
        if st != 200:
            raise SetupError(f"login -> {st} {body}")
        jar = SimpleCookie()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                jar.load(v)
        if "gaf_session" not in jar:
            raise SetupError("login set no gaf_session cookie")
        self.cookie = f"gaf_session={jar['gaf_session'].value}"
        self.csrf = body["csrf_token"]
        self.session_gen += 1

    def relogin(self, seen_gen: int) -> None:
        with self.session_lock:
            if self.session_gen == seen_gen:
                log("session rejected (401): logging in again")
                self.login()

    def console(self, method: str, path: str, body=None):
        """Console call that survives kills: waits for the server and retries on transport errors.
        Only use it for idempotent calls (or calls whose duplicates are handled by the caller)."""
        for attempt in range(60):
            if self.stop_all.is_set():
                raise SetupError("stopping")
            if not self.server_up.wait(timeout=60):
                raise SetupError("server did not come back within 60 s")
            gen = self.session_gen
            headers = {"Cookie": self.cookie}
            if method != "GET":
                headers["X-CSRF-Token"] = self.csrf
            try:
                st, parsed, _ = self.client.request(method, f"/api/v1/console/orgs/{self.org}{path}", body, headers)
            except TransportError:
                with self.counter_lock:
                    self.transport_errors += 1
                time.sleep(0.05 + 0.05 * attempt if attempt < 10 else 0.5)
                yield None  # tells the caller that the request is sent again
                continue
            if st == 401:
                self.relogin(gen)
                continue
            if st in (502, 503, 504):  # draining / not ready: treat as transport failure
                time.sleep(0.1)
                yield None
                continue
            yield (st, parsed)
            return
        raise SetupError(f"{method} {path}: no answer after 60 tries")

    def call(self, method: str, path: str, body=None):
        """Simple retrying call: returns the first real answer (duplicates on retry are the caller's risk)."""
        for r in self.console(method, path, body):
            if r is not None:
                return r
        raise SetupError("unreachable")

    # ---- setup ----------------------------------------------------------------------------
    def setup(self) -> None:
        db = self.args.db_url or "sqlite:" + os.path.join(self.tmp, "gaflight.db")
        log(f"temp dir {self.tmp}" + (f", database {redact(db)}" if self.args.db_url else ""))
        out = subprocess.run([self.args.bin, "demo", "--db", db, "--json"], capture_output=True,
                             timeout=120)
        if out.returncode != 0:
            raise SetupError(f"demo failed ({out.returncode}): {out.stderr.decode(errors='replace')[-2000:]}")
        line = [ln for ln in out.stdout.decode().splitlines() if ln.strip().startswith("{")][-1]
        self.demo = json.loads(line)
        self.org = self.demo["org_id"]
        for k in range(self.args.nodes):
            node = Server(self.args.bin, db, free_port(), self.tmp, name=f"node{k + 1}" if self.multi else "serve")
            self.servers.append(node)
            self.last_ready = node.start()
        self.server = self.servers[1] if self.multi else self.servers[0]
        port = self.servers[0].port
        if self.multi:
            port = free_port()
            self.balancer = Balancer(self.tmp, [n.port for n in self.servers], port)
            self.balancer.start()
        self.server_up.set()
        self.client = Client(port)
        self.receiver.start()
        self.login()
        st, hook = self.call("POST", "/webhooks", {
            "url": f"http://127.0.0.1:{self.receiver.port}/hooks/crash",
            "description": "crash test receiver",
            "event_types": ["flight.submitted", "flight.approved"],
            "active": True,
        })
        if st != 201 or not hook or not str(hook.get("secret", "")).startswith("whsec_"):
            raise SetupError(f"create webhook -> {st} {hook}")
        self.receiver.secret = hook["secret"].encode("utf-8")
        self.pilots = self.list_all("/pilots", lambda p: p.get("status", "active") == "active")
        self.aircraft = self.list_all("/fleet", lambda a: True)
        if not self.pilots or not self.aircraft:
            raise SetupError("demo has no pilots or aircraft")
        where = (f"{len(self.servers)} nodes on " + ", ".join(str(n.port) for n in self.servers) +
                 f" behind nginx on 127.0.0.1:{port}") if self.multi else f"server on 127.0.0.1:{port}"
        log(f"demo org {self.org}, {where}, receiver on 127.0.0.1:{self.receiver.port}, "
            f"{len(self.pilots)} pilots, {len(self.aircraft)} aircraft")

    def list_all(self, path: str, keep, query: str = "") -> list[dict]:
        items, cursor = [], ""
        while True:
            q = f"?limit=200{query}" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            st, body = self.call("GET", path + q)
            if st != 200:
                raise SetupError(f"GET {path}{q} -> {st} {body}")
            items += [x for x in body["data"] if keep(x)]
            cursor = body.get("cursor")
            if not cursor:
                return items

    # ---- load -----------------------------------------------------------------------------
    def flight_body(self, i: int) -> dict:
        day = (datetime.now(timezone.utc) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        off = day + timedelta(minutes=30 + (i * 37) % 1200)
        t = lambda d: (off + timedelta(minutes=d)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
        hobbs = 1000 + (i % 5000)
        return {
            "date": off.strftime("%Y-%m-%d"),
            "aircraft_id": self.aircraft[i % len(self.aircraft)]["id"],
            "pilot_id": self.pilots[(i * 7) % len(self.pilots)]["id"],
            "purpose": "rental",
            "departure_icao": "LFPN",
            "arrival_icao": "LFPT",
            "off_block_at": t(0), "takeoff_at": t(8), "landing_at": t(62), "on_block_at": t(70),
            "landings_day": 1,
            "hobbs_start_hours": float(hobbs), "hobbs_end_hours": hobbs + 1.2,
            "tach_start_hours": float(hobbs), "tach_end_hours": hobbs + 1.0,
            "remarks": f"{self.marker} #{i}",
        }

    def submit(self, i: int) -> str:
        tries = 0
        for r in self.console("POST", "/flights", self.flight_body(i)):
            if r is None:
                tries += 1  # the previous submit may or may not have committed: an orphan is approved later
                continue
            st, body = r
            if st == 201 or st == 200:
                with self.counter_lock:
                    self.submit_retries += tries
                return body["id"]
            raise RuntimeError(f"submit #{i} -> {st} {body}")
        raise RuntimeError("unreachable")

    def approve(self, fid: str) -> bool:
        """Approves; returns True when the flight is approved (by this call or a lost earlier one)."""
        retried = False
        for r in self.console("POST", f"/flights/{fid}/approve"):
            if r is None:
                retried = True
                continue
            st, body = r
            if st == 200:
                with self.counter_lock:
                    self.approved_200.add(fid)
                    self.approved_confirmed.add(fid)
                    self.approve_retries += int(retried)
                return True
            if st == 409:
                st2, f = self.call("GET", f"/flights/{fid}")
                if st2 == 200 and f.get("status") == "approved":
                    with self.counter_lock:
                        self.approved_confirmed.add(fid)
                        self.approve_retries += int(retried)
                    return True
                raise RuntimeError(f"approve {fid} -> 409 but flight is {f}")
            raise RuntimeError(f"approve {fid} -> {st} {body}")
        raise RuntimeError("unreachable")

    def worker(self) -> None:
        try:
            while not self.stop_all.is_set():
                with self.counter_lock:
                    if self.next_index >= self.args.flights:
                        return
                    i = self.next_index
                    self.next_index += 1
                fid = self.submit(i)
                self.approve(fid)
                with self.counter_lock:
                    self.approvals += 1
        except Exception as e:  # noqa: BLE001
            self.worker_errors.append(f"{e!r}")
            traceback.print_exc()
            self.stop_all.set()

    def killer(self, thresholds: list[int]) -> None:
        for k, threshold in enumerate(thresholds, 1):
            while not self.stop_all.is_set():
                with self.counter_lock:
                    n = self.approvals
                if n >= threshold:
                    break
                time.sleep(0.002)
            if self.stop_all.is_set():
                return
            time.sleep(self.rng.uniform(0, 0.03))  # land anywhere inside a request / a delivery batch
            with self.counter_lock:
                at = self.approvals
            pending = len(self.receiver.received_events())
            if not self.multi:  # behind the balancer the other nodes keep serving
                self.server_up.clear()
            t0 = time.monotonic()
            self.server.kill9()
            log(f"kill #{k}: SIGKILL {self.server.name} after {at} approvals ({pending} events received so far)")
            try:
                self.last_ready = self.server.start()
            except SetupError as e:
                self.worker_errors.append(f"restart #{k} failed: {e}")
                self.stop_all.set()
                self.server_up.set()
                return
            self.kills.append({"after_approvals": at, "down_s": round(self.last_ready - t0, 3)})
            log(f"restart #{k}: ready after {self.last_ready - t0:.2f}s")
            self.server_up.set()

    def prober(self) -> None:
        """Reads the public API through the balancer every 20 ms until the load ends."""
        client = Client(self.client.port, timeout=10)
        headers = {"Authorization": f"Bearer {self.demo['api_key']}", "X-Org-Id": self.org}
        while not self.probe_done.is_set():
            try:
                st, _, _ = client.request("GET", "/api/v1/public/pilots?limit=1", None, headers)
                key = str(st)
            except TransportError:
                key = "transport error"
            self.probe_statuses[key] = self.probe_statuses.get(key, 0) + 1
            time.sleep(0.02)

    # ---- verification -------------------------------------------------------------------
    def list_events(self) -> list[dict]:
        """Every event of the organisation (public API, all pages)."""
        events, cursor = [], ""
        headers = {"Authorization": f"Bearer {self.demo['api_key']}", "X-Org-Id": self.org}
        while True:
            q = "limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            for attempt in range(5):
                try:
                    st, body, _ = self.client.request("GET", f"/api/v1/public/events?{q}", None, headers)
                    break
                except TransportError:
                    time.sleep(0.2)
            else:
                raise SetupError("GET /api/v1/public/events kept failing")
            if st != 200:
                raise SetupError(f"GET /api/v1/public/events?{q} -> {st} {body}")
            events += body["data"]
            cursor = body.get("cursor")
            if not cursor:
                return events

    def list_approved_events_typed(self) -> list[dict]:
        """The exact query of the issue: ?type=flight.approved, all pages."""
        events, cursor = [], ""
        headers = {"Authorization": f"Bearer {self.demo['api_key']}", "X-Org-Id": self.org}
        while True:
            q = "type=flight.approved&limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            st, body, _ = self.client.request("GET", f"/api/v1/public/events?{q}", None, headers)
            if st != 200:
                raise SetupError(f"GET /api/v1/public/events?{q} -> {st} {body}")
            events += body["data"]
            cursor = body.get("cursor")
            if not cursor:
                return events

    def run(self) -> int:
        t_start = time.monotonic()
        self.setup()
        n = self.args.flights
        thresholds = sorted([self.rng.randint(int(n * 0.25), int(n * 0.35)),
                             self.rng.randint(int(n * 0.60), int(n * 0.70))])
        log(f"submitting and approving {n} flights with {self.args.workers} workers; "
            f"SIGKILL after ~{thresholds[0]} and ~{thresholds[1]} approvals")
        t_load = time.monotonic()
        workers = [threading.Thread(target=self.worker, name=f"w{i}", daemon=True) for i in range(self.args.workers)]
        killer = threading.Thread(target=self.killer, args=(thresholds,), name="killer", daemon=True)
        prober = threading.Thread(target=self.prober, name="prober", daemon=True)
        if self.multi:
            prober.start()
        for w in workers:
            w.start()
        killer.start()
        for w in workers:
            w.join()
        if self.worker_errors:
            self.stop_all.set()
        killer.join()
        t_load_end = time.monotonic()
        if self.multi:
            self.probe_done.set()
            prober.join()
            probes = sum(self.probe_statuses.values())
            self.check(probes > 0 and set(self.probe_statuses) == {"200"},
                       "the public API kept answering 200 through the balancer while a node was killed",
                       f"{probes} probes: {json.dumps(self.probe_statuses)}")
        log(f"load done in {t_load_end - t_load:.1f}s: {self.approvals} flights approved, "
            f"{self.transport_errors} transport errors retried")
        self.check(not self.worker_errors, "load completed without unexpected answers",
                   "; ".join(self.worker_errors[:3]))
        self.check(len(self.kills) == 2, f"{self.server.name} killed with SIGKILL twice and restarted on the same DB and port",
                   json.dumps(self.kills))
        if self.worker_errors:
            return self.finish(t_start)

        # Orphans: submits whose response was lost but which committed. Approve them too, so that
        # every flight of this run ends approved.
        orphans = self.list_all("/flights", lambda f: str(f.get("remarks") or "").startswith(self.marker),
                                "&status=submitted")
        for f in orphans:
            self.approve(f["id"])
        log(f"{len(orphans)} orphan submit(s) (response lost, committed anyway) found and approved")
        ours = self.list_all("/flights", lambda f: str(f.get("remarks") or "").startswith(self.marker))
        statuses: dict[str, int] = {}
        for f in ours:
            statuses[f["status"]] = statuses.get(f["status"], 0) + 1
        self.check(self.approvals == n and statuses.get("approved", 0) == len(ours) and len(ours) >= n,
                   f"all {n} flights submitted and approved",
                   f"workers approved {self.approvals}; flights of this run by status {statuses}")

        # Drain: wait until every listed event has reached the receiver.
        all_events = self.list_events()
        expected = {e["id"] for e in all_events if e["type"] in ("flight.approved", "flight.submitted")}
        deadline = time.monotonic() + self.args.drain_timeout
        drained_at = None
        while time.monotonic() < deadline:
            if not (expected - self.receiver.received_events()):
                drained_at = time.monotonic()
                break
            time.sleep(0.05)
        if drained_at is None:
            log(f"not drained after {self.args.drain_timeout}s")
        else:
            first = self.receiver.first_seen
            last_arrival = max(first[e] for e in expected) if expected else self.last_ready
            log(f"drained: last missing event arrived {last_arrival - self.last_ready:.2f}s after the last restart, "
                f"{last_arrival - t_load_end:.2f}s after the load ended")
        time.sleep(self.args.settle)  # late duplicates (expired leases) still count in the checks below

        # Final state of the log, as the issue phrases it.
        all_events = self.list_events()
        approved_typed = self.list_approved_events_typed()
        self.verify(all_events, approved_typed, t_load_end, drained_at)
        if self.multi:
            self.verify_revocation()
        return self.finish(t_start)

    def verify(self, all_events, approved_typed, t_load_end, drained_at) -> None:
        recs = self.receiver.snapshot()
        log_ids = {e["id"] for e in all_events}
        by_type: dict[str, list[dict]] = {}
        for e in all_events:
            by_type.setdefault(e["type"], []).append(e)
        approved = by_type.get("flight.approved", [])
        submitted = by_type.get("flight.submitted", [])
        received_events = {r["event"] for r in recs if r["event"]}
        deliveries = {r["delivery"] for r in recs}

        approved_ids = {e["id"] for e in approved_typed}
        self.check(approved_ids == {e["id"] for e in approved},
                   "?type=flight.approved lists exactly the flight.approved events of the full log",
                   f"typed {len(approved_ids)}, full log {len(approved)}")
        missing = sorted(approved_ids - received_events)
        self.check(not missing, "every listed flight.approved event reached the receiver at least once",
                   f"{len(approved_ids) - len(missing)}/{len(approved_ids)} received; missing e.g. {missing[:5]}")
        sub_ids = {e["id"] for e in submitted}
        missing_sub = sorted(sub_ids - received_events)
        self.check(not missing_sub, "every listed flight.submitted event reached the receiver at least once",
                   f"{len(sub_ids) - len(missing_sub)}/{len(sub_ids)} received; missing e.g. {missing_sub[:5]}")
        invented = sorted(received_events - log_ids)
        self.check(not invented, "every received event id exists in the event log (nothing invented)",
                   f"{len(invented)} unknown, e.g. {invented[:5]}")

        # Outbox: every approve that committed (answered 200) has exactly one flight.approved event.
        per_flight: dict[str, list[str]] = {}
        for e in approved:
            fid = ((e.get("data") or {}).get("object") or {}).get("id")
            per_flight.setdefault(fid, []).append(e["id"])
        lost = sorted(f for f in self.approved_200 if f not in per_flight)
        self.check(not lost, "every approve answered 200 has its flight.approved event in the log",
                   f"{len(self.approved_200)} approves answered 200; {len(lost)} without event, e.g. {lost[:5]}")
        doubled = {f: ids for f, ids in per_flight.items() if len(ids) > 1}
        self.check(not doubled, "at most one flight.approved event per flight",
                   f"{len(doubled)} flights with several, e.g. {list(doubled.items())[:2]}")

        bad_sig = [r for r in recs if not r["sig_ok"]]
        self.check(not bad_sig and bool(recs), "every delivery's X-GA-Webhook-Signature verified (hmac.compare_digest)",
                   f"{len(recs) - len(bad_sig)}/{len(recs)} verified")
        bad_hdr = [r for r in recs if r["parse_error"] or r["header_type"] != r["type"] or not r["delivery"]]
        self.check(not bad_hdr, "every delivery has a JSON envelope, a delivery id and X-GA-Webhook-Event = body type",
                   f"{len(bad_hdr)} bad, e.g. {bad_hdr[:2]}")

        # Duplicates: one delivery id always carries the same event and the same bytes; receipts of
        # one change (type + flight) all share an event id (a second event id would be an invented event).
        per_delivery: dict[str, set] = {}
        for r in recs:
            per_delivery.setdefault(r["delivery"], set()).add((r["event"], r["digest"]))
        inconsistent = {d: v for d, v in per_delivery.items() if len(v) > 1}
        self.check(not inconsistent, "a delivery id always carries the same event id and identical body bytes",
                   f"{len(inconsistent)} inconsistent, e.g. {list(inconsistent.items())[:2]}")
        per_change: dict[tuple, list[dict]] = {}
        for r in recs:
            per_change.setdefault((r["type"], r["object_id"]), []).append(r)
        bad_dupes = []
        for key, rs in per_change.items():
            for a in rs:
                for b in rs:
                    if a is not b and a["delivery"] != b["delivery"] and a["event"] != b["event"]:
                        bad_dupes.append((key, a["delivery"], a["event"], b["delivery"], b["event"]))
                        break
                if bad_dupes and bad_dupes[-1][0] == key:
                    break
        self.check(not bad_dupes, "duplicate receipts of one change share a delivery id or an event id",
                   f"{len(bad_dupes)} changes delivered under unrelated ids, e.g. {bad_dupes[:2]}")

        if self.multi:
            # One delivery in flight on two nodes at once would show as two receipts of one delivery id
            # overlapping in time (each is held --hold-ms). A sender that died mid-request has no end.
            overlaps = []
            per_id: dict[str, list[dict]] = {}
            for r in recs:
                per_id.setdefault(r["delivery"], []).append(r)
            for d, rs in per_id.items():
                rs.sort(key=lambda r: r["t"])
                for a, b in zip(rs, rs[1:]):
                    if a["t_end"] is None or b["t"] < a["t_end"]:
                        overlaps.append(d)
                        break
            self.check(not overlaps, "no delivery was in flight on two nodes at once (no overlapping receipts)",
                       f"{len(overlaps)} deliveries with overlapping receipts, e.g. {overlaps[:3]}; "
                       f"{len(recs) - len(per_id)} repeated receipts in all")
            # The check above means something only if several engines were claiming at the same time.
            per_node = {n.name: self.node_successes(n) for n in self.servers}
            self.check(sum(1 for v in per_node.values() if v > 0) >= 2,
                       "deliveries were made by at least two nodes (their engines claimed side by side)",
                       f"successful attempts per node (the killed one since its last start): {json.dumps(per_node)}")
        dup_same_delivery = len(recs) - len(deliveries)
        dup_same_event = len(deliveries) - len({r['event'] for r in recs})
        print()
        print("counts:")
        print(f"  events in log                 : {len(all_events)} ({len(approved)} flight.approved, "
              f"{len(submitted)} flight.submitted)")
        print(f"  deliveries received           : {len(recs)} ({len(deliveries)} distinct delivery ids, "
              f"{len(received_events)} distinct events)")
        print(f"  duplicates                    : {dup_same_delivery} re-sent under the same delivery id, "
              f"{dup_same_event} extra deliveries of an already delivered event")
        print(f"  kills                         : {json.dumps(self.kills)}")
        print(f"  retried after kills           : {self.transport_errors} transport errors, "
              f"{self.submit_retries} submits re-sent, {self.approve_retries} approves re-sent")
        if drained_at is not None:
            print(f"  time to drain                 : {drained_at - self.last_ready:.2f}s after the last restart "
                  f"({drained_at - t_load_end:.2f}s after the load ended; lease {LEASE_MS} ms)")
        else:
            print(f"  time to drain                 : not drained within {self.args.drain_timeout}s")

    def node_successes(self, node: Server) -> int:
        """gaflight_webhook_attempts_total{result="success"} of one node's /metrics."""
        c = http.client.HTTPConnection("127.0.0.1", node.port, timeout=5)
        c.request("GET", "/metrics")
        r = c.getresponse()
        text = r.read().decode(errors="replace")
        c.close()
        m = re.search(r'(?m)^gaflight_webhook_attempts_total\{result="success"\} (\d+)', text)
        return int(m.group(1)) if r.status == 200 and m else 0

    def verify_revocation(self) -> None:
        """A key minted and revoked through node 1 is refused by every other node within 1 s."""
        direct = Client(self.servers[0].port)
        cookie_headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
        base = f"/api/v1/console/orgs/{self.org}/apps"
        st, app, _ = direct.request("POST", base, {
            "name": "Balanced nodes", "description": "Multi-node revocation test",
            "required_scopes": [{"scope": "public.pilots:read",
                                 "justification": "Needed so the partner integration can sync pilots nightly."}]},
            cookie_headers)
        if st != 201:
            self.check(False, "create an app through node 1", f"{st} {app}")
            return
        st, body, _ = direct.request("POST", f"{base}/{app['id']}/activate", None, cookie_headers)
        st, key, _ = direct.request("POST", f"{base}/{app['id']}/keys", {"name": "revoked through node 1"},
                                    cookie_headers)
        if st != 201:
            self.check(False, "mint a key through node 1", f"{st} {key}")
            return
        headers = {"Authorization": f"Bearer {key['token']}", "X-Org-Id": self.org}
        others = [Client(n.port, timeout=5) for n in self.servers[1:]]
        warm = [c.request("GET", "/api/v1/public/pilots?limit=1", None, headers)[0] for c in others for _ in range(3)]
        self.check(set(warm) == {200}, "the new key answers 200 on every other node (now cached there)",
                   f"statuses {warm}")
        st, body, _ = direct.request("DELETE", f"{base}/{app['id']}/keys/{key['id']}", None, cookie_headers)
        t0 = time.monotonic()
        self.check(200 <= st < 300, "revoke the key through node 1", f"{st} {body}")
        seen: dict[int, float] = {}
        while len(seen) < len(others) and time.monotonic() - t0 < 5 * REVOCATION_BOUND_S:
            for i, c in enumerate(others):
                if i not in seen and c.request("GET", "/api/v1/public/pilots?limit=1", None, headers)[0] == 401:
                    seen[i] = time.monotonic() - t0
            time.sleep(0.01)
        worst = max(seen.values()) if len(seen) == len(others) else None
        self.check(worst is not None and worst <= REVOCATION_BOUND_S,
                   f"the revoked key is refused (401) by nodes 2..{len(self.servers)} within {REVOCATION_BOUND_S:.0f} s",
                   "seen after " + ", ".join(f"node{i + 2} {v * 1000:.0f} ms" for i, v in sorted(seen.items())))

    def finish(self, t_start: float) -> int:
        # Every server log of the run (one per start, SIGKILLs included): no token, secret or password.
        logs = [p for n in self.servers for p in n.log_paths if os.path.exists(p)]
        if logs:
            key = os.environ.get("GAFLIGHT_MASTER_KEY")
            scan = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                                "support", "scan_logs.py"),
                                   *(["--secret", key] if key else []), *logs],
                                  capture_output=True, text=True)
            self.check(scan.returncode == 0, "no secret in any server log of the run", scan.stdout.strip())
        passed = sum(1 for ok, _, _ in self.results if ok)
        failed = len(self.results) - passed
        print(f"\ntotal time {time.monotonic() - t_start:.1f}s")
        print(f"{passed} passed, {failed} failed")
        if failed:
            for p in [p for n in self.servers for p in n.log_paths]:
                print(f"--- last lines of {os.path.basename(p)} ---\n{tail(p, 15)}")
        return 1 if failed else 0

    def cleanup(self) -> None:
        self.stop_all.set()
        self.server_up.set()
        if self.balancer:
            self.balancer.stop()
        for node in self.servers:
            node.stop()
        try:
            self.receiver.stop()
        except Exception:  # noqa: BLE001
            pass
        if self.args.keep_tmp:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin", help="path to the gaflight binary")
    ap.add_argument("--flights", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--seed", type=int, default=None, help="random seed for the kill moments")
    ap.add_argument("--drain-timeout", type=float, default=60.0, help="seconds to wait for every event after the load")
    ap.add_argument("--settle", type=float, default=1.0, help="seconds to keep listening after the drain")
    ap.add_argument("--max-seconds", type=float, default=270.0, help="hard bound on the whole run")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the temp dir (database, server logs)")
    ap.add_argument("--db-url", default="", help="an empty database to use instead of a SQLite file in the temp dir "
                    "(e.g. postgres://...; created and dropped by the caller)")
    ap.add_argument("--nodes", type=int, default=1, help="servers over the one database; > 1 puts nginx in front")
    ap.add_argument("--hold-ms", type=float, default=20.0, help="with --nodes > 1: the receiver answers this late")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    if not os.access(args.bin, os.X_OK):
        print(f"not an executable: {args.bin}", file=sys.stderr)
        return 2
    if args.db_url and not args.db_url.startswith("sqlite:") and not os.environ.get("GAFLIGHT_MASTER_KEY"):
        # No key file beside a PostgreSQL database: demo and every server must share one key.
        os.environ["GAFLIGHT_MASTER_KEY"] = base64.b64encode(os.urandom(32)).decode()
    if args.seed is None:
        args.seed = random.randrange(1 << 30)
    log(f"seed {args.seed} (rerun with --seed {args.seed} for the same kill points)")
    test = CrashTest(args)

    def watchdog() -> None:
        print(f"\nFAIL  run exceeded --max-seconds={args.max_seconds}: aborting", flush=True)
        print("0 passed, 1 failed", flush=True)
        try:
            test.cleanup()
        finally:
            os._exit(1)

    def on_term(signum, _frame) -> None:  # `timeout`, Ctrl-C: never leave a server behind
        print(f"\nFAIL  interrupted by signal {signum}", flush=True)
        test.cleanup()
        os._exit(1)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    timer = threading.Timer(args.max_seconds, watchdog)
    timer.daemon = True
    timer.start()
    try:
        return test.run()
    except SetupError as e:
        print(f"SETUP ERROR: {e}", flush=True)
        print("0 passed, 1 failed")
        return 2
    finally:
        timer.cancel()
        test.cleanup()


if __name__ == "__main__":
    sys.exit(main())
