#!/usr/bin/env python3
"""The maintenance-provider recipe (SPEC §10.4) end to end, as an integrator runs it.

  1. a demo school and `gaflight serve --allow-private-webhook-targets` on loopback;
  2. a receiver that verifies X-GA-Webhook-Signature ("sha256=" + HMAC-SHA256 of the raw body with the
     endpoint secret, compared in constant time) and dedupes on X-GA-Webhook-Delivery;
  3. a webhook endpoint subscribed to maintenance.alert (console API);
  4. an aircraft with an item near its due point (console API), a flight that crosses it, approved;
  5. exactly one maintenance.alert carrying the registration arrives;
  6. the integrator reads /fleet/{id} and /maintenance/due?aircraft_id= with the demo API key.

Usage: recipe_maintenance.py /path/to/gaflight   → prints PASS/FAIL per check, "N passed, M failed".
"""
import datetime
import hashlib
import hmac
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from harness import gaflight_env, new_db, run_demo

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS", name)
    else:
        failed += 1
        print("FAIL", name, ("— " + str(detail)[:600]) if detail else "")
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(fn, timeout, interval=0.1):
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > end:
            return v
        time.sleep(interval)


class Receiver:
    """What the maintenance provider runs: verify, dedupe, then act once per delivery."""

    def __init__(self):
        self.secret = None
        self.lock = threading.Lock()
        self.seen = set()        # X-GA-Webhook-Delivery ids already processed
        self.alerts = []         # verified, deduplicated maintenance.alert envelopes
        self.rejected = 0
        self.duplicates = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                sig = self.headers.get("X-GA-Webhook-Signature") or ""
                expected = "sha256=" + hmac.new((receiver.secret or "").encode(), raw, hashlib.sha256).hexdigest()
                if not receiver.secret or not hmac.compare_digest(sig, expected):
                    with receiver.lock:
                        receiver.rejected += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                delivery = self.headers.get("X-GA-Webhook-Delivery")
                with receiver.lock:
                    if delivery in receiver.seen:
                        receiver.duplicates += 1
                    else:
                        receiver.seen.add(delivery)
                        body = json.loads(raw)
                        if body.get("type") == "maintenance.alert":
                            receiver.alerts.append(body)
                self.send_response(200)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/gaflight/maintenance" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def main():
    binary = os.path.realpath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="gaflight-recipe-maint.")
    db = new_db(tmp, "r")
    env = gaflight_env()
    demo, out = run_demo(binary, db, 0)
    if not check("demo --json", out.returncode == 0 and demo, out.stderr[-600:]):
        return 1
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    log = open(os.path.join(tmp, "server.log"), "wb")
    server = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port,
                               "--allow-private-webhook-targets"], stdout=log, stderr=subprocess.STDOUT, env=env)
    receiver = Receiver()
    try:
        def ready():
            try:
                return requests.get(base + "/readyz", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        if not check("server ready", wait_until(ready, 60, 0.2)):
            return 1
        console = requests.Session()
        r = console.post(base + "/api/v1/console/login", json={"email": demo["email"], "password": demo["password"]})
        if not check("console login", r.status_code == 200, r.text):
            return 1
        console.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        ops = "%s/api/v1/console/orgs/%s" % (base, demo["org_id"])
        public = requests.Session()
        public.headers.update({"Authorization": "Bearer " + demo["api_key"], "X-Org-Id": demo["org_id"]})
        pub = base + "/api/v1/public"

        # The provider's endpoint, subscribed to maintenance.alert only.
        r = console.post(ops + "/webhooks", json={"url": receiver.url, "description": "Maintenance provider",
                                                  "event_types": ["maintenance.alert"], "active": True})
        if not check("create endpoint subscribed to maintenance.alert → 201 with its secret", r.status_code == 201,
                     r.text):
            return 1
        receiver.secret = r.json()["secret"]

        # An aircraft of the school, with an item 1.0 h from its due point (upcoming threshold 0.5 h: ok now).
        reg = None
        for _ in range(20):
            candidate = "F-HM" + "".join(random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))
            r = console.post(ops + "/fleet", json={"registration": candidate, "icao_type": "C172", "make": "Cessna",
                                                   "model": "172S", "seats": 4, "hobbs_hours": 2500.0,
                                                   "tach_hours": 2100.0})
            if r.status_code == 201:
                reg = candidate
                break
        if not check("create aircraft", reg is not None, r.text):
            return 1
        aircraft = r.json()["id"]
        today = datetime.datetime.now(datetime.timezone.utc).date()
        r = console.post(ops + "/fleet/%s/maintenance-items" % aircraft, json={
            "title": "100 h inspection", "category": "inspection", "reference": "AMP C172 5-20",
            "interval": {"hours": 100, "basis": "tach"}, "last_done": {"date": today.isoformat(), "meter_hours": 2001.0},
            "upcoming": {"hours": 0.5, "days": 30}, "blocks_dispatch": True})
        check("create maintenance item (1.0 h remaining) → 201 ok", r.status_code == 201 and r.json().get("status") == "ok",
              r.text)
        item = r.json().get("id")

        # A flight of 1.2 h that crosses the due point, submitted and approved.
        r = console.get(ops + "/pilots", params={"limit": 1})
        pilot = r.json()["data"][0]["id"]
        day = (today - datetime.timedelta(days=1)).isoformat()
        r = console.post(ops + "/flights", json={
            "date": day, "aircraft_id": aircraft, "pilot_id": pilot, "purpose": "rental",
            "departure_icao": "LFPN", "arrival_icao": "LFPN", "off_block_at": day + "T08:00:00Z",
            "takeoff_at": day + "T08:10:00Z", "landing_at": day + "T09:15:00Z", "on_block_at": day + "T09:20:00Z",
            "hobbs_start_hours": 2500.0, "hobbs_end_hours": 2501.3, "tach_start_hours": 2100.0,
            "tach_end_hours": 2101.2})
        if not check("submit a flight crossing the due point", r.status_code == 201, r.text):
            return 1
        r = console.post(ops + "/flights/%s/approve" % r.json()["id"], json={})
        check("approve it", r.status_code == 200, r.text)

        def mine():
            with receiver.lock:
                return [a for a in receiver.alerts if a["data"]["object"].get("aircraft_id") == aircraft]
        wait_until(lambda: mine(), 20)
        time.sleep(2)  # anything else (a duplicate alert) would arrive by now
        alerts = mine()
        check("exactly one maintenance.alert for the aircraft arrived, signature verified",
              len(alerts) == 1, "%d alerts, %d rejected" % (len(alerts), receiver.rejected))
        if alerts:
            obj = alerts[0]["data"]["object"]
            check("the alert carries the registration", obj.get("registration") == reg, obj)
            check("the alert names the item and the transition",
                  obj.get("item", {}).get("id") == item and obj.get("status") == "overdue"
                  and obj.get("previous_status") == "ok", obj)
            check("remaining hours in the alert", obj.get("remaining", {}).get("hours") == -0.2, obj.get("remaining"))
        check("no delivery failed verification", receiver.rejected == 0, receiver.rejected)

        # The provider reads the aircraft and its due list with the demo API key.
        r = public.get(pub + "/fleet/" + aircraft)
        check("GET /fleet/{id} → not airworthy, grounded",
              r.status_code == 200 and r.json().get("airworthiness") == "not_airworthy"
              and r.json().get("status") == "grounded", r.text)
        r = public.get(pub + "/maintenance/due", params={"aircraft_id": aircraft})
        rows = r.json().get("data", []) if r.status_code == 200 else []
        check("GET /maintenance/due?aircraft_id= → one row, one overdue item",
              len(rows) == 1 and rows[0]["registration"] == reg and rows[0]["overdue"] == 1
              and rows[0]["items"][0]["status"] == "overdue", r.text)
        return 0
    finally:
        receiver.stop()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if failed:
            with open(os.path.join(tmp, "server.log"), "rb") as f:
                print(b"".join(f.readlines()[-15:]).decode("utf-8", "replace"))
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    rc = main()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if (rc or failed) else 0)
