#!/usr/bin/python3
"""Exports (SPEC §10.7, docs/exports.md): for each of the five exportable lists, the NDJSON export holds
exactly the objects of the paged JSON list (same filters, same order), and the CSV export (parsed with
Python's csv module) the same records with the same flat field values; 406 for an Accept that excludes
everything offered and for CSV on a JSON-only list; limit/cursor refused on an export; clients that
disconnect mid-export leave the server healthy (/readyz 200, the next export complete, no crash or
error in the server log).

Config (env): BASE_URL, ORG_ID, API_KEY; SERVER_LOG (optional: scanned for errors). Bounded in time.
"""
import csv
import io
import json
import os
import socket
import sys
import time
import urllib.parse

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from functional_checks import Checks  # noqa: E402

CHECKS = Checks()
check = CHECKS.check

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
API = BASE_URL + "/api/v1/public"
HEADERS = {"Authorization": "Bearer " + API_KEY, "X-Org-Id": ORG_ID}
NDJSON = "application/x-ndjson"
CSV = "text/csv"
DEADLINE = time.monotonic() + 600


def get(path, params=None, accept=None, method="GET"):
    headers = dict(HEADERS)
    if accept is not None:
        headers["Accept"] = accept
    for _ in range(60):
        resp = requests.request(method, API + path, headers=headers, params=params, timeout=60)
        if resp.status_code == 429:  # the key's rate limit: wait as told, then retry
            time.sleep(float(resp.headers.get("Retry-After", "1")))
            continue
        return resp
    raise RuntimeError("still rate limited on " + path)


def paged(path, params):
    params = dict(params, limit=200)
    items = []
    for _ in range(1000):
        resp = get(path, params)
        if resp.status_code != 200:
            raise RuntimeError("%s → %d %s" % (path, resp.status_code, resp.text[:200]))
        body = resp.json()
        items.extend(body["data"])
        if body["cursor"] is None:
            return items
        if time.monotonic() > DEADLINE:
            raise RuntimeError("pagination of %s did not end in time" % path)
        params["cursor"] = body["cursor"]
    raise RuntimeError("pagination of %s did not end" % path)


def flat(obj):
    """The JSON object's flat fields as CSV writes them: nested objects as <key>_<member>, lists of
    strings joined by spaces; anything else nested is not a column."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            for k2, v2 in v.items():
                if not isinstance(v2, (dict, list)):
                    out[k + "_" + k2] = v2
        elif isinstance(v, list):
            if all(isinstance(x, str) for x in v):
                out[k] = " ".join(v)
        else:
            out[k] = v
    return out


def same_value(json_value, csv_text):
    if json_value is None:
        return csv_text == ""
    if isinstance(json_value, bool):
        return csv_text == ("true" if json_value else "false")
    if isinstance(json_value, (int, float)):
        try:
            return abs(float(csv_text) - float(json_value)) < 1e-9
        except ValueError:
            return False
    return csv_text == json_value


LISTS = [
    ("/flights", [{}, {"status": "approved", "from": "2025-01-01", "to": "2099-12-31"}, {"status": "rejected"}]),
    ("/invoices", [{}, {"status": "issued"}]),
    ("/training/signoffs", [{}]),
    ("/compliance", [{}, {"type": "medical"}]),
    ("/planning/sessions", [{}]),
]


def check_list(path, params):
    label = path + ("?" + urllib.parse.urlencode(params) if params else "")
    expected = paged(path, params)
    check(label + ": the JSON list has records", len(expected) > 0 or params, "empty")
    ids = [o["id"] for o in expected]

    resp = get(path, params, accept=NDJSON)
    if not check(label + " NDJSON: 200", resp.status_code == 200, "%d %s" % (resp.status_code, resp.text[:300])):
        return
    check(label + " NDJSON: Content-Type", resp.headers.get("Content-Type", "").startswith(NDJSON),
          resp.headers.get("Content-Type"))
    check(label + " NDJSON: chunked", resp.headers.get("Transfer-Encoding", "").lower() == "chunked",
          resp.headers.get("Transfer-Encoding"))
    disp = resp.headers.get("Content-Disposition", "")
    check(label + " NDJSON: attachment .ndjson", disp.startswith("attachment; filename=\"") and
          disp.endswith(".ndjson\"") and ORG_ID in disp, disp)
    text = resp.content.decode("utf-8")
    check(label + " NDJSON: one line per record, newline-terminated",
          text == "" if not expected else text.endswith("\n"), repr(text[-50:]))
    got = [json.loads(line) for line in text.split("\n") if line]
    check(label + " NDJSON: the same objects as the paged JSON list (%d)" % len(expected), got == expected,
          "ids %s... vs %s..." % ([o.get("id") for o in got][:3], ids[:3]))

    resp = get(path, params, accept=CSV)
    if not check(label + " CSV: 200", resp.status_code == 200, "%d %s" % (resp.status_code, resp.text[:300])):
        return
    check(label + " CSV: Content-Type", resp.headers.get("Content-Type", "") == "text/csv; charset=utf-8",
          resp.headers.get("Content-Type"))
    disp = resp.headers.get("Content-Disposition", "")
    check(label + " CSV: attachment .csv", disp.startswith("attachment; filename=\"") and disp.endswith(".csv\""),
          disp)
    raw = resp.content
    check(label + " CSV: CRLF line ends", raw.endswith(b"\r\n") and b"\r\n" in raw.split(b"\n", 1)[0] + b"\n",
          repr(raw[:120]))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    check(label + " CSV: the same ids in the same order (%d)" % len(ids), [r["id"] for r in rows] == ids,
          "%s... vs %s..." % ([r["id"] for r in rows][:3], ids[:3]))
    mismatches = []
    columns = set(rows[0].keys()) if rows else set()
    for row, obj in zip(rows, expected):
        f = flat(obj)
        for col in columns:
            if col in f and not same_value(f[col], row[col]):
                mismatches.append("%s.%s: csv %r json %r" % (obj["id"], col, row[col], f[col]))
    check(label + " CSV: every column equals the JSON field", not mismatches, "; ".join(mismatches[:5]))
    if rows:
        unknown = [c for c in columns if c not in flat(expected[0])]
        check(label + " CSV: every column is a (flattened) JSON field", not unknown, unknown)


def problem_code(resp):
    try:
        return resp.json().get("code")
    except ValueError:
        return None


def check_negotiation():
    r = get("/flights", {"limit": 1}, accept="text/html")
    check("Accept: text/html on /flights → 406 not_acceptable",
          r.status_code == 406 and problem_code(r) == "not_acceptable" and
          r.headers.get("Content-Type", "").startswith("application/problem+json"), "%d %s" % (r.status_code, r.text[:200]))
    r = get("/pilots", {"limit": 1}, accept="text/csv")
    check("Accept: text/csv on /pilots → 406", r.status_code == 406 and problem_code(r) == "not_acceptable",
          "%d %s" % (r.status_code, r.text[:200]))
    r = get("/pilots", {"limit": 1}, accept="application/x-ndjson")
    check("Accept: application/x-ndjson on /pilots → 406", r.status_code == 406, r.status_code)
    r = get("/flights", {"limit": 1}, accept="application/json;q=0, text/html")
    check("Accept excluding JSON by q=0 → 406", r.status_code == 406, r.status_code)
    for accept in ("*/*", "application/json", "application/*", "text/csv;q=0.5, application/json"):
        r = get("/flights", {"limit": 1}, accept=accept)
        check("Accept: %s on /flights → JSON" % accept,
              r.status_code == 200 and r.headers.get("Content-Type", "").startswith("application/json") and
              "data" in r.json(), "%d %s" % (r.status_code, r.headers.get("Content-Type")))
    r = get("/flights", {"status": "rejected"}, accept="text/csv, */*;q=0.1")
    check("Accept: text/csv, */*;q=0.1 → CSV", r.status_code == 200 and r.headers.get("Content-Type", "").startswith(CSV),
          "%d %s" % (r.status_code, r.headers.get("Content-Type")))
    check("an export answer says Vary: Accept", "accept" in r.headers.get("Vary", "").lower(), r.headers.get("Vary"))
    for q in ({"limit": "10"}, {"cursor": "abc"}):
        r = get("/flights", q, accept=CSV)
        check("export with %s → 400 invalid_parameter" % list(q)[0],
              r.status_code == 400 and problem_code(r) == "invalid_parameter", "%d %s" % (r.status_code, r.text[:200]))
    r = get("/flights", {"status": "bogus"}, accept=NDJSON)
    check("export filters are validated like the JSON list's (bad status → 400)",
          r.status_code == 400 and problem_code(r) == "invalid_parameter", "%d %s" % (r.status_code, r.text[:200]))
    r = requests.get(API + "/flights", headers={"Accept": CSV}, timeout=10)
    check("export without a key → 401", r.status_code == 401, r.status_code)
    r = get("/flights", None, accept=CSV, method="HEAD")
    check("HEAD of an export → 200 with headers only", r.status_code == 200 and r.content == b"" and
          r.headers.get("Content-Type", "").startswith(CSV), "%d %r" % (r.status_code, r.content[:50]))


def raw_request(path, accept):
    u = urllib.parse.urlsplit(BASE_URL)
    s = socket.create_connection((u.hostname, u.port), timeout=10)
    s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nX-Org-Id: %s\r\nAccept: %s\r\n\r\n"
               % ("/api/v1/public" + path, u.hostname, API_KEY, ORG_ID, accept)).encode())
    return s


def check_disconnects(total_flights):
    # Read a few KB then close, at once, or without reading at all; repeat with both formats.
    for i in range(6):
        s = raw_request("/flights", NDJSON if i % 2 == 0 else CSV)
        got = b""
        while len(got) < (4096 if i < 4 else 0):
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
        s.close()
        if i < 4:
            check("mid-export disconnect %d: got the 200 head before closing" % i, got.startswith(b"HTTP/1.1 200"),
                  got[:40])
    time.sleep(0.5)
    r = requests.get(BASE_URL + "/readyz", timeout=10)
    check("after the disconnects /readyz is 200", r.status_code == 200, r.status_code)
    r = get("/flights", None, accept=NDJSON)
    n = len([line for line in r.content.split(b"\n") if line])
    check("after the disconnects the next export is complete (%d flights)" % total_flights,
          r.status_code == 200 and n == total_flights, "%d, %d lines" % (r.status_code, n))
    # A client that stalls (reads nothing) while a second export runs does not hold the second one up.
    stalled = raw_request("/flights", NDJSON)
    t0 = time.monotonic()
    r = get("/flights", None, accept=CSV)
    check("an export completes while another client stalls its own", r.status_code == 200 and
          r.content.count(b"\r\n") == total_flights + 1, "%d after %.1fs" % (r.status_code, time.monotonic() - t0))
    stalled.close()


def log_size():
    path = os.environ.get("SERVER_LOG")
    return os.path.getsize(path) if path and os.path.exists(path) else 0


def check_server_log(start):
    """Only the entries written while this script ran (earlier scripts share the server)."""
    path = os.environ.get("SERVER_LOG")
    if not path:
        return
    bad = []
    with open(path, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("level") in ("error", "fatal") or "exception" in entry.get("msg", entry.get("message", "")):
                bad.append(line.strip())
    check("the server log has no error or exception entry", not bad, bad[:3])


def main():
    start = log_size()
    for path, variants in LISTS:
        for params in variants:
            check_list(path, params)
    check_negotiation()
    total = len(paged("/flights", {}))
    check_disconnects(total)
    check_server_log(start)
    return CHECKS.summary()


if __name__ == "__main__":
    sys.exit(main())
