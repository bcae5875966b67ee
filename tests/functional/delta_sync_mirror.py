#!/usr/bin/python3
"""Delta sync under concurrent writes (SPEC §10.2, ADR 0011), the way a nightly mirror runs it.

Two console writers create, change and delete planning sessions, compliance records and pilots' phone
numbers for ~12 s, while a mirror keeps syncing five public lists with `updated_since` = the newest
`updated_at` it has seen (pages of 7, so a sync spans many requests while commits land between them),
applying tombstones as deletions. When the writers stop, one last sync; then the mirror must equal the
source — every list read in full without `updated_since` — record by record, field by field.

Config (env): BASE_URL, ORG_ID, API_KEY, EMAIL, PASSWORD (the demo's owner). Bounded in time.
"""
import os
import sys
import threading
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from functional_checks import Checks  # noqa: E402

CHECKS = Checks()
check = CHECKS.check

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API = BASE_URL + "/api/v1/public"
CONSOLE = BASE_URL + "/api/v1/console"
HEADERS = {"Authorization": "Bearer " + os.environ["API_KEY"], "X-Org-Id": ORG_ID}
LISTS = ["/pilots", "/planning/sessions", "/compliance", "/fleet", "/flights"]
WRITE_SECONDS = 12
DEADLINE = time.monotonic() + 240


def public_get(session, path, params):
    for _ in range(50):
        r = session.get(API + path, headers=HEADERS, params=params, timeout=15)
        if r.status_code == 429:
            time.sleep(float(r.headers.get("Retry-After", "1")))
            continue
        if r.status_code != 200:
            raise RuntimeError("%s %s -> %d %s" % (path, params, r.status_code, r.text[:300]))
        return r.json()
    raise RuntimeError("still rate limited on " + path)


def read_all(session, path, params, limit):
    """Every object of a list, following cursors."""
    params = dict(params, limit=limit)
    out = []
    while True:
        if time.monotonic() > DEADLINE:
            raise RuntimeError("reading %s did not end in time" % path)
        body = public_get(session, path, params)
        out.extend(body["data"])
        if body["cursor"] is None:
            return out
        params["cursor"] = body["cursor"]


class Mirror:
    def __init__(self):
        self.http = requests.Session()
        self.rows = {name: {} for name in LISTS}
        self.since = {name: "1970-01-01T00:00:00Z" for name in LISTS}
        self.syncs = 0
        self.tombstones = 0
        self.order_breaks = []

    def sync(self, name, limit=7):
        changes = read_all(self.http, name, {"updated_since": self.since[name]}, limit)
        prev = ""
        for obj in changes:
            # Change order: updated_at never goes back (ties follow the commit sequence). An object changed
            # again while we page comes again, later, in its newer state.
            if obj["updated_at"] < prev:
                self.order_breaks.append((name, prev, obj["updated_at"], obj["id"]))
            prev = obj["updated_at"]
            if obj.get("deleted") is True:
                self.rows[name].pop(obj["id"], None)
                self.tombstones += 1
            else:
                self.rows[name][obj["id"]] = obj
            if obj["updated_at"] > self.since[name]:
                self.since[name] = obj["updated_at"]
        self.syncs += 1


class Console:
    def __init__(self):
        self.http = requests.Session()
        r = self.http.post(CONSOLE + "/login", json={"email": os.environ["EMAIL"], "password": os.environ["PASSWORD"]},
                           timeout=15)
        r.raise_for_status()
        self.csrf = r.json()["csrf_token"]

    def call(self, method, path, body=None):
        for _ in range(50):
            r = self.http.request(method, CONSOLE + "/orgs/" + ORG_ID + path, json=body,
                                  headers={"X-CSRF-Token": self.csrf}, timeout=15)
            if r.status_code in (429, 503):
                time.sleep(float(r.headers.get("Retry-After", "0.2")))
                continue
            return r
        raise RuntimeError("console kept refusing " + path)


def writer(number, console, pilots, instructor, stop, stats, errors):
    """Creates, changes and deletes records until told to stop; every write must succeed."""
    i = 0
    slot = [number * 100000]  # hours after 2031-01-01 this writer books, one at a time
    try:
        while not stop.is_set():
            i += 1
            for _ in range(100):  # a slot left booked by an earlier run on this database: take the next one
                slot[0] += 1
                start = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(1924992000 + slot[0] * 3600))  # 2031 on
                end = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(1924992000 + (slot[0] + 1) * 3600))
                s = console.call("POST", "/planning/sessions",
                                 {"kind": "ground", "start_at": start, "end_at": end, "instructor_id": instructor})
                if s.status_code != 409:
                    break
            if s.status_code != 201:
                raise RuntimeError("book: %d %s" % (s.status_code, s.text[:300]))
            sid = s.json()["id"]
            if i % 2 == 0:
                r = console.call("PATCH", "/planning/sessions/" + sid, {"status": "confirmed"})
                if r.status_code != 200:
                    raise RuntimeError("confirm: %d %s" % (r.status_code, r.text[:300]))
            if i % 3 == 0:
                r = console.call("DELETE", "/planning/sessions/" + sid)
                if r.status_code != 204:
                    raise RuntimeError("delete session: %d %s" % (r.status_code, r.text[:300]))
            pilot = pilots[(number * 7 + i) % len(pilots)]
            c = console.call("POST", "/compliance", {"pilot_id": pilot, "type": "rating", "code": "NIGHT",
                                                     "number": "MIRROR-%d-%d" % (number, i),
                                                     "issued_on": "2025-03-01"})
            if c.status_code != 201:
                raise RuntimeError("compliance: %d %s" % (c.status_code, c.text[:300]))
            if i % 2 == 1:
                r = console.call("DELETE", "/compliance/" + c.json()["id"])
                if r.status_code != 204:
                    raise RuntimeError("delete compliance: %d %s" % (r.status_code, r.text[:300]))
            r = console.call("PATCH", "/pilots/" + pilot, {"phone": "+33 6 %02d %02d %02d %02d" % (number, i % 100, i // 100 % 100, 7)})
            if r.status_code != 200:
                raise RuntimeError("pilot: %d %s" % (r.status_code, r.text[:300]))
            stats[number] = i
    except Exception as e:  # reported by the main thread
        errors.append("writer %d: %s" % (number, e))


def main():
    mirror = Mirror()
    for name in LISTS:  # the initial copy is a delta sync from the epoch
        mirror.sync(name, 200)
    check("initial copy of five lists", all(mirror.rows[n] for n in ("/pilots", "/fleet", "/flights")),
          {n: len(r) for n, r in mirror.rows.items()})

    all_pilots = read_all(requests.Session(), "/pilots", {}, 200)
    instructors = [p["id"] for p in all_pilots if "instructor" in p.get("roles", [])]
    check("the demo has two instructors to book", len(instructors) >= 2, len(instructors))
    pilots = [p["id"] for p in all_pilots]

    stop = threading.Event()
    stats, errors = {}, []
    threads = [threading.Thread(target=writer, args=(n, Console(), pilots, instructors[n], stop, stats, errors))
               for n in range(2)]
    for t in threads:
        t.start()
    began = time.monotonic()
    while time.monotonic() - began < WRITE_SECONDS and not errors:
        for name in LISTS:
            mirror.sync(name)
    stop.set()
    for t in threads:
        t.join(60)
    check("writers succeeded", not errors, errors)
    writes = sum(stats.values())
    check("writers made changes while the mirror synced", writes >= 10, stats)
    syncs_during = mirror.syncs
    for name in LISTS:  # the last sync after the writes ended
        mirror.sync(name)
    print("INFO  %d write rounds, %d syncs while writing, %d tombstones applied" %
          (writes, syncs_during, mirror.tombstones))
    check("the mirror synced repeatedly during the writes", syncs_during >= 3 * len(LISTS), syncs_during)
    check("tombstones were received", mirror.tombstones > 0, mirror.tombstones)
    check("every sync came in change order (updated_at never goes back)", not mirror.order_breaks, mirror.order_breaks[:3])

    source_http = requests.Session()
    for name in LISTS:
        source = {o["id"]: o for o in read_all(source_http, name, {}, 200)}
        mine = mirror.rows[name]
        missing = sorted(set(source) - set(mine))
        extra = sorted(set(mine) - set(source))
        differing = sorted(i for i in set(source) & set(mine) if source[i] != mine[i])
        check("mirror of %s equals the source (%d records)" % (name, len(source)),
              not missing and not extra and not differing,
              {"missing": missing[:3], "extra": extra[:3], "differing": differing[:3],
               "example": [{k: o.get(k) for k in ("id", "updated_at", "phone", "status")}
                           for o in (source[differing[0]], mine[differing[0]])] if differing else None,
               "mirror since": mirror.since[name]})
    return CHECKS.summary()


if __name__ == "__main__":
    sys.exit(main())
