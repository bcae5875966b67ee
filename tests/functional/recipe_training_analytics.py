#!/usr/bin/python3
"""Recipe 1, training analytics (SPEC §10.4): one API key, two consumer organisations that installed the
app; page through /training/signoffs and /training-progress for each until the cursor is null, and check
that nothing crosses organisations, that the counts match the console's view, and that a small-page
cursor walk returns exactly what big pages return.

Config (env): BASE_URL, ORG_ID, API_KEY, EMAIL, PASSWORD (the demo school and its owner), DB_URL (the
server's database, sqlite:PATH or postgres://…, read for the signing keys; DB_PATH alone names a SQLite
file) and GAFLIGHT_BIN (to create the second school with `gaflight demo`).
"""
import base64
import json
import os
import re
import subprocess
import sys

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import functional_db  # noqa: E402

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_A = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
EMAIL = os.environ["EMAIL"]
PASSWORD = os.environ["PASSWORD"]
DB_URL = functional_db.url()
BIN = os.environ.get("GAFLIGHT_BIN", "")
PUBLIC = BASE_URL + "/api/v1/public"
CONSOLE = BASE_URL + "/api/v1/console"
TIMEOUT = 30
SCOPES = ["public.training:read", "public.signoffs:read", "public.pilots:read"]

passed = 0
failed = 0
http = requests.Session()
http.trust_env = False


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS  " + name)
    else:
        failed += 1
        print("FAIL  " + name + ((": " + str(detail)[:400]) if detail != "" else ""))
    return ok


class Console:
    """Carries the session cookie by hand and echoes the CSRF token on writes."""

    def __init__(self, email, password):
        r = http.post(CONSOLE + "/login", json={"email": email, "password": password}, timeout=TIMEOUT)
        http.cookies.clear()
        r.raise_for_status()
        self.cookie = re.search(r"gaf_session=([^;,\s]+)", r.headers.get("Set-Cookie", "")).group(1)
        self.csrf = r.json()["csrf_token"]

    def req(self, method, path, body=None, params=None):
        h = {"Cookie": "gaf_session=" + self.cookie}
        if method != "GET":
            h["X-CSRF-Token"] = self.csrf
        r = http.request(method, CONSOLE + path, json=body, params=params, headers=h, timeout=TIMEOUT)
        http.cookies.clear()
        return r

    def walk(self, path, params=None):
        out, cursor = [], None
        while True:
            q = dict(params or {}, limit=200)
            if cursor:
                q["cursor"] = cursor
            r = self.req("GET", path, params=q)
            r.raise_for_status()
            j = r.json()
            out += j["data"]
            cursor = j["cursor"]
            if not cursor:
                return out


def public_walk(path, org, limit, params=None):
    """Follows cursors until null; returns (items, pages)."""
    out, cursor, pages = [], None, 0
    while True:
        q = dict(params or {}, limit=limit)
        if cursor:
            q["cursor"] = cursor
        r = http.get(PUBLIC + path, params=q, timeout=TIMEOUT,
                     headers={"Authorization": "Bearer " + API_KEY, "X-Org-Id": org})
        if r.status_code != 200:
            raise RuntimeError(f"GET {path} for {org}: {r.status_code} {r.text[:300]}")
        j = r.json()
        out += j["data"]
        pages += 1
        cursor = j["cursor"]
        if cursor is None:
            return out, pages
        if pages > 10000:
            raise RuntimeError("cursor walk does not end")


def public_get(path, org):
    return http.get(PUBLIC + path, timeout=TIMEOUT, headers={"Authorization": "Bearer " + API_KEY, "X-Org-Id": org})


def verify_signatures(org, signoffs):
    """Checks each signoff's Ed25519 signature over its stored canonical bytes with the org's public key."""
    # python3-cryptography is a test dependency (scripts/install-deps.sh --test): no skipping.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    keys = {k: Ed25519PublicKey.from_public_bytes(base64.b64decode(v))
            for k, v in functional_db.query("SELECT id, public_key FROM org_signing_keys WHERE org_id = ?", (org,))}
    canonical = dict(functional_db.query("SELECT id, canonical FROM signoffs WHERE org_id = ?", (org,)))
    bad = []
    for s in signoffs:
        c = canonical.get(s["id"])
        try:
            fields = json.loads(c)
            assert fields["signoff_id"] == s["id"] and fields["org_id"] == org and fields["result"] == s["result"]
            assert fields["key_id"] == s["signature"]["key_id"]
            assert c == json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            keys[s["signature"]["key_id"]].verify(base64.b64decode(s["signature"]["value"]), c.encode())
        except Exception as e:  # noqa: BLE001 - any failure is a bad signoff
            bad.append((s["id"], repr(e)))
    check(f"{org[:8]}: every signoff verifies under its organisation's key over its canonical form "
          f"({len(signoffs)} signoffs)", not bad and signoffs, bad[:3])


def main():
    # ---- the second organisation: a new demo school whose owner installs the first school's app
    owner_a = Console(EMAIL, PASSWORD)
    apps = owner_a.req("GET", f"/orgs/{ORG_A}/apps").json()["data"]
    app = next((a for a in apps if a["status"] == "active"), None)
    if not check("the demo school has an active app", app is not None, apps):
        return
    if not check("GAFLIGHT_BIN is set (to create the second school)", BIN and os.access(BIN, os.X_OK), BIN):
        return
    out = subprocess.run([BIN, "demo", "--db", DB_URL, "--json"], capture_output=True, text=True,
                         timeout=600)
    demo = next((json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")), None)
    if not check("gaflight demo created a second school", out.returncode == 0 and demo, out.stderr[-500:]):
        return
    org_b = demo["org_id"]
    owner_b = Console(demo["email"], demo["password"])
    r = owner_b.req("POST", f"/orgs/{org_b}/installations", {"app_id": app["id"], "granted_scopes": SCOPES})
    check("the second school's owner installs the first school's app (201)", r.status_code == 201, r.text)
    orgs = {ORG_A: owner_a, org_b: owner_b}

    results = {}
    for org, console in orgs.items():
        tag = org[:8]
        signoffs, pages = public_walk("/training/signoffs", org, 37)
        big, _ = public_walk("/training/signoffs", org, 200)
        check(f"{tag}: signoffs walked to a null cursor ({len(signoffs)} in {pages} pages)",
              signoffs and pages > 1, pages)
        check(f"{tag}: a limit=37 cursor walk equals the limit=200 pages (same ids, same order)",
              [s["id"] for s in signoffs] == [s["id"] for s in big])
        check(f"{tag}: signoffs are ordered by (date, id) and unique",
              [(s["date"], s["id"]) for s in signoffs] == sorted({(s["date"], s["id"]) for s in signoffs}))
        progress, pages = public_walk("/training-progress", org, 7)
        big_p, _ = public_walk("/training-progress", org, 200)
        check(f"{tag}: progress walked to a null cursor ({len(progress)} rows in {pages} pages)", progress and pages > 1)
        check(f"{tag}: a limit=7 progress walk equals the limit=200 pages",
              [p["id"] for p in progress] == [p["id"] for p in big_p])
        check(f"{tag}: progress ordered by enrolment id",
              [p["id"] for p in progress] == sorted(p["id"] for p in progress))
        pilots, _ = public_walk("/pilots", org, 200)
        pilot_ids = {p["id"] for p in pilots}
        check(f"{tag}: every signoff's student and instructor are this organisation's pilots",
              all(s["student_id"] in pilot_ids and s["instructor_id"] in pilot_ids for s in signoffs))
        check(f"{tag}: every progress row's student is this organisation's pilot",
              all(p["student_id"] in pilot_ids for p in progress))
        check(f"{tag}: progress rows are consistent (completed ≤ total, remaining = max(0, required − logged))",
              all(0 <= p["lessons_completed"] <= p["lessons_total"] and all(
                  m["remaining_min"] == max(0, m["required_min"] - m["logged_min"]) for m in p["minutes"].values())
                  for p in progress))
        statuses = {p["enrollment_status"] for p in progress}
        check(f"{tag}: students at every stage (active, on_hold, completed, withdrawn)",
              {"active", "on_hold", "completed", "withdrawn"} <= statuses, statuses)
        # The console's view of the same organisation.
        rows = console.walk(f"/orgs/{org}/training/enrollments")
        check(f"{tag}: progress count equals the console's enrolments ({len(rows)})",
              sorted(e["id"] for e in rows) == [p["id"] for p in progress])
        by_id = {p["id"]: p for p in progress}
        check(f"{tag}: lessons completed match the console's progress",
              all(by_id[e["id"]]["lessons_completed"] == e["progress"]["lessons_completed"] for e in rows))
        console_signoffs = set()
        for e in rows:
            d = console.req("GET", f"/orgs/{org}/training/enrollments/{e['id']}").json()
            for lesson in d["lessons"]:
                console_signoffs |= {s["id"] for s in lesson["signoffs"]}
        check(f"{tag}: signoff count equals the console's ({len(console_signoffs)})",
              console_signoffs == {s["id"] for s in signoffs})
        superseded = [s for s in signoffs if s["status"] == "superseded"]
        check(f"{tag}: superseded signoffs name their correction, which names them back",
              superseded and all(any(c["id"] == s["superseded_by_id"] and c["supersedes_id"] == s["id"]
                                     for c in signoffs) for s in superseded))
        verify_signatures(org, signoffs)
        results[org] = (signoffs, progress, pilot_ids)

    # ---- nothing crosses organisations
    (sa, pa, pilots_a), (sb, pb, pilots_b) = results[ORG_A], results[org_b]
    check("no signoff id appears in both organisations", not ({s["id"] for s in sa} & {s["id"] for s in sb}))
    check("no progress row appears in both organisations", not ({p["id"] for p in pa} & {p["id"] for p in pb}))
    check("no student of one organisation appears in the other's progress",
          not ({p["student_id"] for p in pa} & pilots_b) and not ({p["student_id"] for p in pb} & pilots_a))
    r = public_get("/training/signoffs/" + sa[0]["id"], org_b)
    check("one organisation's signoff is 404 through the other's X-Org-Id", r.status_code == 404, r.status_code)
    r = public_get("/training/signoffs/" + sa[0]["id"], ORG_A)
    check("… and 200 through its own", r.status_code == 200 and r.json()["id"] == sa[0]["id"], r.status_code)
    r = public_get("/training-progress?student_id=" + pa[0]["student_id"], org_b)
    check("filtering the other organisation by a foreign student finds nothing",
          r.status_code == 200 and r.json()["data"] == [], r.text)
    page = http.get(PUBLIC + "/training/signoffs", params={"limit": 5}, timeout=TIMEOUT,
                    headers={"Authorization": "Bearer " + API_KEY, "X-Org-Id": ORG_A}).json()
    r = http.get(PUBLIC + "/training/signoffs", params={"limit": 5, "cursor": page["cursor"]}, timeout=TIMEOUT,
                 headers={"Authorization": "Bearer " + API_KEY, "X-Org-Id": org_b})
    check("a cursor from one organisation is refused for the other (400)", r.status_code == 400, r.status_code)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - report and fail
        check("recipe ran to the end", False, repr(e))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
