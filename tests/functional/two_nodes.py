#!/usr/bin/python3
"""Several gaflight processes over one database (issue 10, ADR 0013): what one process commits reaches
the caches of the others within 1 s.

Starts nodes A and B of its own next to the suite's server (C, at BASE_URL), all over DB_URL (a SQLite
file or a PostgreSQL database; DB_PATH alone names a SQLite file). B keeps cached pages for 60 s, so
only the change watcher can make it see a change sooner. Checks, each measured from the moment the
write's response arrived: a key revoked through A is refused by B and C; an uninstalled installation
and a revoked app likewise; a pilot edited through A shows in B's cached list; a console session and
its CSRF token made on A work on B. Prints the worst propagation time it saw.

Config (env): GAFLIGHT_BIN, DB_URL or DB_PATH, BASE_URL, ORG_ID, API_KEY, EMAIL, PASSWORD; optional
SERVER_LOG (node logs go beside it, so the driver's log scan covers them) and TOKENS_FILE (minted tokens
are appended).
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from functional_checks import Checks, Console, brief, free_port, jbody  # noqa: E402

BIN = os.environ["GAFLIGHT_BIN"]
DB_URL = os.environ.get("DB_URL") or "sqlite:" + os.environ["DB_PATH"]
NODE_C = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
EMAIL = os.environ["EMAIL"]
PASSWORD = os.environ["PASSWORD"]
LOG_DIR = os.path.dirname(os.environ["SERVER_LOG"]) if os.environ.get("SERVER_LOG") else tempfile.mkdtemp()
TOKENS_FILE = os.environ.get("TOKENS_FILE", "")
WITHIN = 1.0  # seconds: the bound
GIVE_UP = 5.0  # stop polling (and fail) after this long
JUST = "Needed so the partner integration can sync this data nightly for reporting."

t = Checks()
worst = {"value": 0.0}


def start_node(name, extra):
    port = free_port()
    log = open(os.path.join(LOG_DIR, "server-node-%s.log" % name), "w")
    proc = subprocess.Popen([BIN, "serve", "--db", DB_URL, "--listen", "127.0.0.1:%d" % port] + extra,
                            stdout=log, stderr=subprocess.STDOUT)
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if requests.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("node %s did not become ready" % name)


def pub(base, key, path, org=ORG_ID, params=None):
    return requests.get(base + "/api/v1/public" + path, params=params, timeout=10,
                        headers={"Authorization": "Bearer " + key, "X-Org-Id": org})


def propagation(name, probes):
    """Polls each (label, predicate) until it holds; checks each held within WITHIN of now."""
    start = time.monotonic()
    pending = dict(probes)
    seen = {}
    while pending and time.monotonic() - start < GIVE_UP:
        for label in list(pending):
            if pending[label]():
                seen[label] = time.monotonic() - start
                del pending[label]
        time.sleep(0.02)
    for label, _ in probes:
        took = seen.get(label)
        if took is not None:
            worst["value"] = max(worst["value"], took)
        t.check("%s: seen by %s within %.1f s" % (name, label, WITHIN), took is not None and took <= WITHIN,
                "never (gave up after %.0f s)" % GIVE_UP if took is None else "%.3f s" % took)
        if took is not None:
            t.info("%s reached %s after %.0f ms" % (name, label, took * 1000))


def remember(token):
    if TOKENS_FILE and token:
        with open(TOKENS_FILE, "a") as f:
            f.write(token + "\n")


def mint(c, app_id, name):
    r = c.req("POST", "/orgs/%s/apps/%s/keys" % (ORG_ID, app_id), json={"name": name})
    tok = jbody(r).get("token")
    remember(tok)
    if not t.check("mint %s → 201" % name, r.status_code == 201 and isinstance(tok, str), brief(r)):
        raise RuntimeError("cannot mint")
    return jbody(r)["id"], tok


def run(node_a, node_b):
    a = Console(node_a)
    r = a.login(EMAIL, PASSWORD)
    if not t.check("login on node A → 200", r.status_code == 200 and a.cookie, brief(r)):
        return
    b = a.on(node_b)
    t.check("A's session is valid on node B (GET /me)", b.req("GET", "/me").status_code == 200)
    r = b.req("POST", "/orgs/%s/apps" % ORG_ID, json={
        "name": "Two nodes", "description": "Multi-process propagation test",
        "required_scopes": [{"scope": "public.pilots:read", "justification": JUST}]})
    if not t.check("A's CSRF token is accepted by node B (create app → 201)", r.status_code == 201, brief(r)):
        return
    app_id = jbody(r)["id"]
    r = a.req("POST", "/orgs/%s/apps/%s/activate" % (ORG_ID, app_id))
    t.check("activate the app on node A", r.status_code in (200, 201), brief(r))
    k1_id, k1 = mint(a, app_id, "revoked-through-A")
    _, k2 = mint(a, app_id, "app-revoked-through-A")

    # Key revocation: B and C have the key cached (several answers each) before A revokes it.
    for node in (node_b, NODE_C):
        ok = all(pub(node, k1, "/pilots", params={"limit": 1}).status_code == 200 for _ in range(3))
        t.check("key answers 200 on %s before revocation" % ("B" if node == node_b else "C"), ok)
    r = a.req("DELETE", "/orgs/%s/apps/%s/keys/%s" % (ORG_ID, app_id, k1_id))
    t.check("revoke the key through node A", 200 <= r.status_code < 300, brief(r))
    propagation("key revocation", [
        ("node B", lambda: pub(node_b, k1, "/pilots").status_code == 401),
        ("node C", lambda: pub(NODE_C, k1, "/pilots").status_code == 401),
    ])

    # Installation: granted on another organisation through A, used through B, uninstalled through A.
    r = a.req("POST", "/orgs", json={"name": "Two Nodes Aero Club", "time_zone": "Europe/Paris", "country": "FR",
                                     "currency": "EUR"})
    if not t.check("create a second organisation on node A", r.status_code == 201, brief(r)):
        return
    org_b = jbody(r)["id"]
    r = a.req("POST", "/orgs/%s/installations" % org_b, json={"app_id": app_id,
                                                             "granted_scopes": ["public.pilots:read"]})
    if not t.check("install the app into it through node A", r.status_code == 201, brief(r)):
        return
    inst_id = jbody(r)["id"]
    ok = all(pub(node_b, k2, "/pilots", org=org_b).status_code == 200 for _ in range(3))
    t.check("installed key answers 200 on node B", ok)
    r = a.req("DELETE", "/orgs/%s/installations/%s" % (org_b, inst_id))
    t.check("uninstall through node A", 200 <= r.status_code < 300, brief(r))
    propagation("uninstallation", [
        ("node B", lambda: pub(node_b, k2, "/pilots", org=org_b).status_code == 403),
    ])

    # App revocation cascades to its keys.
    t.check("second key answers 200 on node B", pub(node_b, k2, "/pilots").status_code == 200)
    r = a.req("POST", "/orgs/%s/apps/%s/revoke" % (ORG_ID, app_id))
    t.check("revoke the app through node A", 200 <= r.status_code < 300, brief(r))
    propagation("app revocation", [("node B", lambda: pub(node_b, k2, "/pilots").status_code == 401)])

    # Data: B caches pages for 60 s; a pilot edited through A must show there within the bound.
    first = jbody(pub(node_b, API_KEY, "/pilots", params={"limit": 1}))
    pilot = (first.get("data") or [{}])[0]
    if not t.check("node B lists a pilot", "id" in pilot, first):
        return
    again = jbody(pub(node_b, API_KEY, "/pilots", params={"limit": 1}))
    t.check("node B answers the same page again", again == first)
    old_phone = pilot.get("phone")
    new_phone = "+33 6 00 00 %02d %02d" % (int(time.time()) % 100, os.getpid() % 100)
    r = a.req("PATCH", "/orgs/%s/pilots/%s" % (ORG_ID, pilot["id"]), json={"phone": new_phone})
    t.check("edit the pilot's phone through node A", r.status_code == 200, brief(r))

    def b_sees_phone():
        data = jbody(pub(node_b, API_KEY, "/pilots", params={"limit": 1})).get("data") or [{}]
        return data[0].get("phone") == new_phone
    propagation("pilot edit (B caches pages for 60 s)", [("node B", b_sees_phone)])
    a.req("PATCH", "/orgs/%s/pilots/%s" % (ORG_ID, pilot["id"]), json={"phone": old_phone})


def stop(name, proc):
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = "still running after 10 s"
    t.check("node %s exits 0 on SIGTERM" % name, rc == 0, rc)


def main():
    nodes = []
    try:
        proc_a, node_a = start_node("a", [])
        nodes.append(("A", proc_a))
        proc_b, node_b = start_node("b", ["--response-cache-ms", "60000"])
        nodes.append(("B", proc_b))
        t.check("nodes A and B ready over the suite's database", True)
        run(node_a, node_b)
        t.info("worst propagation seen: %.0f ms (bound %.0f ms)" % (worst["value"] * 1000, WITHIN * 1000))
    finally:
        for name, proc in nodes:
            stop(name, proc)
    return t.summary()


if __name__ == "__main__":
    sys.exit(main())
