#!/usr/bin/python3
"""Black-box test of gaflight's signed webhooks (SPEC §4–§6, issue 3) against real receivers.

    webhooks_test.py /path/to/gaflight          (or GAFLIGHT_BIN=/path/to/gaflight)

It runs its own servers: a temp dir, `gaflight demo`, `gaflight serve --allow-private-webhook-targets`
on a free loopback port, and the receivers of this directory (receiver.mjs with the npm
`standardwebhooks` package, receiver.py with the standard library), each of which verifies every
delivery it gets.  Scenarios:
  a. delivery: two endpoints (Node, Python) with different subscriptions; approve 3 flights and
     reject 1 → exactly the subscribed events, every SPEC §5 header, both signature schemes verify,
     body = envelope of the flight; event ids match GET /public/events; console delivery history.
  b. test event (POST …/test → webhook.test to that endpoint only).
  c. retries: 2 × 500 then 200 (same delivery id, attempts 1,2,3 about 1 s and 5 s apart); a 302 is
     a failure and is not followed; a receiver that always fails gets 5 attempts (1/5/25/125 s) then
     the delivery is `failed`, and a console retry delivers it again (runs in the background).
  d. rotation: dual signatures; receivers knowing only the old, only the new, or both secrets verify.
  e. replay: a new delivery id, same event id, byte-identical body; a second replay within 60 s → 429;
     inactive endpoints get nothing.
  f. isolation: an endpoint that never answers does not slow a healthy one (20 approvals, p95).
  g. SSRF: the same database served WITHOUT the flag refuses loopback / http / numeric-host targets at
     creation (422 validation_failed, field url) and at send time (attempt error, no connection).
Prints PASS/FAIL per check and a final "N passed, M failed"; exits non-zero on any failure.
Every wait is bounded.  Only loopback addresses are ever contacted.
KEEP_TMP=1 keeps the temp dir (server logs) for inspection.
"""
import os
import shutil
import sys
import tempfile
import time

import harness
from harness import (HERE, UUID_RE, Api, Client, Receiver, Server, body_of, check, delivery_problems,
                     good_secret, info, obj_of, parse_instant, pctl, run_demo, wait_until)

# Lateness allowed on top of the ±10 % retry jitter: the engine's 200 ms fallback poll, the failed
# request's own latency and a busy CI machine.  Early is never allowed (beyond 50 ms of clock noise).
SLACK = float(os.environ.get("WEBHOOKS_TIMING_SLACK", "0.75"))


# ----------------------------------------------------------------------------- the suite
class Suite:
    def __init__(self, binary):
        self.bin = binary
        self.tmp = tempfile.mkdtemp(prefix="gaflight-webhooks.")
        self.db = harness.new_db(self.tmp, "wh")
        self.server = None
        self.api = None
        self.pool = []
        self.seen_delivery_ids = set()
        self.node_ok = False
        self.long = None  # the always-failing background delivery of scenario c

    # --------------------------------------------------------------- setup
    def setup(self):
        demo, r = run_demo(self.bin, self.db, 240)
        if not check("demo --json", r.returncode == 0 and demo is not None,
                     r.stderr.decode("utf-8", "replace")[-800:]):
            return False
        self.demo = demo
        self.server = Server(self.bin, self.db, self.tmp, True, "server1")
        if not check("serve --allow-private-webhook-targets: /readyz 200", self.server.wait_ready(),
                     self.server.tail()):
            return False
        self.api = Api(self.server.base, demo)
        r = self.api.c("GET", "/flights?status=submitted&limit=200")
        self.pool = [f["id"] for f in r.json().get("data", [])] if r.status_code == 200 else []
        check("at least 60 submitted demo flights to approve", len(self.pool) >= 60, r.brief())
        node = shutil.which("node")
        self.node_ok = bool(node) and os.path.isdir(os.path.join(HERE, "node_modules", "standardwebhooks"))
        check("node and node_modules/standardwebhooks present (run_webhooks.sh installs them)", self.node_ok,
              "node=%s" % node)
        return True

    def receiver(self, kind, secrets=None):
        if kind == "node" and not self.node_ok:
            kind = "python"
        return Receiver(kind, secrets, self.tmp)

    def flight(self):
        return self.pool.pop(0)

    def approve(self, fid):
        r = self.api.c("POST", "/flights/%s/approve" % fid, {})
        t = time.time()
        if not check("approve flight %s" % fid[:8], r.status_code == 200, r.brief()):
            return None
        return t

    def quiet_approve(self, fid):
        """Returns (time the request was sent, time its response arrived), or None."""
        t0 = time.time()
        r = self.api.c("POST", "/flights/%s/approve" % fid, {})
        return (t0, time.time()) if r.status_code == 200 else None

    def reject(self, fid, reason="Weather below club minimums for this student."):
        r = self.api.c("POST", "/flights/%s/reject" % fid, {"reason": reason})
        return check("reject flight %s" % fid[:8], r.status_code == 200, r.brief())

    def endpoint(self, url, types, label):
        r = self.api.create_endpoint(url, types, label)
        ok = check("create endpoint (%s) → 201 with a whsec_ secret of 32 bytes" % label,
                   r.status_code == 201 and good_secret(r.json().get("secret")), r.brief())
        if not ok:
            raise RuntimeError("cannot create endpoint " + label)
        return r.json()

    def deactivate(self, ep):
        r = self.api.update_endpoint(ep, active=False)
        check("PATCH endpoint %s active=false" % ep["description"], r.status_code == 200 and
              r.json().get("active") is False, r.brief())

    # --------------------------------------------------------------- a + b
    def scenario_a(self):
        print("\n---- a. delivery to a Node and a Python receiver", flush=True)
        org = self.api.org
        rn = self.receiver("node")
        rp = self.receiver("python")
        ep_n = self.endpoint(rn.url("/node-hook"), ["flight.approved", "flight.rejected"], "a-node")
        ep_p = self.endpoint(rp.url("/py-hook"), ["flight.approved"], "a-python")
        secret_n = ep_n.pop("secret")
        secret_p = ep_p.pop("secret")
        check("two endpoints get different secrets", secret_n != secret_p)
        rn.control(secrets=[secret_n])
        rp.control(secrets=[secret_p])

        g = self.api.c("GET", "/webhooks/" + ep_n["id"])
        lst = self.api.c("GET", "/webhooks?limit=100")
        check("GET endpoint and list never show the secret again",
              g.status_code == 200 and "secret" not in g.json() and secret_n not in g.text
              and lst.status_code == 200 and secret_n not in lst.text and secret_p not in lst.text, g.brief())
        check("endpoint renders url / event_types / active",
              g.json().get("url") == rn.url("/node-hook") and g.json().get("active") is True
              and sorted(g.json().get("event_types", [])) == ["flight.approved", "flight.rejected"], g.brief())

        approved = [self.flight() for _ in range(3)]
        rejected = self.flight()
        for fid in approved:
            self.approve(fid)
        self.reject(rejected)

        dn = rn.wait_count(4, 15)
        dp = rp.wait_count(3, 15)
        time.sleep(1.5)  # anything extra (duplicates, unsubscribed types) would arrive by now
        dn, dp = rn.deliveries(), rp.deliveries()
        check("Node receiver got exactly 4 deliveries (3 approved + 1 rejected)", len(dn) == 4,
              [(d["headers"].get("x-ga-webhook-event"), obj_of(d).get("id")) for d in dn])
        check("Python receiver got exactly 3 deliveries (subscribed to flight.approved only)", len(dp) == 3,
              [(d["headers"].get("x-ga-webhook-event"), obj_of(d).get("id")) for d in dp])
        for label, ds in (("Node", dn), ("Python", dp)):
            probs = {d["seq"]: delivery_problems(d, org, attempt=1) for d in ds}
            probs = {k: v for k, v in probs.items() if v}
            check("%s receiver: every SPEC §5 header present and well-formed, HMAC and standardwebhooks verify, "
                  "envelope well-formed" % label, not probs and ds, probs)
            check("%s receiver: every delivery answered 200" % label,
                  ds and all(d["answered_status"] == 200 for d in ds), [d["answered_status"] for d in ds])
        expect_n = {(fid, "flight.approved", "approved") for fid in approved} | {(rejected, "flight.rejected",
                                                                                  "rejected")}
        got_n = {(obj_of(d).get("id"), d["headers"].get("x-ga-webhook-event"), obj_of(d).get("status")) for d in dn}
        check("Node: data.object.id is the flight id and data.object.status matches the event", got_n == expect_n,
              "got %s expected %s" % (got_n, expect_n))
        expect_p = {(fid, "flight.approved", "approved") for fid in approved}
        got_p = {(obj_of(d).get("id"), d["headers"].get("x-ga-webhook-event"), obj_of(d).get("status")) for d in dp}
        check("Python: data.object.id is the flight id and data.object.status matches the event", got_p == expect_p,
              "got %s expected %s" % (got_p, expect_p))
        diffs = []
        for d in dn:
            fr = self.api.p("GET", "/flights/" + str(obj_of(d).get("id")))
            if fr.status_code != 200 or fr.json() != obj_of(d):
                pub = fr.json()
                diffs.append({k: (pub.get(k), obj_of(d).get(k)) for k in set(pub) | set(obj_of(d))
                              if pub.get(k) != obj_of(d).get(k)} or fr.brief())
        check("data.object equals GET /public/flights/{id} (the flight as the public API renders it)",
              not diffs and dn, diffs)

        # the same event reaches both endpoints: same event id, different delivery ids
        by_flight_n = {obj_of(d).get("id"): d for d in dn}
        same_evt = all(body_of(d)["id"] == body_of(by_flight_n.get(obj_of(d).get("id"), {"body": "{}"})).get("id")
                       for d in dp)
        ids_n = {d["headers"].get("x-ga-webhook-delivery") for d in dn}
        ids_p = {d["headers"].get("x-ga-webhook-delivery") for d in dp}
        check("same event to two endpoints: same event id, distinct delivery ids",
              same_evt and len(ids_n) == 4 and len(ids_p) == 3 and not (ids_n & ids_p))
        self.seen_delivery_ids |= ids_n | ids_p

        # the public event log
        r = self.api.p("GET", "/events?type=flight.approved&limit=10")
        listed = [e.get("id") for e in r.json().get("data", [])] if r.status_code == 200 else []
        got_evt = {body_of(d)["id"] for d in dn if d["headers"].get("x-ga-webhook-event") == "flight.approved"}
        check("GET /public/events?type=flight.approved: newest 3 are exactly the delivered event ids",
              set(listed[:3]) == got_evt and len(got_evt) == 3, "listed %s delivered %s" % (listed[:4], got_evt))
        r = self.api.p("GET", "/events?type=flight.rejected&limit=1")
        rej_evt = [body_of(d)["id"] for d in dn if d["headers"].get("x-ga-webhook-event") == "flight.rejected"]
        check("GET /public/events?type=flight.rejected: newest is the delivered one",
              r.status_code == 200 and [e.get("id") for e in r.json().get("data", [])] == rej_evt, r.brief())
        mismatch, byte_same = [], 0
        for d in dn:
            ev = self.api.p("GET", "/events/" + body_of(d)["id"])
            if ev.status_code != 200 or ev.json() != body_of(d):
                mismatch.append(ev.brief())
            elif ev.content == d["body"].encode("utf-8"):
                byte_same += 1
        check("GET /public/events/{id} equals each delivered body", not mismatch, mismatch)
        info("GET /public/events/{id} byte-identical to the delivered body for %d of %d events" % (byte_same, len(dn)))

        # console history
        hist = {d["id"]: d for d in self.api.deliveries(ep_n["id"])}
        bad = []
        for d in dn:
            did = d["headers"]["x-ga-webhook-delivery"]
            h = hist.get(did)
            if h is None:
                bad.append("%s not in the console history" % did)
                continue
            at = h.get("attempts") or [{}]
            if not (h.get("status") == "succeeded" and h.get("attempt_count") == 1 and len(at) == 1
                    and at[0].get("status_code") == 200 and at[0].get("succeeded") is True
                    and isinstance(at[0].get("latency_ms"), int) and at[0].get("response_excerpt") == "ok"
                    and h.get("event_id") == body_of(d)["id"] and h.get("event_type") == body_of(d)["type"]):
                bad.append(h)
        check("console deliveries: each succeeded, 1 attempt, status 200, latency, response excerpt 'ok'",
              not bad and len(hist) >= 4, bad)
        lat = [a.get("latency_ms") for h in hist.values() for a in h.get("attempts", [])]
        info("a: console attempt latency_ms %s" % lat)

        # tampering is detected: the receivers' verification is not vacuous
        for rx, d in ((rn, dn[0]), (rp, dp[0])):
            forged = d["body"].replace('"api_version":"v1"', '"api_version":"v2"', 1)
            if forged == d["body"]:
                forged = d["body"] + " "
            hdrs = {k: v for k, v in d["headers"].items()
                    if k.startswith("x-ga-") or k.startswith("webhook-") or k == "content-type"}
            status = Client().request("POST", rx.url("/tampered"), headers=hdrs,
                                      raw=forged.encode("utf-8")).status_code
            check("%s receiver refuses a real delivery with a tampered body (401)" % rx.kind, status == 401,
                  status)
        rn.control(clear=True)
        rp.control(clear=True)

        # b. test event
        print("\n---- b. test event", flush=True)
        r = self.api.c("POST", "/webhooks/%s/test" % ep_n["id"], {})
        tb = r.json()
        check("POST /webhooks/{id}/test → 202 with a pending webhook.test delivery",
              r.status_code == 202 and tb.get("event_type") == "webhook.test" and UUID_RE.fullmatch(str(tb.get("id")))
              and tb.get("endpoint_id") == ep_n["id"], r.brief())
        got = rn.wait_count(1, 10)
        ok = len(got) == 1 and got[0]["headers"].get("x-ga-webhook-event") == "webhook.test"
        check("Node receiver gets webhook.test", ok, [d["headers"].get("x-ga-webhook-event") for d in got])
        if got:
            check("webhook.test delivery: headers, signatures, envelope", not delivery_problems(got[0], org, 1),
                  delivery_problems(got[0], org, 1))
            check("webhook.test: X-GA-Webhook-Delivery is the id the console returned, body type webhook.test",
                  got[0]["headers"].get("x-ga-webhook-delivery") == tb.get("id")
                  and body_of(got[0]).get("type") == "webhook.test", got[0]["headers"].get("x-ga-webhook-delivery"))
            ev = self.api.p("GET", "/events?type=webhook.test&limit=1")
            check("webhook.test event is in GET /public/events",
                  [e.get("id") for e in ev.json().get("data", [])] == [body_of(got[0]).get("id")], ev.brief())
            self.seen_delivery_ids.add(got[0]["headers"].get("x-ga-webhook-delivery"))
        time.sleep(0.5)
        check("the other endpoint does not get the test event", len(rp.deliveries()) == 0, rp.deliveries())
        self.deactivate(ep_n)
        self.deactivate(ep_p)
        self.a = {"rn": rn, "rp": rp, "dn": dn, "ep_n": ep_n, "ep_p": ep_p, "approved_evt": sorted(got_evt)}

    # --------------------------------------------------------------- c
    def start_long_chain(self):
        """A receiver that always fails: 5 attempts 1/5/25/125 s apart, then `failed`."""
        rl = self.receiver("node")
        rl.control(fail_next=1000, status=503)
        ep = self.endpoint(rl.url("/always-503"), ["webhook.test"], "c-always-failing")
        rl.control(secrets=[ep.pop("secret")])
        r = self.api.c("POST", "/webhooks/%s/test" % ep["id"], {})
        check("long chain: test delivery queued (202)", r.status_code == 202, r.brief())
        self.long = {"rx": rl, "ep": ep, "delivery": r.json().get("id"), "t0": time.time()}

    def scenario_c(self):
        print("\n---- c. retries", flush=True)
        org = self.api.org
        rc = self.receiver("python")
        ep = self.endpoint(rc.url("/retry"), ["flight.approved"], "c-retry")
        rc.control(secrets=[ep.pop("secret")], fail_next=2, status=500)
        fid = self.flight()
        self.approve(fid)
        ds = rc.wait_count(3, 20)
        time.sleep(1.2)
        ds = rc.deliveries()
        ids = {d["headers"].get("x-ga-webhook-delivery") for d in ds}
        check("2 × 500 then 200: exactly 3 requests with the same X-GA-Webhook-Delivery", len(ds) == 3 and len(ids) == 1,
              [(d["headers"].get("x-ga-webhook-delivery"), d["headers"].get("x-ga-webhook-attempt")) for d in ds])
        check("X-GA-Webhook-Attempt 1, 2, 3", [d["headers"].get("x-ga-webhook-attempt") for d in ds] == ["1", "2", "3"],
              [d["headers"].get("x-ga-webhook-attempt") for d in ds])
        check("receiver answered 500, 500, 200", [d["answered_status"] for d in ds] == [500, 500, 200],
              [d["answered_status"] for d in ds])
        check("every attempt: headers well-formed and both signatures verify",
              all(not delivery_problems(d, org, i + 1) for i, d in enumerate(ds)),
              [delivery_problems(d, org, i + 1) for i, d in enumerate(ds)])
        check("identical body bytes on every attempt", len({d["body_sha256"] for d in ds}) == 1)
        check("the event is flight.approved for the approved flight",
              ds and obj_of(ds[0]).get("id") == fid and body_of(ds[0]).get("type") == "flight.approved")
        if len(ds) >= 3:
            g1 = (ds[1]["received_at_ms"] - ds[0]["received_at_ms"]) / 1000.0
            g2 = (ds[2]["received_at_ms"] - ds[1]["received_at_ms"]) / 1000.0
            info("c: retry spacing %.3f s and %.3f s (schedule 1 s, 5 s ±10%%)" % (g1, g2))
            check("retry 1 → 2 after 1 s ±10%% (+%.2f s slack): %.3f s" % (SLACK, g1), 0.9 - 0.05 <= g1 <= 1.1 + SLACK)
            check("retry 2 → 3 after 5 s ±10%% (+%.2f s slack): %.3f s" % (SLACK, g2), 4.5 - 0.05 <= g2 <= 5.5 + SLACK)
            tss = [parse_instant(d["headers"].get("x-ga-webhook-timestamp")) for d in ds]
            check("X-GA-Webhook-Timestamp is the time of each attempt (increases)",
                  all(tss) and tss[0] < tss[2], [d["headers"].get("x-ga-webhook-timestamp") for d in ds])
        did = next(iter(ids)) if len(ids) == 1 else None
        h = wait_until(lambda: (lambda x: x if x and x.get("status") == "succeeded" else None)(
            self.api.delivery(ep["id"], did)), 5) if did else None
        h = h or (self.api.delivery(ep["id"], did) if did else None) or {}
        at = h.get("attempts", [])
        check("console: delivery succeeded with attempt_count 3", h.get("status") == "succeeded"
              and h.get("attempt_count") == 3, {k: h.get(k) for k in ("status", "attempt_count")})
        check("console: attempts list shows 500, 500, 200",
              [a.get("status_code") for a in at] == [500, 500, 200]
              and [a.get("succeeded") for a in at] == [False, False, True]
              and [a.get("attempt") for a in at] == [1, 2, 3], at)
        check("console: failed attempts keep an error and the response excerpt",
              len(at) == 3 and all(a.get("error") and "failing on purpose with 500" in (a.get("response_excerpt") or "")
                                   for a in at[:2]) and not at[2].get("error"), at)
        self.seen_delivery_ids |= ids
        self.deactivate(ep)

        # a redirect is a failure and is not followed
        rd = self.receiver("node")
        trap = self.receiver("python")
        ep = self.endpoint(rd.url("/redirecting"), ["flight.approved"], "c-redirect")
        rd.control(secrets=[ep.pop("secret")], fail_next=1, status=302, location=trap.url("/trap"))
        trap0 = trap.probe_foreign()
        check("trap receiver counts a raw TCP connection (sanity)", trap0 == 1, trap0)
        fid = self.flight()
        self.approve(fid)
        ds = rd.wait_count(2, 10)
        time.sleep(0.5)
        ds = rd.deliveries()
        check("302 then 200: 2 requests, same delivery id, attempts 1 and 2",
              len(ds) == 2 and len({d["headers"].get("x-ga-webhook-delivery") for d in ds}) == 1
              and [d["headers"].get("x-ga-webhook-attempt") for d in ds] == ["1", "2"]
              and [d["answered_status"] for d in ds] == [302, 200],
              [(d["headers"].get("x-ga-webhook-attempt"), d["answered_status"]) for d in ds])
        trap1 = trap.state()["foreign_connections"]
        check("the redirect target was never contacted", trap1 == trap0 and not trap.deliveries(),
              "foreign connections %d → %d" % (trap0, trap1))
        if ds:
            did = ds[0]["headers"].get("x-ga-webhook-delivery")
            h = wait_until(lambda: (lambda x: x if x and x.get("status") == "succeeded" else None)(
                self.api.delivery(ep["id"], did)), 5) or self.api.delivery(ep["id"], did) or {}
            at = h.get("attempts", [])
            check("console: attempts 302 (failed, with an error) then 200",
                  [a.get("status_code") for a in at] == [302, 200] and at[0].get("succeeded") is False
                  and bool(at[0].get("error")) and at[1].get("succeeded") is True, at)
            if at:
                info("c: error recorded for the 302: %r" % at[0].get("error"))
            if len(ds) == 2:
                info("c: 302 → retry after %.3f s" % ((ds[1]["received_at_ms"] - ds[0]["received_at_ms"]) / 1000.0))
        self.deactivate(ep)

    def finish_long_chain(self):
        print("\n---- c (continued). 5 failed attempts, then `failed`, then a console retry", flush=True)
        lc = self.long
        if lc is None:
            check("long chain was started", False)
            return
        rl = lc["rx"]
        # 1 + 5 + 25 + 125 s (+10 %) ≈ 172 s after the first attempt, plus slack
        remaining = max(0.0, lc["t0"] + 200 - time.time())
        ds = rl.wait_count(5, remaining)
        ep_id = lc["ep"]["id"]
        h = wait_until(lambda: (lambda x: x if x and x.get("status") == "failed" else None)(
            self.api.delivery(ep_id, lc["delivery"])), 10) or self.api.delivery(ep_id, lc["delivery"]) or {}
        time.sleep(1)
        ds = rl.deliveries()
        check("always-503 receiver: exactly 5 requests, same delivery id (the one the console returned)",
              len(ds) == 5 and {d["headers"].get("x-ga-webhook-delivery") for d in ds} == {lc["delivery"]},
              [(d["headers"].get("x-ga-webhook-delivery"), d["headers"].get("x-ga-webhook-attempt")) for d in ds])
        check("attempt numbers 1..5", [d["headers"].get("x-ga-webhook-attempt") for d in ds] == ["1", "2", "3", "4", "5"])
        check("every attempt verifies", all(not delivery_problems(d, self.api.org, i + 1) for i, d in enumerate(ds)),
              [delivery_problems(d, self.api.org, i + 1) for i, d in enumerate(ds)])
        gaps = [(ds[i + 1]["received_at_ms"] - ds[i]["received_at_ms"]) / 1000.0 for i in range(len(ds) - 1)]
        info("c: always-failing spacing %s s (schedule 1, 5, 25, 125 ±10%%)" % ["%.2f" % g for g in gaps])
        want = [1, 5, 25, 125]
        check("spacing 1 / 5 / 25 / 125 s ±10%% (+%.2f s slack): %s" % (SLACK, ["%.2f" % g for g in gaps]),
              len(gaps) == 4 and all(0.9 * w - 0.05 <= g <= 1.1 * w + SLACK for g, w in zip(gaps, want)))
        at = h.get("attempts", [])
        check("console: delivery `failed` after 5 attempts, each 503",
              h.get("status") == "failed" and h.get("attempt_count") == 5
              and [a.get("status_code") for a in at] == [503] * 5, {k: h.get(k) for k in ("status", "attempt_count")})
        failed_list = [d.get("id") for d in self.api.deliveries(ep_id, "failed")]
        check("GET …/deliveries?status=failed lists it", lc["delivery"] in failed_list, failed_list)
        # console retry of a failed delivery
        rl.control(fail_next=0, clear=True)
        r = self.api.c("POST", "/webhooks/%s/deliveries/%s/retry" % (ep_id, lc["delivery"]), {})
        check("POST …/deliveries/{id}/retry → 202", r.status_code == 202, r.brief())
        got = rl.wait_count(1, 10)
        check("the retried delivery arrives with the same X-GA-Webhook-Delivery and verifies",
              len(got) >= 1 and got[0]["headers"].get("x-ga-webhook-delivery") == lc["delivery"]
              and got[0]["verified"]["all"] and got[0]["answered_status"] == 200,
              [(d["headers"].get("x-ga-webhook-delivery"), d["headers"].get("x-ga-webhook-attempt")) for d in got])
        if got:
            info("c: X-GA-Webhook-Attempt on the console retry: %s" % got[0]["headers"].get("x-ga-webhook-attempt"))
        h = wait_until(lambda: (lambda x: x if x and x.get("status") == "succeeded" else None)(
            self.api.delivery(ep_id, lc["delivery"])), 5) or {}
        check("console: the retried delivery is `succeeded`", h.get("status") == "succeeded", h.get("status"))
        at = h.get("attempts", [])
        hdr_attempt = got[0]["headers"].get("x-ga-webhook-attempt") if got else None
        check("console: the retry is recorded as one more attempt (6 attempts, the last one 200, its number "
              "matching X-GA-Webhook-Attempt)",
              len(at) == 6 and at[-1].get("status_code") == 200 and at[-1].get("succeeded") is True
              and str(at[-1].get("attempt")) == hdr_attempt, [(a.get("attempt"), a.get("status_code")) for a in at])
        r = self.api.c("POST", "/webhooks/%s/deliveries/%s/retry" % (ep_id, lc["delivery"]), {})
        check("retrying a delivery that is not failed → 409 conflict",
              r.status_code == 409 and r.json().get("code") == "conflict", r.brief())
        self.deactivate(lc["ep"])

    # --------------------------------------------------------------- d
    def scenario_d(self):
        print("\n---- d. secret rotation", flush=True)
        org = self.api.org
        rn = self.receiver("node")
        rp = self.receiver("python")
        ep = self.endpoint(rn.url("/rot-node"), ["flight.approved"], "d-rotation")
        old = ep.pop("secret")
        t_rot = time.time()
        r = self.api.c("POST", "/webhooks/%s/rotate-secret" % ep["id"], {})
        rot = r.json()
        new = rot.get("secret")
        check("rotate-secret → 200 {secret, secondary_expires_at} with a new whsec_ secret",
              r.status_code == 200 and good_secret(new) and new != old, r.brief())
        exp = parse_instant(rot.get("secondary_expires_at"))
        delta_h = (exp.timestamp() - t_rot) / 3600.0 if exp else None
        check("secondary_expires_at ≈ now + 72 h (±5 min): %s" % rot.get("secondary_expires_at"),
              exp is not None and abs(delta_h - 72) <= 5 / 60.0, delta_h)
        g = self.api.c("GET", "/webhooks/" + ep["id"])
        check("GET endpoint shows secondary_expires_at and no secret",
              g.json().get("secondary_expires_at") == rot.get("secondary_expires_at") and new not in g.text
              and old not in g.text and "secret" not in g.json(), g.brief())

        phases = [  # receiver, the secrets it knows, what must match
            (rn, [old], "Node knowing only the OLD secret"),
            (rp, [new], "Python knowing only the NEW secret"),
            (rn, [new], "Node knowing only the NEW secret"),
            (rp, [old], "Python knowing only the OLD secret"),
            (rn, [old, new], "Node knowing both secrets"),
        ]
        for rx, secrets, label in phases:
            rx.control(secrets=secrets, clear=True)
            path = "/rot-%s-%d" % (rx.kind, len(secrets))
            if ep["url"] != rx.url(path):
                pr = self.api.update_endpoint(ep, url=rx.url(path))
                if not check("PATCH endpoint url (%s)" % label, pr.status_code == 200, pr.brief()):
                    continue
            self.approve(self.flight())
            ds = rx.wait_count(1, 10)
            time.sleep(0.3)
            ds = rx.deliveries()
            if not check("%s: exactly one delivery, answered 200" % label,
                         len(ds) == 1 and ds[0]["answered_status"] == 200,
                         [(d["answered_status"], d["errors"]) for d in ds]):
                continue
            d = ds[0]
            check("%s: Primary/Secondary headers, 2 webhook-signatures, everything verifies" % label,
                  not delivery_problems(d, org, 1, rotating=True), delivery_problems(d, org, 1, rotating=True))
            m = d["hmac_matches"]
            sig, sec = m.get("x-ga-webhook-signature", []), m.get("x-ga-webhook-signature-secondary", [])
            idx_old = secrets.index(old) if old in secrets else None
            idx_new = secrets.index(new) if new in secrets else None
            if idx_new is not None:
                check("%s: X-GA-Webhook-Signature (and -Primary) verify with the new secret" % label,
                      idx_new in sig and idx_new in m.get("x-ga-webhook-signature-primary", []), m)
            if idx_old is not None:
                check("%s: X-GA-Webhook-Signature-Secondary verifies with the old secret" % label,
                      idx_old in sec and idx_old not in sig, m)
            want_std = sorted(i for i in (idx_old, idx_new) if i is not None)
            check("%s: standardwebhooks verifies with %s" % (label, "each known secret"),
                  sorted(d["standard_matches"]) == want_std, d["standard_matches"])
            self.seen_delivery_ids.add(d["headers"].get("x-ga-webhook-delivery"))
        self.deactivate(ep)

    # --------------------------------------------------------------- e
    def scenario_e(self):
        print("\n---- e. replay", flush=True)
        a = self.a
        rf = self.receiver("python")
        ep = self.endpoint(rf.url("/replay"), ["flight.approved"], "e-replay")
        rf.control(secrets=[ep.pop("secret")])
        evt = a["approved_evt"][0]
        orig = next(d for d in a["dn"] if body_of(d)["id"] == evt)
        a["rn"].control(clear=True)
        new_ids = []
        r = self.api.p("POST", "/events/%s/replay" % evt)
        b = r.json()
        data = b.get("data", [])
        check("replay: 202 {data:[one delivery to the only active subscribed endpoint], cursor:null}",
              r.status_code == 202 and "cursor" in b and b.get("cursor") is None and len(data) == 1
              and data[0].get("endpoint_id") == ep["id"] and data[0].get("event_id") == evt, r.brief())
        if data:
            new_ids.append(data[0].get("id"))
        # One replay per event per 60 s: a second one at once is refused and creates nothing.
        r = self.api.p("POST", "/events/%s/replay" % evt)
        retry = r.headers.get("Retry-After", "")
        check("a second replay within the cooldown → 429 rate_limited with Retry-After in 1..60",
              r.status_code == 429 and r.headers.get("Content-Type", "").startswith("application/problem+json")
              and r.json().get("code") == "rate_limited" and retry.isdigit() and 1 <= int(retry) <= 60, r.brief())
        check("the replay creates a new delivery id", len(new_ids) == 1
              and not (set(new_ids) & self.seen_delivery_ids), new_ids)
        ds = rf.wait_count(1, 10)
        time.sleep(0.5)
        ds = rf.deliveries()
        check("receiver gets the one replay under the new delivery id (nothing from the refused one)",
              sorted(d["headers"].get("x-ga-webhook-delivery") for d in ds) == sorted(new_ids),
              [d["headers"].get("x-ga-webhook-delivery") for d in ds])
        check("replayed body: same event id, byte-identical to the original delivery",
              len(ds) == 1 and all(body_of(d).get("id") == evt and d["body_sha256"] == orig["body_sha256"] for d in ds),
              [(body_of(d).get("id"), d["body_sha256"][:12]) for d in ds] + [orig["body_sha256"][:12]])
        check("replayed deliveries verify (both schemes)", all(not delivery_problems(d, self.api.org, 1) for d in ds),
              [delivery_problems(d, self.api.org, 1) for d in ds])
        check("the deactivated endpoint got nothing", len(a["rn"].deliveries()) == 0, len(a["rn"].deliveries()))
        r = self.api.p("POST", "/events/evt_01ARZ3NDEKTSV4RRFFQ69G5FAV/replay")
        check("replay of an unknown event → 404", r.status_code == 404, r.brief())
        self.deactivate(ep)

    # --------------------------------------------------------------- f
    def scenario_f(self):
        print("\n---- f. isolation from an endpoint that never answers", flush=True)
        rh = self.receiver("python")
        eh = self.endpoint(rh.url("/healthy"), ["flight.approved"], "f-healthy")
        rh.control(secrets=[eh.pop("secret")])

        def run(n):
            sent = {}
            for _ in range(n):
                fid = self.flight()
                t = self.quiet_approve(fid)
                if t is not None:
                    sent[fid] = t
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                got = {obj_of(d).get("id") for d in rh.deliveries()}
                if set(sent) <= got:
                    break
                time.sleep(0.05)
            # latency = receipt at the receiver − the moment the approve request was SENT (an upper
            # bound that includes the approval itself); also reported from its response, which the
            # delivery often beats (negative values)
            lat, after = [], []
            arrivals = {}
            for d in rh.deliveries():
                fid = obj_of(d).get("id")
                if fid in sent and fid not in arrivals:
                    arrivals[fid] = d["received_at_ms"] / 1000.0
            for fid, (t_sent, t_resp) in sent.items():
                if fid in arrivals:
                    lat.append((arrivals[fid] - t_sent) * 1000.0)
                    after.append((arrivals[fid] - t_resp) * 1000.0)
            info("f: from the approve response to receipt ms: min %.1f p50 %.1f p95 %.1f"
                 % (min(after or [0]), pctl(after, 50), pctl(after, 95)))
            return sent, lat

        sent, base = run(5)
        check("baseline: 5 approvals delivered to the healthy endpoint", len(sent) == 5 and len(base) == 5,
              "%d approved, %d delivered" % (len(sent), len(base)))
        info("f: baseline latency (approve sent → receipt) ms: p50 %.1f p95 %.1f max %.1f"
             % (pctl(base, 50), pctl(base, 95), max(base or [0])))
        rh.control(clear=True)

        rs = self.receiver("node")
        es = self.endpoint(rs.url("/stuck"), ["flight.approved"], "f-stuck")
        rs.control(secrets=[es.pop("secret")], delay_ms=30000)
        t_start = time.time()
        sent, lat = run(20)
        check("20 approvals with a stuck endpoint: all 20 delivered to the healthy endpoint",
              len(sent) == 20 and len(lat) == 20, "%d approved, %d delivered" % (len(sent), len(lat)))
        p50, p95, mx = pctl(lat, 50), pctl(lat, 95), max(lat or [float("nan")])
        info("f: healthy latency (approve sent → receipt) with a stuck endpoint ms: p50 %.1f p95 %.1f max %.1f "
             "(20 deliveries)" % (p50, p95, mx))
        check("healthy endpoint p95 latency < 1000 ms while the other endpoint hangs (p95 %.1f ms)" % p95, p95 < 1000)
        hd = rh.deliveries()
        check("healthy deliveries all verify and were answered 200",
              hd and all(d["verified"]["all"] and d["answered_status"] == 200 for d in hd))
        st = rs.state()
        info("f: stuck receiver got %d requests, at most %d at once" % (len(st["deliveries"]), st["max_in_flight"]))
        check("the stuck endpoint did receive requests (it is really in flight)", len(st["deliveries"]) >= 1)
        check("the stuck endpoint's concurrency is capped below the 20 events (max %d at once)"
              % st["max_in_flight"], st["max_in_flight"] < 20)
        # its attempts time out after 10 s and are recorded as failures
        def timed_out():
            for h in self.api.deliveries(es["id"]):
                for a in h.get("attempts", []):
                    if a.get("succeeded") is False and a.get("error"):
                        return a
            return None
        remaining = max(1.0, t_start + 18 - time.time())
        a = wait_until(timed_out, remaining, 0.5)
        check("stuck endpoint: attempts fail after the 10 s timeout, with an error",
              a is not None and 9000 <= (a.get("latency_ms") or 0) <= 12000, a)
        if a:
            info("f: stuck attempt error %r after %s ms" % (a.get("error"), a.get("latency_ms")))
        for e in (es, eh):
            r = self.api.c("DELETE", "/webhooks/" + e["id"])
            g = self.api.c("GET", "/webhooks/" + e["id"])
            check("DELETE endpoint %s → 204, then GET → 404" % e["description"],
                  r.status_code == 204 and g.status_code == 404, "%s / %s" % (r.brief(), g.brief()))

    # --------------------------------------------------------------- g
    def scenario_g(self):
        print("\n---- g. SSRF: the same database served without --allow-private-webhook-targets", flush=True)
        rg = self.receiver("python")
        e_https = self.endpoint(rg.url("/ssrf", "https"), ["flight.rejected"], "g-https-loopback")
        e_http = self.endpoint(rg.url("/ssrf"), ["flight.rejected"], "g-http-loopback")
        check("with the flag, https and http loopback targets are accepted", True)
        rc = self.server.stop()
        info("g: first server exited with %s after SIGTERM" % rc)
        self.server = Server(self.bin, self.db, self.tmp, False, "server2")
        if not check("serve without the flag on the same database: /readyz 200", self.server.wait_ready(),
                     self.server.tail()):
            return
        self.api = Api(self.server.base, self.demo)
        c0 = rg.probe_foreign()
        check("loopback receiver counts a raw TCP connection (sanity)", c0 == 1, c0)
        port = rg.port
        urls = ["https://127.0.0.1:%d/x" % port, "https://localhost:%d/x" % port, "https://[::1]:%d/x" % port,
                "http://example.com/x", "https://2130706433/x",
                # more spellings of loopback and other non-public literals (no traffic may ever leave)
                "https://127.1:%d/x" % port, "https://0x7f000001:%d/x" % port, "https://0177.0.0.1:%d/x" % port,
                "https://[::ffff:127.0.0.1]:%d/x" % port, "https://10.1.2.3/x", "https://169.254.169.254/x",
                "https://100.64.0.1/x", "https://[fd00::1]/x", "https://[fe80::1]/x", "https://0.0.0.0:%d/x" % port,
                "http://127.0.0.1:%d/x" % port]
        for u in urls:
            r = self.api.create_endpoint(u, ["flight.approved"], "g-refused")
            b = r.json()
            check("create %s → 422 validation_failed, field url" % u,
                  r.status_code == 422 and b.get("code") == "validation_failed" and b.get("field") == "url", r.brief())
        r = self.api.update_endpoint(dict(e_http), url="https://127.0.0.1:%d/other" % port)
        check("PATCH an endpoint to a loopback url → 422 validation_failed, field url",
              r.status_code == 422 and r.json().get("field") == "url", r.brief())

        # send time: the endpoints created under the flag point at loopback
        self.reject(self.flight())

        def attempts_of(ep, n):
            ds = self.api.deliveries(ep["id"])
            at = [a for d in ds for a in d.get("attempts", [])]
            return at if len(at) >= n else None
        a_https = wait_until(lambda: attempts_of(e_https, 2), 10, 0.2) or attempts_of(e_https, 0) or []
        a_http = wait_until(lambda: attempts_of(e_http, 2), 10, 0.2) or attempts_of(e_http, 0) or []
        info("g: send-time errors: https loopback %r; http loopback %r"
             % ([a.get("error") for a in a_https], [a.get("error") for a in a_http]))
        check("send time, https://127.0.0.1: attempts fail with an error mentioning 'refused', no status code",
              len(a_https) >= 1 and all(a.get("succeeded") is False and a.get("status_code") is None
                                        and "refused" in (a.get("error") or "").lower() for a in a_https), a_https)
        check("send time, http://127.0.0.1: attempts fail with an error, no status code",
              len(a_http) >= 1 and all(a.get("succeeded") is False and a.get("status_code") is None
                                       and a.get("error") for a in a_http), a_http)
        time.sleep(0.5)
        st = rg.state()
        check("the loopback receiver got NOTHING (not even a TCP connection) from the server without the flag",
              st["foreign_connections"] == c0 and not st["deliveries"],
              "foreign connections %d → %d, %d deliveries" % (c0, st["foreign_connections"], len(st["deliveries"])))
        for e in (e_https, e_http):
            self.api.c("DELETE", "/webhooks/" + e["id"])

    # --------------------------------------------------------------- driver
    def run(self):
        try:
            if not self.setup():
                return
            steps = [self.scenario_a, self.start_long_chain, self.scenario_c, self.scenario_d, self.scenario_e,
                     self.scenario_f, self.finish_long_chain, self.scenario_g]
            for step in steps:
                try:
                    step()
                except Exception as e:  # noqa: BLE001 - one broken scenario must not hide the others
                    import traceback
                    traceback.print_exc()
                    check("%s ran to completion" % step.__name__, False, repr(e))
            if self.server and self.server.proc.poll() is not None:
                check("server still running at the end", False, self.server.tail())
        finally:
            if self.server:
                self.server.stop()
            Receiver.stop_all()
            harness.keep_or_remove(self.tmp, "server logs")


if __name__ == "__main__":
    sys.exit(harness.main("webhooks_test.py", lambda binary: Suite(binary).run()))
