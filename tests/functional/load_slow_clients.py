#!/usr/bin/python3
"""Load and slow clients (issue 11, "Build and prove" 3), against a server of its own.

    load_slow_clients.py /path/to/gaflight [DB_URL]

Runs `gaflight demo` into a temp dir (or into DB_URL, an empty database of its own) and `gaflight serve`
on a free loopback port, then:
  1. a probe client (from 127.0.0.1: a new connection, GET /readyz, then an authenticated
     GET /api/v1/public/pilots on it) measures its latency with nothing else open (baseline);
  2. 2,000 keep-alive connections, spread over the source addresses 127.0.0.2 … 127.0.0.20 (the
     per-address cap is 256), each make one successful request and then idle;
  3. while they are held, at the same time: the probe runs again; a console user edits a pilot about
     20 times a second (every write must commit, and the public API must return the last one); a slow-header client (request
     line, then one header byte a second) and a slow-body client (Content-Length: 1000, one body
     byte a second) must get 408 and be closed at the 10 s request deadline; and the per-address
     cap is checked (256 connections from 127.0.0.21, the 257th closed at once without a response,
     another address still served, a freed slot usable again);
  4. every held connection must still answer a second request; after they close, the server's
     sockets return to where they were and it still serves;
  5. 8 concurrent console logins (Argon2id, 19 MiB each) leave the server's RSS where it was.
The server's VmRSS and open sockets are reported before, with and after the load.
Only loopback is contacted; asyncio holds all sockets in one thread; bounded well under 90 s.
Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on any failure.
"""
import asyncio
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from functional_checks import Checks  # noqa: E402

CHECKS = Checks()
check = CHECKS.check
info = CHECKS.info

HELD = 2000
HOLD_SOURCES = ["127.0.0.%d" % i for i in range(2, 21)]  # 19 addresses, ~106 connections each
CAP_SOURCE, OTHER_SOURCE = "127.0.0.21", "127.0.0.22"
PER_IP_CAP = 256          # server.hpp default for --max-connections-per-ip
DEADLINE_S = 10.0         # the request deadline from a request's first byte (docs/architecture.md)
MIN_NOFILE = 4500         # held + cap-check sockets, twice over (client and a server on the same host)
BASELINE_ROUNDS = 150
PROBE_PACE_S = 0.02       # ~40 authenticated reads/s: below the default per-key rate limit (100/s)
IO_TIMEOUT = 5.0
WRITE_PACE_S = 0.05       # ~20 console writes/s while the connections are held
LOGINS = 8                # twice the default handler threads, so each of them checks a password
WALL_BUDGET_S = 85.0


def pctl(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    if not v:
        return float("nan")
    return v[max(0, min(len(v) - 1, -(-len(v) * p // 100) - 1))]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def vm_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def open_fds(pid):
    """The server's open sockets. Files are left out: a handler thread's first database use opens
    the SQLite file, WAL and shm for good, which is not a leak (it once made the count flake)."""
    n = 0
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            if os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith("socket:"):
                n += 1
        except FileNotFoundError:  # closed while we were listing
            pass
    return n


# ----------------------------------------------------------------------------- raw HTTP/1.1
class Http:
    """One keep-alive connection bound to a chosen loopback source address."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port, source="127.0.0.1"):
        r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), IO_TIMEOUT)
        return cls(r, w)

    async def get(self, path, headers=()):
        return await self.request("GET", path, headers)

    async def request(self, method, path, headers=(), body=b""):
        """Sends one request; returns (status, body). Raises on a close, a timeout or a malformed answer."""
        if body:
            headers = tuple(headers) + (("Content-Length", str(len(body))),)
        req = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % (method, path,
                                                                 "".join("%s: %s\r\n" % h for h in headers))
        self.writer.write(req.encode("latin-1") + body)
        await self.writer.drain()
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), IO_TIMEOUT)
        lines = head.decode("latin-1").split("\r\n")
        self.head_lines = lines
        status = int(lines[0].split(" ")[1])
        length = None
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            if k.strip().lower() == "content-length":
                length = int(v.strip())
        if length is None:
            raise ValueError("no Content-Length in %r" % lines[0])
        body = await asyncio.wait_for(self.reader.readexactly(length), IO_TIMEOUT)
        return status, body

    def close(self):
        self.writer.close()


async def read_until_closed(reader, limit_s):
    """Reads until EOF or a reset; returns (bytes, closed_at monotonic or None if still open at limit_s)."""
    data = b""
    end = time.monotonic() + limit_s
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return data, None
        try:
            chunk = await asyncio.wait_for(reader.read(65536), left)
        except asyncio.TimeoutError:
            return data, None
        except (ConnectionResetError, BrokenPipeError):
            return data, time.monotonic()
        if not chunk:
            return data, time.monotonic()
        data += chunk


# ----------------------------------------------------------------------------- the scenarios
class Probe:
    """A well-behaved client: per round a new connection, GET /readyz, GET /public/pilots on it."""

    def __init__(self, port, auth):
        self.port, self.auth = port, auth
        self.latencies, self.errors = [], []

    async def round(self):
        t0 = time.monotonic()
        try:
            c = await Http.connect(self.port)
        except (OSError, asyncio.TimeoutError) as e:
            self.errors.append("connect: %r" % e)
            return
        try:
            st, _ = await c.get("/readyz")
            t1 = time.monotonic()
            if st != 200:
                self.errors.append("/readyz %d" % st)
            self.latencies.append(t1 - t0)  # includes the connect: a new client's whole wait
            st, body = await c.get("/api/v1/public/pilots?limit=5", self.auth)
            self.latencies.append(time.monotonic() - t1)
            if st != 200 or len(json.loads(body).get("data", [])) != 5:
                self.errors.append("/public/pilots %d %r" % (st, body[:200]))
        except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
            self.errors.append("request: %r" % e)
        finally:
            c.close()

    async def run(self, rounds=None, until=None):
        n = 0
        while (rounds is None or n < rounds) and not (until is not None and until.is_set()):
            await self.round()
            n += 1
            await asyncio.sleep(PROBE_PACE_S)


class Writer:
    """A console user editing one pilot over one keep-alive connection (session cookie + CSRF token), so
    the held connections and slow clients meet committed writes, not only reads."""

    def __init__(self, port, creds, pilot_id):
        self.port, self.creds, self.pilot_id = port, creds, pilot_id
        self.latencies, self.errors = [], []
        self.last_phone = None
        self.conn = None
        self.headers = ()

    async def login(self):
        self.conn = await Http.connect(self.port)
        body = json.dumps({"email": self.creds["email"], "password": self.creds["password"]}).encode()
        st, resp = await self.conn.request("POST", "/api/v1/console/login", (("Content-Type", "application/json"),),
                                           body)
        cookie = next((ln.split(":", 1)[1].strip().split(";")[0] for ln in self.conn.head_lines
                       if ln.lower().startswith("set-cookie:") and "gaf_session=" in ln), None)
        if st != 200 or cookie is None:
            raise RuntimeError("writer login: %d %r" % (st, resp[:200]))
        self.headers = (("Cookie", cookie), ("X-CSRF-Token", json.loads(resp)["csrf_token"]),
                        ("Content-Type", "application/json"))

    async def run(self, until):
        path = "/api/v1/console/orgs/%s/pilots/%s" % (self.creds["org_id"], self.pilot_id)
        n = 0
        while not until.is_set():
            n += 1
            phone = "+33 6 12 %02d %02d %02d" % (n // 10000 % 100, n // 100 % 100, n % 100)
            t0 = time.monotonic()
            try:
                st, body = await self.conn.request("PATCH", path, self.headers, json.dumps({"phone": phone}).encode())
                if st == 200:
                    self.latencies.append(time.monotonic() - t0)
                    self.last_phone = phone
                else:
                    self.errors.append("PATCH %d %r" % (st, body[:200]))
            except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
                self.errors.append("PATCH: %r" % e)
                return
            await asyncio.sleep(WRITE_PACE_S)


async def hold(port, n):
    """Opens n keep-alive connections over HOLD_SOURCES, each answered once; returns (conns, errors)."""
    gate = asyncio.Semaphore(200)  # bounded in-flight connects: the listen backlog is not under test

    async def one(i):
        async with gate:
            c = await Http.connect(port, HOLD_SOURCES[i % len(HOLD_SOURCES)])
            st, _ = await c.get("/healthz")
            if st != 200:
                c.close()
                raise ValueError("/healthz %d" % st)
            return c
    res = await asyncio.gather(*(one(i) for i in range(n)), return_exceptions=True)
    conns = [r for r in res if isinstance(r, Http)]
    errors = [repr(r) for r in res if not isinstance(r, Http)]
    return conns, errors


async def reuse(conns):
    """A second request on every held connection; returns the failures."""
    gate = asyncio.Semaphore(200)

    async def one(c):
        async with gate:
            st, _ = await c.get("/healthz")
            if st != 200:
                raise ValueError("/healthz %d" % st)
    res = await asyncio.gather(*(one(c) for c in conns), return_exceptions=True)
    return [repr(r) for r in res if r is not None]


async def trickle(port, head, byte, limit_s=20.0):
    """Sends `head`, then one `byte` a second until the server closes. Returns (seconds from the first
    byte to the close or None, what the server sent)."""
    c = await Http.connect(port)
    c.writer.write(head)
    await c.writer.drain()
    t0 = time.monotonic()
    reading = asyncio.ensure_future(read_until_closed(c.reader, limit_s))
    while not reading.done():
        await asyncio.wait([reading], timeout=1.0)
        if reading.done():
            break
        try:
            c.writer.write(byte)
            await c.writer.drain()
        except (ConnectionResetError, BrokenPipeError):
            break
    data, closed_at = await reading
    c.close()
    return (closed_at - t0 if closed_at else None), data


def deadline_checks(name, elapsed, data):
    check("%s: closed at the request deadline (9–13 s after its first byte)" % name,
          elapsed is not None and 9.0 <= elapsed <= 13.0,
          "still open after 20 s" if elapsed is None else "closed after %.2f s" % elapsed)
    check("%s: answered 408 before the close" % name, data.startswith(b"HTTP/1.1 408 "), data[:120])
    if elapsed is not None:
        info("%s closed %.2f s after its first byte" % (name, elapsed))


async def per_address_cap(port):
    """256 connections from one address are served, the 257th is closed without an answer, another
    address is still served, and closing one of the 256 frees a slot."""
    conns = []
    try:
        for _ in range(PER_IP_CAP):
            c = await Http.connect(port, CAP_SOURCE)
            conns.append(c)
            st, _ = await c.get("/healthz")
            if st != 200:
                break
        check("per-address cap: %d connections from %s all served" % (PER_IP_CAP, CAP_SOURCE),
              len(conns) == PER_IP_CAP, "%d served" % len(conns))
        t0 = time.monotonic()
        extra = await Http.connect(port, CAP_SOURCE)
        try:
            extra.writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            await extra.writer.drain()
        except (ConnectionResetError, BrokenPipeError):
            pass
        data, closed_at = await read_until_closed(extra.reader, 5.0)
        extra.close()
        check("per-address cap: connection %d from %s closed at once (< 2 s) without a response"
              % (PER_IP_CAP + 1, CAP_SOURCE), closed_at is not None and closed_at - t0 < 2.0 and not data,
              "open after 5 s" if closed_at is None else "closed after %.2f s, got %r" % (closed_at - t0, data[:80]))
        other = await Http.connect(port, OTHER_SOURCE)
        st, _ = await other.get("/healthz")
        other.close()
        check("per-address cap: %s is served meanwhile" % OTHER_SOURCE, st == 200, st)
        # The server releases the slot when it sees the close: poll for a new connection being served.
        conns.pop().close()
        served, deadline = False, time.monotonic() + 5
        while not served and time.monotonic() < deadline:
            c = await Http.connect(port, CAP_SOURCE)
            try:
                served = (await c.get("/healthz"))[0] == 200
            except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError):
                await asyncio.sleep(0.05)
            if served:
                conns.append(c)
            else:
                c.close()
        check("per-address cap: closing one of the %d frees a slot for %s" % (PER_IP_CAP, CAP_SOURCE), served)
    finally:
        for c in conns:
            c.close()


async def settle(pid, target_fds, limit_s=10.0):
    """Polls until the server's socket count is back to target_fds (or limit_s); returns the count."""
    end = time.monotonic() + limit_s
    n = open_fds(pid)
    while n > target_fds and time.monotonic() < end:
        await asyncio.sleep(0.1)
        n = open_fds(pid)
    return n


def latency_report(label, probe):
    lat = probe.latencies
    p50, p99 = pctl(lat, 50) * 1000, pctl(lat, 99) * 1000
    info("%s: %d requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d errors"
         % (label, len(lat), p50, p99, (max(lat) if lat else float("nan")) * 1000, len(probe.errors)))
    return p50, p99


async def scenario(port, pid, auth, creds):
    rss = {}
    rss["idle"] = vm_rss_kb(pid)
    fds_idle = open_fds(pid)

    base = Probe(port, auth)
    await base.run(rounds=BASELINE_ROUNDS)
    _, base_p99 = latency_report("baseline (nothing held)", base)
    check("baseline probe: every request answered", not base.errors and len(base.latencies) == 2 * BASELINE_ROUNDS,
          base.errors[:5])
    c = await Http.connect(port)
    try:
        st, body = await c.get("/api/v1/public/pilots?limit=1", auth)
    finally:
        c.close()
    writer = Writer(port, creds, json.loads(body)["data"][0]["id"])
    await writer.login()
    rss["before"] = vm_rss_kb(pid)
    fds_before = open_fds(pid)

    t0 = time.monotonic()
    held, errors = await hold(port, HELD)
    info("opened %d connections in %.2f s" % (len(held), time.monotonic() - t0))
    check("%d keep-alive connections over %d source addresses each answered once"
          % (HELD, len(HOLD_SOURCES)), len(held) == HELD and not errors, "%d ok; %s" % (len(held), errors[:5]))
    fds_held = open_fds(pid)
    check("the server holds them: its open sockets grew by at least %d" % HELD,
          fds_held - fds_before >= HELD, "%d → %d" % (fds_before, fds_held))
    rss["held"] = vm_rss_kb(pid)

    # Under load: the probe runs for as long as the slow clients and the cap check do.
    done = asyncio.Event()
    loaded = Probe(port, auth)
    probing = asyncio.ensure_future(loaded.run(until=done))
    writing = asyncio.ensure_future(writer.run(until=done))
    t_slow = time.monotonic()
    slow = asyncio.gather(
        trickle(port, b"GET /healthz HTTP/1.1\r\n", b"X"),
        trickle(port, b"POST /api/v1/console/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n", b" "),
        per_address_cap(port))
    (h_elapsed, h_data), (b_elapsed, b_data), _ = await slow
    done.set()
    await probing
    await writing
    slow_window = time.monotonic() - t_slow
    rss["load"] = vm_rss_kb(pid)

    deadline_checks("slow-header client (1 header byte/s)", h_elapsed, h_data)
    deadline_checks("slow-body client (Content-Length 1000, 1 byte/s)", b_elapsed, b_data)
    _, load_p99 = latency_report("under load (%d held, slow clients, cap check)" % HELD, loaded)
    check("probe under load: zero errors", not loaded.errors, loaded.errors[:5])
    # Kept answering throughout the slow clients' ~10 s, not just before or after them.
    check("probe under load: answered at least 100 requests during the %.1f s window" % slow_window,
          len(loaded.latencies) >= 100, len(loaded.latencies))
    # Idle keep-alive sockets cost the server an epoll entry each, not work, so latency should stay
    # at its baseline; 10x leaves room for this client sharing 2 cores with the server (and a CI
    # build), and the 250 ms floor covers scheduler noise when the baseline p99 is sub-millisecond.
    bound = max(10 * base_p99, 250.0)
    check("probe under load: p99 %.2f ms <= max(10 x baseline p99 %.2f ms, 250 ms)" % (load_p99, base_p99),
          load_p99 <= bound, "bound %.2f ms" % bound)

    latency_report("console writes under load", writer)
    check("console writes under load: zero errors", not writer.errors, writer.errors[:5])
    check("console writes under load: at least 50 committed during the %.1f s window" % slow_window,
          len(writer.latencies) >= 50, len(writer.latencies))
    c = await Http.connect(port)
    try:
        st, body = await c.get("/api/v1/public/pilots/%s" % writer.pilot_id, auth)
    finally:
        c.close()
    check("the last write is what the public API returns", st == 200 and writer.last_phone is not None
          and json.loads(body).get("phone") == writer.last_phone, "%d %r" % (st, body[:200]))
    writer.conn.close()

    bad = await reuse(held)
    check("all %d held connections still open and answering a second request" % HELD, not bad,
          "%d failed: %s" % (len(bad), bad[:5]))
    for c in held:
        c.close()
    fds_after = await settle(pid, fds_before)
    check("after closing them the server's sockets return to %d (no leak)" % fds_before,
          fds_after <= fds_before, "%d open" % fds_after)
    rss["after"] = vm_rss_kb(pid)

    final = Probe(port, auth)
    await final.run(rounds=5)
    check("server still serves /readyz and the public read after the load",
          not final.errors and len(final.latencies) == 10, final.errors[:5])
    info("server sockets: idle %d, with %d held %d, after %d" % (fds_idle, HELD, fds_held, fds_after))
    info("server VmRSS MB: idle %.1f, after baseline %.1f, %d held %.1f, after slow clients %.1f, after close %.1f"
         % tuple([rss[k] / 1024.0 for k in ("idle", "before")] + [HELD] +
                 [rss[k] / 1024.0 for k in ("held", "load", "after")]))

    # Password checks: Argon2id's 19 MiB work area must go back to the system, not stay in each
    # handler thread's malloc arena (it did: +19 MiB per handler thread that ever checked a password).
    rss_logins = vm_rss_kb(pid)
    login_body = json.dumps({"email": creds["email"], "password": creds["password"]}).encode()

    async def login():
        c = await Http.connect(port)
        try:
            return (await c.request("POST", "/api/v1/console/login", (("Content-Type", "application/json"),),
                                    login_body))[0]
        finally:
            c.close()
    statuses = await asyncio.gather(*(login() for _ in range(LOGINS)), return_exceptions=True)
    grown = (vm_rss_kb(pid) - rss_logins) / 1024.0
    check("%d concurrent console logins all succeed" % LOGINS, statuses == [200] * LOGINS, statuses)
    check("%d concurrent password checks leave server RSS within 16 MiB of before" % LOGINS, grown <= 16,
          "grew %.1f MiB" % grown)
    info("server RSS after %d logins: %+.1f MiB" % (LOGINS, grown))

    # Per held connection the server keeps a coroutine frame, a socket and a small read buffer; a
    # connection that cost more than 64 KiB would make 10,000 of them (the default cap) cost > 600 MB.
    per_conn = (rss["held"] - rss["before"]) / float(HELD)
    check("server RSS per held connection <= 64 KiB", per_conn <= 64, "%.1f KiB" % per_conn)
    info("%.1f KiB of server RSS per held connection" % per_conn)


# ----------------------------------------------------------------------------- driver
def demo(binary, db_url, env):
    r = subprocess.run([binary, "demo", "--db", db_url, "--json"], capture_output=True, timeout=60, env=env)
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        if line.strip().startswith("{"):
            try:
                j = json.loads(line)
            except ValueError:
                continue
            if isinstance(j, dict) and "org_id" in j:
                return j
    raise RuntimeError("demo failed: " + r.stderr.decode("utf-8", "replace")[-800:])


def wait_ready(proc, port, limit_s=30.0):
    end = time.monotonic() + limit_s
    while time.monotonic() < end and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200 "):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def main():
    if len(sys.argv) < 2 and not os.environ.get("GAFLIGHT_BIN"):
        sys.exit("usage: load_slow_clients.py /path/to/gaflight")
    binary = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else os.environ["GAFLIGHT_BIN"])
    started = time.monotonic()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < MIN_NOFILE:
        check("RLIMIT_NOFILE hard limit >= %d" % MIN_NOFILE, False, "hard limit is %d" % hard)
        return CHECKS.summary()
    want = hard if hard != resource.RLIM_INFINITY else 65536  # the kernel refuses an infinite one
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    info("RLIMIT_NOFILE soft %s → %s" % (soft, want))

    tmp = tempfile.mkdtemp(prefix="gaflight-load.")
    # No configuration from the caller, except the master key a PostgreSQL database needs.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAFLIGHT_") or k == "GAFLIGHT_MASTER_KEY"}
    proc = log = None
    try:
        db_url = sys.argv[2] if len(sys.argv) > 2 else "sqlite:" + os.path.join(tmp, "load.db")
        d = demo(binary, db_url, env)
        auth = (("Authorization", "Bearer " + d["api_key"]), ("X-Org-Id", d["org_id"]))
        port = free_port()
        log = open(os.path.join(tmp, "server.log"), "wb")
        proc = subprocess.Popen([binary, "serve", "--db", db_url, "--listen", "127.0.0.1:%d" % port],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        if not check("serve: /readyz 200", wait_ready(proc, port)):
            raise RuntimeError("server did not become ready")
        left = WALL_BUDGET_S - (time.monotonic() - started)
        try:
            asyncio.run(asyncio.wait_for(scenario(port, proc.pid, auth, d), left))
        except asyncio.TimeoutError:
            check("finished within the %.0f s budget" % WALL_BUDGET_S, False)
        check("server process alive at the end", proc.poll() is None, "exit status %s" % proc.poll())
    except Exception as e:  # noqa: BLE001 - any setup failure is a failed run, reported as such
        check("run completed", False, repr(e))
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if log is not None:
            log.close()
        if os.environ.get("KEEP_TMP") == "1":
            info("kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    info("wall time %.1f s" % (time.monotonic() - started))
    return CHECKS.summary()


if __name__ == "__main__":
    sys.exit(main())
