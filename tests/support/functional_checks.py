"""Shared helpers for the black-box Python scripts: a pass/fail tally, problem+json checks and a console
client that carries the session cookie and CSRF token by hand.

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
    from functional_checks import Checks, Console, brief, free_port, jbody

    CHECKS = Checks()
    check, info = CHECKS.check, CHECKS.info
"""
import re
import socket

import requests

TIMEOUT = 10
DETAIL_LIMIT = 1500  # characters of a failure's detail that are printed


def free_port():
    """A loopback port free right now (for a server this script starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jbody(resp):
    try:
        return resp.json()
    except ValueError:
        return {}


def brief(resp):
    return "%d %s" % (resp.status_code, resp.text[:300].replace("\n", " "))


class Checks:
    """Counts and prints results; `summary()` prints the line run_functional.sh greps for."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS  " + name, flush=True)
        else:
            self.failed += 1
            print("FAIL  " + name + ((": " + str(detail)[:DETAIL_LIMIT]) if detail != "" else ""), flush=True)
        return ok

    def info(self, text):
        print("INFO  " + text, flush=True)

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1

    def run(self, body):
        """Runs `body()`; an exception it raises is one more failure. Returns summary()'s exit status."""
        try:
            body()
        except Exception as e:  # noqa: BLE001 - whatever stopped the run is reported as a failure
            self.failed += 1
            print("FAIL  aborted: %s: %s" % (type(e).__name__, e), flush=True)
        return self.summary()


class Console:
    """Console API client for one server: the session cookie is sent by hand (a Secure cookie attribute
    must not stop it over loopback http) and the CSRF token is echoed on state-changing calls."""

    def __init__(self, base_url):
        self.base = base_url.rstrip("/") + "/api/v1/console"
        self.cookie = None
        self.csrf = None
        self.http = requests.Session()
        self.http.trust_env = False

    def on(self, base_url):
        """The same session, talking to another server."""
        other = Console(base_url)
        other.cookie, other.csrf = self.cookie, self.csrf
        return other

    def req(self, method, path, json=None):
        headers = {}
        if self.cookie:
            headers["Cookie"] = "gaf_session=" + self.cookie
        if self.csrf and method not in ("GET", "HEAD"):
            headers["X-CSRF-Token"] = self.csrf
        self.http.cookies.clear()
        return self.http.request(method, self.base + path, json=json, headers=headers, timeout=TIMEOUT)

    def login(self, email, password):
        r = self.http.post(self.base + "/login", json={"email": email, "password": password}, timeout=TIMEOUT)
        self.http.cookies.clear()
        if r.status_code == 200:
            m = re.search(r"gaf_session=([^;,\s]+)", r.headers.get("Set-Cookie", ""))
            self.cookie = m.group(1) if m else None
            self.csrf = jbody(r).get("csrf_token")
        return r
