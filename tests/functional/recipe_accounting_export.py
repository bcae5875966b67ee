#!/usr/bin/python3
"""Recipe 3, accounting export (SPEC §10.4, §10.6), written the way an accountant's integration runs it:
one past month's approved flights (status=approved&from&to&limit=200, following cursors), that month's
invoices with their line items, and the month's finance summary — which must reconcile exactly.

Config (env): BASE_URL, ORG_ID, API_KEY. Run with Debian's /usr/bin/python3 (python3-requests).
Every loop is bounded in pages and wall-clock time; 429 answers are retried after Retry-After.
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
MAX_PAGES = 100
DEADLINE = time.monotonic() + 300

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
    for _ in range(20):
        resp = requests.get(API + path, headers=HEADERS, params=params, timeout=10)
        if resp.status_code == 429:  # the key's rate limit: wait as told, then retry
            time.sleep(float(resp.headers.get("Retry-After", "1")))
            continue
        resp.raise_for_status()
        return resp.json()
    raise RuntimeError("still rate limited on " + path)


def list_all(path, params):
    params = dict(params, limit=200)
    items, pages = [], 0
    while True:
        body = get(path, params)
        items.extend(body["data"])
        pages += 1
        if body["cursor"] is None:
            return items
        if pages >= MAX_PAGES or time.monotonic() > DEADLINE:
            raise RuntimeError("pagination of %s did not end" % path)
        params["cursor"] = body["cursor"]


def milli(hours):
    return round(float(hours) * 1000)


def run():
    # The month before last: complete, and its flights are all reviewed.
    today = datetime.date.today()
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    first = (first - datetime.timedelta(days=1)).replace(day=1)
    nxt = (first + datetime.timedelta(days=32)).replace(day=1)
    last = nxt - datetime.timedelta(days=1)
    month = first.strftime("%Y-%m")
    print("month: " + month)

    flights = list_all("/flights", {"status": "approved", "from": first.isoformat(), "to": last.isoformat()})
    check("approved flights listed for " + month, len(flights) > 0, "none")
    check("every listed flight is approved and in the month",
          all(f["status"] == "approved" and first.isoformat() <= f["date"] <= last.isoformat() for f in flights))
    check("no flight listed twice across pages", len({f["id"] for f in flights}) == len(flights))

    # A flight is invoiced on its approval day, on or after the day flown: the month's invoices plus the
    # following weeks' hold every line naming the month's flights.
    horizon = last + datetime.timedelta(days=31)
    invoices = list_all("/invoices", {"from": first.isoformat(), "to": horizon.isoformat()})
    details = [get("/invoices/" + inv["id"]) for inv in invoices]
    charge_lines = {}
    for d in details:
        for line in d["lines"]:
            if line["kind"] == "aircraft_time" and line["flight_id"]:
                charge_lines.setdefault(line["flight_id"], []).append(d["number"])
    unbilled = [f["id"] for f in flights if len(charge_lines.get(f["id"], [])) == 0]
    twice = [f["id"] for f in flights if len(charge_lines.get(f["id"], [])) > 1]
    check("every approved flight has an aircraft_time line naming it", not unbilled,
          "%d unbilled, e.g. %s" % (len(unbilled), unbilled[:3]))
    check("no flight is billed twice", not twice, "e.g. %s" % twice[:3])

    in_month = [d for d in details if first.isoformat() <= d["issue_date"] <= last.isoformat()]
    counted = [d for d in in_month if d["status"] != "void"]
    check("invoices issued in " + month, len(counted) > 0)
    bad = [d["number"] for d in details
           if d["total_minor"] != d["subtotal_minor"] + d["tax_minor"]
           or d["total_minor"] != sum(line["total_minor"] for line in d["lines"])
           or d["subtotal_minor"] != sum(line["subtotal_minor"] for line in d["lines"])]
    check("each invoice: total = subtotal + tax = Σ line totals", not bad, "e.g. %s" % bad[:3])
    check("one currency", len({d["currency"] for d in details}) == 1)

    summary = get("/finance-summaries", {"from": month, "to": month})
    check("one summary for the month", len(summary["data"]) == 1 and summary["cursor"] is None)
    s = summary["data"][0]
    revenue = sum(d["subtotal_minor"] for d in counted)
    tax = sum(d["tax_minor"] for d in counted)
    hours = sum(milli(line["quantity"]) for d in counted for line in d["lines"] if line["kind"] == "aircraft_time")
    check("period", s["period"] == month, s["period"])
    check("currency matches the invoices", s["currency"] == details[0]["currency"])
    check("revenue_minor = Σ subtotal_minor of the month's non-void invoices", s["revenue_minor"] == revenue,
          "%s vs %s" % (s["revenue_minor"], revenue))
    check("tax_minor = Σ tax_minor", s["tax_minor"] == tax, "%s vs %s" % (s["tax_minor"], tax))
    check("billable_hours = Σ aircraft_time quantities", milli(s["billable_hours"]) == hours,
          "%s vs %s" % (s["billable_hours"], hours / 1000))
    check("by_aircraft hours add up to billable_hours",
          sum(milli(a["hours"]) for a in s["by_aircraft"]) == hours)
    check("by_instructor lists the month's instructors", len(s["by_instructor"]) > 0)
    check("receivables_minor is a non-negative amount", isinstance(s["receivables_minor"], int)
          and s["receivables_minor"] >= 0)


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
