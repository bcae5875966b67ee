#!/usr/bin/python3
"""Tenant isolation, authentication, scopes, key lifecycle, cursors, CSRF and secrets-at-rest,
checked black-box through the console API and the public API.

Config (env): BASE_URL, ORG_ID, API_KEY, EMAIL, PASSWORD, DB_URL (the server's database, sqlite:PATH or
postgres://…; DB_PATH alone names its SQLite file).
Optional: SERVER_LOG (the server's log file: scanned for tokens), TOKENS_FILE (every minted token is
appended there, one per line, so a driver can scan logs again after shutdown).
"""
import base64
import datetime
import hashlib
import os
import re
import secrets
import string
import sys
import time
import uuid

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from functional_checks import Checks  # noqa: E402
import functional_db  # noqa: E402

CHECKS = Checks()
check = CHECKS.check

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
EMAIL = os.environ["EMAIL"]
PASSWORD = os.environ["PASSWORD"]
DB_PATH = functional_db.sqlite_path()
SERVER_LOG = os.environ.get("SERVER_LOG", "")
TOKENS_FILE = os.environ.get("TOKENS_FILE", "")

PUBLIC = BASE_URL + "/api/v1/public"
CONSOLE = BASE_URL + "/api/v1/console"
TIMEOUT = 10
ALL_SCOPES = ["public.pilots:read", "public.flights:read", "public.fleet:read"]
JUST = "Needed so the partner integration can sync this data nightly for reporting."  # > 40 chars

minted_tokens = []


def jbody(resp):
    try:
        return resp.json()
    except ValueError:
        return {}


def brief(resp):
    return "%d %s" % (resp.status_code, resp.text[:300].replace("\n", " "))


def expect_problem(name, resp, status, code, **extra):
    """Asserts an RFC 9457 problem with the given status and code (and extension members)."""
    b = jbody(resp)
    ok = (resp.status_code == status and b.get("code") == code and b.get("status") == status
          and resp.headers.get("Content-Type", "").startswith("application/problem+json")
          and isinstance(b.get("request_id"), str) and b.get("request_id") == resp.headers.get("X-Request-Id"))
    for k, v in extra.items():
        ok = ok and b.get(k) == v
    if code in ("unauthenticated", "invalid_api_key"):  # the public API's bearer challenge
        ok = ok and resp.headers.get("WWW-Authenticate", "").lower().startswith("bearer")
    return check("%s → %d %s" % (name, status, code), ok, brief(resp))


def pub(path, key=API_KEY, org=ORG_ID, params=None, auth=None):
    headers = {}
    if auth is not None:
        headers["Authorization"] = auth
    elif key is not None:
        headers["Authorization"] = "Bearer " + key
    if org is not None:
        headers["X-Org-Id"] = org
    return requests.get(PUBLIC + path, headers=headers, params=params, timeout=TIMEOUT)


def items(body):
    """Console lists may be {"data": [...]} or a bare array."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for k in ("data", "items", "apps", "keys", "installations"):
            if isinstance(body.get(k), list):
                return body[k]
    return []


class Console:
    """A console client that carries the session cookie by hand (so a Secure cookie attribute does not
    stop it from being sent over loopback http) and echoes the CSRF token on state-changing calls."""

    def __init__(self):
        self.cookie = None
        self.csrf = None
        self.http = requests.Session()
        self.http.trust_env = False

    def req(self, method, path, json=None, csrf=True, cookie=True, headers=None):
        h = dict(headers or {})
        if cookie and self.cookie:
            h["Cookie"] = "gaf_session=" + self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        self.http.cookies.clear()
        return self.http.request(method, CONSOLE + path, json=json, headers=h, timeout=TIMEOUT)

    def login(self, email, password):
        r = self.http.post(CONSOLE + "/login", json={"email": email, "password": password}, timeout=TIMEOUT)
        self.http.cookies.clear()
        if r.status_code == 200:
            m = re.search(r"gaf_session=([^;,\s]+)", r.headers.get("Set-Cookie", ""))
            self.cookie = m.group(1) if m else None
            self.csrf = jbody(r).get("csrf_token")
        return r


def rfc3339(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def mint(c, org, app_id, name, expires_at=None):
    body = {"name": name}
    if expires_at is not None:
        body["expires_at"] = expires_at
    r = c.req("POST", "/orgs/%s/apps/%s/keys" % (org, app_id), json=body)
    if r.status_code == 201:
        tok = jbody(r).get("token")
        if isinstance(tok, str):
            minted_tokens.append(tok)
            if TOKENS_FILE:
                with open(TOKENS_FILE, "a") as f:
                    f.write(tok + "\n")
    return r


def create_app(c, name, scopes, justification=JUST):
    return c.req("POST", "/orgs/%s/apps" % ORG_ID, json={
        "name": name,
        "description": "Functional-test app " + name,
        "required_scopes": [{"scope": s, "justification": justification} for s in scopes],
    })


def active_app_with_key(c, name, scopes):
    """Creates, activates and mints one key; returns (app_id, key_id, token) or raises."""
    r = create_app(c, name, scopes)
    if not check("create app %s → 201 draft" % name, r.status_code == 201 and jbody(r).get("status") == "draft", brief(r)):
        raise RuntimeError("cannot create app " + name)
    app_id = jbody(r)["id"]
    r = c.req("POST", "/orgs/%s/apps/%s/activate" % (ORG_ID, app_id))
    check("activate app %s → 2xx active" % name, r.status_code in (200, 201) and jbody(r).get("status") == "active",
          brief(r))
    r = mint(c, ORG_ID, app_id, name + " key")
    if not check("mint key for %s → 201" % name, r.status_code == 201, brief(r)):
        raise RuntimeError("cannot mint key for " + name)
    k = jbody(r)
    return app_id, k["id"], k["token"]


def flip_char(s, i):
    """Replaces s[i] by a different base64url character whose 6-bit value differs in its top bit,
    so the decoded bytes change whatever the encoding's alphabet."""
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    c = s[i]
    if c in alphabet:
        n = alphabet[(alphabet.index(c) + 32) % 64]
    else:
        n = "A" if c != "A" else "B"
    return s[:i] + n + s[i + 1:]


def run():
    c = Console()

    # ------------------------------------------------------------------ console login, session, CSRF
    bad = Console()
    r = bad.login(EMAIL, PASSWORD + "-wrong")
    expect_problem("login with a wrong password", r, 401, "invalid_credentials")

    r = c.login(EMAIL, PASSWORD)
    if not check("console login → 200", r.status_code == 200, brief(r)):
        raise RuntimeError("cannot log in to the console")
    lb = jbody(r)
    check("login returns csrf_token, user, orgs",
          isinstance(lb.get("csrf_token"), str) and len(lb["csrf_token"]) >= 16 and "user" in lb and "orgs" in lb, lb)
    set_cookie = r.headers.get("Set-Cookie", "")
    check("session cookie gaf_session is set", c.cookie is not None, set_cookie)
    check("session cookie is HttpOnly", "httponly" in set_cookie.lower(), set_cookie)
    check("login response lists the demo org",
          any((o.get("id") if isinstance(o, dict) else o) == ORG_ID for o in lb.get("orgs", [])), lb.get("orgs"))

    r = c.req("GET", "/me")
    check("GET /me with the session → 200", r.status_code == 200, brief(r))
    r = c.req("GET", "/me", cookie=False)
    expect_problem("GET /me without a session", r, 401, "not_logged_in")
    r = requests.get(CONSOLE + "/me", headers={"Cookie": "gaf_session=forged" + secrets.token_hex(16)}, timeout=TIMEOUT)
    expect_problem("GET /me with a forged session cookie", r, 401, "not_logged_in")

    org_body = {"name": "Isolation Test Aero Club", "time_zone": "Europe/Paris", "country": "FR", "currency": "EUR"}
    r = c.req("POST", "/orgs", json=org_body, csrf=False)
    expect_problem("POST /orgs without X-CSRF-Token", r, 403, "csrf_failed")
    r = c.req("POST", "/orgs", json=org_body, csrf=False, headers={"X-CSRF-Token": "not-the-token"})
    expect_problem("POST /orgs with a wrong X-CSRF-Token", r, 403, "csrf_failed")
    r = c.req("POST", "/orgs", json=org_body, csrf=False, headers={"X-CSRF-Token": ""})
    expect_problem("POST /orgs with an empty X-CSRF-Token", r, 403, "csrf_failed")

    r = c.req("POST", "/orgs", json=org_body)
    if not check("POST /orgs → 201", r.status_code == 201, brief(r)):
        raise RuntimeError("cannot create org B")
    org_b = jbody(r)["id"]
    check("org id is a lower-case hyphenated UUID",
          re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", org_b) is not None, org_b)

    # Console tenant isolation: a user cannot look into an org they are not a member of.
    stranger = str(uuid.uuid4())
    r = c.req("GET", "/orgs/%s/apps" % stranger)
    check("console GET apps of a foreign org → 403/404", r.status_code in (403, 404), brief(r))

    # ------------------------------------------------------------------ public API: org checks
    r = pub("/pilots")
    check("demo key on the demo org → 200", r.status_code == 200, brief(r))
    expect_problem("demo key with X-Org-Id of org B (not installed)", pub("/pilots", org=org_b), 403,
                   "org_not_authorized")
    expect_problem("demo key with X-Org-Id of a random UUID", pub("/pilots", org=stranger), 403, "org_not_authorized")
    expect_problem("demo key on /flights with org B", pub("/flights", org=org_b), 403, "org_not_authorized")
    expect_problem("missing X-Org-Id", pub("/pilots", org=None), 400, "invalid_org_id")
    expect_problem("X-Org-Id not a UUID", pub("/pilots", org="not-a-uuid"), 400, "invalid_org_id")
    expect_problem("X-Org-Id with SQL", pub("/pilots", org="' OR '1'='1"), 400, "invalid_org_id")
    expect_problem("X-Org-Id UUID with trailing junk", pub("/pilots", org=ORG_ID + "0"), 400, "invalid_org_id")

    # ------------------------------------------------------------------ public API: authentication
    unknown = "gaf_pk_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43))
    expect_problem("unknown key gaf_pk_<random>", pub("/pilots", key=unknown), 401, "invalid_api_key")
    expect_problem("unknown key on an unknown org", pub("/pilots", key=unknown, org=stranger), 401, "invalid_api_key")
    r = pub("/pilots", key=None)
    expect_problem("no Authorization", r, 401, "unauthenticated")
    secret_part = API_KEY[len("gaf_pk_"):] if API_KEY.startswith("gaf_pk_") else API_KEY
    malformed = [
        ("Basic x", "Basic x"),
        ("Basic user:pass (base64)", "Basic dXNlcjpwYXNz"),
        ("Bearer (no token)", "Bearer"),
        ("Bearer + one space", "Bearer "),
        ("Bearer  two spaces", "Bearer  two spaces"),
        ("token without the gaf_pk_ prefix", "Bearer " + secret_part),
        ("token without a scheme", API_KEY),
        ("Token scheme", "Token " + API_KEY),
        ("token followed by a second word", "Bearer " + API_KEY + " extra"),
        ("token with a comma", "Bearer " + API_KEY + ",x"),
    ]
    for label, value in malformed:
        expect_problem("Authorization: " + label, pub("/pilots", auth=value), 401, "unauthenticated")
    r = pub("/pilots", auth="Bearer gaf_pk_")
    check("Authorization: Bearer gaf_pk_ (empty secret) → 401",
          r.status_code == 401 and jbody(r).get("code") in ("unauthenticated", "invalid_api_key"), brief(r))
    r = pub("/pilots", auth="bearer " + API_KEY)
    check("auth scheme is case-insensitive (RFC 9110 §11.1): 'bearer <key>' → 200", r.status_code == 200, brief(r))

    # ------------------------------------------------------------------ app validation
    for scope, just, label in (
        ("public.pilots:read", "x" * 39, "39-character justification"),
        ("public.flights:read", "   " + "y" * 39 + "      ", "39 characters padded with spaces"),
        ("public.fleet:read", "", "empty justification"),
    ):
        r = create_app(c, "Short justification", [scope], justification=just)
        check("%s → 422 naming %s" % (label, scope), r.status_code == 422 and scope in r.text, brief(r))
    r = c.req("POST", "/orgs/%s/apps" % ORG_ID, json={
        "name": "Mixed", "description": "one good, one short",
        "required_scopes": [{"scope": "public.pilots:read", "justification": JUST},
                            {"scope": "public.fleet:read", "justification": "too short"}]})
    check("one short justification among good ones → 422 naming public.fleet:read",
          r.status_code == 422 and "public.fleet:read" in r.text, brief(r))
    r = create_app(c, "Unknown scope", ["public.everything:write"])
    check("unknown scope → 422", r.status_code == 422 and "public.everything:write" in r.text, brief(r))
    r = create_app(c, "Exactly forty", ["public.pilots:read"], justification="z" * 40)
    check("40-character justification → 201", r.status_code == 201, brief(r))
    r = c.req("POST", "/orgs/%s/apps" % ORG_ID, json={"name": "No CSRF", "description": "d",
                                                    "required_scopes": []}, csrf=False)
    expect_problem("create app without X-CSRF-Token", r, 403, "csrf_failed")

    # A draft app cannot mint keys.
    r = create_app(c, "Draft app", ALL_SCOPES)
    draft_id = jbody(r).get("id")
    r = mint(c, ORG_ID, draft_id, "should fail")
    check("mint on a draft app → 409/422, no token", r.status_code in (409, 422) and "gaf_pk_" not in r.text, brief(r))

    # ------------------------------------------------------------------ key lifecycle
    app_id, k1_id, k1 = active_app_with_key(c, "Security Full", ALL_SCOPES)
    check("token format gaf_pk_ + >= 43 url-safe chars (>= 32 bytes)",
          re.fullmatch(r"gaf_pk_[A-Za-z0-9_-]{43,}", k1) is not None, k1[:10] + "…")
    r = pub("/pilots", key=k1)
    check("new key of the building org's app → 200 (implicit installation)", r.status_code == 200, brief(r))
    r = c.req("GET", "/orgs/%s/apps/%s/keys" % (ORG_ID, app_id))
    check("GET keys → 200", r.status_code == 200, brief(r))
    check("key listing never shows the token", k1 not in r.text and k1[len("gaf_pk_"):] not in r.text)
    listed = items(jbody(r))
    k1_row = next((k for k in listed if isinstance(k, dict) and k.get("id") == k1_id), None)
    check("key listing contains the key with a short prefix",
          k1_row is not None and isinstance(k1_row.get("prefix"), str) and len(k1_row["prefix"]) < 24, k1_row)

    r = mint(c, ORG_ID, app_id, "to revoke")
    k2_id, k2 = jbody(r).get("id"), jbody(r).get("token")
    check("second key → 200 before revocation", pub("/pilots", key=k2).status_code == 200)
    r = c.req("DELETE", "/orgs/%s/apps/%s/keys/%s" % (ORG_ID, app_id, k2_id), csrf=False)
    expect_problem("revoke key without X-CSRF-Token", r, 403, "csrf_failed")
    check("key still works after the refused revocation", pub("/pilots", key=k2).status_code == 200)
    r = c.req("DELETE", "/orgs/%s/apps/%s/keys/%s" % (ORG_ID, app_id, k2_id))
    check("DELETE key → 2xx", 200 <= r.status_code < 300, brief(r))
    expect_problem("revoked key", pub("/pilots", key=k2), 401, "invalid_api_key")
    check("other key of the same app unaffected", pub("/pilots", key=k1).status_code == 200)

    past = rfc3339(datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1))
    r = mint(c, ORG_ID, app_id, "past expiry", expires_at=past)
    check("mint with expires_at in the past → 400/422", r.status_code in (400, 422) and "gaf_pk_" not in r.text,
          brief(r))
    r = mint(c, ORG_ID, app_id, "bad expiry", expires_at="tomorrow")
    check("mint with expires_at=tomorrow → 400/422", r.status_code in (400, 422), brief(r))

    exp_epoch = int(time.time()) + 4  # whole seconds: 3–4 s from now
    exp = rfc3339(datetime.datetime.fromtimestamp(exp_epoch, datetime.timezone.utc))
    r = mint(c, ORG_ID, app_id, "short-lived", expires_at=exp)
    check("mint with expires_at 3 s ahead → 201", r.status_code == 201, brief(r))
    k3 = jbody(r).get("token", "gaf_pk_missing")
    check("short-lived key works before expiry", pub("/pilots", key=k3).status_code == 200)
    time.sleep(max(0.0, exp_epoch + 1.2 - time.time()))
    expect_problem("expired key", pub("/pilots", key=k3), 401, "invalid_api_key")

    # ------------------------------------------------------------------ scopes
    papp, _, pkey = active_app_with_key(c, "Pilots Only", ["public.pilots:read"])
    check("pilots-only key on /pilots → 200", pub("/pilots", key=pkey).status_code == 200)
    expect_problem("pilots-only key on /flights", pub("/flights", key=pkey), 403, "insufficient_scope",
                   required_scope="public.flights:read")
    some_flight = pub("/flights", params={"limit": 1}).json()["data"][0]["id"]
    expect_problem("pilots-only key on /flights/{id}", pub("/flights/" + some_flight, key=pkey), 403,
                   "insufficient_scope", required_scope="public.flights:read")
    expect_problem("pilots-only key on /fleet", pub("/fleet", key=pkey), 403, "insufficient_scope",
                   required_scope="public.fleet:read")
    r = pub("/events", key=pkey)
    check("pilots-only key on /events → 403 insufficient_scope (or 404 if not built)",
          (r.status_code == 403 and jbody(r).get("code") == "insufficient_scope") or r.status_code == 404, brief(r))

    # ------------------------------------------------------------------ installations (effective scopes)
    expect_problem("full key on org B before installation", pub("/pilots", key=k1, org=org_b), 403, "org_not_authorized")
    r = c.req("POST", "/orgs/%s/installations" % org_b, json={"app_id": app_id, "granted_scopes": ["public.pilots:read"]},
              csrf=False)
    expect_problem("install without X-CSRF-Token", r, 403, "csrf_failed")
    r = c.req("POST", "/orgs/%s/installations" % org_b,
              json={"app_id": papp, "granted_scopes": ["public.flights:read"]})
    check("granting a scope the app does not require → 4xx", 400 <= r.status_code < 500, brief(r))
    r = c.req("POST", "/orgs/%s/installations" % org_b, json={"app_id": app_id, "granted_scopes": ["public.pilots:read"]})
    check("install app into org B with pilots only → 201", r.status_code == 201, brief(r))
    inst_id = jbody(r).get("id")
    r = pub("/pilots", key=k1, org=org_b)
    check("installed key on org B → 200", r.status_code == 200, brief(r))
    check("org B (new) sees no pilots of org A", r.status_code == 200 and jbody(r).get("data") == [], r.text[:200])
    expect_problem("installed key on org B /flights (scope not granted)", pub("/flights", key=k1, org=org_b), 403,
                   "insufficient_scope", required_scope="public.flights:read")
    a_pilot = pub("/pilots", params={"limit": 1}).json()["data"][0]["id"]
    expect_problem("org A pilot id read through org B", pub("/pilots/" + a_pilot, key=k1, org=org_b), 404, "not_found")
    expect_problem("demo key still not authorized on org B", pub("/pilots", org=org_b), 403, "org_not_authorized")

    # ------------------------------------------------------------------ cursors
    page = pub("/pilots", key=k1, params={"limit": 5}).json()
    cur = page["cursor"]
    check("pilots cursor obtained", isinstance(cur, str) and len(cur) >= 4, cur)
    r = pub("/pilots", key=k1, params={"limit": 5, "cursor": cur})
    check("the genuine cursor works", r.status_code == 200 and len(jbody(r).get("data", [])) == 5, brief(r))
    for label, forged in (
        ("flipped middle char", flip_char(cur, len(cur) // 2)),
        ("flipped first char", flip_char(cur, 0)),
        ("flipped char at 3/4", flip_char(cur, (3 * len(cur)) // 4)),
        ("truncated", cur[: len(cur) // 2]),
        ("doubled", cur + cur),
        ("garbage", "definitely-not-a-cursor"),
        ("base64 of JSON", "eyJpZCI6InBsdF8wIn0"),
    ):
        expect_problem("pilots cursor " + label, pub("/pilots", key=k1, params={"cursor": forged}), 400,
                       "invalid_parameter")
    expect_problem("pilots cursor used on /flights", pub("/flights", key=k1, params={"cursor": cur}), 400,
                   "invalid_parameter")
    expect_problem("pilots cursor used on /fleet", pub("/fleet", key=k1, params={"cursor": cur}), 400,
                   "invalid_parameter")
    fcur = pub("/flights", key=k1, params={"limit": 5}).json()["cursor"]
    expect_problem("flights cursor used on /pilots", pub("/pilots", key=k1, params={"cursor": fcur}), 400,
                   "invalid_parameter")
    expect_problem("org A cursor used with X-Org-Id of org B", pub("/pilots", key=k1, org=org_b,
                                                                   params={"cursor": cur}), 400, "invalid_parameter")

    # ------------------------------------------------------------------ uninstall, reinstall, app revocation cascade
    r = c.req("DELETE", "/orgs/%s/installations/%s" % (org_b, inst_id))
    check("uninstall → 2xx", 200 <= r.status_code < 300, brief(r))
    expect_problem("key on org B after uninstall", pub("/pilots", key=k1, org=org_b), 403, "org_not_authorized")
    r = c.req("POST", "/orgs/%s/installations" % org_b, json={"app_id": app_id, "granted_scopes": ALL_SCOPES})
    check("reinstall with every scope → 201", r.status_code == 201, brief(r))
    check("reinstalled key on org B /flights → 200", pub("/flights", key=k1, org=org_b).status_code == 200)

    r = mint(c, ORG_ID, app_id, "cascade victim")
    k4 = jbody(r).get("token", "gaf_pk_missing")
    check("cascade victim key works", pub("/pilots", key=k4).status_code == 200)
    r = c.req("POST", "/orgs/%s/apps/%s/revoke" % (ORG_ID, app_id), csrf=False)
    expect_problem("revoke app without X-CSRF-Token", r, 403, "csrf_failed")
    r = c.req("POST", "/orgs/%s/apps/%s/revoke" % (ORG_ID, app_id))
    check("revoke app → 2xx revoked", 200 <= r.status_code < 300 and jbody(r).get("status") == "revoked", brief(r))
    expect_problem("key 1 after app revocation", pub("/pilots", key=k1), 401, "invalid_api_key")
    expect_problem("key 4 after app revocation", pub("/pilots", key=k4), 401, "invalid_api_key")
    expect_problem("key 1 on org B after app revocation", pub("/pilots", key=k1, org=org_b), 401, "invalid_api_key")
    r = c.req("GET", "/orgs/%s/apps/%s/keys" % (ORG_ID, app_id))
    ks = [k for k in items(jbody(r)) if isinstance(k, dict)]
    check("every key of the revoked app is listed as revoked",
          len(ks) >= 4 and all(k.get("status") == "revoked" for k in ks), [k.get("status") for k in ks])
    r = c.req("GET", "/orgs/%s/installations" % org_b)
    insts = [i for i in items(jbody(r)) if isinstance(i, dict) and i.get("app_id") == app_id]
    check("org B's installation of the revoked app is uninstalled",
          len(insts) >= 1 and all(i.get("status") == "uninstalled" for i in insts), brief(r))
    r = mint(c, ORG_ID, app_id, "after revoke")
    check("mint on a revoked app → 409/422, no token", r.status_code in (409, 422) and "gaf_pk_" not in r.text, brief(r))
    r = c.req("POST", "/orgs/%s/apps/%s/activate" % (ORG_ID, app_id))
    check("re-activate a revoked app → 409/422", r.status_code in (409, 422), brief(r))
    check("unrelated pilots-only app still works", pub("/pilots", key=pkey).status_code == 200)
    check("demo key still works", pub("/pilots").status_code == 200)

    # ------------------------------------------------------------------ logout
    other = Console()
    r = other.login(EMAIL, PASSWORD)
    check("second login → 200", r.status_code == 200, brief(r))
    r = other.req("POST", "/logout", csrf=False)
    expect_problem("logout without X-CSRF-Token", r, 403, "csrf_failed")
    r = other.req("POST", "/logout")
    check("logout → 2xx", 200 <= r.status_code < 300, brief(r))
    expect_problem("GET /me after logout", other.req("GET", "/me"), 401, "not_logged_in")
    check("the first session is unaffected by the other's logout", c.req("GET", "/me").status_code == 200)

    # ------------------------------------------------------------------ secrets at rest and in logs
    needles = [t for t in minted_tokens + [API_KEY] if isinstance(t, str) and len(t) > 20]
    check("tokens were minted for the at-rest scan", len(minted_tokens) >= 5, len(minted_tokens))
    if functional_db.is_postgres():
        # SQLite's check reads the files (main, WAL, journal); PostgreSQL's files belong to its server
        # and may be another user's, so the PG equivalent scans a full pg_dump: every stored value.
        blobs = {"pg_dump": functional_db.pg_dump()}
        check("database dump readable", len(blobs["pg_dump"]) > 0)
    elif DB_PATH:
        blobs = {}
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = DB_PATH + suffix
            if os.path.exists(p):
                with open(p, "rb") as f:
                    blobs[p] = f.read()
        check("database file readable", DB_PATH in blobs and len(blobs[DB_PATH]) > 0)
    else:
        blobs = None
        check("DB_URL or DB_PATH given for the at-rest scan", False, "neither is set")
    if blobs is not None:
        # Positive control: the scan reads the files the server writes, so each minted key's SHA-256
        # (hex, raw or base64) must be found there.
        def hash_forms(t):
            dg = hashlib.sha256(t.encode()).digest()
            return [dg.hex().encode(), dg.hex().upper().encode(), dg, base64.b64encode(dg).rstrip(b"="),
                    base64.urlsafe_b64encode(dg).rstrip(b"=")]
        everything = b"".join(blobs.values())
        found = [t for t in minted_tokens if any(f in everything for f in hash_forms(t))]
        check("the scanned files hold the SHA-256 of the minted keys (scan sees the live data)",
              len(found) == len(minted_tokens) and found, "%d of %d" % (len(found), len(minted_tokens)))
        leaks = [(p, t[:12]) for p, data in blobs.items() for t in needles
                 if t.encode() in data or t[len("gaf_pk_"):].encode() in data]
        check("no API token (full or secret part) in the database files", not leaks, leaks)
        if len(PASSWORD) >= 8:
            pw = [p for p, data in blobs.items() if PASSWORD.encode() in data]
            check("demo password not stored in plaintext", not pw, pw)
    if SERVER_LOG and os.path.exists(SERVER_LOG):
        with open(SERVER_LOG, "rb") as f:
            log = f.read()
        leaks = [t[:12] for t in needles if t[len("gaf_pk_"):].encode() in log]
        check("no API token in the server log", not leaks, leaks)
        check("no session cookie value in the server log", c.cookie is None or c.cookie.encode() not in log)
        check("demo password not in the server log", PASSWORD.encode() not in log)


def main():
    return CHECKS.run(run)


if __name__ == "__main__":
    sys.exit(main())
