#!/usr/bin/python3
"""The soak behind bench/soak.sh: soak_driver.py BIN MINUTES RESULTS_DIR.

Setup: a temp dir, `BIN demo --json --awaiting-review 1200`, `BIN serve --allow-private-webhook-targets`
on a free loopback port, a loopback webhook receiver (answers 503 to every 20th POST so retries run
too) registered through the console API for flight.approved and webhook.test.
Load for MINUTES:
  - READERS threads of public reads with the demo key, each pausing READ_PAUSE s between requests:
    a walk through every /flights page by cursor (uncached pages) interleaved with other lists;
  - one console writer (logged in with the CSRF token, a fresh session every minute): approves a
    submitted flight at a pace that lasts the run (each bills an invoice and emits flight.approved),
    sends a webhook test every 5 s, and reads a console list every second.
Every 10 s the server's VmRSS, descriptors, threads and the counters go to RESULTS_DIR/soak-<UTC>.csv.
Loopback only; every wait is bounded.
"""
import datetime
import http.server
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import shutil

import requests

READERS = int(os.environ.get("READERS", "2"))
READ_PAUSE = float(os.environ.get("READ_PAUSE", "0.1"))
SAMPLE_S = 10
AWAITING = 1200
TEST_EVERY_S = 5
RELOGIN_EVERY_S = 60
FAIL_EVERY = 20  # the receiver answers 503 to every 20th POST
PUBLIC_LISTS = ["/pilots?limit=50", "/fleet", "/events?limit=50", "/maintenance/due?limit=50",
                "/maintenance/work-orders?limit=50", "/compliance?limit=50", "/invoices?limit=50",
                "/training/signoffs?limit=50", "/training-progress?limit=50", "/vtr?limit=50",
                "/planning/sessions?limit=50"]


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.n = {"public_reads": 0, "console_reads": 0, "approvals": 0, "webhook_tests": 0, "logins": 0,
                  "rate_limited": 0}
        self.errors = 0
        self.error_samples = []

    def ok(self, kind):
        with self.lock:
            self.n[kind] += 1

    def error(self, what):
        with self.lock:
            self.errors += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(what[:300])

    def snapshot(self):
        with self.lock:
            return dict(self.n), self.errors


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.lock = threading.Lock()
        self.posts = 0
        self.failed = 0
        self.ids = set()


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        srv = self.server
        with srv.lock:
            srv.posts += 1
            fail = srv.posts % FAIL_EVERY == 0
            if fail:
                srv.failed += 1
            else:
                srv.ids.add(self.headers.get("X-GA-Webhook-Delivery", ""))
        self.send_response(503 if fail else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def proc_status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "Threads"):
                out[k] = int(v.split()[0])
    out["fds"] = len(os.listdir("/proc/%d/fd" % pid))
    return out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def session():
    s = requests.Session()
    s.trust_env = False  # loopback only: never a proxy
    return s


def reader(base, demo, stop, counters, offset):
    s = session()
    s.headers.update({"Authorization": "Bearer " + demo["api_key"], "X-Org-Id": demo["org_id"]})
    api = base + "/api/v1/public"
    cursor, i = None, offset
    while not stop.is_set():
        # Every other request walks /flights by cursor: pages the micro-cache has not seen recently.
        if i % 2 == 0:
            path = "/flights?limit=100" + ("&cursor=" + cursor if cursor else "")
        else:
            path = PUBLIC_LISTS[(i // 2) % len(PUBLIC_LISTS)]
        i += 1
        try:
            r = s.get(api + path, timeout=10)
        except requests.RequestException as e:
            counters.error("GET %s: %r" % (path, e))
        else:
            if r.status_code == 200:
                counters.ok("public_reads")
                if path.startswith("/flights"):
                    cursor = r.json().get("cursor")
            elif r.status_code == 429:
                counters.ok("rate_limited")
            else:
                counters.error("GET %s: %d %s" % (path, r.status_code, r.text[:200]))
        stop.wait(READ_PAUSE)


class Console:
    def __init__(self, base, demo, counters):
        self.base, self.demo, self.counters = base, demo, counters
        self.s = None
        self.login()

    def login(self):
        if self.s is not None:
            self.call("POST", "/api/v1/console/logout", {}, want=(200, 204))
        s = session()
        r = s.post(self.base + "/api/v1/console/login",
                   json={"email": self.demo["email"], "password": self.demo["password"]}, timeout=10)
        if r.status_code != 200 or not r.json().get("csrf_token"):
            raise RuntimeError("console login: %d %s" % (r.status_code, r.text[:200]))
        s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        self.s = s
        self.counters.ok("logins")

    def call(self, method, path, body=None, kind=None, want=(200,)):
        url = self.base + path if path.startswith("/api/") else \
            "%s/api/v1/console/orgs/%s%s" % (self.base, self.demo["org_id"], path)
        try:
            r = self.s.request(method, url, json=body, timeout=10)
        except requests.RequestException as e:
            self.counters.error("%s %s: %r" % (method, path, e))
            return None
        if r.status_code in want:
            if kind:
                self.counters.ok(kind)
            return r
        self.counters.error("%s %s: %d %s" % (method, path, r.status_code, r.text[:200]))
        return None


def submitted_flights(console):
    out, cursor = [], None
    for _ in range(20):
        r = console.call("GET", "/flights?status=submitted&limit=200" + ("&cursor=" + cursor if cursor else ""))
        if r is None:
            break
        body = r.json()
        out += [f["id"] for f in body.get("data", [])]
        cursor = body.get("cursor")
        if not cursor:
            break
    return out


def writer(console, endpoint_id, pool, duration, stop):
    interval = max(1.0, duration / max(1, len(pool)))
    start = time.monotonic()
    next_approve = next_test = start
    next_login = start + RELOGIN_EVERY_S
    while not stop.is_set():
        now = time.monotonic()
        if now >= next_login:
            try:
                console.login()
            except (RuntimeError, requests.RequestException) as e:
                console.counters.error("relogin: %r" % e)
            next_login += RELOGIN_EVERY_S
        if pool and now >= next_approve:
            console.call("POST", "/flights/%s/approve" % pool.pop(0), {}, "approvals")
            next_approve += interval
        if now >= next_test:
            console.call("POST", "/webhooks/%s/test" % endpoint_id, {}, "webhook_tests", want=(202,))
            next_test += TEST_EVERY_S
        console.call("GET", "/webhooks/%s/deliveries?limit=20" % endpoint_id, None, "console_reads")
        stop.wait(1.0)


def summarise(rows, minutes):
    rss = [r["rss_kb"] / 1024.0 for r in rows]
    half = rows[len(rows) // 2:]
    xs = [r["t_s"] / 600.0 for r in half]  # in units of 10 min
    ys = [r["rss_kb"] / 1024.0 for r in half]
    slope = float("nan")
    if len(half) >= 2:
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        den = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")
    return {"minutes": minutes, "samples": len(rows), "rss_start_mb": rss[0], "rss_min_mb": min(rss),
            "rss_median_mb": statistics.median(rss), "rss_max_mb": max(rss), "rss_last_mb": rss[-1],
            "slope_mb_per_10min_second_half": slope}


def main():
    binary, minutes, results = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    duration = minutes * 60
    os.makedirs(results, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    csv_path = os.path.join(results, "soak-%s.csv" % stamp)
    tmp = tempfile.mkdtemp(prefix="gaflight-soak.")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAFLIGHT_")}
    proc = log = recv = None
    try:
        db = os.path.join(tmp, "soak.db")
        r = subprocess.run([binary, "demo", "--db", "sqlite:" + db, "--json", "--awaiting-review", str(AWAITING)],
                           capture_output=True, timeout=600, env=env)
        lines = [ln for ln in r.stdout.decode().splitlines() if ln.startswith("{")]
        if r.returncode != 0 or not lines:
            print("demo failed: " + r.stderr.decode("utf-8", "replace")[-800:], file=sys.stderr)
            return 1
        demo = json.loads(lines[-1])
        port = free_port()
        base = "http://127.0.0.1:%d" % port
        log = open(os.path.join(tmp, "server.log"), "wb")
        proc = subprocess.Popen([binary, "serve", "--db", "sqlite:" + db, "--listen", "127.0.0.1:%d" % port,
                                 "--allow-private-webhook-targets", "--access-log", "off"],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        probe = session()
        for _ in range(300):
            try:
                if probe.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        else:
            print("server did not become ready", file=sys.stderr)
            return 1
        if proc.poll() is not None:
            print("server exited at start: status %s" % proc.returncode, file=sys.stderr)
            return 1

        recv = Receiver()
        threading.Thread(target=recv.serve_forever, daemon=True).start()
        counters = Counters()
        console = Console(base, demo, counters)
        ep = console.call("POST", "/webhooks", {"url": "http://127.0.0.1:%d/hook" % recv.server_address[1],
                                                "description": "soak", "active": True,
                                                "event_types": ["flight.approved", "webhook.test"]},
                          want=(201,))
        if ep is None:
            print("creating the webhook endpoint failed: %s" % counters.error_samples, file=sys.stderr)
            return 1
        pool = submitted_flights(console)
        print("soak: %d min on %s (pid %d), %d submitted flights to approve, %d readers every %.2f s, CSV %s"
              % (minutes, base, proc.pid, len(pool), READERS, READ_PAUSE, csv_path), flush=True)

        stop = threading.Event()
        rows = []
        fields = ["t_s", "rss_kb", "fds", "threads", "public_reads", "console_reads", "approvals", "webhook_tests",
                  "logins", "rate_limited", "errors", "deliveries_received", "receiver_503s"]
        csv = open(csv_path, "w")
        csv.write(",".join(fields) + "\n")

        def sample(t0):
            st = proc_status(proc.pid)
            n, errors = counters.snapshot()
            with recv.lock:
                got, fails = len(recv.ids), recv.failed
            row = dict(n, t_s=round(time.monotonic() - t0, 1), rss_kb=st["VmRSS"], fds=st["fds"],
                       threads=st["Threads"], errors=errors, deliveries_received=got, receiver_503s=fails)
            rows.append(row)
            csv.write(",".join(str(row[f]) for f in fields) + "\n")
            csv.flush()
            return row

        t0 = time.monotonic()
        sample(t0)  # the start of the load
        workers = [threading.Thread(target=reader, args=(base, demo, stop, counters, k), daemon=True)
                   for k in range(READERS)]
        workers.append(threading.Thread(target=writer, args=(console, ep.json()["id"], pool, duration, stop),
                                        daemon=True))
        for w in workers:
            w.start()
        k = 1
        while time.monotonic() - t0 < duration and proc.poll() is None:
            time.sleep(max(0.0, t0 + k * SAMPLE_S - time.monotonic()))
            if proc.poll() is None:
                row = sample(t0)
                if k % 6 == 0:
                    print("  %5.0f s  RSS %.1f MB  fds %d  reads %d  writes %d  errors %d  deliveries %d"
                          % (row["t_s"], row["rss_kb"] / 1024.0, row["fds"], row["public_reads"],
                             row["approvals"] + row["webhook_tests"], row["errors"], row["deliveries_received"]),
                          flush=True)
            k += 1
        stop.set()
        for w in workers:
            w.join(30)
        alive = proc.poll() is None
        n, errors = counters.snapshot()
        expected = n["approvals"] + n["webhook_tests"]
        # Deliveries still in flight (or waiting for their retry after a 503) get 30 s to arrive.
        end = time.monotonic() + 30
        while alive and time.monotonic() < end:
            with recv.lock:
                if len(recv.ids) >= expected:
                    break
            time.sleep(0.2)
        csv.close()
        with recv.lock:
            got, posts, fails = len(recv.ids), recv.posts, recv.failed

        s = summarise(rows, minutes)
        print()
        print("samples: %d (every %d s) in %s" % (s["samples"], SAMPLE_S, csv_path))
        print("RSS MB: start of load %.1f, min %.1f, median %.1f, max %.1f, last %.1f"
              % (s["rss_start_mb"], s["rss_min_mb"], s["rss_median_mb"], s["rss_max_mb"], s["rss_last_mb"]))
        print("RSS slope over the second half (least squares): %+.2f MB per 10 min"
              % s["slope_mb_per_10min_second_half"])
        print("server descriptors: first %d, last %d; threads: last %d"
              % (rows[0]["fds"], rows[-1]["fds"], rows[-1]["threads"]))
        total = n["public_reads"] + n["console_reads"] + n["approvals"] + n["webhook_tests"] + n["logins"]
        print("requests served: %d (public reads %d, console reads %d, approvals %d, webhook tests %d, logins %d);"
              " 429s %d; errors %d" % (total, n["public_reads"], n["console_reads"], n["approvals"],
                                       n["webhook_tests"], n["logins"], n["rate_limited"], errors))
        for e in counters.error_samples:
            print("  error: " + e)
        print("deliveries: %d distinct received of %d events (%d POSTs, %d answered 503 and retried)"
              % (got, expected, posts, fails))
        problems = []
        if not alive:
            problems.append("server exited with status %s" % proc.returncode)
        if errors:
            problems.append("%d request errors" % errors)
        if got < expected:
            problems.append("%d deliveries missing" % (expected - got))
        print("RESULT: " + ("valid" if not problems else "INVALID (%s)" % "; ".join(problems)))
        return 2 if problems else 0
    finally:
        if recv is not None:
            recv.shutdown()
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
            print("kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
