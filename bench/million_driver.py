#!/usr/bin/env python3
"""List latency at 5,200 and 1,000,000 flights (issue 9): driven by bench/million.sh.

For each size it creates (or reuses) a demo organisation in /tmp/gaflight-bench-flights-<N>.db, starts
`gaflight serve` on a free loopback port with the micro-cache off (--response-cache-ms 0: every request
runs the query and renders), then measures with wrk, one URL at a time and alternating the two servers:
  page1   GET /api/v1/public/flights?limit=50
  page100 the same list, page 100 of a cursor walk (the cursor is fetched once by walking pages 1..99)
  month   GET /api/v1/public/flights?status=approved&from=YYYY-MM-01&to=YYYY-MM-30&limit=50
Prints p50/p99/req/s per URL and size, the ratios the issue sets goals for, and writes a JSON record to
bench/results/million-<UTC>.json. Loopback only; every wrk run is bounded by DURATION + 30 s.
"""
import datetime
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("GAFLIGHT_BIN", os.path.join(REPO, "build", "gaflight"))
SIZES = [int(x) for x in os.environ.get("SIZES", "5200 1000000").split()]
DURATION = int(os.environ.get("DURATION", "5"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "2"))
REUSE = os.environ.get("REUSE", "1") == "1"
DB_DIR = os.environ.get("DB_DIR", "/tmp")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo(n):
    db = os.path.join(DB_DIR, f"gaflight-bench-flights-{n}.db")
    meta = db + ".demo.json"
    if REUSE and os.path.exists(db) and os.path.exists(meta):
        with open(meta) as f:
            return db, json.load(f)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    started = time.monotonic()
    out = subprocess.run([BIN, "demo", "--db", "sqlite:" + db, "--json", "--flights", str(n)],
                         capture_output=True, text=True, timeout=3600, check=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    info["demo_seconds"] = round(time.monotonic() - started, 1)
    info["db_bytes"] = os.path.getsize(db)
    with open(meta, "w") as f:
        json.dump(info, f)
    print(f"demo --flights {n}: {info['demo_seconds']} s, {info['db_bytes'] / 1e6:.0f} MB", flush=True)
    return db, info


class Server:
    def __init__(self, n):
        self.n = n
        self.db, self.info = demo(n)
        self.port = free_port()
        self.log = open(self.db + ".serve.log", "w")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", "sqlite:" + self.db, "--listen", f"127.0.0.1:{self.port}",
             "--response-cache-ms", "0", "--rate-limit", "10000000:10000000", "--access-log", "off"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"server for {n} flights did not become ready")
        self.headers = {"Authorization": "Bearer " + self.info["api_key"], "X-Org-Id": self.info["org_id"]}

    def get(self, path):
        req = urllib.request.Request(self.base + "/api/v1/public" + path, headers=self.headers)
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def urls(self):
        first = "/flights?limit=50"
        page = self.get(first)
        path = first
        for _ in range(99):  # pages 2..100
            assert page["cursor"], f"{self.n} flights: fewer than 100 pages"
            path = "/flights?limit=50&cursor=" + page["cursor"]
            page = self.get(path)
        assert len(page["data"]) == 50
        # A past month with 30 days that is inside both histories: the 5,200 school flies 18 months.
        today = datetime.date.today()
        y, m = today.year, today.month
        for _ in range(6):
            m -= 1
            if m == 0:
                y, m = y - 1, 12
        while m == 2:
            m -= 1
        month = f"/flights?status=approved&from={y:04d}-{m:02d}-01&to={y:04d}-{m:02d}-30&limit=50"
        assert len(self.get(month)["data"]) == 50
        return {"page1": first, "page100": path, "month": month}

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def ms(text):
    v, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(v) * UNITS[unit]


def wrk(server, path):
    cmd = ["timeout", str(DURATION + 30), "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency",
           "-H", "Authorization: " + server.headers["Authorization"], "-H", "X-Org-Id: " + server.headers["X-Org-Id"],
           server.base + "/api/v1/public" + path]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"errors while measuring {path}:\n{out}")
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {"p50_ms": ms(lat["50"]), "p99_ms": ms(lat["99"]), "rps": rps}


def median(xs):
    xs = sorted(xs)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def main():
    subprocess.run([BIN, "version"], check=True, capture_output=True)
    servers = [Server(n) for n in SIZES]
    try:
        urls = {s.n: s.urls() for s in servers}
        runs = {s.n: {k: [] for k in urls[s.n]} for s in servers}
        for s in servers:  # warm the page cache of each database once
            for path in urls[s.n].values():
                subprocess.run(["timeout", "10", "wrk", "-t1", "-c1", "-d1s", "-H",
                                "Authorization: " + s.headers["Authorization"], "-H",
                                "X-Org-Id: " + s.headers["X-Org-Id"], s.base + "/api/v1/public" + path],
                               capture_output=True, check=True)
        for _ in range(ROUNDS):
            for kind in ("page1", "page100", "month"):
                for s in servers:
                    runs[s.n][kind].append(wrk(s, urls[s.n][kind]))
    finally:
        for s in servers:
            s.stop()

    result = {"sizes": {}, "duration_s": DURATION, "rounds": ROUNDS, "connections": CONNECTIONS}
    print(f"\n{'flights':>9} {'query':8} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}   (median of {ROUNDS} rounds, "
          f"wrk -t1 -c{CONNECTIONS} -d{DURATION}s, micro-cache off)")
    for s in servers:
        entry = {"demo": {k: s.info.get(k) for k in ("demo_seconds", "db_bytes")}, "urls": urls[s.n]}
        for kind, samples in runs[s.n].items():
            entry[kind] = {k: round(median([r[k] for r in samples]), 3) for k in ("p50_ms", "p99_ms", "rps")}
            e = entry[kind]
            print(f"{s.n:>9} {kind:8} {e['p50_ms']:8.2f} {e['p99_ms']:8.2f} {e['rps']:8.0f}")
        result["sizes"][str(s.n)] = entry

    small, big = str(min(SIZES)), str(max(SIZES))
    checks = []
    for kind in ("page1", "page100", "month"):
        r = result["sizes"][big][kind]["p50_ms"] / result["sizes"][small][kind]["p50_ms"]
        checks.append((f"{kind}: {big} vs {small} flights p50", r, 1.5))
    for n in (small, big):
        r = result["sizes"][n]["page100"]["p50_ms"] / result["sizes"][n]["page1"]["p50_ms"]
        checks.append((f"{n} flights: page 100 vs page 1 p50", r, 1.2))
        r = result["sizes"][n]["month"]["p50_ms"] / result["sizes"][n]["page1"]["p50_ms"]
        checks.append((f"{n} flights: filtered month vs page 1 p50", r, 1.2))
    print()
    ok = True
    result["checks"] = []
    for name, ratio, goal in checks:
        good = ratio <= goal
        ok &= good
        result["checks"].append({"check": name, "ratio": round(ratio, 3), "goal": goal, "met": good})
        print(f"  {'ok  ' if good else 'MISS'} {name}: {ratio:.2f}x (goal <= {goal}x)")
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = os.path.join(REPO, "bench", "results", f"million-{stamp}.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
    print(f"\nwrote {path}")
    return 0 if ok else 3


if __name__ == "__main__":
    sys.exit(main())
