#!/usr/bin/python3
"""Recipe 4 (SPEC §10.4), the way a recruiter's integrator runs it: find a verified training record,
look it up through /compliance?type=vtr&vtrId=… in the issuing organisation, download its pack with a
console session, compare the pack's SHA-256 with the published one, fetch the authority public key and
the served offline verifier, run it on the pack (exit 0) and on a copy with one byte changed in
record.html (non-zero, naming record.html).

Config (env): BASE_URL, ORG_ID, API_KEY, EMAIL, PASSWORD. Needs bash, openssl, jq, unzip, sha256sum.
"""
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import requests

BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORG_ID = os.environ["ORG_ID"]
API_KEY = os.environ["API_KEY"]
EMAIL = os.environ["EMAIL"]
PASSWORD = os.environ["PASSWORD"]
PUBLIC = BASE_URL + "/api/v1/public"
CONSOLE = BASE_URL + "/api/v1/console"
TIMEOUT = 30

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


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def public(path, **params):
    return http.get(PUBLIC + path, params=params, timeout=TIMEOUT,
                    headers={"Authorization": "Bearer " + API_KEY, "X-Org-Id": ORG_ID})


class Console:
    def __init__(self):
        self.cookie = None
        self.csrf = None

    def login(self):
        r = http.post(CONSOLE + "/login", json={"email": EMAIL, "password": PASSWORD}, timeout=TIMEOUT)
        http.cookies.clear()
        if r.status_code == 200:
            m = re.search(r"gaf_session=([^;,\s]+)", r.headers.get("Set-Cookie", ""))
            self.cookie = m.group(1) if m else None
            self.csrf = r.json().get("csrf_token")
        return r

    def req(self, method, path, json=None):
        h = {"Cookie": "gaf_session=" + (self.cookie or "")}
        if method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf or ""
        http.cookies.clear()
        return http.request(method, CONSOLE + path, json=json, headers=h, timeout=TIMEOUT)


def run_verifier(workdir, pack_name):
    p = subprocess.run(["bash", "offline-verify.sh", pack_name, "--public-key", "authority.pem"], cwd=workdir,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def main():
    for tool in ("bash", "openssl", "jq", "unzip", "sha256sum"):
        if not check(f"{tool} is installed", shutil.which(tool) is not None):
            finish()

    console = Console()
    r = console.login()
    if not check("console login", r.status_code == 200 and console.cookie, r.text):
        finish()

    # A verified record of the organisation: from the public list, or issued now for an eligible enrolment.
    r = public("/vtr", status="verified", limit=1)
    check("GET /vtr?status=verified answers 200", r.status_code == 200, r.text)
    data = r.json().get("data", []) if r.status_code == 200 else []
    if data:
        vtr_id = data[0]["id"]
    else:
        el = console.req("GET", f"/orgs/{ORG_ID}/vtr/eligible-enrollments")
        rows = el.json().get("data", []) if el.status_code == 200 else []
        if not check("an enrolment with signed lessons exists (demo training data)", bool(rows), el.text):
            finish()
        made = console.req("POST", f"/orgs/{ORG_ID}/vtr", json={"enrollment_id": rows[0]["id"]})
        if not check("issue a VTR (201)", made.status_code == 201, made.text):
            finish()
        vtr_id = made.json()["id"]
    print(f"      using {vtr_id}")

    # 1. Look it up as a compliance record in the issuing organisation.
    r = public("/compliance", type="vtr", vtrId=vtr_id)
    rows = r.json().get("data", []) if r.status_code == 200 else []
    check("/compliance?type=vtr&vtrId=… finds exactly the record", len(rows) == 1 and rows[0].get("number") == vtr_id,
          r.text)
    published = rows[0]["details"].get("pack_sha256") if rows else None
    check("the compliance record is valid and says verified",
          bool(rows) and rows[0]["status"] == "valid" and rows[0]["details"].get("status") == "verified", rows)
    meta = public(f"/vtr/{vtr_id}").json()
    check("GET /vtr/{id} publishes the same pack_sha256", meta.get("pack_sha256") == published, meta)

    # 2. Download the pack and compare its SHA-256.
    pack = console.req("GET", f"/orgs/{ORG_ID}/vtr/{vtr_id}/pack")
    check("pack download is application/zip", pack.status_code == 200 and
          pack.headers.get("Content-Type", "").startswith("application/zip"), pack.status_code)
    digest = hashlib.sha256(pack.content).hexdigest()
    check("SHA-256 of the pack equals the published pack_sha256", digest == published, f"{digest} vs {published}")

    # 3. The offline verifier, as served, with the authority key, as served.
    key = http.get(BASE_URL + "/api/authority/public-key", timeout=TIMEOUT)
    check("authority public key is a PEM", key.status_code == 200 and "BEGIN PUBLIC KEY" in key.text, key.text)
    script = http.get(BASE_URL + "/verify/cli/offline-verify.sh", timeout=TIMEOUT)
    check("offline verifier is served", script.status_code == 200 and script.text.startswith("#!"), script.status_code)
    page = http.get(BASE_URL + f"/verify/{vtr_id}", timeout=TIMEOUT)
    check("verify page shows Verified and the hash", page.status_code == 200 and ">Verified<" in page.text
          and published in page.text, page.status_code)

    work = tempfile.mkdtemp(prefix="vtr-recipe-")
    try:
        with open(os.path.join(work, "pack.zip"), "wb") as f:
            f.write(pack.content)
        with open(os.path.join(work, "authority.pem"), "w") as f:
            f.write(key.text)
        with open(os.path.join(work, "offline-verify.sh"), "w") as f:
            f.write(script.text)
        rc, out = run_verifier(work, "pack.zip")
        print("      " + out.strip().replace("\n", "\n      "))
        check("offline verifier passes the pack (exit 0)", rc == 0, out)
        check("it printed its checks", "manifest.sig" in out and "record.html" in out and "signoff" in out, out)

        # One byte changed in record.html, everything else as issued.
        src = zipfile.ZipFile(io.BytesIO(pack.content))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "record.html":
                    i = len(data) // 2
                    data = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]
                dst.writestr(info.filename, data)
        with open(os.path.join(work, "tampered.zip"), "wb") as f:
            f.write(buf.getvalue())
        rc, out = run_verifier(work, "tampered.zip")
        print("      " + out.strip().replace("\n", "\n      "))
        check("offline verifier fails the tampered copy (non-zero)", rc != 0, out)
        check("the failure names record.html", "FAIL: record.html" in out, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
