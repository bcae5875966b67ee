#!/usr/bin/python3
"""Webhook receivers that misbehave (issue 11, "Build and prove" 4) against one gaflight server.

    receiver_faults.py /path/to/gaflight          (or GAFLIGHT_BIN=/path/to/gaflight)

A fresh demo database, `gaflight serve --allow-private-webhook-targets` on loopback and seven endpoints
of the same organisation, all subscribed to flight.approved:
  healthy   receiver.py, verifies both signature schemes and answers 200;
  reset     reads the request, then closes with SO_LINGER 0 (a TCP RST);
  stall     reads the request and never answers (the socket is held open);
  tls       HTTPS with a self-signed certificate made by the openssl CLI (valid name, untrusted issuer);
  endless   200, then a body that never ends (chunked or a 1 TiB Content-Length), trickled;
  headers   200, then response header lines that never end;
  slow      receiver.py answering 200 after 12 s, past the 10 s delivery timeout.
Two bursts of approvals (the second while the first's timed-out attempts are being retried); then:
the healthy receiver gets every event, verified, each within a few seconds while the stalled requests
are still open; every faulty endpoint's deliveries are in the console delivery log, failed with the
error the fault should cause and a retry scheduled or made; the endless responses end within the
delivery timeout and the server's RSS stays bounded; /readyz answers 200 throughout.
Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on any failure. Every wait is
bounded (the run takes about a minute); only loopback addresses are contacted.
KEEP_TMP=1 keeps the temp dir (server log) for inspection.
"""
import os
import select
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

import harness
from harness import Api, Client, Receiver, Server, check, delivery_problems, info, obj_of, pctl, run_demo, wait_until

DELIVERY_TIMEOUT_S = 10.0  # SPEC §5: success = a 2xx within 10 s
BURST1, BURST2 = 20, 10    # more than the engine's 16 transfers per endpoint, so some queue behind the faults
PROMPT_S = 5.0             # healthy delivery bound: half the timeout, so a blocked engine cannot pass
ENDLESS_RATE = 4 << 20     # bytes/s per endless connection: 16 at once stream 640 MiB per timeout window
# RSS bound: per transfer the engine keeps a 4 KiB excerpt and curl a 16 KiB receive buffer (16 transfers
# per endpoint → < 1 MiB); the rest is allocator and SQLite cache noise.  A server that kept the bodies
# would grow by the bytes streamed, which the test makes at least 8 times this bound.
RSS_BOUND_MIB = 64


# ----------------------------------------------------------------------------- faulty receivers
def read_request(conn):
    """Reads one HTTP request (head + Content-Length body); returns the raw bytes or None."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return data


class FaultReceiver:
    """A loopback TCP listener whose every connection is handed to `self.handle` on its own thread."""

    def __init__(self, kind, tls_context=None):
        self.kind = kind
        self.tls = tls_context
        self.lock = threading.Lock()
        self.connections = 0
        self.requests = 0
        self.held = []             # sockets kept open (stall)
        self.errors = []           # what went wrong on the receiver side (TLS alerts, ...)
        self.bytes_sent = 0        # endless body / headers
        self.stream_seconds = []   # endless: first response byte → the server closed the connection
        self.open_streams = 0
        self.stopping = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self):
        return "%s://127.0.0.1:%d/%s" % ("https" if self.tls else "http", self.port, self.kind)

    def bump(self, name, n=1):
        with self.lock:
            setattr(self, name, getattr(self, name) + n)

    def _accept(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.bump("connections")
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        conn.settimeout(30)
        try:
            if self.tls:
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError) as e:
                    with self.lock:
                        self.errors.append(str(e))
                    return
            req = read_request(conn)
            if req is None:
                return
            self.bump("requests")
            getattr(self, "on_" + self.kind)(conn)
        except OSError:
            pass  # the server hung up: that is what the faults provoke
        finally:
            if conn not in self.held:
                conn.close()

    def open_held(self):
        """How many held requests the server still has open (a closed peer reads as EOF)."""
        n = 0
        with self.lock:
            for c in self.held:
                try:
                    if not select.select([c], [], [], 0)[0] or c.recv(1, socket.MSG_PEEK):
                        n += 1
                except OSError:
                    pass
        return n

    def on_reset(self, conn):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def on_stall(self, conn):
        with self.lock:
            self.held.append(conn)

    def on_tls(self, conn):
        # reached only if the server accepted the untrusted certificate
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    def on_endless(self, conn):
        with self.lock:
            chunked = self.requests % 2 == 0
        if chunked:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            piece = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
        else:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % (1 << 40)
            piece = b"y" * 0x10000
        self._stream(conn, head, piece)

    def on_headers(self, conn):
        self._stream(conn, b"HTTP/1.1 200 OK\r\n", b"".join(b"X-Pad-%d: %s\r\n" % (i, b"z" * 200) for i in range(64)))

    def _stream(self, conn, head, piece):
        """Sends head, then piece after piece at ENDLESS_RATE until the server closes the connection."""
        self.bump("open_streams")
        start = time.monotonic()
        try:
            conn.sendall(head)
            due = start
            while not self.stopping.is_set():
                conn.sendall(piece)
                self.bump("bytes_sent", len(piece))
                due += len(piece) / ENDLESS_RATE
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
        except OSError:
            with self.lock:
                self.stream_seconds.append(time.monotonic() - start)
        finally:
            self.bump("open_streams", -1)

    def stop(self):
        self.stopping.set()
        self.sock.close()
        with self.lock:
            for c in self.held:
                c.close()


def self_signed_context(tmp):
    """A server context with a throwaway self-signed certificate whose name (IP 127.0.0.1) matches: the
    only thing wrong with it is that nobody issued it."""
    key, cert = os.path.join(tmp, "tls-key.pem"), os.path.join(tmp, "tls-cert.pem")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError("openssl req failed: " + r.stderr.decode("utf-8", "replace")[-400:])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


# ----------------------------------------------------------------------------- server monitor
class Monitor:
    """Samples the server's RSS (/proc/PID/status) every 0.2 s and GET /readyz every 0.5 s."""

    def __init__(self, server):
        self.server = server
        self.rss_kib = []
        self.ready = []  # (status or error text, seconds)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def rss(self):
        try:
            with open("/proc/%d/status" % self.server.proc.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def _run(self):
        probe = Client()
        next_probe = 0.0
        while not self.stopping.is_set():
            kib = self.rss()
            if kib is not None:
                self.rss_kib.append(kib)
            if time.monotonic() >= next_probe:
                next_probe = time.monotonic() + 0.5
                t = time.monotonic()
                try:
                    status = probe.request("GET", self.server.base + "/readyz", timeout=3).status_code
                except Exception as e:  # noqa: BLE001 - a timeout or refused connection is the finding
                    status = repr(e)
                self.ready.append((status, time.monotonic() - t))
            self.stopping.wait(0.2)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join(10)


# ----------------------------------------------------------------------------- the test
class FaultTest:
    def __init__(self, binary):
        self.bin = binary
        self.tmp = tempfile.mkdtemp(prefix="gaflight-faults.")
        self.server = None
        self.faulty = {}   # kind → (receiver, endpoint)
        self.sent = {}     # flight id → (monotonic time the approve request was sent, its response came)
        self.pool = []

    def setup(self):
        db = harness.new_db(self.tmp, "faults")
        demo, r = run_demo(self.bin, db, BURST1 + BURST2 + 10)
        if not check("demo --json", r.returncode == 0 and demo is not None, r.stderr.decode("utf-8", "replace")[-800:]):
            return False
        self.server = Server(self.bin, db, self.tmp, True, "server")
        if not check("serve --allow-private-webhook-targets: /readyz 200", self.server.wait_ready(), self.server.tail()):
            return False
        self.api = Api(self.server.base, demo)
        r = self.api.c("GET", "/flights?status=submitted&limit=100")
        self.pool = [f["id"] for f in r.json().get("data", [])] if r.status_code == 200 else []
        check("at least %d submitted demo flights to approve" % (BURST1 + BURST2), len(self.pool) >= BURST1 + BURST2,
              r.brief())
        self.healthy = Receiver("python", logdir=self.tmp)
        self.ep_healthy = self.endpoint(self.healthy.url("/healthy"), "healthy")
        self.healthy.control(secrets=[self.ep_healthy.pop("secret")])
        self.slow = Receiver("python", logdir=self.tmp)
        ep_slow = self.endpoint(self.slow.url("/slow"), "slow")
        self.slow.control(secrets=[ep_slow.pop("secret")], delay_ms=int(DELIVERY_TIMEOUT_S * 1000) + 2000)
        self.faulty["slow"] = (self.slow, ep_slow)
        tls = self_signed_context(self.tmp)
        for kind in ("reset", "stall", "tls", "endless", "headers"):
            rx = FaultReceiver(kind, tls if kind == "tls" else None)
            self.faulty[kind] = (rx, self.endpoint(rx.url(), kind))
        return True

    def endpoint(self, url, label):
        r = self.api.create_endpoint(url, ["flight.approved"], "faults-" + label)
        if not check("create endpoint %s (%s) → 201" % (label, url), r.status_code == 201, r.brief()):
            raise RuntimeError("cannot create endpoint " + label)
        return r.json()

    def burst(self, n):
        fids = []
        for _ in range(n):
            fid = self.pool.pop(0)
            t = time.monotonic()
            r = self.api.c("POST", "/flights/%s/approve" % fid, {})
            if r.status_code == 200:
                self.sent[fid] = (t, time.monotonic())
                fids.append(fid)
        check("burst of %d approvals → 200 each" % n, len(fids) == n, "%d of %d" % (len(fids), n))
        return fids

    def healthy_arrivals(self, fids, timeout):
        """Waits for the healthy receiver to get every flight in fids; returns {fid: monotonic arrival}."""
        def got():
            have = {obj_of(d).get("id") for d in self.healthy.deliveries()}
            return set(fids) <= have
        wait_until(got, timeout, 0.05)
        # receiver times are wall-clock ms; convert with the offset measured now
        offset = time.monotonic() - time.time()
        out = {}
        for d in self.healthy.deliveries():
            fid = obj_of(d).get("id")
            if fid in fids and fid not in out:
                out[fid] = d["received_at_ms"] / 1000.0 + offset
        return out

    def check_prompt(self, label, fids, arrivals):
        # from the approve request being sent (an upper bound, asserted) and from its response (reported)
        lat = [arrivals[f] - self.sent[f][0] for f in fids if f in arrivals]
        after = [arrivals[f] - self.sent[f][1] for f in fids if f in arrivals]
        info("%s: healthy latency s, approve sent → receipt: p50 %.3f p95 %.3f max %.3f; approve answered → "
             "receipt: p50 %.3f max %.3f" % (label, pctl(lat, 50), pctl(lat, 95), max(lat or [float("nan")]),
                                              pctl(after, 50), max(after or [float("nan")])))
        check("%s: the healthy receiver got all %d events" % (label, len(fids)), len(lat) == len(fids),
              "%d of %d" % (len(lat), len(fids)))
        check("%s: each within %.0f s of its approval (max %.3f s)" % (label, PROMPT_S, max(lat or [99])),
              len(lat) == len(fids) and max(lat) < PROMPT_S)  # a missing event is not prompt either

    def run_scenario(self):
        org = self.api.org
        # warm up the engine (curl, SQLite caches) before the RSS baseline
        self.api.c("POST", "/webhooks/%s/test" % self.ep_healthy["id"], {})
        self.healthy.wait_count(1, 10)
        self.healthy.control(clear=True)
        mon = Monitor(self.server)
        baseline = mon.rss()
        mon.start()
        try:
            t0 = time.monotonic()
            first = self.burst(BURST1)
            arrivals = self.healthy_arrivals(first, 15)
            stall = self.faulty["stall"][0]
            held_now = stall.open_held()
            info("burst 1: %d healthy deliveries within %.2f s; stall receiver holding %d requests, endless streams "
                 "open %d" % (len(arrivals), max(arrivals.values() or [t0]) - t0, held_now,
                              self.faulty["endless"][0].open_streams))
            self.check_prompt("burst 1", first, arrivals)
            check("burst 1 reached the healthy receiver while stalled requests were still open (%d held)" % held_now,
                  held_now >= 1 and len(arrivals) == len(first)
                  and max(arrivals.values()) < t0 + DELIVERY_TIMEOUT_S)

            # burst 2 once the first attempts to the stalled endpoint have timed out: retries are in flight
            stall_ep = self.faulty["stall"][1]["id"]
            wait_until(lambda: any(a.get("error") for d in self.api.deliveries(stall_ep) for a in d["attempts"]),
                       DELIVERY_TIMEOUT_S + 5, 0.5)
            second = self.burst(BURST2)
            self.check_prompt("burst 2 (during retries)", second, self.healthy_arrivals(second, 15))

            ds = self.healthy.deliveries()
            fids = first + second
            probs = {d["seq"]: delivery_problems(d, org, attempt=1) for d in ds}
            check("healthy: every delivery has the SPEC §5 headers and both signatures verify, answered 200",
                  ds and not any(probs.values()) and all(d["answered_status"] == 200 for d in ds),
                  {k: v for k, v in probs.items() if v})
            got = [obj_of(d).get("id") for d in ds]
            check("healthy: exactly one delivery per approved flight (%d)" % len(fids),
                  sorted(got) == sorted(fids), "%d deliveries for %d flights" % (len(got), len(fids)))
            self.check_faulty(len(fids), t0)
        finally:
            mon.stop()
        self.check_server(mon, baseline)

    def check_faulty(self, n_events, t0):
        """Waits (bounded) until every faulty endpoint shows failures and retries in its delivery log."""
        expect = {  # kind → (error must contain, status code, attempt latency bound in ms or None)
            "reset": ("reset", None, None),
            "stall": ("timed out", None, (9000, 12000)),
            "tls": ("certificate", None, None),
            "endless": ("timed out", 200, (9000, 12000)),
            "headers": ("header", 200, None),
            "slow": ("timed out", None, (9000, 12000)),
        }

        def fast_retry_done(ds):
            # reset / tls / headers fail at once and retry 1 s later: every delivery has ≥ 2 attempts
            return all(d["attempt_count"] >= 2 for d in ds)

        def slow_retry_done(ds):
            return any(d["attempt_count"] >= 2 for d in ds)

        deadline = t0 + 3 * DELIVERY_TIMEOUT_S + 15
        logs = {}
        for kind, (rx, ep) in self.faulty.items():
            done = fast_retry_done if kind in ("reset", "tls", "headers") else slow_retry_done

            def ready(ep=ep, done=done):
                ds = self.api.deliveries(ep["id"])
                return ds if len(ds) == n_events and done(ds) else None
            logs[kind] = wait_until(ready, max(1.0, deadline - time.monotonic()), 0.5) or self.api.deliveries(ep["id"])

        for kind, ds in logs.items():
            rx, ep = self.faulty[kind]
            words, status, latency = expect[kind]
            attempts = [a for d in ds for a in d["attempts"]]
            sample = attempts[0] if attempts else {}
            info("%s: %d deliveries, %d attempts, attempt counts %s; e.g. status %s, %s ms, error %r"
                 % (kind, len(ds), len(attempts), sorted({d["attempt_count"] for d in ds}), sample.get("status_code"),
                    sample.get("latency_ms"), sample.get("error")))
            check("%s: all %d events are in the delivery log, none succeeded" % (kind, n_events),
                  len(ds) == n_events and all(d["status"] == "pending" for d in ds),
                  [(d["status"], d["attempt_count"]) for d in ds])
            bad = [a for a in attempts if a.get("succeeded") is not False or words not in (a.get("error") or "").lower()
                   or a.get("status_code") != status]
            check("%s: every recorded attempt failed with status %s and an error mentioning %r" % (kind, status, words),
                  attempts and not bad, bad[:3])
            if latency:
                lo, hi = latency
                out = [a.get("latency_ms") for a in attempts if not lo <= (a.get("latency_ms") or 0) <= hi]
                check("%s: each attempt ended at the %.0f s timeout (%d..%d ms)" % (kind, DELIVERY_TIMEOUT_S, lo, hi),
                      attempts and not out, out[:5])
            waiting = [d for d in ds if d["attempts"] and d["attempt_count"] == len(d["attempts"])]
            check("%s: each delivery with a recorded failure has its next attempt scheduled (next_attempt_at)" % kind,
                  waiting and all(d["next_attempt_at"] for d in waiting),
                  [(d["attempt_count"], d["next_attempt_at"]) for d in waiting if not d["next_attempt_at"]][:5])
            what = "every delivery" if kind in ("reset", "tls", "headers") else "deliveries"
            check("%s: retried — %s reached attempt 2 (max attempt_count %d)"
                  % (kind, what, max([d["attempt_count"] for d in ds] or [0])),
                  ds and (fast_retry_done(ds) if kind in ("reset", "tls", "headers") else slow_retry_done(ds)))

        rx = self.faulty["reset"][0]
        check("reset: the receiver read %d requests and reset each connection" % rx.requests, rx.requests >= n_events)
        rx = self.faulty["tls"][0]
        info("tls: %d handshakes refused, receiver saw: %r" % (len(rx.errors), rx.errors[:1]))
        check("tls: handshakes were attempted and none carried a request (the untrusted certificate was refused)",
              rx.connections >= n_events and len(rx.errors) >= n_events and rx.requests == 0,
              "connections %d, failed handshakes %d, requests %d" % (rx.connections, len(rx.errors), rx.requests))
        excerpts = [a.get("response_excerpt") or "" for d in logs["endless"] for a in d["attempts"]]
        check("endless: each attempt kept a response excerpt of at most 4 KiB (SPEC §5)",
              excerpts and all(0 < len(e.encode("utf-8")) <= 4096 for e in excerpts),
              sorted({len(e) for e in excerpts}))
        rx = self.faulty["endless"][0]
        with rx.lock:
            streams = list(rx.stream_seconds)
        info("endless: %d responses streamed %.0f MiB; the server hung up after %.2f..%.2f s"
             % (len(streams), rx.bytes_sent / 1048576.0, min(streams or [0]), max(streams or [0])))
        check("endless: every finished response was cut off by the server within the timeout (+1.5 s)",
              len(streams) >= 16 and max(streams) <= DELIVERY_TIMEOUT_S + 1.5, ["%.2f" % s for s in streams])
        rx = self.faulty["headers"][0]
        info("headers: %d responses streamed %.1f MiB of header lines before the server hung up (longest %.2f s)"
             % (len(rx.stream_seconds), rx.bytes_sent / 1048576.0, max(rx.stream_seconds or [0])))
        check("headers: endless header lines were cut off (by a size limit, well before the timeout)",
              len(rx.stream_seconds) >= n_events and max(rx.stream_seconds) < DELIVERY_TIMEOUT_S / 2,
              ["%.2f" % s for s in rx.stream_seconds[:10]])
        ds = self.slow.deliveries()
        redelivered = {}
        for d in ds:
            redelivered.setdefault(d["headers"].get("x-ga-webhook-delivery"), []).append(
                d["headers"].get("x-ga-webhook-attempt"))
        check("slow: the receiver got signed requests it answered too late, then the same delivery id again "
              "as attempt 2", ds and all(d["verified"]["all"] for d in ds)
              and any(a[:2] == ["1", "2"] for a in redelivered.values()),
              sorted(redelivered.values())[:5])

    def check_server(self, mon, baseline):
        peak = max(mon.rss_kib or [0])
        endless = self.faulty["endless"][0].bytes_sent + self.faulty["headers"][0].bytes_sent
        grow_mib = (peak - (baseline or 0)) / 1024.0
        info("server RSS: baseline %.1f MiB, peak %.1f MiB (+%.1f MiB) over %d samples, while receivers streamed "
             "%.0f MiB of endless responses" % ((baseline or 0) / 1024.0, peak / 1024.0, grow_mib, len(mon.rss_kib),
                                                endless / 1048576.0))
        check("server RSS grew by less than %d MiB (+%.1f MiB)" % (RSS_BOUND_MIB, grow_mib),
              baseline and mon.rss_kib and grow_mib < RSS_BOUND_MIB)
        check("the endless responses streamed at least 8 × that bound (%.0f MiB), so a kept body would show"
              % (endless / 1048576.0), endless >= 8 * RSS_BOUND_MIB << 20)
        bad = [r for r in mon.ready if r[0] != 200 or r[1] > 2.0]
        lat = [r[1] for r in mon.ready]
        info("/readyz: %d probes, max %.3f s" % (len(mon.ready), max(lat or [0])))
        check("/readyz answered 200 within 2 s on every probe throughout (%d probes)" % len(mon.ready),
              len(mon.ready) >= 20 and not bad, bad[:5])
        check("server still running", self.server.proc.poll() is None, self.server.tail())

    def run(self):
        try:
            if self.setup():
                self.run_scenario()
        except Exception as e:  # noqa: BLE001 - reported as a failure, the teardown still runs
            import traceback
            traceback.print_exc()
            check("fault scenario ran to completion", False, repr(e))
        finally:
            if self.server:
                rc = self.server.stop()
                check("server exits 0 on SIGTERM with faulty transfers in flight", rc == 0, rc)
            for rx, _ in self.faulty.values():
                if isinstance(rx, FaultReceiver):
                    rx.stop()
            Receiver.stop_all()
            harness.keep_or_remove(self.tmp, "server log")


if __name__ == "__main__":
    sys.exit(harness.main("receiver_faults.py", lambda binary: FaultTest(binary).run()))
