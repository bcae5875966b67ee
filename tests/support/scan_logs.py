#!/usr/bin/python3
"""Scans server logs for secrets that must never be logged (docs/security.md): API tokens, webhook signing
secrets, console session tokens, CSRF tokens and passwords. Every suite that starts `gaflight serve` runs it
over its server logs before they are deleted.

  scan_logs.py [--secret VALUE]... LOG...

Patterns catch any token of gaflight's own formats (a full `gaf_pk_…` or `whsec_…`, a session cookie value);
each --secret is a known value (the demo password, a minted token) that must not appear verbatim. Exits 1
naming the file and line of the first finding of each kind; prints what it scanned otherwise.
"""
import re
import sys

PATTERNS = {
    "API token": re.compile(r"gaf_pk_[A-Za-z0-9_-]{20,}"),
    "webhook secret": re.compile(r"whsec_[A-Za-z0-9+/=]{20,}"),
    "session cookie": re.compile(r"gaf_session=[A-Za-z0-9_-]{16,}"),
    "CSRF token": re.compile(r'"csrf_token"\s*:\s*"[^"]{8,}'),
    "password field": re.compile(r'"password"\s*:\s*"[^"]+'),
}


def main(argv):
    secrets, paths = [], []
    it = iter(argv)
    for arg in it:
        if arg == "--secret":
            value = next(it, "")
            if len(value) >= 8:  # shorter values would match by chance
                secrets.append(value)
        else:
            paths.append(arg)
    if not paths:
        print("scan_logs: no log files given")
        return 2
    findings, lines = [], 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                lines += 1
                for kind, pattern in PATTERNS.items():
                    if pattern.search(line):
                        findings.append("%s:%d: %s" % (path, number, kind))
                for value in secrets:
                    if value in line:
                        findings.append("%s:%d: a known secret (%s…)" % (path, number, value[:4]))
    if findings:
        for f in findings[:20]:
            print("scan_logs: LEAK " + f)
        return 1
    print("scan_logs: %d files, %d lines, %d known secrets: no secret found" % (len(paths), lines, len(secrets)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
