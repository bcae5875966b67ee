#!/usr/bin/python3
"""Per-key token-bucket rate limiting, against a server started with a tiny limit
(e.g. `--rate-limit 2:5` or GAFLIGHT_RATE_LIMIT=2:5).

Config (env): BASE_URL, ORG_ID, API_KEY, RATE (tokens per second), BURST.
"""
import os
import sys
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from functional_checks import Checks  # noqa: E402

CHECKS = Checks()
check = CHECKS.check

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
RATE = float(os.environ.get("RATE", "2"))
BURST = int(os.environ.get("BURST", "5"))
URL = BASE_URL + "/api/v1/public/pilots"
HEADERS = {"Authorization": "Bearer " + API_KEY, "X-Org-Id": ORG_ID}


def as_int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def run():
    s = requests.Session()
    s.trust_env = False
    n = BURST * 2 + 4
    start = time.monotonic()
    responses = [s.get(URL, headers=HEADERS, params={"limit": 1}, timeout=10) for _ in range(n)]
    elapsed = time.monotonic() - start
    statuses = [r.status_code for r in responses]
    ok_count = statuses.count(200)
    refill = int(elapsed * RATE) + 1
    check("first %d requests succeed (the burst)" % BURST, statuses[:BURST] == [200] * BURST, statuses)
    check("between BURST and BURST+refill requests succeed",
          BURST <= ok_count <= BURST + refill, "%d ok in %.2fs: %s" % (ok_count, elapsed, statuses))
    check("requests beyond the burst get 429", 429 in statuses, statuses)
    check("no status other than 200/429", set(statuses) <= {200, 429}, statuses)

    for r in responses:
        missing = [h for h in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset") if h not in r.headers]
        if missing:
            check("RateLimit headers on every response", False, "%d lacks %s" % (r.status_code, missing))
            break
    else:
        check("RateLimit headers on every response", True)

    rem = [as_int(r.headers.get("RateLimit-Remaining")) for r in responses if r.status_code == 200]
    check("RateLimit-Remaining is an integer", all(x is not None for x in rem), rem)
    check("RateLimit-Remaining decreases over the burst",
          all(x is not None for x in rem[:BURST]) and rem[:BURST] == sorted(rem[:BURST], reverse=True)
          and rem[0] > rem[BURST - 1], rem)
    check("RateLimit-Remaining starts at BURST-1", rem[:1] == [BURST - 1], rem[:1])

    limited = [r for r in responses if r.status_code == 429]
    if limited:
        r = limited[0]
        try:
            body = r.json()
        except ValueError:
            body = {}
        check("429 is problem+json with code rate_limited",
              r.headers.get("Content-Type", "").startswith("application/problem+json")
              and body.get("code") == "rate_limited" and body.get("status") == 429, r.text[:200])
        ra = as_int(r.headers.get("Retry-After"))
        check("429 carries Retry-After in whole seconds >= 1", ra is not None and ra >= 1, r.headers.get("Retry-After"))
        check("429 has RateLimit-Remaining: 0", as_int(r.headers.get("RateLimit-Remaining")) == 0,
              r.headers.get("RateLimit-Remaining"))
        wait = min(float(ra or 1), 10.0) + 0.3
        time.sleep(wait)
        r2 = s.get(URL, headers=HEADERS, params={"limit": 1}, timeout=10)
        check("after waiting Retry-After the key works again", r2.status_code == 200, r2.status_code)

    # An unknown key is rejected as such (401).
    r = s.get(URL, headers={"Authorization": "Bearer gaf_pk_" + "Z" * 43, "X-Org-Id": ORG_ID}, timeout=10)
    check("unknown key → 401, not 429", r.status_code == 401, r.status_code)


def main():
    return CHECKS.run(run)


if __name__ == "__main__":
    sys.exit(main())
