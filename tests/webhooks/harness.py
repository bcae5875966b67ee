"""What the webhook suites share (webhooks_test.py, receiver_faults.py): PASS/FAIL counting, a loopback
HTTP client, the server under test with a demo database, the console API, the receivers of this
directory and the SPEC §5 checks of a received delivery.  Only loopback addresses are ever contacted.

Backend: GAFLIGHT_WEBHOOKS_DB=sqlite (the default: files in the suite's temp dir) or postgres: fresh databases
in the server at GAFLIGHT_TEST_PG_URL (scripts/with-postgres.sh), dropped at exit unless something failed or
KEEP_TMP=1, and one GAFLIGHT_MASTER_KEY given to every gaflight process.
"""
import atexit
import base64
import datetime
import json
import math
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time

try:
    import requests
except ImportError:  # pragma: no cover - Debian's python3-requests is the normal case
    requests = None
    import http.cookiejar
    import urllib.error
    import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SCAN_LOGS = os.path.join(HERE, "..", "support", "scan_logs.py")
TIMEOUT = 10

passed = 0
failed = 0
notes = []


# ----------------------------------------------------------------------------- the database
POSTGRES = os.environ.get("GAFLIGHT_WEBHOOKS_DB", "sqlite") == "postgres"
pg_dbs = []


def new_db(tmp, name):
    """The URL of a fresh database for `gaflight demo` and `serve`: a file in `tmp`, or on PostgreSQL a new
    database (lower case: the URL must name what an unquoted CREATE DATABASE makes)."""
    if not POSTGRES:
        return "sqlite:" + os.path.join(tmp, name + ".db")
    admin = os.environ.get("GAFLIGHT_TEST_PG_URL", "")
    if not admin:
        sys.exit("GAFLIGHT_WEBHOOKS_DB=postgres needs GAFLIGHT_TEST_PG_URL (run under scripts/with-postgres.sh)")
    if not os.environ.get("GAFLIGHT_MASTER_KEY"):  # no key file beside a PostgreSQL database
        os.environ["GAFLIGHT_MASTER_KEY"] = base64.b64encode(os.urandom(32)).decode()
    db = "gaflight_wh_%s_%d_%s" % (name, os.getpid(), os.urandom(3).hex())
    subprocess.run(["psql", admin, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE " + db],
                   check=True, timeout=60)
    if not pg_dbs:
        atexit.register(drop_dbs, admin)
    pg_dbs.append(db)
    base = admin.split("?", 1)[0]
    return base.rsplit("/", 1)[0] + "/" + db + admin[len(base):]


def drop_dbs(admin):
    if os.environ.get("KEEP_TMP") == "1" or failed:
        print("PostgreSQL databases kept: " + " ".join(pg_dbs))
        return
    for db in pg_dbs:
        subprocess.run(["psql", admin, "-X", "-q", "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db],
                       capture_output=True, timeout=60)


def gaflight_env():
    """The environment of a gaflight process: none of the caller's GAFLIGHT_* settings, but on PostgreSQL
    the run's master key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAFLIGHT_")}
    if POSTGRES:
        env["GAFLIGHT_MASTER_KEY"] = os.environ["GAFLIGHT_MASTER_KEY"]
    return env


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS  " + name, flush=True)
    else:
        failed += 1
        print("FAIL  " + name + ((": " + str(detail)[:1500]) if detail != "" else ""), flush=True)
    return bool(ok)


def info(text):
    notes.append(text)
    print("INFO  " + text, flush=True)


# ----------------------------------------------------------------------------- HTTP client
class Resp:
    def __init__(self, status, content, headers):
        self.status_code = status
        self.content = content
        self.text = content.decode("utf-8", "replace")
        self.headers = headers

    def json(self):
        try:
            return json.loads(self.text)
        except ValueError:
            return {}

    def brief(self):
        return "%d %s" % (self.status_code, self.text[:400].replace("\n", " "))


if requests is None:
    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            return None  # hand the 3xx back as an HTTPError, like requests' allow_redirects=False


class Client:
    """requests.Session when available, otherwise urllib with a cookie jar."""

    def __init__(self):
        if requests is not None:
            self.s = requests.Session()
            self.s.trust_env = False  # loopback only: never a proxy
        else:
            self.jar = http.cookiejar.CookieJar()
            self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                      urllib.request.ProxyHandler({}), _NoRedirect())
        self.headers = {}

    def request(self, method, url, body=None, headers=None, timeout=TIMEOUT, raw=None):
        h = dict(self.headers)
        h.update(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            h["Content-Type"] = "application/json"
        if requests is not None:
            r = self.s.request(method, url, data=data, headers=h, timeout=timeout, allow_redirects=False)
            return Resp(r.status_code, r.content, r.headers)
        req = urllib.request.Request(url, data=data, headers=h, method=method)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return Resp(r.status, r.read(), r.headers)
        except urllib.error.HTTPError as e:
            return Resp(e.code, e.read(), e.headers)


# ----------------------------------------------------------------------------- utilities
def wait_until(fn, timeout, interval=0.1):
    """Polls fn() until it returns a truthy value or `timeout` seconds pass; returns the last value."""
    deadline = time.monotonic() + timeout
    value = fn()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = fn()
    return value


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def parse_instant(text):
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", text):
        return None
    return datetime.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)


def pctl(values, p):
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    v = sorted(values)
    return v[max(0, min(len(v) - 1, int(math.ceil(p / 100.0 * len(v))) - 1))]


UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
EVT_RE = re.compile(r"evt_[0-9A-HJKMNP-TV-Z]{26}")
SECRET_RE = re.compile(r"whsec_[A-Za-z0-9+/]{43}=")
GA_SIG_RE = re.compile(r"sha256=[0-9a-f]{64}")
STD_SIG_RE = re.compile(r"v1,[A-Za-z0-9+/]{43}=")


def good_secret(s):
    if not isinstance(s, str) or not SECRET_RE.fullmatch(s):
        return False
    return len(base64.b64decode(s[len("whsec_"):])) == 32


# ----------------------------------------------------------------------------- receivers
class Receiver:
    procs = []

    def __init__(self, kind, secrets=None, logdir=None):
        self.kind = kind
        if kind == "node":
            cmd = [shutil.which("node") or "node", os.path.join(HERE, "receiver.mjs"), "0"]
        else:
            cmd = [sys.executable, os.path.join(HERE, "receiver.py"), "0"]
        env = dict(os.environ)
        env.pop("WEBHOOK_SECRET", None)
        env["WEBHOOK_SECRETS"] = json.dumps(secrets or [])
        err = open(os.path.join(logdir, "receiver-%s-%d.err" % (kind, len(Receiver.procs))), "wb") if logdir else None
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err or subprocess.DEVNULL, env=env, cwd=HERE)
        Receiver.procs.append(self.proc)
        ready, _, _ = select.select([self.proc.stdout], [], [], 15)
        line = self.proc.stdout.readline().decode() if ready else ""
        try:
            self.port = int(json.loads(line)["port"])
        except (ValueError, KeyError, TypeError):
            raise RuntimeError("%s receiver did not print its port (got %r)" % (kind, line))
        self.http = Client()

    def url(self, path="/hook", scheme="http"):
        return "%s://127.0.0.1:%d%s" % (scheme, self.port, path)

    def control(self, **kw):
        r = self.http.request("POST", self.url("/__control"), kw)
        if r.status_code != 200:
            raise RuntimeError("control failed: " + r.brief())
        return r.json()

    def state(self):
        return self.http.request("GET", self.url("/__deliveries")).json()

    def deliveries(self):
        return self.state().get("deliveries", [])

    def probe_foreign(self):
        """Opens and closes one raw TCP connection; returns foreign_connections once it is counted
        (proves the counter sees traffic that is not a valid HTTP request)."""
        before = self.state()["foreign_connections"]
        socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
        after = wait_until(lambda: (lambda n: n if n > before else None)(self.state()["foreign_connections"]), 5)
        return after if after else -1

    def wait_count(self, n, timeout):
        got = wait_until(lambda: (lambda d: d if len(d) >= n else None)(self.deliveries()), timeout, 0.05)
        return got if got else self.deliveries()

    @classmethod
    def stop_all(cls):
        for p in cls.procs:
            if p.poll() is None:
                p.terminate()
        for p in cls.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)


# ----------------------------------------------------------------------------- the server
class Server:
    def __init__(self, binary, db, tmp, allow_private, name):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.log_path = os.path.join(tmp, name + ".log")
        args = [binary, "serve", "--db", db, "--listen", "127.0.0.1:%d" % self.port]
        if allow_private:
            args.append("--allow-private-webhook-targets")
        env = gaflight_env()
        self.log = open(self.log_path, "wb")
        self.scanned = False
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env)

    def wait_ready(self, timeout=60):
        probe = Client()

        def ready():
            if self.proc.poll() is not None:
                return "dead"
            try:
                return probe.request("GET", self.base + "/readyz", timeout=2).status_code == 200
            except Exception:  # noqa: BLE001 - connection refused while starting
                return False
        return wait_until(ready, timeout, 0.2) is True

    def stop(self, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()
        if not self.scanned:  # every server log of the suite: no signing secret, token or password (issue 11)
            self.scanned = True
            key = ["--secret", os.environ["GAFLIGHT_MASTER_KEY"]] if POSTGRES else []
            scan = subprocess.run([sys.executable, SCAN_LOGS, *key, self.log_path], capture_output=True, text=True)
            check("no secret in the server log %s" % os.path.basename(self.log_path), scan.returncode == 0,
                  scan.stdout.strip())
        return self.proc.returncode

    def tail(self, n=8):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
        except OSError:
            return ""


class Api:
    """Console session + public API key for one server."""

    def __init__(self, base, demo):
        self.base = base
        self.org = demo["org_id"]
        self.key = demo["api_key"]
        self.console = Client()
        self.public = Client()
        self.public.headers = {"Authorization": "Bearer " + self.key, "X-Org-Id": self.org}
        r = self.console.request("POST", base + "/api/v1/console/login",
                                 {"email": demo["email"], "password": demo["password"]})
        if r.status_code != 200 or not r.json().get("csrf_token"):
            raise RuntimeError("login failed: " + r.brief())
        self.console.headers = {"X-CSRF-Token": r.json()["csrf_token"]}

    def c(self, method, path, body=None):
        return self.console.request(method, "%s/api/v1/console/orgs/%s%s" % (self.base, self.org, path), body)

    def p(self, method, path, body=None):
        return self.public.request(method, self.base + "/api/v1/public" + path, body)

    def create_endpoint(self, url, types, description="webhooks_test"):
        return self.c("POST", "/webhooks", {"url": url, "description": description, "event_types": types,
                                           "active": True})

    def update_endpoint(self, ep, **changes):
        body = {"url": ep["url"], "description": ep.get("description", ""), "event_types": ep["event_types"],
                "active": ep["active"]}
        body.update(changes)
        r = self.c("PATCH", "/webhooks/" + ep["id"], body)
        if r.status_code == 200:
            ep.update(r.json())
        return r

    def deliveries(self, ep_id, status=None):
        out, cursor = [], None
        for _ in range(20):
            q = "?limit=100" + ("&status=" + status if status else "") + ("&cursor=" + cursor if cursor else "")
            r = self.c("GET", "/webhooks/%s/deliveries%s" % (ep_id, q))
            if r.status_code != 200:
                raise RuntimeError("deliveries: " + r.brief())
            b = r.json()
            out += b.get("data", [])
            cursor = b.get("cursor")
            if not cursor:
                break
        return out

    def delivery(self, ep_id, delivery_id):
        for d in self.deliveries(ep_id):
            if d.get("id") == delivery_id:
                return d
        return None


# ----------------------------------------------------------------------------- delivery checks
SPEC_HEADERS = ("content-type", "user-agent", "x-ga-webhook-delivery", "x-ga-webhook-timestamp",
                "x-ga-webhook-event", "x-ga-webhook-attempt", "x-ga-webhook-signature", "webhook-id",
                "webhook-timestamp", "webhook-signature")


def delivery_problems(rec, org_id, attempt=None, rotating=False):
    """Everything SPEC §5 says about one received delivery; returns a list of problems."""
    p = []
    h = rec.get("headers", {})
    for name in SPEC_HEADERS:
        if name not in h:
            p.append("missing header " + name)
    if rec.get("method") != "POST":
        p.append("method %s" % rec.get("method"))
    if not h.get("content-type", "").startswith("application/json"):
        p.append("content-type %r" % h.get("content-type"))
    if h.get("user-agent") != "gaflight-webhooks/1":
        p.append("user-agent %r" % h.get("user-agent"))
    did = h.get("x-ga-webhook-delivery", "")
    if not UUID_RE.fullmatch(did):
        p.append("X-GA-Webhook-Delivery is not a lower-case uuid: %r" % did)
    if h.get("webhook-id") != did:
        p.append("webhook-id %r != X-GA-Webhook-Delivery %r" % (h.get("webhook-id"), did))
    ts = parse_instant(h.get("x-ga-webhook-timestamp"))
    if ts is None:
        p.append("X-GA-Webhook-Timestamp not RFC 3339 UTC: %r" % h.get("x-ga-webhook-timestamp"))
    else:
        skew = abs(ts.timestamp() - rec["received_at_ms"] / 1000.0)
        if skew > 5:
            p.append("X-GA-Webhook-Timestamp %.1f s away from arrival" % skew)
        if h.get("webhook-timestamp") != str(int(ts.timestamp())):
            p.append("webhook-timestamp %r does not match X-GA-Webhook-Timestamp %r"
                     % (h.get("webhook-timestamp"), h.get("x-ga-webhook-timestamp")))
    a = h.get("x-ga-webhook-attempt", "")
    if not re.fullmatch(r"[1-5]", a):
        p.append("X-GA-Webhook-Attempt %r" % a)
    elif attempt is not None and int(a) != attempt:
        p.append("X-GA-Webhook-Attempt %s, expected %d" % (a, attempt))
    if not GA_SIG_RE.fullmatch(h.get("x-ga-webhook-signature", "")):
        p.append("X-GA-Webhook-Signature format %r" % h.get("x-ga-webhook-signature"))
    sigs = h.get("webhook-signature", "").split(" ")
    if not all(STD_SIG_RE.fullmatch(s) for s in sigs):
        p.append("webhook-signature format %r" % h.get("webhook-signature"))
    if rotating:
        if len(sigs) != 2:
            p.append("webhook-signature should list 2 signatures during a rotation: %r" % h.get("webhook-signature"))
        if h.get("x-ga-webhook-signature-primary") != h.get("x-ga-webhook-signature"):
            p.append("X-GA-Webhook-Signature-Primary %r != X-GA-Webhook-Signature"
                     % h.get("x-ga-webhook-signature-primary"))
        if not GA_SIG_RE.fullmatch(h.get("x-ga-webhook-signature-secondary", "")):
            p.append("X-GA-Webhook-Signature-Secondary %r" % h.get("x-ga-webhook-signature-secondary"))
        elif h.get("x-ga-webhook-signature-secondary") == h.get("x-ga-webhook-signature"):
            p.append("secondary signature equals the primary one")
    else:
        if len(sigs) != 1:
            p.append("webhook-signature lists %d signatures outside a rotation" % len(sigs))
        for extra in ("x-ga-webhook-signature-primary", "x-ga-webhook-signature-secondary"):
            if extra in h:
                p.append("unexpected header %s outside a rotation" % extra)
    v = rec.get("verified", {})
    if not v.get("hmac"):
        p.append("X-GA-Webhook-Signature did not verify: %s" % rec.get("errors"))
    if not v.get("standard"):
        p.append("standard webhooks signature did not verify: %s" % rec.get("errors"))
    if not v.get("json"):
        p.append("body is not a JSON object")
    try:
        body = json.loads(rec.get("body", ""))
    except ValueError:
        return p + ["body does not parse"]
    if set(body.keys()) != {"id", "type", "created_at", "org_id", "api_version", "data"}:
        p.append("envelope keys %s" % sorted(body.keys()))
    if not EVT_RE.fullmatch(str(body.get("id"))):
        p.append("event id %r is not evt_<ULID>" % body.get("id"))
    if body.get("type") != h.get("x-ga-webhook-event"):
        p.append("body type %r != X-GA-Webhook-Event %r" % (body.get("type"), h.get("x-ga-webhook-event")))
    if body.get("org_id") != org_id:
        p.append("org_id %r" % body.get("org_id"))
    if body.get("api_version") != "v1":
        p.append("api_version %r" % body.get("api_version"))
    if parse_instant(body.get("created_at")) is None:
        p.append("created_at %r" % body.get("created_at"))
    if not isinstance(body.get("data"), dict) or not isinstance(body["data"].get("object"), dict):
        p.append("data.object missing")
    return p


def body_of(rec):
    try:
        return json.loads(rec["body"])
    except (ValueError, KeyError):
        return {}


def obj_of(rec):
    return (body_of(rec).get("data") or {}).get("object") or {}


def run_demo(binary, db, awaiting):
    """`gaflight demo --json` on a fresh database (URL); returns (its JSON line or None, the process result)."""
    r = subprocess.run([binary, "demo", "--db", db, "--json", "--awaiting-review", str(awaiting)],
                       capture_output=True, timeout=600, env=gaflight_env())
    demo = None
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                j = json.loads(line)
            except ValueError:
                continue
            if isinstance(j, dict) and "org_id" in j:
                demo = j
    return demo, r


def keep_or_remove(tmp, what):
    """Keeps the temp dir when something failed or KEEP_TMP=1, otherwise removes it."""
    if os.environ.get("KEEP_TMP") == "1" or failed:
        print("%s kept in %s" % (what, tmp))
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def main(script, run):
    """A suite's entry point: the binary from argv or GAFLIGHT_BIN, run(binary), then the notes and the
    "N passed, M failed" line; returns the exit status."""
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GAFLIGHT_BIN", "")
    if not binary or not os.access(binary, os.X_OK):
        print("usage: %s /path/to/gaflight  (or GAFLIGHT_BIN)" % script, file=sys.stderr)
        return 2
    started = time.time()
    run(os.path.abspath(binary))
    print("\n==== notes")
    for n in notes:
        print("  " + n)
    print("took %.0f s" % (time.time() - started))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
