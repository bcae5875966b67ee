"""The functional suite's database as scripts read it behind the server's back, on either backend.

DB_URL is the URL the server was given (sqlite:PATH or postgres://…); DB_PATH alone (a SQLite file)
is still accepted. PostgreSQL is read through the psql and pg_dump CLIs (postgresql-client).

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
    import functional_db
"""
import csv
import io
import os
import sqlite3
import subprocess


def url():
    u = os.environ.get("DB_URL", "")
    if u:
        return u
    p = os.environ.get("DB_PATH", "")
    return "sqlite:" + p if p else ""


def is_postgres(u=None):
    return (url() if u is None else u).startswith(("postgres://", "postgresql://"))


def sqlite_path(u=None):
    u = url() if u is None else u
    return u[len("sqlite:"):] if u.startswith("sqlite:") else ""


def query(sql, params=()):
    """Rows of a read-only query with `?` placeholders. On PostgreSQL every value comes back as text
    (NULL as ""), which is what the scripts compare."""
    u = url()
    if not is_postgres(u):
        db = sqlite3.connect("file:%s?mode=ro" % sqlite_path(u), uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()
    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError("%d placeholders, %d parameters" % (len(parts) - 1, len(params)))
    # psql quotes :'pN' itself, so no value is ever spliced into the SQL text.
    args = ["psql", u, "-X", "-q", "-t", "--csv", "-v", "ON_ERROR_STOP=1"]
    text = parts[0]
    for i, p in enumerate(params):
        args += ["-v", "p%d=%s" % (i, p)]
        text += ":'p%d'%s" % (i, parts[i + 1])
    r = subprocess.run(args, input=text + ";\n", capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError("psql failed: " + r.stderr[-800:])
    return [tuple(row) for row in csv.reader(io.StringIO(r.stdout))]


def pg_dump():
    """Everything the PostgreSQL database stores, as pg_dump writes it (bytea as hex)."""
    r = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", url()], capture_output=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError("pg_dump failed: " + r.stderr.decode("utf-8", "replace")[-800:])
    return r.stdout
