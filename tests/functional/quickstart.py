#!/usr/bin/python3
"""Python quickstart, written exactly as third-party integrators write it:
requests.get(url, headers=..., timeout=10), raise_for_status(), resp.json()["data"].

Config (env): BASE_URL, ORG_ID, API_KEY.  Run with Debian's /usr/bin/python3 (python3-requests).
Every loop is bounded in pages and wall-clock time.
"""
import datetime
import os
import sys
import time

import requests

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
API = BASE_URL + "/api/v1/public"
HEADERS = {"Authorization": "Bearer " + API_KEY, "X-Org-Id": ORG_ID}

MAX_PAGES = 200          # 200 pages x 200 items = 40 000 objects: far above the demo's size
DEADLINE = time.monotonic() + 240

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS  " + name)
    else:
        failed += 1
        print("FAIL  " + name + ((": " + detail) if detail else ""))
    return ok


def get(path, params=None):
    resp = requests.get(API + path, headers=HEADERS, params=params, timeout=10)
    resp.raise_for_status()
    return resp


def list_all(path, params=None):
    """Follows cursors to the end. Returns (items, pages)."""
    params = dict(params or {})
    items, pages, cursor = [], 0, None
    while True:
        if cursor is not None:
            params["cursor"] = cursor
        body = get(path, params).json()
        items.extend(body["data"])
        pages += 1
        cursor = body["cursor"]
        if cursor is None:
            return items, pages
        if pages >= MAX_PAGES or time.monotonic() > DEADLINE:
            raise RuntimeError("pagination of %s did not end within %d pages / the time budget" % (path, pages))
        if not isinstance(cursor, str) or not cursor:
            raise RuntimeError("cursor must be a non-empty string or null, got %r" % (cursor,))


def problem(resp):
    try:
        return resp.json()
    except ValueError:
        return {}


def is_rfc3339_utc(s):
    if not isinstance(s, str) or not s.endswith("Z"):
        return False
    try:
        datetime.datetime.fromisoformat(s[:-1])
        return True
    except ValueError:
        return False


def run():
    # ---------------------------------------------------------------- pilots
    resp = requests.get(API + "/pilots", headers=HEADERS, timeout=10)
    resp.raise_for_status()
    data = resp.json()["data"]
    check("GET /pilots default page has 50 items", len(data) == 50, "got %d" % len(data))
    check("response is application/json", resp.headers.get("Content-Type", "").startswith("application/json"),
          resp.headers.get("Content-Type", ""))
    for h in ("X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"):
        check("header %s present" % h, h in resp.headers)

    pilots, pages = list_all("/pilots", {"limit": 200})
    ids = [p["id"] for p in pilots]
    check(">= 200 pilots", len(pilots) >= 200, "got %d" % len(pilots))
    check("pilots paginated with limit=200 need >1 page", pages >= 2 or len(pilots) <= 200, "pages=%d" % pages)
    check("pilot ids unique", len(set(ids)) == len(ids))
    check("pilot ids ascending", ids == sorted(ids))
    check("pilot ids prefixed plt_", all(i.startswith("plt_") for i in ids))
    check("pilots carry created_at/updated_at (RFC 3339 UTC)",
          all(is_rfc3339_utc(p.get("created_at")) and is_rfc3339_utc(p.get("updated_at")) for p in pilots))
    check("first default page equals first 50 of the full list", [p["id"] for p in data] == ids[:50])

    body = get("/pilots", {"limit": 1}).json()
    check("limit=1 returns one pilot", len(body["data"]) == 1 and body["data"][0]["id"] == ids[0])
    check("limit=1 returns a cursor", isinstance(body["cursor"], str) and body["cursor"] != "")

    for p in (pilots[0], pilots[len(pilots) // 2], pilots[-1]):
        one = get("/pilots/" + p["id"]).json()
        check("GET /pilots/%s equals its list item" % p["id"], one == p)

    # ---------------------------------------------------------------- fleet
    fleet, _ = list_all("/fleet", {"limit": 200})
    fids = [a["id"] for a in fleet]
    check(">= 15 aircraft", len(fleet) >= 15, "got %d" % len(fleet))
    check("aircraft ids prefixed acft_", all(i.startswith("acft_") for i in fids))
    check("aircraft ids ascending and unique", fids == sorted(set(fids)))
    a0 = get("/fleet/" + fleet[0]["id"]).json()
    check("GET /fleet/{id} equals its list item", a0 == fleet[0])
    check("aircraft has a registration", all(isinstance(a.get("registration"), str) and a["registration"] for a in fleet))
    fleet_by_id = {a["id"]: a for a in fleet}

    # ---------------------------------------------------------------- flights (full scan)
    flights, pages = list_all("/flights", {"limit": 200})
    check(">= 5000 flights", len(flights) >= 5000, "got %d" % len(flights))
    keys = [(f["date"], f["id"]) for f in flights]
    check("flights ordered by date desc, then id desc", keys == sorted(keys, reverse=True))
    check("flight ids unique", len({f["id"] for f in flights}) == len(flights))
    check("flight ids prefixed flt_", all(f["id"].startswith("flt_") for f in flights))
    check("flight status in the enum", all(f["status"] in ("submitted", "approved", "rejected") for f in flights))
    pilot_ids = set(ids)
    check("every flight's pilot_id is a listed pilot", all(f["pilot_id"] in pilot_ids for f in flights))
    check("every flight's aircraft_id is a listed aircraft", all(f["aircraft_id"] in fleet_by_id for f in flights))
    check("every flight's date is YYYY-MM-DD",
          all(isinstance(f["date"], str) and len(f["date"]) == 10 and datetime.date.fromisoformat(f["date"])
              for f in flights))

    f0 = get("/flights/" + flights[0]["id"]).json()
    check("GET /flights/{id} equals its list item", f0 == flights[0])
    mid = flights[len(flights) // 2]
    check("GET /flights/{id} (middle) equals its list item", get("/flights/" + mid["id"]).json() == mid)

    # status=submitted across pages with limit=200
    submitted, spages = list_all("/flights", {"status": "submitted", "limit": 200})
    check(">= 200 submitted flights", len(submitted) >= 200, "got %d" % len(submitted))
    check("status=submitted needed more than one page at limit=200", spages >= 2 or len(submitted) <= 200)
    check("status=submitted returns only submitted flights", all(f["status"] == "submitted" for f in submitted))
    check("status=submitted returns exactly the submitted flights",
          {f["id"] for f in submitted} == {f["id"] for f in flights if f["status"] == "submitted"})
    for st in ("approved", "rejected"):
        got, _ = list_all("/flights", {"status": st, "limit": 200})
        check("status=%s returns exactly those flights" % st,
              {f["id"] for f in got} == {f["id"] for f in flights if f["status"] == st},
              "got %d" % len(got))

    # from/to date range: inclusive on both ends.  Pick bounds that are real flight dates.
    dates = sorted({f["date"] for f in flights})
    lo = dates[len(dates) // 3]
    hi = dates[(2 * len(dates)) // 3]
    ranged, _ = list_all("/flights", {"from": lo, "to": hi, "limit": 200})
    expected = {f["id"] for f in flights if lo <= f["date"] <= hi}
    check("from/to returns exactly the flights in [from, to]", {f["id"] for f in ranged} == expected,
          "got %d want %d" % (len(ranged), len(expected)))
    check("from/to includes flights on the from date", any(f["date"] == lo for f in ranged))
    check("from/to includes flights on the to date", any(f["date"] == hi for f in ranged))
    rkeys = [(f["date"], f["id"]) for f in ranged]
    check("from/to result keeps date desc, id desc order", rkeys == sorted(rkeys, reverse=True))
    one_day, _ = list_all("/flights", {"from": lo, "to": lo, "limit": 200})
    check("from == to returns that single day",
          {f["id"] for f in one_day} == {f["id"] for f in flights if f["date"] == lo} and len(one_day) > 0)

    # pilot_id filter (busiest pilot, so it needs real pagination at a small limit)
    counts = {}
    for f in flights:
        counts[f["pilot_id"]] = counts.get(f["pilot_id"], 0) + 1
    busiest = max(counts, key=lambda k: counts[k])
    by_pilot, ppages = list_all("/flights", {"pilot_id": busiest, "limit": 10})
    check("pilot_id filter returns exactly that pilot's flights",
          {f["id"] for f in by_pilot} == {f["id"] for f in flights if f["pilot_id"] == busiest},
          "got %d want %d" % (len(by_pilot), counts[busiest]))
    check("pilot_id filter paginates at limit=10", ppages >= (counts[busiest] + 9) // 10)

    # aircraft_id combined with status
    acft = flights[0]["aircraft_id"]
    combo, _ = list_all("/flights", {"aircraft_id": acft, "status": "approved", "limit": 200})
    check("aircraft_id + status filters combine",
          {f["id"] for f in combo} == {f["id"] for f in flights if f["aircraft_id"] == acft and f["status"] == "approved"})
    check("aircraft registration snapshot matches the fleet",
          all(f["aircraft_registration"] == fleet_by_id[f["aircraft_id"]]["registration"] for f in combo))

    # updated_since: future → nothing; distant past → everything on the first page
    fut = get("/flights", {"updated_since": "2999-01-01T00:00:00Z"}).json()
    check("updated_since in the future → empty list, null cursor", fut["data"] == [] and fut["cursor"] is None)
    past = get("/pilots", {"updated_since": "1970-01-01T00:00:00Z", "limit": 5}).json()
    check("updated_since in the past keeps results", len(past["data"]) == 5)

    # ---------------------------------------------------------------- errors, as a client sees them
    r = requests.get(API + "/pilots", headers=HEADERS, params={"limit": 500}, timeout=10)
    check("limit=500 → 400 invalid_parameter", r.status_code == 400 and problem(r).get("code") == "invalid_parameter",
          "%d %s" % (r.status_code, r.text[:200]))
    try:
        r.raise_for_status()
        check("raise_for_status raises on 400", False)
    except requests.HTTPError:
        check("raise_for_status raises on 400", True)
    check("errors are application/problem+json",
          r.headers.get("Content-Type", "").startswith("application/problem+json"), r.headers.get("Content-Type", ""))
    pb = problem(r)
    check("problem has type/title/status/detail/code/request_id",
          all(k in pb for k in ("type", "title", "status", "detail", "code", "request_id")) and pb.get("status") == 400,
          repr(pb))
    check("problem request_id matches X-Request-Id", pb.get("request_id") == r.headers.get("X-Request-Id"))
    r = requests.get(API + "/flights/flt_00000000000000000000000000", headers=HEADERS, timeout=10)
    check("unknown flight → 404 not_found", r.status_code == 404 and problem(r).get("code") == "not_found",
          "%d %s" % (r.status_code, r.text[:200]))
    r = requests.get(API + "/fleet/acft_nope", headers=HEADERS, timeout=10)
    check("unknown aircraft → 404 not_found", r.status_code == 404 and problem(r).get("code") == "not_found",
          "%d %s" % (r.status_code, r.text[:200]))
    r = requests.get(API + "/flights", headers=HEADERS, params={"status": "pending"}, timeout=10)
    check("status=pending → 400 invalid_parameter", r.status_code == 400 and problem(r).get("code") == "invalid_parameter")
    r = requests.get(API + "/flights", headers=HEADERS, params={"from": "2024-02-30"}, timeout=10)
    check("from=2024-02-30 → 400 invalid_parameter", r.status_code == 400 and problem(r).get("code") == "invalid_parameter")
    r = requests.get(API + "/flights", headers=HEADERS, params={"updated_since": "yesterday"}, timeout=10)
    check("updated_since=yesterday → 400 invalid_parameter",
          r.status_code == 400 and problem(r).get("code") == "invalid_parameter")
    r = requests.get(API + "/pilots", headers=HEADERS, params={"page": 2}, timeout=10)
    check("unknown parameter page → 400 invalid_parameter",
          r.status_code == 400 and problem(r).get("code") == "invalid_parameter")


def main():
    try:
        run()
    except Exception as e:  # an unexpected HTTP error or shape problem is a failure, not a crash
        global failed
        failed += 1
        print("FAIL  aborted: %s: %s" % (type(e).__name__, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
