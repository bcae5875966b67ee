#!/usr/bin/env python3
"""Generates docs/openapi.json, the OpenAPI 3.1 description of gaflight's whole HTTP surface.

The committed docs/openapi.json is this script's output; edit here, then run

    python3 docs/tools/gen_openapi.py            # rewrites docs/openapi.json
    python3 docs/tools/gen_openapi.py --check    # exits 1 if the committed file is stale

Object field names follow src/domain/render.cpp (the single source of truth for how objects look
on the wire); error codes follow src/http/problem.cpp. A test compares the router's routes with
this document's `paths`, so every route added to the server must be added here as well.

Standard library only, deterministic output (2-space indent, trailing newline).
"""

from __future__ import annotations

import argparse
import base64
import calendar
import datetime
import hashlib
import hmac
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "openapi.json"

API_VERSION = "1.0.0"
DOCS_ERRORS_BASE = "https://docs.gaflight.dev/errors/"

# --------------------------------------------------------------------------------------------
# Vocabularies (keep in step with src/domain/*.cpp)
# --------------------------------------------------------------------------------------------

SCOPES = [
    ("public.pilots:read", "Read pilots: names, contact details, roles, licence and medical summaries."),
    ("public.flights:read", "Read flight log entries, including times, meters and review status."),
    ("public.fleet:read", "Read aircraft: registration, type, status, airworthiness and meters."),
    ("public.compliance:read", "Read compliance records (medicals, licences, ratings, aircraft documents)."),
    ("public.training:read", "Read training progress per student and programme."),
    ("public.signoffs:read", "Read instructor signoffs."),
    ("public.finance:read", "Read finance summaries."),
    ("public.invoices:read", "Read invoices and their line items."),
    ("public.maintenance:read", "Read maintenance due items and work orders."),
    ("public.vtr:read", "Read verified training record metadata."),
    ("public.planning:read", "Read planning sessions."),
    ("public.events:read", "Read and replay events. Events carry the objects they announce (flights as "
                           "`GET /flights` renders them, maintenance alerts), with people named only by opaque "
                           "ids (`pilot_id`, `submitted_by`, `requested_by`…), never by name or email."),
]

PILOT_ROLES = ["student", "member", "instructor", "examiner"]
PILOT_STATUSES = ["active", "inactive", "suspended"]
AIRCRAFT_STATUSES = ["available", "maintenance", "grounded"]
AIRWORTHINESS = ["airworthy", "not_airworthy"]
FLIGHT_PURPOSES = ["dual_training", "solo_training", "rental", "check_ride", "discovery", "ferry",
                   "maintenance_test"]
FLIGHT_STATUSES = ["submitted", "approved", "rejected"]
LICENCE_TYPES = ["SPL", "LAPL", "PPL", "CPL", "ATPL", "MPL", "STUDENT", "SPORT", "RECREATIONAL", "PRIVATE", "COMMERCIAL",
                 "ATP"]
MEDICAL_CLASSES = ["class_1", "class_2", "class_3", "lapl"]
APP_STATUSES = ["draft", "active", "revoked"]
INSTALLATION_STATUSES = ["active", "uninstalled"]
KEY_STATUSES = ["active", "revoked"]
MEMBER_ROLES = ["owner", "admin", "developer", "instructor", "member"]

# type, what happened, what `data.object` is (keep in step with src/domain/webhooks.cpp)
EVENT_TYPES = [
    ("flight.submitted", "A flight was submitted for review.",
     "The `Flight`, with `status` `submitted`."),
    ("flight.approved", "A submitted flight was approved.",
     "The `Flight`, with `status` `approved` and `reviewed_by` / `reviewed_at` set."),
    ("flight.rejected", "A submitted flight was rejected.",
     "The `Flight`, with `status` `rejected`, `reviewed_by` / `reviewed_at` and `rejection_reason` set."),
    ("maintenance.alert", "A maintenance due item of an aircraft changed status for the worse (`ok` → `upcoming`, "
     "`upcoming` → `overdue` or `ok` → `overdue`), by the meters of an approved flight or by the calendar. Sent "
     "once per transition.",
     "A `MaintenanceAlert`: `aircraft_id`, `registration`, the `item` as in `/maintenance/due`, `status`, "
     "`previous_status` and `remaining` hours/days."),
    ("webhook.test", "Sent from the console (**Send test**) to one endpoint, whatever event types it subscribes to.",
     "A `WebhookTest` object: `{object: \"webhook_test\", endpoint_id, message, requested_by}`."),
]
DELIVERY_STATUSES = ["pending", "succeeded", "failed"]

# code, HTTP status, title (as in src/http/problem.cpp), when it happens
ERROR_CODES = [
    ("unauthenticated", 401, "Authentication required",
     "No `Authorization` header, or not of the form `Bearer gaf_pk_…`. Comes with `WWW-Authenticate: Bearer`."),
    ("invalid_api_key", 401, "Invalid API key",
     "The key is unknown, revoked or expired, or its app was revoked."),
    ("invalid_org_id", 400, "Invalid organisation id",
     "`X-Org-Id` is missing, repeated or not a lower-case hyphenated UUID."),
    ("org_not_authorized", 403, "Organisation not authorized",
     "The organisation does not exist or has not installed the key's app."),
    ("insufficient_scope", 403, "Insufficient scope",
     "The key's effective scopes lack the one the endpoint needs; `required_scope` names it."),
    ("invalid_parameter", 400, "Invalid parameter",
     "A query parameter is unknown, repeated or malformed, `limit` is outside 1–200, or the cursor is "
     "forged, foreign or stale. `field` names the parameter."),
    ("not_found", 404, "Not found",
     "No such object in this organisation, or no such endpoint."),
    ("rate_limited", 429, "Too many requests",
     "The key's token bucket is empty, or (event replay) the event was replayed less than 60 s ago. Wait for "
     "`Retry-After` seconds."),
    ("payload_too_large", 413, "Payload too large", "The request body exceeds the server's limit."),
    ("validation_failed", 422, "Validation failed",
     "The JSON body is well formed but a field is missing or invalid; `field` names it "
     "(e.g. `required_scopes[1].justification`)."),
    ("invalid_json", 400, "Malformed JSON body", "The request body is not valid JSON, or not a JSON object."),
    ("invalid_credentials", 401, "Invalid email or password", "Console login failed."),
    ("login_throttled", 429, "Too many failed logins",
     "Too many failed console logins for this account from this address, from this address, or for this account "
     "from anywhere; retry after `Retry-After` seconds."),
    ("not_logged_in", 401, "Not logged in", "No valid console session cookie, or the session expired."),
    ("csrf_failed", 403, "CSRF token missing or invalid",
     "A state-changing console request did not echo the session's CSRF token in `X-CSRF-Token`."),
    ("forbidden", 403, "Forbidden",
     "The user is not a member of the organisation, or their role does not allow the action."),
    ("conflict", 409, "Conflict",
     "The state transition is not allowed (e.g. activating a revoked app, minting a key for a draft app, "
     "reviewing a flight twice) or the object would duplicate another (e.g. a registration)."),
    ("method_not_allowed", 405, "Method not allowed",
     "The path exists but not with this method; `Allow` lists the methods it has."),
    ("unsupported_media_type", 415, "Unsupported media type", "A request body was sent without `Content-Type: application/json`."),
    ("not_acceptable", 406, "Not acceptable", "The `Accept` header excludes every representation the endpoint offers."),
    ("headers_too_large", 431, "Request header fields too large", "The request headers exceed the server's limit."),
    ("request_timeout", 408, "Request timeout", "The client took too long to send the request."),
    ("unavailable", 503, "Service unavailable",
     "The server is shutting down, or its database is busy, locked, full or failing; retry after `Retry-After` "
     "seconds. Nothing was written."),
    ("internal", 500, "Internal server error", "An unexpected error; quote the `request_id` when reporting it."),
]

# --------------------------------------------------------------------------------------------
# Small schema helpers
# --------------------------------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """`schema` or JSON null (OpenAPI 3.1 / JSON Schema 2020-12 style)."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    out = dict(schema)
    t = out.get("type", "string")
    out["type"] = [t, "null"] if isinstance(t, str) else list(t) + ["null"]
    return out


def s(description: str = "", **kw) -> dict:
    out = {"type": "string"}
    if description:
        out["description"] = description
    out.update(kw)
    return out


def integer(description: str = "", **kw) -> dict:
    out = {"type": "integer"}
    if description:
        out["description"] = description
    out.update(kw)
    return out


def number(description: str = "", **kw) -> dict:
    out = {"type": "number"}
    if description:
        out["description"] = description
    out.update(kw)
    return out


def instant(description: str) -> dict:
    return s(description + " RFC 3339 UTC instant.", format="date-time", examples=["2026-05-28T12:03:11Z"])


def date(description: str) -> dict:
    return s(description + " Calendar date `YYYY-MM-DD`.", format="date", examples=["2026-05-28"])


def prefixed_id(prefix: str, what: str) -> dict:
    return s(f"Opaque identifier of the {what}, `{prefix}` followed by a ULID.",
             pattern=f"^{prefix}[0-9A-HJKMNP-TV-Z]{{26}}$",
             examples=[f"{prefix}01JZ3K8Q4V6W2X9Y7T5R3N1M0P"])


def opaque_id(what: str, example: str) -> dict:
    return s(f"Opaque identifier of the {what} (a type prefix followed by a ULID).", examples=[example])


def obj(properties: dict, required: list[str] | None = None, description: str = "", **kw) -> dict:
    out: dict = {"type": "object"}
    if description:
        out["description"] = description
    out["properties"] = properties
    if required:
        out["required"] = required
    out.update(kw)
    return out


def all_required(properties: dict, description: str, **kw) -> dict:
    """Response objects: every member is always present (possibly null)."""
    return obj(properties, list(properties.keys()), description, **kw)


def const(value: str, description: str) -> dict:
    return {"type": "string", "const": value, "description": description}


ORG_UUID = s("Organisation id: a lower-case, hyphenated UUID.", format="uuid",
             examples=["5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f"])

# --------------------------------------------------------------------------------------------
# Example objects (shown by the reference page and by tools such as Swagger UI)
# --------------------------------------------------------------------------------------------

EX_ORG = "5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f"
EX_PILOT = {
    "id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0P", "object": "pilot", "first_name": "Camille", "last_name": "Moreau",
    "email": "camille.moreau@example.org", "phone": "+33 6 12 34 56 78", "roles": ["student"], "status": "active",
    "licence": {"type": "SPL", "number": "FRA.FCL.SPL.123456", "issued_on": "2025-09-14"},
    "medical": {"class": "class_2", "valid_until": "2027-03-31"}, "date_of_birth": "2004-11-02",
    "home_base": "LFPN", "created_at": "2025-09-01T08:15:00Z", "updated_at": "2026-05-20T17:42:10Z",
}
EX_AIRCRAFT = {
    "id": "acft_01JZ3K9B2C4D6E8F0G1H3J5K7M", "object": "aircraft", "registration": "F-GABC", "icao_type": "C172",
    "make": "Cessna", "model": "172S Skyhawk SP", "year": 2004, "seats": 4, "status": "available",
    "airworthiness": "airworthy", "hobbs_hours": 8123.4, "tach_hours": 7011.9, "home_base": "LFPN",
    "created_at": "2024-01-10T09:00:00Z", "updated_at": "2026-05-28T12:03:11Z",
}
EX_FLIGHT = {
    "id": "flt_01JZ3KA7N8P9Q0R1S2T3V4W5X6", "object": "flight", "date": "2026-05-28",
    "aircraft_id": EX_AIRCRAFT["id"], "aircraft_registration": "F-GABC", "pilot_id": EX_PILOT["id"],
    "instructor_id": "plt_01JZ3K8R5W7X3Y0Z8V6S4P2N1Q", "purpose": "dual_training", "departure_icao": "LFPN",
    "arrival_icao": "LFPN", "off_block_at": "2026-05-28T09:02:00Z", "takeoff_at": "2026-05-28T09:14:00Z",
    "landing_at": "2026-05-28T10:21:00Z", "on_block_at": "2026-05-28T10:29:00Z", "block_min": 87, "air_min": 67,
    "night_min": 0, "ifr_min": 0, "landings_day": 6, "landings_night": 0, "hobbs_start_hours": 8122.0,
    "hobbs_end_hours": 8123.4, "tach_start_hours": 7010.8, "tach_end_hours": 7011.9,
    "remarks": "Circuits, glide approaches, one go-around.", "status": "approved",
    "submitted_by": "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P", "submitted_at": "2026-05-28T10:40:12Z",
    "reviewed_by": "usr_01JZ3K7G1E3F5H7J9K1M3N5P7Q", "reviewed_at": "2026-05-28T12:03:11Z",
    "rejection_reason": None, "created_at": "2026-05-28T10:40:12Z", "updated_at": "2026-05-28T12:03:11Z",
}
EX_APP = {
    "id": "app_01JZ3KB1C2D3E4F5G6H7J8K9M0", "object": "app", "org_id": EX_ORG, "name": "Logbook Sync",
    "description": "Mirrors approved flights into the electronic logbooks of students.",
    "homepage_url": "https://logbook-sync.example.com", "status": "active",
    "required_scopes": [{"scope": "public.flights:read",
                         "justification": "Copies each approved flight into the personal logbook of the pilot who flew it."}],
    "created_at": "2026-04-02T10:00:00Z", "updated_at": "2026-04-02T10:05:00Z",
    "activated_at": "2026-04-02T10:05:00Z", "revoked_at": None,
}
EX_KEY = {
    "id": "key_01JZ3KC4D5E6F7G8H9J0K1M2N3", "object": "api_key", "app_id": EX_APP["id"], "name": "production",
    "prefix": "gaf_pk_7Hq2", "status": "active", "created_by": "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P",
    "created_at": "2026-04-02T10:06:00Z", "updated_at": "2026-04-02T10:06:00Z", "expires_at": None,
    "last_used_at": "2026-05-28T12:00:01Z", "revoked_at": None,
}
EX_INSTALLATION = {
    "id": "ins_01JZ3KD5E6F7G8H9J0K1M2N3P4", "object": "installation", "org_id": EX_ORG, "app_id": EX_APP["id"],
    "app_name": "Logbook Sync", "granted_scopes": ["public.flights:read"], "status": "active",
    "created_by": "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P", "created_at": "2026-04-03T08:00:00Z",
    "updated_at": "2026-04-03T08:00:00Z", "uninstalled_at": None,
}
EX_AUDIT = {
    "id": "aud_01JZ3KE6F7G8H9J0K1M2N3P4Q5", "object": "audit_entry", "actor_user_id": "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P",
    "actor": "alex.martin@example.org", "action": "api_key.minted", "target_type": "api_key",
    "target_id": EX_KEY["id"], "details": {"app_id": EX_APP["id"], "name": "production"},
    "request_id": "req_4f3c2b1a0e9d8c7b6a5f4e3d", "created_at": "2026-04-02T10:06:00Z",
    "chain_hash_prefix": "9c1f04e7b2d3", "prev_hash_prefix": "5a0e7d21c8f4",
}
EX_ORGANISATION = {
    "id": EX_ORG, "object": "organisation", "name": "Aéroclub de Toussus", "time_zone": "Europe/Paris",
    "country": "FR", "currency": "EUR", "created_at": "2024-01-10T08:00:00Z", "updated_at": "2024-01-10T08:00:00Z",
}
EX_SESSION = {
    "csrf_token": "c5Zk2m9Qx1Yt7Rw3Pv8Ls4Nb6Hd0Jf2G",
    "user": {"id": "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P", "email": "alex.martin@example.org", "display_name": "Alex Martin"},
    "orgs": [{"id": EX_ORG, "name": "Aéroclub de Toussus", "role": "owner"}],
}


def page(item: dict, cursor: str | None = "eyJrIjoicGx0XzAxSlozSzhRNFY2VzJYOVk3VDVSM04xTTBQIn0.Xq3v") -> dict:
    return {"data": [item], "cursor": cursor}


# ---- events and webhooks --------------------------------------------------------------------
# The example signatures below are real: they are computed here, exactly as src/webhook/signer.cpp
# signs, over the compact JSON bytes the server sends, so readers can check their verification code.

EX_WEBHOOK_SECRET = "whsec_" + base64.b64encode(hashlib.sha256(b"gaflight documentation example").digest()).decode()
EX_WEBHOOK_SECRET_NEW = "whsec_" + base64.b64encode(hashlib.sha256(b"gaflight documentation example, rotated").digest()).decode()
EX_WEBHOOK = {
    "id": "wh_01JZ3KF7G8H9J0K1M2N3P4Q5R6", "object": "webhook_endpoint",
    "url": "https://logbook-sync.example.com/webhooks/gaflight",
    "description": "Logbook Sync production receiver", "event_types": ["flight.approved", "flight.rejected"],
    "active": True, "disabled_reason": None, "secondary_expires_at": None,
    "created_at": "2026-04-02T10:10:00Z", "updated_at": "2026-04-02T10:10:00Z",
}
EX_ROTATED = {"secret": EX_WEBHOOK_SECRET_NEW, "secondary_expires_at": "2026-06-04T09:00:00Z"}
EX_FLIGHT_SUBMITTED = {**EX_FLIGHT, "status": "submitted", "reviewed_by": None, "reviewed_at": None,
                       "updated_at": EX_FLIGHT["submitted_at"]}
EX_FLIGHT_REJECTED = {**EX_FLIGHT, "status": "rejected",
                      "rejection_reason": "Hobbs end does not match the aircraft meter; please correct and resubmit."}
EX_WEBHOOK_TEST = {"object": "webhook_test", "endpoint_id": EX_WEBHOOK["id"],
                   "message": "This is a test event sent from the gaflight console.",
                   "requested_by": "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P"}
# The due item as /maintenance/due renders it (src/domain/maintenance_render.cpp).
EX_MAINTENANCE_ITEM = {
    "id": "mi_01JZ3KA1B2C3D4E5F6G7H8J9K0", "object": "maintenance_item", "aircraft_id": EX_AIRCRAFT["id"],
    "title": "100 h inspection", "category": "inspection", "reference": "AMP C172 ch. 5-20", "status": "upcoming",
    "next_due": {"date": "2027-01-15", "meter_hours": 7020.5}, "remaining": {"hours": 8.6, "days": 231},
    "interval": {"hours": 100.0, "basis": "tach", "days": None, "months": 12},
    "last_done": {"date": "2026-01-15", "meter_hours": 6920.5}, "upcoming": {"hours": 10.0, "days": 30},
    "blocks_dispatch": True, "created_at": "2026-01-15T16:20:00Z", "updated_at": "2026-05-29T06:00:00Z",
}
# `data.object` of maintenance.alert exactly as src/domain/maintenance_render.cpp emits it.
EX_MAINTENANCE_ALERT = {"object": "maintenance_alert", "aircraft_id": EX_AIRCRAFT["id"],
                        "registration": EX_AIRCRAFT["registration"], "item": EX_MAINTENANCE_ITEM,
                        "status": "upcoming", "previous_status": "ok", "remaining": {"hours": 8.6, "days": 231},
                        "created_at": "2026-05-29T06:00:00Z", "updated_at": "2026-05-29T06:00:00Z"}


def event(ev_id: str, type_: str, created_at: str, obj_: dict) -> dict:
    """The envelope of src/service/events.cpp, members in the same order."""
    return {"id": ev_id, "type": type_, "created_at": created_at, "org_id": EX_ORG, "api_version": "v1",
            "data": {"object": obj_}}


EX_EVENTS = {
    "flight.submitted": event("evt_01JZ3KB4W6X8Y0Z2A4C6E8G0J2", "flight.submitted", EX_FLIGHT["submitted_at"],
                              EX_FLIGHT_SUBMITTED),
    "flight.approved": event("evt_01JZ3KG8H9J0K1M2N3P4Q5R6S7", "flight.approved", EX_FLIGHT["reviewed_at"],
                             EX_FLIGHT),
    "flight.rejected": event("evt_01JZ3KG9J0K1M2N3P4Q5R6S7T8", "flight.rejected", EX_FLIGHT["reviewed_at"],
                             EX_FLIGHT_REJECTED),
    "maintenance.alert": event("evt_01JZ3KH0K1M2N3P4Q5R6S7T8V9", "maintenance.alert", "2026-05-29T06:00:00Z",
                               EX_MAINTENANCE_ALERT),
    "webhook.test": event("evt_01JZ3KH1M2N3P4Q5R6S7T8V9W0", "webhook.test", "2026-04-02T10:12:30Z", EX_WEBHOOK_TEST),
}
EX_EVENT = EX_EVENTS["flight.approved"]
EX_DELIVERY_IDS = {
    "flight.submitted": "9d2c4f6a-1b3e-4a5c-8d7e-0f1a2b3c4d5e",
    "flight.approved": "3b8f5c2e-7a41-4d9b-9c06-2f1e8d7a6b54",
    "flight.rejected": "c1e2d3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5",
    "maintenance.alert": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
    "webhook.test": "e7f8a9b0-c1d2-4e3f-9a4b-5c6d7e8f9a0b",
}


def compact(value) -> str:
    """The bytes the server writes (src/core/json_writer.cpp): no spaces, UTF-8, members in order."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def unix(instant_text: str) -> int:
    return calendar.timegm(datetime.datetime.strptime(instant_text, "%Y-%m-%dT%H:%M:%SZ").timetuple())


def ga_signature(secret: str, body: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body.encode("utf-8"), hashlib.sha256).hexdigest()


def standard_signature(secret: str, msg_id: str, ts: int, body: str) -> str:
    key = base64.b64decode(secret[len("whsec_"):])
    mac = hmac.new(key, f"{msg_id}.{ts}.{body}".encode("utf-8"), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def delivery_headers(type_: str, attempt: int = 1, at: str | None = None, secondary: str | None = None,
                     primary: str = EX_WEBHOOK_SECRET) -> list[tuple[str, str]]:
    """The headers of one attempt, in the order src/webhook/signer.cpp sends them."""
    ev = EX_EVENTS[type_]
    body = compact(ev)
    did = EX_DELIVERY_IDS[type_]
    at = at or ev["created_at"]
    ts = unix(at)
    h = [("Content-Type", "application/json"), ("User-Agent", "gaflight-webhooks/1"),
         ("X-GA-Webhook-Delivery", did), ("X-GA-Webhook-Timestamp", at), ("X-GA-Webhook-Event", type_),
         ("X-GA-Webhook-Attempt", str(attempt)), ("X-GA-Webhook-Signature", ga_signature(primary, body))]
    std = standard_signature(primary, did, ts, body)
    if secondary:
        h.append(("X-GA-Webhook-Signature-Primary", ga_signature(primary, body)))
        h.append(("X-GA-Webhook-Signature-Secondary", ga_signature(secondary, body)))
        std += " " + standard_signature(secondary, did, ts, body)
    h += [("webhook-id", did), ("webhook-timestamp", str(ts)), ("webhook-signature", std)]
    return h


def raw_delivery(type_: str, **kw) -> str:
    url = EX_WEBHOOK["url"].removeprefix("https://")
    host, _, path = url.partition("/")
    body = compact(EX_EVENTS[type_])
    lines = [f"POST /{path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in delivery_headers(type_, **kw)]
    lines.insert(2, f"Content-Length: {len(body.encode('utf-8'))}")
    return "\n".join(lines) + "\n\n" + body


def attempt(n: int, started_at: str, status_code, latency_ms: int, excerpt, error, succeeded: bool) -> dict:
    return {"attempt": n, "started_at": started_at, "status_code": status_code, "latency_ms": latency_ms,
            "response_excerpt": excerpt, "error": error, "succeeded": succeeded}


EX_DELIVERY = {
    "id": EX_DELIVERY_IDS["flight.approved"], "object": "webhook_delivery", "endpoint_id": EX_WEBHOOK["id"],
    "event_id": EX_EVENT["id"], "event_type": "flight.approved", "status": "succeeded", "attempt_count": 2,
    "next_attempt_at": None, "created_at": "2026-05-28T12:03:11Z", "updated_at": "2026-05-28T12:03:12Z",
    "attempts": [
        attempt(1, "2026-05-28T12:03:11Z", 503, 214, "upstream connect error", "HTTP 503", False),
        attempt(2, "2026-05-28T12:03:12Z", 200, 87, "{\"received\":true}", None, True),
    ],
}
EX_DELIVERY_TEST = {
    "id": EX_DELIVERY_IDS["webhook.test"], "object": "webhook_delivery", "endpoint_id": EX_WEBHOOK["id"],
    "event_id": EX_EVENTS["webhook.test"]["id"], "event_type": "webhook.test", "status": "pending",
    "attempt_count": 0, "next_attempt_at": "2026-04-02T10:12:30Z", "created_at": "2026-04-02T10:12:30Z",
    "updated_at": "2026-04-02T10:12:30Z", "attempts": [],
}
def _at(base: str, seconds: int) -> str:
    return datetime.datetime.fromtimestamp(unix(base) + seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# A delivery that used up its five attempts: connect timeout, two 502s, a redirect, a 10 s timeout.
_FAILED_AT = "2026-05-27T16:45:02Z"
_BAD_GATEWAY = "<html><body><h1>502 Bad Gateway</h1></body></html>"
EX_DELIVERY_FAILED = {
    "id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "object": "webhook_delivery", "endpoint_id": EX_WEBHOOK["id"],
    "event_id": "evt_01JZ1QK3M5N7P9R1S3T5V7W9X1", "event_type": "flight.rejected", "status": "failed",
    "attempt_count": 5, "next_attempt_at": None, "created_at": _FAILED_AT, "updated_at": _at(_FAILED_AT, 170),
    "attempts": [
        attempt(1, _at(_FAILED_AT, 0), None, 5003, None, "Connection timed out after 5003 milliseconds", False),
        attempt(2, _at(_FAILED_AT, 6), 502, 131, _BAD_GATEWAY, "HTTP 502", False),
        attempt(3, _at(_FAILED_AT, 11), 502, 126, _BAD_GATEWAY, "HTTP 502", False),
        attempt(4, _at(_FAILED_AT, 37), 301, 44, None, "redirects are not followed (HTTP 301)", False),
        attempt(5, _at(_FAILED_AT, 160), None, 10001, None,
                "Operation timed out after 10001 milliseconds with 0 bytes received", False),
    ],
}
EX_DELIVERY_RETRIED = {**EX_DELIVERY_FAILED, "status": "pending", "next_attempt_at": "2026-05-28T08:20:00Z",
                       "updated_at": "2026-05-28T08:20:00Z"}
EX_DELIVERY_REPLAYED = {**EX_DELIVERY, "id": "6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f", "status": "pending",
                        "attempt_count": 0, "next_attempt_at": "2026-06-01T09:00:00Z",
                        "created_at": "2026-06-01T09:00:00Z", "updated_at": "2026-06-01T09:00:00Z", "attempts": []}


# --------------------------------------------------------------------------------------------
# components/schemas
# --------------------------------------------------------------------------------------------


def parts() -> list:
    """Per-area modules in docs/tools/openapi_parts/ (maintenance, compliance, planning, ...). Each may define
    `schemas(g)`, `paths(g)` and `tags(g)`, where `g` is this module, so areas add to the document without
    editing one shared function."""
    import importlib
    here = Path(__file__).resolve().parent
    if str(here) not in sys.path:
        sys.path.insert(0, str(here))
    names = sorted(f.stem for f in (here / "openapi_parts").glob("*.py") if not f.stem.startswith("_"))
    return [importlib.import_module(f"openapi_parts.{n}") for n in names]


def schemas() -> dict:
    sc: dict = {}
    for part in parts():
        if hasattr(part, "schemas"):
            sc.update(part.schemas(sys.modules[__name__]))

    sc["Scope"] = s("A permission from the scope catalog. Every public endpoint needs exactly one.",
                    enum=[name for name, _ in SCOPES],
                    **{"x-enum-descriptions": {name: desc for name, desc in SCOPES}})

    sc["ErrorCode"] = s(
        "Stable machine-readable error code carried in every problem document's `code` member. "
        "Codes never change meaning; new codes may be added.",
        enum=[c for c, _, _, _ in ERROR_CODES],
        **{"x-error-codes": [{"code": c, "status": st, "title": t, "description": d} for c, st, t, d in ERROR_CODES]})

    sc["Problem"] = obj({
        "type": s("URI identifying the problem type.", format="uri",
                  examples=[DOCS_ERRORS_BASE + "insufficient_scope"]),
        "title": s("Short human-readable summary of the problem type.", examples=["Insufficient scope"]),
        "status": integer("HTTP status code of this response.", minimum=400, maximum=599, examples=[403]),
        "detail": s("Human-readable explanation of this occurrence.",
                    examples=["This key's app was not granted public.flights:read by this organisation."]),
        "code": ref("ErrorCode"),
        "request_id": s("Identifier of the request (same as the `X-Request-Id` response header); quote it to support.",
                        examples=["req_4f3c2b1a0e9d8c7b6a5f4e3d"]),
        "field": s("The query parameter or body field concerned, for `invalid_parameter` and `validation_failed`.",
                   examples=["limit"]),
        "required_scope": {**ref("Scope"),
                           "description": "For `insufficient_scope`: the scope the endpoint needs."},
    }, ["type", "title", "status", "detail", "code", "request_id"],
        "An RFC 9457 problem document (`application/problem+json`) with two extension members, "
        "`code` and `request_id`, and optionally `field` or `required_scope`.",
        examples=[{
            "type": DOCS_ERRORS_BASE + "insufficient_scope", "title": "Insufficient scope", "status": 403,
            "detail": "This endpoint requires the public.flights:read scope.", "code": "insufficient_scope",
            "request_id": "req_4f3c2b1a0e9d8c7b6a5f4e3d", "required_scope": "public.flights:read"}])

    # ---- tenancy / session --------------------------------------------------------------
    sc["Organisation"] = all_required({
        "id": ORG_UUID,
        "object": const("organisation", "Always `organisation`."),
        "name": s("Display name.", examples=["Aéroclub de Toussus"]),
        "time_zone": s("IANA time zone name.", examples=["Europe/Paris"]),
        "country": s("ISO 3166-1 alpha-2 country code.", examples=["FR"]),
        "currency": s("Default ISO 4217 currency.", examples=["EUR"]),
        "created_at": instant("When the organisation was created."),
        "updated_at": instant("When the organisation last changed."),
    }, "An organisation (flight school, aero club or operator). Everything else belongs to exactly one.",
        examples=[EX_ORGANISATION])

    sc["User"] = all_required({
        "id": opaque_id("user", "usr_01JZ3K7F0D2E4G6H8J0K2M4N6P"),
        "email": s("Login email address.", format="email"),
        "display_name": s("Name shown in the console and the audit log."),
    }, "The signed-in console user.")

    sc["Membership"] = all_required({
        "id": ORG_UUID,
        "name": s("Organisation name."),
        "role": s("The user's role in that organisation.", enum=MEMBER_ROLES),
    }, "An organisation the user belongs to, with their role in it.")

    sc["Session"] = all_required({
        "csrf_token": s("Echo this value in the `X-CSRF-Token` header of every state-changing console request."),
        "user": ref("User"),
        "orgs": {"type": "array", "items": ref("Membership"), "description": "The user's organisations."},
    }, "A console session.", examples=[EX_SESSION])

    sc["LoginRequest"] = obj({
        "email": s("Account email.", format="email", maxLength=254, examples=["alex.martin@example.org"]),
        "password": s("Account password.", format="password", minLength=1, maxLength=1000),
    }, ["email", "password"], additionalProperties=False,
        examples=[{"email": "alex.martin@example.org", "password": "correct horse battery staple"}])

    sc["OrganisationCreate"] = obj({
        "name": s("Display name.", minLength=1, maxLength=120, examples=["Aéroclub de Toussus"]),
        "time_zone": s("IANA time zone name.", maxLength=64, examples=["Europe/Paris"]),
        "country": s("ISO 3166-1 alpha-2 country code.", pattern="^[A-Z]{2}$", examples=["FR"]),
        "currency": s("ISO 4217 currency code.", pattern="^[A-Z]{3}$", examples=["EUR"]),
    }, ["name", "time_zone", "country", "currency"], additionalProperties=False)

    # ---- developer platform -------------------------------------------------------------
    sc["RequiredScope"] = obj({
        "scope": ref("Scope"),
        "justification": s("Why the app needs this scope, shown to organisations installing it. At least 40 "
                           "characters after trimming white space (stored trimmed).", minLength=40, maxLength=2000,
                           examples=["Copies each approved flight into the personal logbook of the pilot who flew it."]),
    }, ["scope", "justification"], "A scope an app asks for, with the reason it needs it.")

    sc["App"] = all_required({
        "id": opaque_id("app", EX_APP["id"]),
        "object": const("app", "Always `app`."),
        "org_id": {**ORG_UUID, "description": "The organisation that builds the app."},
        "name": s("App name."),
        "description": s("What the app does."),
        "homepage_url": nullable(s("The app's homepage.", format="uri")),
        "status": s("Lifecycle: `draft` → (activate) → `active` → (revoke) → `revoked`. Revocation is permanent.",
                    enum=APP_STATUSES),
        "required_scopes": {"type": "array", "items": ref("RequiredScope"),
                            "description": "The scopes the app asks for, each with its justification."},
        "created_at": instant("When the app was created."),
        "updated_at": instant("When the app last changed."),
        "activated_at": nullable(instant("When the app was activated; null while a draft.")),
        "revoked_at": nullable(instant("When the app was revoked; null unless revoked.")),
    }, "A developer app. Only active apps can mint keys and be installed.", examples=[EX_APP])

    sc["AppCreate"] = obj({
        "name": s("App name.", minLength=1, maxLength=100),
        "description": s("What the app does. Defaults to empty.", maxLength=2000),
        "homepage_url": nullable(s("The app's homepage: an http(s) URL.", format="uri", maxLength=500)),
        "required_scopes": {"type": "array", "items": ref("RequiredScope"), "minItems": 1, "maxItems": 50,
                            "description": "Scopes from the catalog, each at most once, each with a justification "
                                           "of at least 40 characters."},
    }, ["name", "required_scopes"], "A new app; it starts as `draft`.", additionalProperties=False,
        examples=[{"name": "Logbook Sync", "description": "Mirrors approved flights into the electronic logbooks of students.",
                   "homepage_url": "https://logbook-sync.example.com",
                   "required_scopes": EX_APP["required_scopes"]}])

    sc["AppUpdate"] = obj({
        "name": s("App name.", minLength=1, maxLength=100),
        "description": s("What the app does.", maxLength=2000),
        "homepage_url": nullable(s("The app's homepage; null removes it.", format="uri", maxLength=500)),
        "required_scopes": {"type": "array", "items": ref("RequiredScope"), "minItems": 1, "maxItems": 50,
                            "description": "Replaces the whole list (same rules as on creation)."},
    }, None, "Any subset of the app's editable fields. An active app stays active; a revoked app cannot be changed.", additionalProperties=False,
        minProperties=1)

    sc["ApiKey"] = all_required({
        "id": opaque_id("API key", EX_KEY["id"]),
        "object": const("api_key", "Always `api_key`."),
        "app_id": s("The app the key belongs to."),
        "name": s("A label chosen when minting."),
        "prefix": s("The first characters of the token, for recognising it. The token itself is never shown again.",
                    examples=["gaf_pk_7Hq2"]),
        "status": s("`revoked` keys are refused with `invalid_api_key`.", enum=KEY_STATUSES),
        "created_by": nullable(s("Id of the user who minted the key.")),
        "created_at": instant("When the key was minted."),
        "updated_at": instant("When the key last changed."),
        "expires_at": nullable(instant("When the key stops working; null for no expiry.")),
        "last_used_at": nullable(instant("When the key last authenticated a request (approximate).")),
        "revoked_at": nullable(instant("When the key was revoked.")),
    }, "An API key of an app. The server stores only the SHA-256 hash of the token.", examples=[EX_KEY])

    sc["ApiKeyWithToken"] = {
        "allOf": [ref("ApiKey"), obj({
            "token": s("The full secret token, `gaf_pk_` followed by at least 43 URL-safe characters. Returned "
                       "**only in this response**: store it now.", pattern="^gaf_pk_[A-Za-z0-9_-]{32,}$",
                       examples=["gaf_pk_7Hq2Zx9Lm4Rt8Vb1Nc6Kp3Wd5Fs0Gy2Uj7Ea9Qo4Ti1"]),
        }, ["token"])],
        "description": "A freshly minted key, with its token shown exactly once.",
        "examples": [{**EX_KEY, "token": "gaf_pk_7Hq2Zx9Lm4Rt8Vb1Nc6Kp3Wd5Fs0Gy2Uj7Ea9Qo4Ti1", "last_used_at": None}],
    }

    sc["ApiKeyCreate"] = obj({
        "name": s("A label for the key, e.g. where it is deployed.", minLength=1, maxLength=100,
                  examples=["production"]),
        "expires_at": nullable(instant("Optional expiry; must be in the future.")),
    }, ["name"], additionalProperties=False, examples=[{"name": "production"}])

    sc["Installation"] = all_required({
        "id": opaque_id("installation", EX_INSTALLATION["id"]),
        "object": const("installation", "Always `installation`."),
        "org_id": {**ORG_UUID, "description": "The organisation that granted access."},
        "app_id": s("The installed app."),
        "app_name": s("The installed app's name."),
        "granted_scopes": {"type": "array", "items": ref("Scope"),
                           "description": "The subset of the app's required scopes this organisation granted."},
        "status": s("`uninstalled` cuts the app's access at once.", enum=INSTALLATION_STATUSES),
        "created_by": nullable(s("Id of the user who installed the app.")),
        "created_at": instant("When the app was installed."),
        "updated_at": instant("When the installation last changed."),
        "uninstalled_at": nullable(instant("When the app was uninstalled.")),
    }, "An organisation's grant of access to an app. Effective scopes of a request = the app's scopes ∩ "
       "the installation's granted scopes.", examples=[EX_INSTALLATION])

    sc["InstallationCreate"] = obj({
        "app_id": s("An active app built by another organisation (the building organisation is installed "
                    "implicitly)."),
        "granted_scopes": {"type": "array", "items": ref("Scope"), "minItems": 1,
                           "description": "A non-empty subset of the app's required scopes."},
    }, ["app_id", "granted_scopes"], additionalProperties=False)

    sc["AuditEntry"] = all_required({
        "id": opaque_id("audit entry", EX_AUDIT["id"]),
        "object": const("audit_entry", "Always `audit_entry`."),
        "actor_user_id": nullable(s("The user who acted; null for the system.")),
        "actor": s("Human-readable actor (email or `system`)."),
        "action": s("What happened, e.g. `app.created`, `app.activated`, `app.revoked`, `api_key.minted`, "
                    "`api_key.revoked`, `installation.created`, `installation.deleted`, `app.scopes_changed`, "
                    "`webhook.created`, `webhook.updated`, `webhook.deleted`, `webhook.secret_rotated`."),
        "target_type": s("Kind of object acted on, e.g. `app`, `api_key`, `installation`, `webhook_endpoint`."),
        "target_id": s("Id of the object acted on."),
        "details": {"type": "object", "additionalProperties": True,
                    "description": "Action-specific details (never secrets)."},
        "request_id": s("The request that caused the action."),
        "created_at": instant("When it happened."),
        "chain_hash_prefix": nullable(s("First 12 hex characters of the entry's hash in the organisation's audit "
                                        "hash chain (docs/audit-chain.md); null for entries written before the "
                                        "chain existed (schema v5).")),
        "prev_hash_prefix": nullable(s("First 12 hex characters of the previous entry's hash "
                                       "(`000000000000` for the first chained entry); null before the chain.")),
    }, "One append-only audit log entry.", examples=[EX_AUDIT])

    # ---- operations -----------------------------------------------------------------------
    sc["Licence"] = all_required({
        "type": s("Licence type.", enum=LICENCE_TYPES),
        "number": nullable(s("Licence number.")),
        "issued_on": nullable(date("Date of issue.")),
    }, "Licence summary.")

    sc["Medical"] = all_required({
        "class": s("Medical certificate class.", enum=MEDICAL_CLASSES),
        "valid_until": nullable(date("Last day of validity.")),
    }, "Medical certificate summary.")

    sc["Pilot"] = all_required({
        "id": prefixed_id("plt_", "pilot"),
        "object": const("pilot", "Always `pilot`."),
        "first_name": s("Given name."),
        "last_name": s("Family name."),
        "email": nullable(s("Email address.", format="email")),
        "phone": nullable(s("Phone number.")),
        "roles": {"type": "array", "items": s(enum=PILOT_ROLES), "description": "Roles in the organisation."},
        "status": s("Membership status.", enum=PILOT_STATUSES),
        "licence": nullable(ref("Licence")),
        "medical": nullable(ref("Medical")),
        "date_of_birth": nullable(date("Date of birth; medical validity depends on the age at examination.")),
        "home_base": nullable(s("ICAO code of the home aerodrome.", examples=["LFPN"])),
        "created_at": instant("When the record was created."),
        "updated_at": instant("When the record last changed."),
    }, "A pilot: student, member, instructor or examiner.", examples=[EX_PILOT])

    def pilot_input(create: bool) -> dict:
        return {
            "first_name": s("Given name.", minLength=1, maxLength=100),
            "last_name": s("Family name.", minLength=1, maxLength=100),
            "email": nullable(s("Email address.", format="email", maxLength=254)),
            "phone": nullable(s("Phone number.", maxLength=40)),
            "roles": {"type": "array", "items": s(enum=PILOT_ROLES), "minItems": 1, "maxItems": 4,
                      "description": "At least one role." + (" Defaults to `[\"student\"]`." if create else "")},
            "status": s("Defaults to `active`." if create else "Membership status.", enum=PILOT_STATUSES),
            "licence": nullable(obj({
                "type": s("Licence type.", enum=LICENCE_TYPES),
                "number": nullable(s("Licence number.")),
                "issued_on": nullable(date("Date of issue.")),
            }, ["type"], "Licence summary; null removes it.", additionalProperties=False)),
            "medical": nullable(obj({
                "class": s("Medical class.", enum=MEDICAL_CLASSES),
                "valid_until": nullable(date("Last day of validity.")),
            }, ["class"], "Medical certificate summary; null removes it.", additionalProperties=False)),
            "date_of_birth": nullable(date("Date of birth (medical validity depends on the age at examination).")),
            "home_base": nullable(s("ICAO code of the home aerodrome.", pattern="^[A-Z]{4}$")),
        }
    sc["PilotCreate"] = obj(pilot_input(True), ["first_name", "last_name"], "A new pilot.",
                            additionalProperties=False,
                            examples=[{k: EX_PILOT[k] for k in ("first_name", "last_name", "email", "phone", "roles",
                                                                "licence", "medical", "home_base")}])
    sc["PilotUpdate"] = obj(pilot_input(False), None, "Any subset of the pilot's fields; null clears an optional one.",
                            additionalProperties=False, minProperties=1)

    sc["Aircraft"] = all_required({
        "id": prefixed_id("acft_", "aircraft"),
        "object": const("aircraft", "Always `aircraft`."),
        "registration": s("Registration mark.", examples=["F-GABC", "N12345", "D-EABC"]),
        "icao_type": s("ICAO aircraft type designator.", examples=["C172", "DA40", "P28A"]),
        "make": s("Manufacturer.", examples=["Cessna"]),
        "model": s("Model.", examples=["172S Skyhawk SP"]),
        "year": nullable(integer("Year of manufacture.")),
        "seats": integer("Number of seats.", minimum=1),
        "status": s("Operational status.", enum=AIRCRAFT_STATUSES),
        "airworthiness": s("Airworthiness state.", enum=AIRWORTHINESS),
        "hobbs_hours": number("Hobbs meter, decimal hours (one decimal).", minimum=0),
        "tach_hours": number("Tach meter, decimal hours (one decimal).", minimum=0),
        "home_base": nullable(s("ICAO code of the home aerodrome.")),
        "created_at": instant("When the record was created."),
        "updated_at": instant("When the record last changed."),
    }, "An aircraft of the fleet.", examples=[EX_AIRCRAFT])

    def aircraft_input(create: bool) -> dict:
        d = "" if not create else " Defaults to {}."
        return {
            "registration": s("Registration mark, upper case (e.g. `F-GABC`, `N12345`), unique in the organisation.",
                              maxLength=10, examples=["F-GABC"]),
            "icao_type": s("ICAO type designator.", pattern="^[A-Z][A-Z0-9]{1,3}$", examples=["C172"]),
            "make": s("Manufacturer.", minLength=1, maxLength=100),
            "model": s("Model.", minLength=1, maxLength=100),
            "year": nullable(integer("Year of manufacture.", minimum=1903, maximum=2100)),
            "seats": integer("Number of seats.", minimum=1, maximum=20),
            "status": s("Operational status." + d.format("`available`"), enum=AIRCRAFT_STATUSES),
            "airworthiness": s("Airworthiness state." + d.format("`airworthy`"), enum=AIRWORTHINESS),
            "hobbs_hours": number("Hobbs meter, decimal hours, at most one decimal place." + d.format("0"),
                                  minimum=0, maximum=100000),
            "tach_hours": number("Tach meter, decimal hours, at most one decimal place." + d.format("0"),
                                 minimum=0, maximum=100000),
            "home_base": nullable(s("ICAO code of the home aerodrome.", pattern="^[A-Z]{4}$")),
        }
    sc["AircraftCreate"] = obj(aircraft_input(True), ["registration", "icao_type", "make", "model", "seats"],
                               "A new aircraft.", additionalProperties=False,
                               examples=[{k: EX_AIRCRAFT[k] for k in ("registration", "icao_type", "make", "model",
                                                                      "year", "seats", "hobbs_hours", "tach_hours",
                                                                      "home_base")}])
    sc["AircraftUpdate"] = obj(aircraft_input(False), None, "Any subset of the aircraft's fields.",
                               additionalProperties=False, minProperties=1)

    sc["Flight"] = all_required({
        "id": prefixed_id("flt_", "flight"),
        "object": const("flight", "Always `flight`."),
        "date": date("Flight date: the UTC date of `off_block_at`."),
        "aircraft_id": s("The aircraft flown."),
        "aircraft_registration": s("The aircraft's registration when the flight was logged (snapshot).",
                                   examples=["F-GABC"]),
        "pilot_id": s("The pilot (pilot in command, or the student on a dual flight)."),
        "instructor_id": nullable(s("The instructor, for instructional flights.")),
        "purpose": s("Purpose of the flight.", enum=FLIGHT_PURPOSES),
        "departure_icao": s("Departure aerodrome (ICAO).", examples=["LFPN"]),
        "arrival_icao": s("Arrival aerodrome (ICAO).", examples=["LFPN"]),
        "off_block_at": instant("Off-block time."),
        "takeoff_at": instant("Takeoff time."),
        "landing_at": instant("Final landing time."),
        "on_block_at": instant("On-block time."),
        "block_min": integer("Block time in minutes (on-block − off-block).", minimum=0),
        "air_min": integer("Air time in minutes (landing − takeoff).", minimum=0),
        "night_min": integer("Night time in minutes.", minimum=0),
        "ifr_min": integer("IFR time in minutes.", minimum=0),
        "landings_day": integer("Day landings.", minimum=0),
        "landings_night": integer("Night landings.", minimum=0),
        "hobbs_start_hours": number("Hobbs meter at start, decimal hours."),
        "hobbs_end_hours": number("Hobbs meter at end, decimal hours."),
        "tach_start_hours": number("Tach meter at start, decimal hours."),
        "tach_end_hours": number("Tach meter at end, decimal hours."),
        "remarks": nullable(s("Free-text remarks.")),
        "status": s("Review status.", enum=FLIGHT_STATUSES),
        "submitted_by": nullable(s("Id of the user who submitted the flight.")),
        "submitted_at": instant("When the flight was submitted."),
        "reviewed_by": nullable(s("Id of the user who approved or rejected it.")),
        "reviewed_at": nullable(instant("When it was approved or rejected.")),
        "rejection_reason": nullable(s("Why it was rejected.")),
        "created_at": instant("When the record was created."),
        "updated_at": instant("When the record last changed."),
    }, "A flight log entry.", examples=[EX_FLIGHT])

    sc["FlightCreate"] = obj({
        "date": date("Flight date: must be the UTC date of `off_block_at`."),
        "aircraft_id": s("An aircraft of the organisation (`acft_…`)."),
        "pilot_id": s("A pilot of the organisation (`plt_…`)."),
        "instructor_id": nullable(s("A pilot with the `instructor` role. Required for `dual_training` and "
                                    "`discovery` flights.")),
        "purpose": s("Purpose of the flight.", enum=FLIGHT_PURPOSES),
        "departure_icao": s("Departure aerodrome.", pattern="^[A-Z]{4}$"),
        "arrival_icao": s("Arrival aerodrome.", pattern="^[A-Z]{4}$"),
        "off_block_at": instant("Off-block time; not in the future."),
        "takeoff_at": instant("Takeoff time; not before off-block."),
        "landing_at": instant("Final landing time; not before takeoff."),
        "on_block_at": instant("On-block time; not before landing, at most 24 h after off-block."),
        "night_min": integer("Night time in minutes, at most the block time. Defaults to 0.", minimum=0, maximum=1440),
        "ifr_min": integer("IFR time in minutes, at most the block time. Defaults to 0.", minimum=0, maximum=1440),
        "landings_day": integer("Day landings. Defaults to 0.", minimum=0, maximum=99),
        "landings_night": integer("Night landings. Defaults to 0.", minimum=0, maximum=99),
        "hobbs_start_hours": number("Hobbs meter at start, decimal hours (at most one decimal place).", minimum=0,
                                    maximum=100000),
        "hobbs_end_hours": number("Hobbs meter at end: at or after the start, at most 24 h later.", minimum=0,
                                  maximum=100000),
        "tach_start_hours": number("Tach meter at start, decimal hours (at most one decimal place).", minimum=0,
                                   maximum=100000),
        "tach_end_hours": number("Tach meter at end: at or after the start, at most 24 h later.", minimum=0,
                                 maximum=100000),
        "remarks": nullable(s("Free-text remarks.", maxLength=2000)),
    }, ["date", "aircraft_id", "pilot_id", "purpose", "departure_icao", "arrival_icao", "off_block_at",
        "takeoff_at", "landing_at", "on_block_at", "hobbs_start_hours", "hobbs_end_hours", "tach_start_hours",
        "tach_end_hours"],
        "A flight to submit for approval. `block_min` and `air_min` are computed from the four instants.",
        additionalProperties=False,
        examples=[{k: EX_FLIGHT[k] for k in (
            "date", "aircraft_id", "pilot_id", "instructor_id", "purpose", "departure_icao", "arrival_icao",
            "off_block_at", "takeoff_at", "landing_at", "on_block_at", "night_min", "ifr_min", "landings_day",
            "landings_night", "hobbs_start_hours", "hobbs_end_hours", "tach_start_hours", "tach_end_hours",
            "remarks")}])

    sc["FlightReject"] = obj({
        "reason": s("Why the flight is rejected; shown to the pilot.", minLength=1, maxLength=1000,
                    examples=["Hobbs end does not match the aircraft meter; please correct and resubmit."]),
    }, ["reason"], additionalProperties=False)

    sc["Health"] = obj({"status": s("`ok` (liveness) or `ready` (readiness).", enum=["ok", "ready"])}, ["status"],
                       "Health or readiness report.", additionalProperties=True)

    # ---- events and webhooks --------------------------------------------------------------
    sc["EventType"] = s("An event type from the catalog. Endpoints subscribe to a non-empty subset.",
                        enum=[name for name, _, _ in EVENT_TYPES],
                        **{"x-enum-descriptions": {name: f"{what} `data.object`: {payload}"
                                                   for name, what, payload in EVENT_TYPES}})

    sc["WebhookTest"] = all_required({
        "object": const("webhook_test", "Always `webhook_test`."),
        "endpoint_id": s("The endpoint the test was sent to.", examples=[EX_WEBHOOK["id"]]),
        "message": s("A fixed human-readable message.",
                     examples=["This is a test event sent from the gaflight console."]),
        "requested_by": s("Id (`usr_…`) of the console user who sent the test: an opaque id, never an email, as the "
                          "receiver is a third party.", examples=["usr_01JZ3K7F0D2E4G6H8J0K2M4N6P"]),
    }, "`data.object` of a `webhook.test` event.", examples=[EX_WEBHOOK_TEST])

    sc["Event"] = all_required({
        "id": {**prefixed_id("evt_", "event"),
               "description": "Opaque identifier of the event, `evt_` followed by a ULID (so ids sort by creation "
                              "time). A replay re-sends the same id: dedupe on it."},
        "type": {**ref("EventType"), "description": "What happened."},
        "created_at": instant("When the change happened; the event is recorded in the same database transaction "
                              "as the change."),
        "org_id": {**ORG_UUID, "description": "The organisation the event belongs to."},
        "api_version": const("v1", "Version of the envelope and of the object renderings, always `v1`."),
        "data": all_required({
            "object": {
                "oneOf": [ref("Flight"), ref("MaintenanceAlert"), ref("WebhookTest")],
                "discriminator": {"propertyName": "object", "mapping": {
                    "flight": "#/components/schemas/Flight",
                    "maintenance_alert": "#/components/schemas/MaintenanceAlert",
                    "webhook_test": "#/components/schemas/WebhookTest"}},
                "description": "The resource as the public API renders it at the time of the change: a `Flight` "
                               "for `flight.*` events, a `WebhookTest` for `webhook.test`, a `MaintenanceAlert` for "
                               "`maintenance.alert`. Its own `object` member tells which.",
            },
        }, "The payload."),
    }, "An event: the envelope delivered to webhook endpoints (the same bytes on every attempt and replay) and "
       "listed by `GET /api/v1/public/events`.", examples=[EX_EVENT])

    sc["WebhookEndpoint"] = all_required({
        "id": prefixed_id("wh_", "webhook endpoint"),
        "object": const("webhook_endpoint", "Always `webhook_endpoint`."),
        "url": s("Where deliveries are POSTed: an `https` URL whose host resolves to public addresses only.",
                 format="uri", examples=[EX_WEBHOOK["url"]]),
        "description": s("Free text for humans; may be empty.", examples=[EX_WEBHOOK["description"]]),
        "event_types": {"type": "array", "items": ref("EventType"), "minItems": 1,
                        "description": "The event types delivered to this endpoint."},
        "active": {"type": "boolean",
                   "description": "Only active endpoints receive new deliveries. The server sets it to false when "
                                  "every delivery has failed for 5 days (see `disabled_reason`)."},
        "disabled_reason": nullable(s("Why the server disabled the endpoint; null otherwise. Cleared when `active` "
                                      "is set back to true.",
                                      examples=["Every delivery failed for 5 days; fix the receiver and re-enable the "
                                                "endpoint."])),
        "secondary_expires_at": nullable(instant(
            "End of the grace window of the last secret rotation (72 h after it): until then deliveries are signed "
            "with both the new and the previous secret. Null if the secret was never rotated; a past instant once "
            "the window is over.")),
        "created_at": instant("When the endpoint was created."),
        "updated_at": instant("When the endpoint last changed."),
    }, "A webhook endpoint (Settings → Integrations → Webhooks). Its signing secret is never returned after "
       "creation or rotation.", examples=[EX_WEBHOOK])

    secret_schema = s("The signing secret: `whsec_` followed by the base64 encoding of 32 random bytes. Returned "
                      "**only in this response**: store it now. Sign-check with the UTF-8 bytes of this whole string "
                      "(`X-GA-Webhook-Signature`) or with the base64-decoded part after `whsec_` (Standard Webhooks).",
                      pattern="^whsec_[A-Za-z0-9+/]{43}=$", examples=[EX_WEBHOOK_SECRET])
    sc["WebhookEndpointCreated"] = {
        "allOf": [ref("WebhookEndpoint"), obj({"secret": secret_schema}, ["secret"])],
        "description": "A new endpoint, with its signing secret shown exactly once.",
        "examples": [{**EX_WEBHOOK, "secret": EX_WEBHOOK_SECRET}],
    }

    def endpoint_input(create: bool) -> dict:
        return {
            "url": s("An absolute `https` URL (at most 2048 characters, ASCII, no credentials, no fragment) whose host "
                     "resolves only to public addresses; checked now and again at every attempt. `http` and "
                     "private or loopback targets are accepted only when the server runs with "
                     "`--allow-private-webhook-targets`. Otherwise 422 `validation_failed`, `field: url`.",
                     format="uri", maxLength=2048, examples=[EX_WEBHOOK["url"]]),
            "description": s("Free text for humans." + (" Defaults to empty." if create else ""), maxLength=500,
                             examples=[EX_WEBHOOK["description"]]),
            "event_types": {"type": "array", "items": ref("EventType"), "minItems": 1, "maxItems": 20,
                            "description": ("Event types to deliver: a non-empty subset of the catalog; duplicates "
                                            "are dropped. Otherwise 422 `validation_failed`, `field: event_types`."
                                            + ("" if create else " Replaces the whole list."))},
            "active": {"type": "boolean", "description": (
                "Whether the endpoint receives deliveries. Defaults to true." if create else
                "false pauses deliveries (deliveries still pending then fail); true resumes them and clears "
                "`disabled_reason` after an automatic disable.")},
        }
    sc["WebhookEndpointInput"] = obj(endpoint_input(True), ["url", "event_types"],
                                     "A new webhook endpoint. Null members count as absent.",
                                     additionalProperties=False,
                                     examples=[{k: EX_WEBHOOK[k] for k in ("url", "description", "event_types",
                                                                           "active")}])
    sc["WebhookEndpointUpdate"] = obj(endpoint_input(False), None,
                                      "Any subset of the endpoint's fields; absent or null members keep their value.",
                                      additionalProperties=False,
                                      examples=[{"event_types": ["flight.submitted", "flight.approved",
                                                                 "flight.rejected"]}])

    sc["RotatedSecret"] = all_required({
        "secret": secret_schema,
        "secondary_expires_at": instant("When the previous secret stops being used: 72 hours from now."),
    }, "The endpoint's new signing secret, shown exactly once.", examples=[EX_ROTATED])

    sc["WebhookAttempt"] = all_required({
        "attempt": integer("Attempt number, from 1. Attempts 1–5 are automatic; each console retry of a failed "
                           "delivery adds one more (6, 7, …). Sent as `X-GA-Webhook-Attempt`.", minimum=1),
        "started_at": instant("When the attempt started (also its `X-GA-Webhook-Timestamp`)."),
        "status_code": nullable(integer("HTTP status the receiver answered; null when there was no response "
                                        "(connection error, timeout, refused target).", examples=[200])),
        "latency_ms": integer("Time from the start of the attempt to its end, in milliseconds.", minimum=0),
        "response_excerpt": nullable(s("The first 4 KiB of the response body; null when it was empty.")),
        "error": nullable(s("Why the attempt failed; null when it succeeded.",
                            examples=["HTTP 503", "redirects are not followed (HTTP 301)",
                                      "refused: the target resolves to a non-public address"])),
        "succeeded": {"type": "boolean", "description": "True when the receiver answered 2xx within 10 seconds."},
    }, "One HTTP attempt of a delivery.", examples=[EX_DELIVERY["attempts"][0]])

    sc["WebhookDelivery"] = all_required({
        "id": s("Delivery id, a UUID: the `X-GA-Webhook-Delivery` and `webhook-id` headers of every attempt. Stable "
                "across retries; a replay creates a new delivery with a new id.", format="uuid",
                examples=[EX_DELIVERY["id"]]),
        "object": const("webhook_delivery", "Always `webhook_delivery`."),
        "endpoint_id": s("The endpoint delivered to.", examples=[EX_WEBHOOK["id"]]),
        "event_id": s("The event delivered (`evt_…`).", examples=[EX_EVENT["id"]]),
        "event_type": {**ref("EventType"), "description": "The event's type."},
        "status": s("`pending` while attempts remain, `succeeded` after a 2xx, `failed` after the last attempt "
                    "failed.", enum=DELIVERY_STATUSES),
        "attempt_count": integer("Attempts made so far.", minimum=0),
        "next_attempt_at": nullable(instant("When the next attempt is due, while `pending`; null otherwise.")),
        "created_at": instant("When the delivery was created (with its event, or by a replay)."),
        "updated_at": instant("When the delivery last changed."),
        "attempts": {"type": "array", "items": ref("WebhookAttempt"), "description": "Every attempt, oldest first."},
    }, "The delivery of one event to one endpoint, with every attempt.", examples=[EX_DELIVERY])

    # ---- list envelopes -------------------------------------------------------------------
    for item in ("Pilot", "Aircraft", "Flight", "Event", "WebhookDelivery", "App", "ApiKey", "Installation",
                 "AuditEntry", "WebhookEndpoint"):
        sc[f"{item}List"] = obj({
            "data": {"type": "array", "items": ref(item), "description": "This page of results."},
            "cursor": {"type": ["string", "null"],
                       "description": "Send back as `?cursor=` to get the next page; null on the last page."},
        }, ["data", "cursor"], f"One page of {item} objects.")

    # Order as a reader meets them: public objects first, then errors, then the console's objects.
    first = ["Pilot", "Licence", "Medical", "Aircraft", "Flight", "Event", "EventType", "WebhookTest",
             "MaintenanceAlert", "WebhookDelivery", "WebhookAttempt", "Problem", "ErrorCode", "Scope"]
    return {**{k: sc[k] for k in first}, **{k: v for k, v in sc.items() if k not in first}}


# --------------------------------------------------------------------------------------------
# Headers, parameters, responses
# --------------------------------------------------------------------------------------------

HEADERS = {
    "X-Request-Id": {"description": "Identifier of this request (also `request_id` in problem documents). A "
                                    "short `X-Request-Id` sent by the client (letters, digits, `-_.`, ≤ 100) is kept.",
                     "schema": s(examples=["req_4f3c2b1a0e9d8c7b6a5f4e3d"])},
    "RateLimit-Limit": {"description": "Burst size of the key's token bucket (requests).",
                        "schema": integer(minimum=0, examples=[200])},
    "RateLimit-Remaining": {"description": "Requests left in the bucket right now.",
                            "schema": integer(minimum=0, examples=[199])},
    "RateLimit-Reset": {"description": "Seconds until the bucket is full again.",
                        "schema": integer(minimum=0, examples=[1])},
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": integer(minimum=1, examples=[1])},
    "WWW-Authenticate": {"description": "`Bearer realm=\"gaflight\"` (with `error=\"invalid_token\"` for a bad key).",
                         "schema": s()},
    "Set-Cookie": {"description": "`gaf_session=…; Path=/; HttpOnly; SameSite=Strict; Max-Age=…`; when the server "
                                  "is behind TLS (`--secure-cookies`) the cookie is `__Host-gaf_session=…; Path=/; "
                                  "HttpOnly; SameSite=Strict; Max-Age=…; Secure` and only that name is read. Logout "
                                  "clears it with `Max-Age=0`.", "schema": s()},
    "Allow": {"description": "The methods the path supports.", "schema": s(examples=["GET, POST"])},
}


def hdr(name: str) -> dict:
    return {"$ref": f"#/components/headers/{name}"}


RATE_HEADERS = {"RateLimit-Limit": hdr("RateLimit-Limit"), "RateLimit-Remaining": hdr("RateLimit-Remaining"),
                "RateLimit-Reset": hdr("RateLimit-Reset")}


def param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


PARAMETERS = {
    "XOrgId": {"name": "X-Org-Id", "in": "header", "required": True,
               "description": "The organisation whose data is read: a lower-case hyphenated UUID. The organisation "
                              "must have installed the key's app.",
               "schema": s(format="uuid", examples=[EX_ORG])},
    "Limit": {"name": "limit", "in": "query", "required": False,
              "description": "Page size, 1–200 (default 50). Out of range → 400 `invalid_parameter`.",
              "schema": integer(minimum=1, maximum=200, default=50)},
    "Cursor": {"name": "cursor", "in": "query", "required": False,
               "description": "Opaque cursor from the previous page's `cursor`. Tamper-evident: a forged or foreign "
                              "cursor → 400 `invalid_parameter`. Keep the other parameters unchanged between pages.",
               "schema": s()},
    "UpdatedSince": {"name": "updated_since", "in": "query", "required": False,
                     "description": "Delta sync (see the `Conventions`): only objects changed at or after this "
                                    "RFC 3339 instant, ordered by change (`updated_at`, then `id`, ascending) with "
                                    "their own cursors; records deleted since appear as tombstones "
                                    "`{id, object, deleted: true, updated_at}`. Store the newest `updated_at` you "
                                    "saw and resume from it: no change is ever missed (records of that same second "
                                    "come again; apply them idempotently).",
                     "schema": s(format="date-time", examples=["2026-05-01T00:00:00Z"])},
    "OrgId": {"name": "org_id", "in": "path", "required": True, "description": "Organisation id (UUID).",
              "schema": s(format="uuid")},
    "AppId": {"name": "app_id", "in": "path", "required": True, "description": "App id.", "schema": s()},
    "KeyId": {"name": "key_id", "in": "path", "required": True, "description": "API key id.", "schema": s()},
    "InstallationId": {"name": "installation_id", "in": "path", "required": True, "description": "Installation id.",
                       "schema": s()},
    "PilotId": {"name": "pilot_id", "in": "path", "required": True, "description": "Pilot id (`plt_…`).",
                "schema": s()},
    "AircraftId": {"name": "aircraft_id", "in": "path", "required": True, "description": "Aircraft id (`acft_…`).",
                   "schema": s()},
    "FlightId": {"name": "flight_id", "in": "path", "required": True, "description": "Flight id (`flt_…`).",
                 "schema": s()},
    "WebhookId": {"name": "webhook_id", "in": "path", "required": True, "description": "Webhook endpoint id (`wh_…`).",
                  "schema": s(examples=[EX_WEBHOOK["id"]])},
    "DeliveryId": {"name": "delivery_id", "in": "path", "required": True, "description": "Delivery id (a UUID).",
                   "schema": s(format="uuid", examples=[EX_DELIVERY["id"]])},
    "EventId": {"name": "event_id", "in": "path", "required": True, "description": "Event id (`evt_…`).",
                "schema": s(examples=[EX_EVENT["id"]])},
    "EventTypeFilter": {"name": "type", "in": "query", "required": False, "description": "Only events of this type.",
                        "schema": ref("EventType")},
    "EventsSince": {"name": "updated_since", "in": "query", "required": False,
                    "description": "Only events recorded at or after this RFC 3339 instant, in the order they "
                                   "were committed (oldest first) instead of newest first. Resume from the newest "
                                   "`created_at` you processed and skip ids you have already seen.",
                    "schema": s(format="date-time", examples=["2026-05-28T00:00:00Z"])},
    "DeliveryStatusFilter": {"name": "status", "in": "query", "required": False,
                             "description": "Only deliveries in this status.", "schema": s(enum=DELIVERY_STATUSES)},
    # Headers of a webhook delivery request (the `webhooks` section).
    "WebhookContentType": {"name": "Content-Type", "in": "header", "required": True,
                           "description": "The body is the event envelope, JSON in UTF-8.",
                           "schema": s(const="application/json")},
    "WebhookUserAgent": {"name": "User-Agent", "in": "header", "required": True,
                         "description": "Identifies gaflight's webhook sender.",
                         "schema": s(const="gaflight-webhooks/1")},
    "WebhookDeliveryId": {"name": "X-GA-Webhook-Delivery", "in": "header", "required": True,
                          "description": "The delivery id (UUID): the same on every retry of this delivery; a replay "
                                         "is a new delivery with a new id. Dedupe retries on it.",
                          "schema": s(format="uuid", examples=[EX_DELIVERY["id"]])},
    "WebhookTimestamp": {"name": "X-GA-Webhook-Timestamp", "in": "header", "required": True,
                         "description": "When this attempt was made (RFC 3339 UTC), not when the event happened.",
                         "schema": s(format="date-time", examples=["2026-05-28T12:03:11Z"])},
    "WebhookAttempt": {"name": "X-GA-Webhook-Attempt", "in": "header", "required": True,
                       "description": "Attempt number: 1–5 for the automatic attempts, 6 and up after retries from the "
                                      "console.",
                       "schema": s(pattern="^[1-9][0-9]*$", examples=["1"])},
    "WebhookSignature": {"name": "X-GA-Webhook-Signature", "in": "header", "required": True,
                         "description": "`sha256=` + lower-case hex HMAC-SHA256 of the raw body, keyed with the UTF-8 "
                                        "bytes of the endpoint's (newest) secret string. Compare in constant time.",
                         "schema": s(pattern="^sha256=[0-9a-f]{64}$",
                                     examples=[dict(delivery_headers("flight.approved"))["X-GA-Webhook-Signature"]])},
    "WebhookSignaturePrimary": {"name": "X-GA-Webhook-Signature-Primary", "in": "header", "required": False,
                                "description": "Only during the 72-hour window after a secret rotation: the signature "
                                               "with the new secret (same value as `X-GA-Webhook-Signature`).",
                                "schema": s(pattern="^sha256=[0-9a-f]{64}$")},
    "WebhookSignatureSecondary": {"name": "X-GA-Webhook-Signature-Secondary", "in": "header", "required": False,
                                  "description": "Only during the 72-hour window after a secret rotation: the "
                                                 "signature with the previous secret.",
                                  "schema": s(pattern="^sha256=[0-9a-f]{64}$")},
    "StandardWebhookId": {"name": "webhook-id", "in": "header", "required": True,
                          "description": "Standard Webhooks: the delivery id (same as `X-GA-Webhook-Delivery`).",
                          "schema": s(format="uuid", examples=[EX_DELIVERY["id"]])},
    "StandardWebhookTimestamp": {"name": "webhook-timestamp", "in": "header", "required": True,
                                 "description": "Standard Webhooks: time of this attempt in Unix seconds. Reject "
                                                "deliveries too far from your clock (e.g. ±5 minutes) to stop replays.",
                                 "schema": s(pattern="^[0-9]+$", examples=[str(unix("2026-05-28T12:03:11Z"))])},
    "StandardWebhookSignature": {"name": "webhook-signature", "in": "header", "required": True,
                                 "description": "Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `webhook-id` + `.` + "
                                                "`webhook-timestamp` + `.` + raw body, keyed with the base64-decoded "
                                                "part of the secret after `whsec_`. During a rotation window two "
                                                "signatures separated by a space (new secret first).",
                                 "schema": s(pattern="^v1,[A-Za-z0-9+/]{43}=( v1,[A-Za-z0-9+/]{43}=)*$",
                                             examples=[dict(delivery_headers("flight.approved"))["webhook-signature"]])},
}

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(description: str, codes: list[str], *, rate: bool = False, extra_headers=(),
                     custom_examples=None) -> dict:
    """`custom_examples`, if given: (name, detail, field) triples replacing the generic example of the single
    code in `codes`."""
    headers = {"X-Request-Id": hdr("X-Request-Id")}
    if rate:
        headers.update(RATE_HEADERS)
    for h in extra_headers:
        headers[h] = hdr(h)
    status_of = {c: st for c, st, _, _ in ERROR_CODES}
    title_of = {c: t for c, _, t, _ in ERROR_CODES}
    detail_of = {c: d for c, _, _, d in ERROR_CODES}
    examples = {}
    for c in codes:
        ex = {"type": DOCS_ERRORS_BASE + c, "title": title_of[c], "status": status_of[c],
              "detail": detail_of[c].replace("`", ""), "code": c, "request_id": "req_4f3c2b1a0e9d8c7b6a5f4e3d"}
        if c == "insufficient_scope":
            ex["required_scope"] = "public.flights:read"
        if c in ("invalid_parameter", "validation_failed"):
            ex["field"] = "limit" if c == "invalid_parameter" else "required_scopes[0].justification"
        examples[c] = {"summary": title_of[c], "value": ex}
    if custom_examples:
        (c,) = codes
        examples = {}
        for name, detail, field in custom_examples:
            ex = {"type": DOCS_ERRORS_BASE + c, "title": title_of[c], "status": status_of[c], "detail": detail,
                  "code": c, "request_id": "req_4f3c2b1a0e9d8c7b6a5f4e3d"}
            if field:
                ex["field"] = field
            examples[name] = {"summary": detail, "value": ex}
    return {
        "description": description + " Codes: " + ", ".join(f"`{c}`" for c in codes) + ".",
        "headers": headers,
        "content": {PROBLEM_CONTENT_TYPE: {"schema": ref("Problem"), "examples": examples}},
    }


RESPONSES = {
    # public API
    "PublicBadRequest": problem_response("Missing or malformed `X-Org-Id`, or a bad query parameter or cursor.",
                                         ["invalid_org_id", "invalid_parameter"], rate=True),
    "PublicUnauthorized": problem_response("No valid API key.", ["unauthenticated", "invalid_api_key"],
                                           extra_headers=["WWW-Authenticate"]),
    "PublicForbidden": problem_response("The organisation has not installed the key's app, or the required scope "
                                        "is missing (`required_scope` names it).",
                                        ["org_not_authorized", "insufficient_scope"], rate=True),
    "PublicNotFound": problem_response("No such object in this organisation.", ["not_found"], rate=True),
    "PublicNotAcceptable": problem_response(
        "The `Accept` header excludes `application/json` (and, on the exportable lists, `application/x-ndjson` and "
        "`text/csv`).", ["not_acceptable"], rate=True),
    "PublicRateLimited": problem_response("The key's rate limit is exhausted.", ["rate_limited"], rate=True,
                                          extra_headers=["Retry-After"]),
    "PublicReplayLimited": problem_response(
        "The key's rate limit is exhausted, or this event was replayed less than 60 seconds ago (by any key or the "
        "console). Wait for `Retry-After` seconds.", ["rate_limited"], rate=True, extra_headers=["Retry-After"],
        custom_examples=[("key_limit", "Too many requests", None),
                         ("replay_cooldown", "This event was replayed less than 60 seconds ago; try again later.",
                          None)]),
    # console API
    "BadRequest": problem_response("Malformed JSON body or bad query parameter.", ["invalid_json", "invalid_parameter"]),
    "NotLoggedIn": problem_response("No valid console session.", ["not_logged_in"]),
    "Forbidden": problem_response("CSRF check failed (missing or wrong `X-CSRF-Token`, or a foreign `Origin`), or "
                                  "the user's role does not allow this.",
                                  ["csrf_failed", "forbidden"]),
    "ForbiddenRead": problem_response("The user's role in this organisation does not allow this.", ["forbidden"]),
    "NotFound": problem_response("No such organisation (or the user is not a member of it), or no such object in "
                                 "it.", ["not_found"]),
    "Conflict": problem_response("The object's current state does not allow this.", ["conflict"]),
    "PayloadTooLarge": problem_response("The request body is too large.", ["payload_too_large"]),
    "ReplayLimited": problem_response(
        "This event was replayed less than 60 seconds ago (from the console or the public API). Wait for "
        "`Retry-After` seconds.", ["rate_limited"], extra_headers=["Retry-After"],
        custom_examples=[("replay_cooldown", "This event was replayed less than 60 seconds ago; try again later.",
                          None)]),
    "UnsupportedMediaType": problem_response("The body is not `application/json`.", ["unsupported_media_type"]),
    "ValidationFailed": problem_response("A body field is missing or invalid; `field` names it.",
                                         ["validation_failed"]),
    "Unavailable": problem_response("Not ready.", ["unavailable"]),
    "DatabaseUnavailable": problem_response(
        "The database is temporarily unavailable (busy, locked by another process, disk full, or an I/O error). "
        "Nothing was written; the same request succeeds once the fault clears.", ["unavailable"],
        extra_headers=["Retry-After"],
        custom_examples=[("unavailable", "The database is temporarily unavailable; retry later.", None)]),
    # webhooks
    "WebhookValidationFailed": problem_response(
        "A body field is invalid; `field` names it. `url`: not `https`, malformed, does not resolve, or resolves to "
        "a non-public address (SSRF protection). `event_types`: empty or naming an unknown type.",
        ["validation_failed"], custom_examples=[
            ("url_https", "Webhook URLs must use https.", "url"),
            ("url_private", "The URL host resolves to a private address; webhook targets must be public.", "url"),
            ("event_types", "Unknown event type 'flight.updated'.", "event_types"),
        ]),
    "DeliveryNotFailed": problem_response(
        "Only a `failed` delivery can be retried.", ["conflict"],
        custom_examples=[("conflict", "Only a failed delivery can be retried (this one is succeeded).", None)]),
}


def rsp(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


# --------------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------------

SEC_PUBLIC = [{"bearerAuth": []}]
SEC_SESSION = [{"sessionCookie": []}]
SEC_SESSION_CSRF = [{"sessionCookie": [], "csrfToken": []}]
SEC_NONE: list = []


_SCHEMA_EXAMPLES = {name: sch.get("examples", [None])[0] for name, sch in schemas().items()}


def json_content(schema_name: str, example=None) -> dict:
    media: dict = {"schema": ref(schema_name)}
    # Only when it adds something: the schema's own first example already documents the plain object.
    if example is not None and example != _SCHEMA_EXAMPLES.get(schema_name):
        media["example"] = example
    return {"application/json": media}


def ok(description: str, schema_name: str, example=None, *, public: bool = False, status_headers=None) -> dict:
    headers = {"X-Request-Id": hdr("X-Request-Id")}
    if public:
        headers.update(RATE_HEADERS)
    for h in status_headers or ():
        headers[h] = hdr(h)
    return {"description": description, "headers": headers, "content": json_content(schema_name, example)}


def no_content(description: str) -> dict:
    return {"description": description, "headers": {"X-Request-Id": hdr("X-Request-Id")}}


def body(schema_name: str, description: str = "") -> dict:
    out = {"required": True, "content": {"application/json": {"schema": ref(schema_name)}}}
    if description:
        out["description"] = description
    return out


# ---- public API ---------------------------------------------------------------------------

PUBLIC_LIST_TAIL = (
    "\n\nPaginate by sending back `cursor` until it is null. Unknown query parameters are rejected with 400 "
    "`invalid_parameter`.")


FLIGHT_FILTERS = [
    {"name": "status", "in": "query", "required": False, "description": "Only flights in this review status.",
     "schema": s(enum=FLIGHT_STATUSES)},
    {"name": "from", "in": "query", "required": False,
     "description": "Only flights on or after this date (inclusive, on the flight `date`). Must not be after `to`.",
     "schema": s(format="date", examples=["2026-05-01"])},
    {"name": "to", "in": "query", "required": False,
     "description": "Only flights on or before this date (inclusive, on the flight `date`).",
     "schema": s(format="date", examples=["2026-05-31"])},
    {"name": "pilot_id", "in": "query", "required": False, "description": "Only flights of this pilot (a `plt_` id).",
     "schema": s(examples=[EX_PILOT["id"]])},
    {"name": "aircraft_id", "in": "query", "required": False,
     "description": "Only flights on this aircraft (an `acft_` id).", "schema": s(examples=[EX_AIRCRAFT["id"]])},
]


def public_ops() -> dict:
    paths: dict = {}
    resources = [
        # path, tag, scope, schema, object word, list op id, get op id, order text, example, extra filters
        ("pilots", "Public: Pilots", "public.pilots:read", "Pilot", "pilot", "listPilots", "getPilot",
         "Ordered by `id` ascending, i.e. creation order.", EX_PILOT, []),
        ("flights", "Public: Flights", "public.flights:read", "Flight", "flight", "listFlights", "getFlight",
         "Ordered by `date` descending, then `id` descending (newest first).", EX_FLIGHT, FLIGHT_FILTERS),
        ("fleet", "Public: Fleet", "public.fleet:read", "Aircraft", "aircraft", "listFleet", "getAircraft",
         "Ordered by `id` ascending, i.e. creation order.", EX_AIRCRAFT, []),
    ]
    for path, tag, scope, schema, word, list_id, get_id, order, example, filters in resources:
        plural = "aircraft" if word == "aircraft" else word + "s"
        errors_list = {"400": rsp("PublicBadRequest"), "401": rsp("PublicUnauthorized"),
                       "403": rsp("PublicForbidden"), "429": rsp("PublicRateLimited")}
        paths[f"/api/v1/public/{path}"] = {"get": {
            "operationId": list_id,
            "summary": f"List {plural}",
            "description": f"Lists the organisation's {plural}. {order}\n\nRequired scope: `{scope}`."
                           + PUBLIC_LIST_TAIL,
            "tags": [tag],
            "security": SEC_PUBLIC,
            "x-required-scope": scope,
            "parameters": [param("XOrgId"), param("Limit"), param("Cursor"), param("UpdatedSince")] + filters,
            "responses": {"200": ok(f"A page of {plural}.", f"{schema}List", page(example), public=True),
                          **errors_list},
        }}
        paths[f"/api/v1/public/{path}/{{id}}"] = {"get": {
            "operationId": get_id,
            "summary": f"Get {'an' if word[0] in 'aeiou' else 'a'} {word}",
            "description": f"Returns one {word} by id.\n\nRequired scope: `{scope}`.",
            "tags": [tag],
            "security": SEC_PUBLIC,
            "x-required-scope": scope,
            "parameters": [param("XOrgId"),
                           {"name": "id", "in": "path", "required": True, "description": f"The {word}'s id.",
                            "schema": s(examples=[example["id"]])}],
            "responses": {"200": ok(f"The {word}.", schema, example, public=True), **errors_list,
                          "404": rsp("PublicNotFound")},
        }}

    # Events (SPEC §4): a feed to poll, and replay to the organisation's webhook endpoints.
    scope = "public.events:read"
    errors = {"400": rsp("PublicBadRequest"), "401": rsp("PublicUnauthorized"), "403": rsp("PublicForbidden"),
              "429": rsp("PublicRateLimited")}
    event_id = {"name": "id", "in": "path", "required": True, "description": "The event's id (`evt_…`).",
                "schema": s(examples=[EX_EVENT["id"]])}

    def events_op(op_id, summary, description, params, responses, method="get"):
        return {method: {"operationId": op_id, "summary": summary,
                         "description": description + f"\n\nRequired scope: `{scope}`.",
                         "tags": ["Public: Events"], "security": SEC_PUBLIC, "x-required-scope": scope,
                         "parameters": [param("XOrgId"), *params],
                         "responses": dict(sorted({**errors, **responses}.items()))}}

    paths["/api/v1/public/events"] = events_op(
        "listEvents", "List events",
        "Lists the organisation's events, newest first (by `id`, a ULID, descending). Each item is the event "
        "envelope exactly as webhook endpoints receive it. Events are kept for at least 30 days. Without webhooks, "
        "poll this list with `updated_since` set to the `created_at` of the newest event you have processed, and "
        "skip ids you have already seen." + PUBLIC_LIST_TAIL,
        [param("Limit"), param("Cursor"), param("EventTypeFilter"), param("EventsSince")],
        {"200": ok("A page of events.", "EventList",
                   {"data": [EX_EVENT, EX_EVENTS["flight.submitted"]],
                    "cursor": "eyJrIjoiZXZ0XzAxSlozS0I0VzZYOFkwWjJBNEM2RThHMEoyIn0.Tk4f"}, public=True)})
    paths["/api/v1/public/events/{id}"] = events_op(
        "getEvent", "Get an event", "Returns one event: the envelope exactly as it is delivered.", [event_id],
        {"200": ok("The event.", "Event", EX_EVENT, public=True), "404": rsp("PublicNotFound")})
    paths["/api/v1/public/events/{id}/replay"] = events_op(
        "replayEvent", "Replay an event",
        "Re-sends the event to every **active** endpoint of the organisation that currently subscribes to its type, "
        "as new deliveries: new delivery ids (`X-GA-Webhook-Delivery`), the same event `id` and the identical body. "
        "Answers 202 with the deliveries created, all `pending`, in `data` (empty when no endpoint subscribes); "
        "`cursor` is always null. Receivers dedupe replays on the event `id`.\n\n"
        "An event can be replayed **once per 60 seconds** (shared by every key and the console, and by every "
        "server process): a replay within that time answers 429 `rate_limited` with `Retry-After` and creates "
        "nothing, so a key cannot multiply deliveries to the organisation's receivers.",
        [event_id],
        {"202": ok("Replay queued.", "WebhookDeliveryList", {"data": [EX_DELIVERY_REPLAYED], "cursor": None},
                   public=True),
         "404": rsp("PublicNotFound"), "429": rsp("PublicReplayLimited")}, method="post")
    return paths


# ---- console API --------------------------------------------------------------------------

C = "/api/v1/console"
O = C + "/orgs/{org_id}"


def console_op(op_id: str, summary: str, description: str, tag: str, responses: dict, *,
               mutating: bool, params=(), request=None, session: bool = True) -> dict:
    op: dict = {"operationId": op_id, "summary": summary, "description": description, "tags": [tag]}
    if not session:
        op["security"] = SEC_NONE
    else:
        op["security"] = SEC_SESSION_CSRF if mutating else SEC_SESSION
    if params:
        op["parameters"] = list(params)
    if request is not None:
        op["requestBody"] = request
    errs: dict = {}
    if request is not None:
        errs["400"] = rsp("BadRequest")
    elif any(p.get("$ref", "").endswith(("Limit", "Cursor")) for p in params):
        errs["400"] = rsp("BadRequest")
    if session:
        errs["401"] = rsp("NotLoggedIn")
        errs["403"] = rsp("Forbidden") if mutating else rsp("ForbiddenRead")
    if any(p.get("$ref", "").endswith("Id") for p in params):
        errs["404"] = rsp("NotFound")
    if request is not None:
        errs["413"] = rsp("PayloadTooLarge")
        errs["415"] = rsp("UnsupportedMediaType")
        errs["422"] = rsp("ValidationFailed")
    merged = {**responses, **{k: v for k, v in errs.items() if k not in responses}}
    op["responses"] = dict(sorted(merged.items()))
    return op


CONSOLE_LIST_TAIL = "\n\nPaginated with `limit` and `cursor`; the response is `{data, cursor}`."
PAGE = [param("Limit"), param("Cursor")]


def console_ops() -> dict:
    org = param("OrgId")
    app = param("AppId")
    p: dict = {}

    # Session
    p[C + "/login"] = {"post": console_op(
        "consoleLogin", "Log in",
        "Checks email and password and starts a session: sets the HttpOnly `gaf_session` cookie (`__Host-gaf_session`, "
        "`Secure`, behind TLS) and returns the CSRF token to echo in `X-CSRF-Token` on every state-changing request. "
        "Failed logins are throttled (429 `login_throttled`): 5 per account from one client address in 15 minutes "
        "(a lockout from one address does not block the account elsewhere), 50 per address in 15 minutes, and 100 "
        "per account from anywhere in an hour.", "Console: Session",
        {"200": ok("Logged in.", "Session", EX_SESSION, status_headers=["Set-Cookie"]),
         "401": problem_response("Wrong email or password.", ["invalid_credentials"]),
         "429": problem_response("Too many failed logins.", ["login_throttled"], extra_headers=["Retry-After"])},
        mutating=True, request=body("LoginRequest"), session=False)}
    p[C + "/logout"] = {"post": console_op(
        "consoleLogout", "Log out", "Ends the session and clears the cookie.", "Console: Session",
        {"204": {**no_content("Logged out."), "headers": {"X-Request-Id": hdr("X-Request-Id"),
                                                           "Set-Cookie": hdr("Set-Cookie")}}},
        mutating=True)}
    p[C + "/me"] = {"get": console_op(
        "consoleMe", "Current session", "Returns the signed-in user, their organisations and the session's CSRF "
        "token (use it after a page reload).", "Console: Session",
        {"200": ok("The session.", "Session", EX_SESSION)}, mutating=False)}

    # Organisations
    p[C + "/orgs"] = {"post": console_op(
        "createOrganisation", "Create an organisation",
        "Creates an organisation; the signed-in user becomes its `owner`.", "Console: Organisations",
        {"201": ok("Created.", "Organisation", EX_ORGANISATION)}, mutating=True, request=body("OrganisationCreate"))}
    p[O] = {"get": console_op(
        "getOrganisation", "Get an organisation", "Returns an organisation the user is a member of.",
        "Console: Organisations", {"200": ok("The organisation.", "Organisation", EX_ORGANISATION)},
        mutating=False, params=[org])}

    # Apps
    p[O + "/apps"] = {
        "get": console_op("listApps", "List apps", "Lists the apps this organisation builds, oldest first."
                          + CONSOLE_LIST_TAIL, "Console: Apps",
                          {"200": ok("A page of apps.", "AppList", page(EX_APP, None))}, mutating=False,
                          params=[org, *PAGE]),
        "post": console_op("createApp", "Create an app",
                           "Creates a `draft` app. Each required scope must come from the catalog and carry a "
                           "justification of at least 40 characters (after trimming); otherwise 422 "
                           "`validation_failed` with `field` naming the offending entry. Requires the `owner`, "
                           "`admin` or `developer` role. Audited.", "Console: Apps",
                           {"201": ok("Created.", "App", {**EX_APP, "status": "draft", "activated_at": None})},
                           mutating=True, params=[org], request=body("AppCreate")),
    }
    p[O + "/apps/{app_id}"] = {
        "get": console_op("getApp", "Get an app", "Returns one app.", "Console: Apps",
                          {"200": ok("The app.", "App", EX_APP)}, mutating=False, params=[org, app]),
        "patch": console_op("updateApp", "Update an app",
                            "Changes any of `name`, `description`, `homepage_url`, `required_scopes`. An active app "
                            "stays active. A revoked app cannot be changed (409). Scope changes are audited.",
                            "Console: Apps", {"200": ok("The updated app.", "App", EX_APP),
                                              "409": rsp("Conflict")},
                            mutating=True, params=[org, app], request=body("AppUpdate")),
    }
    p[C + "/apps/{app_id}"] = {"get": console_op(
        "getPublishedApp", "Read an active app before installing it",
        "Returns any organisation's **active** app — name, description, homepage and each required scope with "
        "its justification — so that an installer sees why the app asks for each scope before granting it. Any "
        "signed-in user may read it; drafts and revoked apps → 404.", "Console: Installations",
        {"200": ok("The app.", "App", EX_APP), "404": rsp("NotFound")}, mutating=False, params=[app])}
    p[O + "/apps/{app_id}/activate"] = {"post": console_op(
        "activateApp", "Activate an app", "Moves a `draft` app to `active`, so it can mint keys and be installed. "
        "Only a draft can be activated (otherwise 409). Audited.", "Console: Apps",
        {"200": ok("The active app.", "App", EX_APP), "409": rsp("Conflict")}, mutating=True, params=[org, app])}
    p[O + "/apps/{app_id}/revoke"] = {"post": console_op(
        "revokeApp", "Revoke an app", "Permanently revokes a draft or active app (an already revoked app → 409). In "
        "one transaction every key of the app becomes `revoked` and every installation `uninstalled`; requests with "
        "its keys fail at once with `invalid_api_key`. Audited.", "Console: Apps",
        {"200": ok("The revoked app.", "App", {**EX_APP, "status": "revoked", "revoked_at": "2026-06-01T09:00:00Z"}),
         "409": rsp("Conflict")}, mutating=True, params=[org, app])}

    # Keys
    p[O + "/apps/{app_id}/keys"] = {
        "get": console_op("listApiKeys", "List an app's keys", "Lists the app's API keys (never their tokens), "
                          "oldest first." + CONSOLE_LIST_TAIL, "Console: Keys",
                          {"200": ok("A page of keys.", "ApiKeyList", page(EX_KEY, None))}, mutating=False,
                          params=[org, app, *PAGE]),
        "post": console_op("mintApiKey", "Mint a key",
                           "Mints a new API key for an **active** app (a draft or revoked app → 409). The response "
                           "carries the full `token` **exactly once**; the server keeps only its SHA-256 hash. "
                           "Audited.", "Console: Keys",
                           {"201": ok("Minted. Store `token` now.", "ApiKeyWithToken"), "409": rsp("Conflict")},
                           mutating=True, params=[org, app], request=body("ApiKeyCreate")),
    }
    p[O + "/apps/{app_id}/keys/{key_id}"] = {"delete": console_op(
        "revokeApiKey", "Revoke a key", "Revokes one key at once, without touching the app's other keys. A key "
        "already revoked → 409. Audited.", "Console: Keys",
        {"200": ok("The revoked key.", "ApiKey", {**EX_KEY, "status": "revoked", "revoked_at": "2026-06-01T09:00:00Z",
                                                  "updated_at": "2026-06-01T09:00:00Z"}),
         "409": rsp("Conflict")}, mutating=True, params=[org, app, param("KeyId")])}

    # Installations
    p[O + "/installations"] = {
        "get": console_op("listInstallations", "List installations",
                          "Lists the apps this organisation has installed (including its own apps' implicit "
                          "installations), oldest first." + CONSOLE_LIST_TAIL, "Console: Installations",
                          {"200": ok("A page of installations.", "InstallationList", page(EX_INSTALLATION, None))},
                          mutating=False, params=[org, *PAGE]),
        "post": console_op("createInstallation", "Install an app",
                           "Grants an active app access to this organisation's data with a non-empty subset of the "
                           "app's required scopes. An app that is already installed, or built by this organisation "
                           "(implicitly installed with all its scopes) → 409; an app that is not active → 422. "
                           "Audited.",
                           "Console: Installations",
                           {"201": ok("Installed.", "Installation", EX_INSTALLATION), "409": rsp("Conflict")},
                           mutating=True, params=[org], request=body("InstallationCreate")),
    }
    p[O + "/installations/{installation_id}"] = {"delete": console_op(
        "deleteInstallation", "Uninstall an app", "Marks the installation `uninstalled`; the app's keys lose access "
        "to this organisation at once. An installation already removed → 409. Audited.", "Console: Installations",
        {"200": ok("The uninstalled installation.", "Installation",
                   {**EX_INSTALLATION, "status": "uninstalled", "uninstalled_at": "2026-06-01T09:00:00Z",
                    "updated_at": "2026-06-01T09:00:00Z"}),
         "409": rsp("Conflict")},
        mutating=True, params=[org, param("InstallationId")])}

    # Operations: pilots, fleet, flights
    for seg, tag, schema, word, plural, id_param, ex, list_order in (
            ("pilots", "Console: Pilots", "Pilot", "pilot", "pilots", "PilotId", EX_PILOT, "by `id` ascending"),
            ("fleet", "Console: Fleet", "Aircraft", "aircraft", "aircraft", "AircraftId", EX_AIRCRAFT,
             "by `id` ascending")):
        name = word.capitalize() if word != "aircraft" else "Aircraft"
        list_id = "listConsolePilots" if seg == "pilots" else "listConsoleFleet"
        pid = "{pilot_id}" if seg == "pilots" else "{aircraft_id}"
        p[f"{O}/{seg}"] = {
            "get": console_op(list_id, f"List {plural}", f"Lists the organisation's {plural}, {list_order}."
                              + CONSOLE_LIST_TAIL, tag,
                              {"200": ok(f"A page of {plural}.", f"{schema}List", page(ex, None))},
                              mutating=False, params=[org, *PAGE, param("UpdatedSince")]),
            "post": console_op(f"createConsole{name}", f"Create {'an' if word[0] in 'aeiou' else 'a'} {word}",
                               f"Adds {'an' if word[0] in 'aeiou' else 'a'} {word}. Requires the `owner` or `admin` "
                               "role." + (" The registration must be unique in the organisation (409)."
                                          if seg == "fleet" else ""), tag,
                               {"201": ok("Created.", schema, ex), **({"409": rsp("Conflict")} if seg == "fleet"
                                                                      else {})},
                               mutating=True, params=[org], request=body(f"{schema}Create")),
        }
        p[f"{O}/{seg}/{pid}"] = {
            "get": console_op(f"getConsole{name}", f"Get {'an' if word[0] in 'aeiou' else 'a'} {word}",
                              f"Returns one {word}.", tag, {"200": ok(f"The {word}.", schema, ex)}, mutating=False,
                              params=[org, param(id_param)]),
            "patch": console_op(f"updateConsole{name}", f"Update {'an' if word[0] in 'aeiou' else 'a'} {word}",
                                f"Changes any subset of the {word}'s fields. Requires the `owner` or `admin` role.",
                                tag, {"200": ok(f"The updated {word}.", schema, ex),
                                      **({"409": rsp("Conflict")} if seg == "fleet" else {})},
                                mutating=True, params=[org, param(id_param)], request=body(f"{schema}Update")),
        }

    fid = param("FlightId")
    p[O + "/flights"] = {
        "get": console_op("listConsoleFlights", "List flights",
                          "Lists the organisation's flights by `date` descending, then `id` descending. Filter with "
                          "`status=submitted` for the approval queue." + CONSOLE_LIST_TAIL, "Console: Flights",
                          {"200": ok("A page of flights.", "FlightList", page(EX_FLIGHT, None))}, mutating=False,
                          params=[org, *PAGE, param("UpdatedSince"), *FLIGHT_FILTERS]),
        "post": console_op("submitFlight", "Submit a flight",
                           "Records a flight as `submitted` for review and emits `flight.submitted`. `block_min` and "
                           "`air_min` are computed from the four instants, which must be in order "
                           "(off-block ≤ takeoff < landing ≤ on-block). Any member may submit.", "Console: Flights",
                           {"201": ok("Submitted.", "Flight", {**EX_FLIGHT, "status": "submitted", "reviewed_by": None,
                                                               "reviewed_at": None})},
                           mutating=True, params=[org], request=body("FlightCreate")),
    }
    p[O + "/flights/{flight_id}"] = {"get": console_op(
        "getConsoleFlight", "Get a flight", "Returns one flight.", "Console: Flights",
        {"200": ok("The flight.", "Flight", EX_FLIGHT)}, mutating=False, params=[org, fid])}
    p[O + "/flights/{flight_id}/approve"] = {"post": console_op(
        "approveFlight", "Approve a flight", "Approves a `submitted` flight and emits `flight.approved`. Requires "
        "the `owner`, `admin` or `instructor` role. A flight already reviewed → 409.", "Console: Flights",
        {"200": ok("The approved flight.", "Flight", EX_FLIGHT), "409": rsp("Conflict")},
        mutating=True, params=[org, fid])}
    p[O + "/flights/{flight_id}/reject"] = {"post": console_op(
        "rejectFlight", "Reject a flight", "Rejects a `submitted` flight with a reason and emits `flight.rejected`. "
        "Requires the `owner`, `admin` or `instructor` role. A flight already reviewed → 409.", "Console: Flights",
        {"200": ok("The rejected flight.", "Flight",
                   {**EX_FLIGHT, "status": "rejected",
                    "rejection_reason": "Hobbs end does not match the aircraft meter; please correct and resubmit."}),
         "409": rsp("Conflict")},
        mutating=True, params=[org, fid], request=body("FlightReject"))}

    # Webhooks (Settings → Integrations → Webhooks) and events
    wh = param("WebhookId")
    tag_wh, tag_ev = "Console: Webhooks", "Console: Events"
    roles = " Requires the `owner`, `admin` or `developer` role."
    p[O + "/webhooks"] = {
        "get": console_op("listWebhookEndpoints", "List webhook endpoints",
                          "Lists the organisation's webhook endpoints, oldest first (by `id`). Secrets are never "
                          "returned." + roles + CONSOLE_LIST_TAIL, tag_wh,
                          {"200": ok("A page of endpoints.", "WebhookEndpointList", page(EX_WEBHOOK, None))},
                          mutating=False, params=[org, *PAGE]),
        "post": console_op("createWebhookEndpoint", "Create a webhook endpoint",
                           "Creates an endpoint and generates its signing secret (`whsec_` + base64 of 32 random "
                           "bytes), returned in `secret` **exactly once**; the server keeps it encrypted with "
                           "AES-256-GCM. `url` must be `https` and resolve only to public addresses (unless the "
                           "server runs with `--allow-private-webhook-targets`), else 422 `validation_failed` with "
                           "`field: url`; `event_types` must be a non-empty subset of the catalog, else 422 with "
                           "`field: event_types`. `active` defaults to true." + roles + " Audited "
                           "(`webhook.created`).", tag_wh,
                           {"201": ok("Created. Store `secret` now.", "WebhookEndpointCreated"),
                            "422": rsp("WebhookValidationFailed")},
                           mutating=True, params=[org], request=body("WebhookEndpointInput")),
    }
    p[O + "/webhooks/{webhook_id}"] = {
        "get": console_op("getWebhookEndpoint", "Get a webhook endpoint", "Returns one endpoint (never its secret)."
                          + roles, tag_wh, {"200": ok("The endpoint.", "WebhookEndpoint", EX_WEBHOOK)},
                          mutating=False, params=[org, wh]),
        "patch": console_op("updateWebhookEndpoint", "Update a webhook endpoint",
                            "Changes any of `url`, `description`, `event_types` and `active`, with the same rules as "
                            "on creation; absent or null members keep their value. `active: false` pauses the "
                            "endpoint (deliveries still pending then fail); `active: true` resumes it and clears "
                            "`disabled_reason` after an automatic disable." + roles + " Audited (`webhook.updated`).",
                            tag_wh,
                            {"200": ok("The updated endpoint.", "WebhookEndpoint",
                                       {**EX_WEBHOOK, "event_types": ["flight.submitted", "flight.approved",
                                                                      "flight.rejected"],
                                        "updated_at": "2026-05-30T08:00:00Z"}),
                             "422": rsp("WebhookValidationFailed")},
                            mutating=True, params=[org, wh], request=body("WebhookEndpointUpdate")),
        "delete": console_op("deleteWebhookEndpoint", "Delete a webhook endpoint",
                             "Deletes the endpoint and destroys its secrets: it receives nothing more and deliveries "
                             "still pending fail. It is then 404 everywhere." + roles + " Audited "
                             "(`webhook.deleted`).", tag_wh, {"204": no_content("Deleted.")},
                             mutating=True, params=[org, wh]),
    }
    p[O + "/webhooks/{webhook_id}/rotate-secret"] = {"post": console_op(
        "rotateWebhookSecret", "Rotate the signing secret",
        "Generates a new secret, returned **exactly once**, and keeps the previous one for a 72-hour grace window "
        "(`secondary_expires_at`). During the window every delivery is signed with both: `X-GA-Webhook-Signature` "
        "and `X-GA-Webhook-Signature-Primary` carry the new secret's signature, `X-GA-Webhook-Signature-Secondary` the "
        "previous one's, and `webhook-signature` lists both. After it the previous secret is gone. Rotating again "
        "within a window drops the oldest secret at once." + roles + " Audited (`webhook.secret_rotated`).", tag_wh,
        {"200": ok("Rotated. Store `secret` now.", "RotatedSecret")}, mutating=True, params=[org, wh])}
    p[O + "/webhooks/{webhook_id}/test"] = {"post": console_op(
        "sendWebhookTest", "Send a test event",
        "Records a `webhook.test` event and queues one delivery of it to this endpoint only, whatever event types "
        "it subscribes to. Answers 202 with the `pending` delivery; list the deliveries to see the outcome. The test "
        "of an inactive endpoint fails (`the endpoint was disabled or deleted`)." + roles, tag_wh,
        {"202": ok("Queued.", "WebhookDelivery", EX_DELIVERY_TEST)}, mutating=True, params=[org, wh])}
    p[O + "/webhooks/{webhook_id}/deliveries"] = {"get": console_op(
        "listWebhookDeliveries", "List an endpoint's deliveries",
        "Lists the endpoint's deliveries, newest first (by `created_at`, then `id`), each with every attempt: "
        "status code, latency, the first 4 KiB of the response body and the error." + roles + CONSOLE_LIST_TAIL,
        tag_wh, {"200": ok("A page of deliveries.", "WebhookDeliveryList",
                           {"data": [EX_DELIVERY, EX_DELIVERY_FAILED], "cursor": None})},
        mutating=False, params=[org, wh, *PAGE, param("DeliveryStatusFilter")])}
    p[O + "/webhooks/{webhook_id}/deliveries/{delivery_id}/retry"] = {"post": console_op(
        "retryWebhookDelivery", "Retry a failed delivery",
        "Queues one more attempt of a `failed` delivery, due at once: same delivery id, same body, the attempt "
        "number continuing after the previous ones (6, 7, …). The delivery is `pending` again and ends `succeeded` "
        "or `failed` after that single attempt. A delivery that is not `failed` → 409." + roles, tag_wh,
        {"202": ok("Queued.", "WebhookDelivery", EX_DELIVERY_RETRIED), "409": rsp("DeliveryNotFailed")},
        mutating=True, params=[org, wh, param("DeliveryId")])}

    p[O + "/events"] = {"get": console_op(
        "listConsoleEvents", "List events",
        "Lists the organisation's events, newest first (by `id` descending): the same feed as "
        "`GET /api/v1/public/events`. Events are kept for at least 30 days." + roles + CONSOLE_LIST_TAIL, tag_ev,
        {"200": ok("A page of events.", "EventList", page(EX_EVENT, None))}, mutating=False,
        params=[org, *PAGE, param("EventTypeFilter"), param("EventsSince")])}
    p[O + "/events/{event_id}/replay"] = {"post": console_op(
        "replayConsoleEvent", "Replay an event",
        "Re-sends the event to every **active** endpoint that currently subscribes to its type, as new deliveries "
        "(new delivery ids, the same event `id` and body). Answers 202 with the deliveries created (`data` is empty "
        "when no endpoint subscribes); `cursor` is always null. An event can be replayed once per 60 seconds "
        "(shared with the public API): sooner answers 429 `rate_limited` with `Retry-After`." + roles, tag_ev,
        {"202": ok("Replay queued.", "WebhookDeliveryList", {"data": [EX_DELIVERY_REPLAYED], "cursor": None}),
         "429": rsp("ReplayLimited")},
        mutating=True, params=[org, param("EventId")])}

    # Audit
    p[O + "/audit-log"] = {"get": console_op(
        "listAuditLog", "List the audit log",
        "Lists the organisation's credential-related actions, newest first. Append-only. Requires the `owner`, "
        "`admin` or `developer` role." + CONSOLE_LIST_TAIL, "Console: Audit",
        {"200": ok("A page of audit entries.", "AuditEntryList", page(EX_AUDIT, None))}, mutating=False,
        params=[org, *PAGE])}
    return p


# ---- operational endpoints ----------------------------------------------------------------

def operational_ops() -> dict:
    def op(op_id, summary, description, responses):
        return {"get": {"operationId": op_id, "summary": summary, "description": description,
                        "tags": ["Operations"], "security": SEC_NONE, "responses": responses}}

    return {
        "/healthz": op("healthz", "Liveness", "200 while the process is up; does not touch the database.",
                       {"200": ok("Alive.", "Health", {"status": "ok"})}),
        "/readyz": op("readyz", "Readiness", "200 when the database is reachable and migrations are current, "
                      "otherwise 503. Load balancers should route only to ready instances.",
                      {"200": ok("Ready.", "Health", {"status": "ready"}), "503": rsp("Unavailable")}),
        "/metrics": op("metrics", "Prometheus metrics",
                       "Request counters (`gaflight_http_requests_total`, by method, route template and status) "
                       "and latency histograms (`gaflight_http_request_duration_seconds`, by route), among others, in "
                       "the Prometheus text exposition format.",
                       {"200": {"description": "Metrics.", "headers": {"X-Request-Id": hdr("X-Request-Id")},
                                "content": {"text/plain": {"schema": s(), "example":
                                            "# HELP gaflight_http_requests_total HTTP requests by method, route "
                                            "template and status.\n"
                                            "# TYPE gaflight_http_requests_total counter\n"
                                            "gaflight_http_requests_total{method=\"GET\","
                                            "route=\"/api/v1/public/pilots\",status=\"200\"} 42\n"}}}}),
        "/api/v1/openapi.json": op("getOpenApiDocument", "This OpenAPI document",
                                   "The OpenAPI 3.1 description of the whole HTTP surface (this document).",
                                   {"200": {"description": "The document.",
                                            "headers": {"X-Request-Id": hdr("X-Request-Id")},
                                            "content": {"application/json": {"schema": {"type": "object"}}}}}),
        "/docs": op("getApiReference", "API reference page",
                    "A human-readable rendering of this document (HTML; assets at `/docs/docs.js` and "
                    "`/docs/docs.css`).",
                    {"200": {"description": "The page.", "headers": {"X-Request-Id": hdr("X-Request-Id")},
                             "content": {"text/html": {"schema": s()}}}}),
        "/docs/{asset}": static_op("getApiReferenceAsset", "API reference page asset",
                                   "A static asset of the reference page (`docs.js`, `docs.css`). Plain file names "
                                   "only; anything else is 404."),
        "/": static_op("getConsole", "Web console",
                       "The console's single page (HTML with a strict Content-Security-Policy and no inline "
                       "scripts). Before the console is installed it answers a small JSON pointer to `/docs`."),
        "/console/{asset}": static_op("getConsoleAsset", "Web console asset",
                                      "A static asset of the console (scripts, styles, message catalogs). Plain file "
                                      "names only; anything else is 404."),
    }


def static_op(op_id, summary, description):
    params = []
    if op_id.endswith("Asset"):
        params = [{"name": "asset", "in": "path", "required": True, "description": "File name.",
                   "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"}}]
    return {"get": {"operationId": op_id, "summary": summary, "description": description, "tags": ["Operations"],
                    "security": SEC_NONE, "parameters": params,
                    "responses": {"200": {"description": "The file.",
                                          "headers": {"X-Request-Id": hdr("X-Request-Id")},
                                          "content": {"text/html": {"schema": s()}}},
                                  "404": rsp("NotFound")}}}


# ---- webhooks (requests gaflight sends) ------------------------------------------------------

WEBHOOK_HEADER_PARAMS = ["WebhookContentType", "WebhookUserAgent", "WebhookDeliveryId", "WebhookTimestamp",
                         None,  # X-GA-Webhook-Event: per event type, below
                         "WebhookAttempt", "WebhookSignature", "WebhookSignaturePrimary", "WebhookSignatureSecondary",
                         "StandardWebhookId", "StandardWebhookTimestamp", "StandardWebhookSignature"]


def webhook_ops() -> dict:
    """The OpenAPI 3.1 `webhooks` object: one delivery request per event type."""
    out: dict = {}
    for type_, what, payload in EVENT_TYPES:
        event_header = {"name": "X-GA-Webhook-Event", "in": "header", "required": True,
                        "description": "The event type (also the envelope's `type`).",
                        "schema": s(const=type_, examples=[type_])}
        params = [event_header if n is None else param(n) for n in WEBHOOK_HEADER_PARAMS]
        op_id = "on" + "".join(part.capitalize() for part in type_.replace(".", "_").split("_"))
        description = (
            f"{what}\n\n`data.object`: {payload}\n\n"
            "gaflight POSTs the event envelope to each active endpoint subscribed to this type. Verify "
            "`X-GA-Webhook-Signature` (or the Standard Webhooks headers) against the **raw** body before parsing "
            "it, answer 2xx within 10 seconds, and process asynchronously; anything else is retried (see "
            "*Webhooks* in the introduction).\n\n"
            f"A first attempt, signed with the example secret `{EX_WEBHOOK_SECRET}`:\n\n"
            "```http\n" + raw_delivery(type_) + "\n```")
        out[type_] = {"post": {
            "operationId": op_id,
            "summary": type_,
            "description": description,
            "tags": ["Webhooks"],
            "x-event-type": type_,
            "parameters": params,
            "requestBody": {"required": True,
                            "description": "The event envelope, compact JSON in UTF-8: the same bytes on every "
                                           "attempt and every replay. These bytes are what is signed.",
                            "content": {"application/json": {"schema": ref("Event"),
                                                             "example": EX_EVENTS[type_]}}},
            "responses": {
                "2XX": {"description": "Received. Any 2xx status within 10 seconds (connect within 5) ends the "
                                       "delivery as `succeeded`; the first 4 KiB of the body are kept and shown in "
                                       "the console."},
                "default": {"description": "Anything else fails the attempt and schedules the next one: a 3xx "
                                           "(redirects are not followed), 4xx, 5xx, a timeout, or a TLS or connection "
                                           "error."},
            },
        }}
    return out


# --------------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------------

def error_table_md() -> str:
    rows = ["| code | status | when |", "|---|---|---|"]
    for c, st, _t, d in ERROR_CODES:
        rows.append(f"| `{c}` | {st} | {d} |")
    return "\n".join(rows)


def envelope_md() -> str:
    ev = EX_EVENT
    head = ", ".join(f'"{k}": {json.dumps(ev[k])}' for k in ("id", "type", "created_at"))
    flight = ", ".join(f'"{k}": {json.dumps(EX_FLIGHT[k])}' for k in ("id", "object", "status"))
    return (f'{{{head},\n "org_id": "{ev["org_id"]}", "api_version": "v1",\n'
            f' "data": {{"object": {{{flight}, …}}}}}}')


def events_table_md() -> str:
    rows = ["| type | when | `data.object` |", "|---|---|---|"]
    for name, what, payload in EVENT_TYPES:
        rows.append(f"| `{name}` | {what} | {payload} |")
    return "\n".join(rows)


def webhooks_md() -> str:
    ex_type = "webhook.test"
    ex_body = compact(EX_EVENTS[ex_type])
    ex_std = "\n".join(f"{k}: {v}" for k, v in delivery_headers(ex_type)
                       if k in ("X-GA-Webhook-Signature", "webhook-id", "webhook-timestamp", "webhook-signature"))
    rot_headers = delivery_headers(ex_type, primary=EX_WEBHOOK_SECRET_NEW, secondary=EX_WEBHOOK_SECRET)
    rot = "\n".join(f"{k}: {v}" for k, v in rot_headers if k.startswith(("X-GA-Webhook-Signature", "webhook-sig")))
    return f"""\
Subscribe an HTTPS endpoint to event types in the console (**Settings → Integrations → Webhooks**, or
`POST /api/v1/console/orgs/{{org_id}}/webhooks`). gaflight then POSTs every matching event's envelope to it. Each
delivery request is described under *Webhooks* below, one entry per event type.

### Signing secret

The server generates each endpoint's secret, `whsec_` + base64 of 32 random bytes, and shows it **once**: in the
response that creates the endpoint (and in the one that rotates it). It is stored encrypted (AES-256-GCM).

### Verifying a delivery

Compute `"sha256=" + hex(HMAC-SHA256(key = UTF-8 bytes of the whole secret string, message = raw request body))` and
compare it in constant time with `X-GA-Webhook-Signature`. Use the raw bytes as received: parsing and re-serialising
the JSON changes them. Only then parse the body.

```js
// Node 18+, e.g. with express.raw({{ type: "application/json" }}) so that req.body is a Buffer
const crypto = require("node:crypto");
function verifyGaflight(rawBody, signatureHeader, secret) {{
  const expected = Buffer.from("sha256=" + crypto.createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(rawBody).digest("hex"));
  const given = Buffer.from(signatureHeader || "");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}}
```

```python
import hashlib, hmac

def verify_gaflight(raw_body: bytes, signature_header: str, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature_header or "")
```

Check your code with this example (secret `{EX_WEBHOOK_SECRET}`, body exactly the one line below, no trailing
newline):

```json
{ex_body}
```

It must give the signature below, and, with this `webhook-id` and `webhook-timestamp`, this `webhook-signature`:

```http
{ex_std}
```

**Standard Webhooks.** Every delivery also carries the [Standard Webhooks](https://www.standardwebhooks.com/) headers,
so that ecosystem's libraries (which take the `whsec_…` secret as is) work unchanged: `webhook-id` (the delivery id),
`webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature` = `v1,` + base64 HMAC-SHA256 keyed with the
base64-decoded part of the secret after `whsec_`, over `webhook-id + "." + webhook-timestamp + "." + body`. Rejecting
deliveries whose `webhook-timestamp` is more than a few minutes from your clock protects against replayed requests;
every attempt carries a fresh timestamp.

### Success and retries

- **Success** is any 2xx answered within 10 seconds (connection within 5 s). Redirects are not followed: a 3xx is a
  failure, as are 4xx, 5xx, timeouts, TLS and connection errors. Answer quickly and process asynchronously.
- **Retries**: attempt 1 immediately, then attempts 2–5 at 1 s, 5 s, 25 s and 125 s after the previous failure, each
  ±10 % jitter. After the 5th failed attempt the delivery is `failed`. The body is the same bytes on every attempt;
  `X-GA-Webhook-Attempt` counts the attempts and `X-GA-Webhook-Timestamp` is the time of each.
- Each attempt's status, latency, first 4 KiB of the response body and error are kept and shown in the console
  (`GET …/webhooks/{{webhook_id}}/deliveries`). A `failed` delivery can be retried from there (one more attempt,
  numbered 6 and up), and any event can be replayed (`POST /api/v1/public/events/{{id}}/replay`).
- One slow or failing endpoint never delays deliveries to other endpoints.

### Guarantees

Delivery is **at least once**: the same delivery can arrive more than once. Dedupe retries on
`X-GA-Webhook-Delivery` (= `webhook-id`) and replays on the event `id`. There is no ordering guarantee: compare the
object's `updated_at` to ignore stale news. Events are kept for at least 30 days and can be listed and fetched with
`GET /api/v1/public/events` (scope `public.events:read`), e.g. to catch up after an outage.

### Rotating the secret

`POST …/webhooks/{{webhook_id}}/rotate-secret` returns a new secret (once) and keeps the previous one for a **72-hour**
grace window (`secondary_expires_at`). During the window every delivery is signed with both secrets:
`X-GA-Webhook-Signature` and `X-GA-Webhook-Signature-Primary` carry the new secret's signature,
`X-GA-Webhook-Signature-Secondary` the previous one's, and `webhook-signature` lists both, new first. Accept a delivery
when any signature matches any secret you hold, deploy the new secret, then drop the old one. After 72 hours the
previous secret is no longer used. The example above during a rotation window (new secret
`{EX_WEBHOOK_SECRET_NEW}`):

```http
{rot}
```

### Target safety (SSRF)

Endpoint URLs must be `https` and their host must resolve only to public addresses: loopback, private (RFC 1918),
carrier-grade NAT, link-local, multicast, documentation, unique-local and other reserved addresses, IPv4 and IPv6
(IPv4-mapped forms included), are refused when the endpoint is created or changed (422 `validation_failed`,
`field: url`) and again at every attempt, on the very address being connected to (so DNS rebinding cannot slip
through). URLs with credentials or a fragment are refused. For local development only, a server started with
`--allow-private-webhook-targets` (`GAFLIGHT_ALLOW_PRIVATE_WEBHOOK_TARGETS`) accepts `http` and private targets.

### Endpoint health

When deliveries to an endpoint have kept ending `failed` for **5 days**, without a single success since the first
failure, the server disables it (`active: false`, with a `disabled_reason`). Fix the receiver, then set `active` back to `true` with
`PATCH /api/v1/console/orgs/{{org_id}}/webhooks/{{webhook_id}}`.
"""


DESCRIPTION = f"""\
gaflight is a flight-operations platform for general aviation — flight schools, aero clubs and small operators.
Its **public API** is a read-only, scoped REST API over an organisation's pilots, fleet, flights and events;
**webhooks** signed with HMAC-SHA256 push those events to your endpoints as they happen; its **console API** drives
the web console (sessions, organisations, developer apps, keys, installations, webhook endpoints and operations).

## Quickstart

1. In the console, open **Settings → Developers → Apps**, create an app, declare the scopes it needs (each with a
   justification of at least 40 characters), activate it and mint a key. The token (`gaf_pk_…`) is shown
   **once**. Locally, `gaflight demo --json` prints a ready-made `api_key` and `org_id`.
2. Call the API with two headers — the key and the organisation to read:

```sh
curl https://gaflight.example.com/api/v1/public/pilots \\
  -H "Authorization: Bearer gaf_pk_…" \\
  -H "X-Org-Id: 5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f"
```

3. Read `data`, and page on by sending the returned `cursor` back as `?cursor=` until it is `null`:

```sh
curl "https://gaflight.example.com/api/v1/public/flights?status=approved&from=2026-05-01&limit=100&cursor=…" \\
  -H "Authorization: Bearer gaf_pk_…" -H "X-Org-Id: 5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f"
```

## Authentication and scopes

Every public request carries `Authorization: Bearer gaf_pk_…` and `X-Org-Id: <organisation uuid>`. The organisation
must have installed the key's app. A request's effective scopes are the app's required scopes ∩ the scopes the
organisation granted; each endpoint needs one scope (listed on the endpoint, and as `x-required-scope`).

## Conventions

- JSON, `snake_case`. Ids are opaque strings with a type prefix (`plt_`, `acft_`, `flt_` …); organisations use
  UUIDs.
- Instants are RFC 3339 UTC (`2026-05-28T12:03:11Z`), dates `YYYY-MM-DD`, durations integer minutes (`*_min`),
  meters decimal hours (`*_hours`). Every object has `created_at` and `updated_at`.
- **Lists** accept `limit` (1–200, default 50), `cursor` and `updated_since`, and answer
  `{{"data": [...], "cursor": "<opaque>" | null}}`. Cursors are opaque, tamper-evident and keyset-based: pages stay
  stable while new records arrive. Unknown query parameters are rejected (400 `invalid_parameter`).
- **Delta sync**: with `updated_since` a list returns the records changed at or after that instant, ordered by
  change (`updated_at`, `id`), and records deleted since as tombstones
  `{{"id": "…", "object": "<kind>", "deleted": true, "updated_at": "…"}}` (a voided invoice or a cancelled session is a
  change of status, not a deletion). Store the newest `updated_at` you saw and resume from it: within an
  organisation `updated_at` never goes backwards in commit order, so no change is missed, also while writes
  commit during your sync; records of the same second come again and are applied idempotently.
- **Rate limits** apply per key (token bucket, by default 100 requests/s with bursts of 200). Every response carries
  `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a 429 carries `Retry-After`.
- A database fault (busy, locked, disk full, I/O error) answers 503 `unavailable` with `Retry-After`; nothing was
  written and the same request may be retried.
- Every response carries `X-Request-Id`.

## Errors

Errors are `application/problem+json` (RFC 9457) with `type`, `title`, `status`, `detail`, plus `code` (stable) and
`request_id`; `field` names the offending parameter or body field, and `required_scope` the missing scope.

{error_table_md()}

## Events

Every state change a partner may care about is recorded as an **event**, in the same database transaction as the change
(nothing is lost or invented by a crash). Events are delivered to webhook endpoints and listed by
`GET /api/v1/public/events`, newest first. The envelope:

```json
{envelope_md()}
```

`id` is `evt_` + a ULID, `data.object` the resource as the public API renders it. The catalog:

{events_table_md()}

## Webhooks

{webhooks_md()}
## Console API

The console API (`/api/v1/console`) uses a session: `POST /api/v1/console/login` sets the HttpOnly `gaf_session`
cookie (`__Host-gaf_session`, `Secure`, when the server runs behind TLS) and returns a `csrf_token`, which every state-changing request (POST, PATCH, DELETE) must echo in the
`X-CSRF-Token` header. It is meant for the gaflight console; integrations should use the public API.
"""


# The lists that also answer as streamed exports (SPEC §10.7, docs/exports.md): path → file name stem.
EXPORTABLE_LISTS = {
    "/api/v1/public/flights": "flights",
    "/api/v1/public/invoices": "invoices",
    "/api/v1/public/training/signoffs": "signoffs",
    "/api/v1/public/compliance": "compliance",
    "/api/v1/public/planning/sessions": "planning-sessions",
}
EXPORT_TEXT = (
    "\n\n**Exports.** With `Accept: application/x-ndjson` (one JSON object a line, the objects of `data`) or "
    "`Accept: text/csv` (RFC 4180, header row; columns in docs/exports.md) the answer is every record the filters "
    "match, in list order, streamed with chunked transfer encoding as a `Content-Disposition: attachment`. "
    "`limit` and `cursor` are refused (400) on an export; exports are never cached. JSON stays the default "
    "(no `Accept`, `*/*`, `application/*`).")


def add_exports_and_negotiation(paths: dict) -> None:
    """Every public GET negotiates (406 when `Accept` excludes what it offers); the exportable lists also
    offer NDJSON and CSV."""
    for path, item in paths.items():
        op = item.get("get")
        if not path.startswith("/api/v1/public/") or not isinstance(op, dict):
            continue
        op["responses"]["406"] = rsp("PublicNotAcceptable")
        stem = EXPORTABLE_LISTS.get(path)
        if stem is None:
            continue
        op["description"] += EXPORT_TEXT
        ok_ = op["responses"]["200"]
        ok_["description"] += " Or, by `Accept`, the whole filtered list as NDJSON or CSV."
        ok_["headers"]["Content-Disposition"] = {
            "description": f"Exports only: `attachment; filename=\"{stem}-<org_id>-<YYYY-MM-DD>.csv\"` (or "
                           "`.ndjson`).",
            "schema": s()}
        ok_["content"]["application/x-ndjson"] = {
            "schema": s("One JSON object per line (LF), each as in the JSON list's `data`.")}
        ok_["content"]["text/csv"] = {
            "schema": s("RFC 4180: a header row, then one row per record, CRLF line ends, UTF-8; "
                        "`Content-Type: text/csv; charset=utf-8`.")}


def document() -> dict:
    paths: dict = {}
    paths.update(operational_ops())
    paths.update(public_ops())
    paths.update(console_ops())
    part_tags = []
    for part in parts():
        if hasattr(part, "paths"):
            paths.update(part.paths(sys.modules[__name__]))
        if hasattr(part, "tags"):
            part_tags += part.tags(sys.modules[__name__])
    add_exports_and_negotiation(paths)
    # Every API operation reads or writes the database, so any of them may meet a database fault.
    for path, item in paths.items():
        if not path.startswith("/api/v1/") or path == "/api/v1/openapi.json":
            continue
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("503", rsp("DatabaseUnavailable"))

    tags = [
        ("Public: Pilots", "Pilots of the organisation (scope `public.pilots:read`)."),
        ("Public: Flights", "Flight log entries (scope `public.flights:read`)."),
        ("Public: Fleet", "Aircraft (scope `public.fleet:read`)."),
        ("Public: Events", "The organisation's events, newest first, and their replay to webhook endpoints (scope "
                           "`public.events:read`)."),
        ("Webhooks", "The requests gaflight sends to your endpoints: one per event type, signed with HMAC-SHA256. "
                     "See *Webhooks* in the introduction for verification, retries and guarantees."),
        ("Console: Session", "Log in and out; the CSRF token."),
        ("Console: Organisations", "Create and read organisations."),
        ("Console: Apps", "Developer apps: Settings → Developers → Apps."),
        ("Console: Keys", "API keys of an app, shown once when minted."),
        ("Console: Installations", "Apps this organisation has granted access to its data."),
        ("Console: Webhooks", "Webhook endpoints: Settings → Integrations → Webhooks. Secrets shown once, rotation, "
                              "test events, delivery history and retries."),
        ("Console: Events", "The organisation's events, and their replay to webhook endpoints."),
        ("Console: Pilots", "Manage pilots."),
        ("Console: Fleet", "Manage aircraft."),
        ("Console: Flights", "Submit flights and review them (approval queue)."),
        ("Console: Audit", "The append-only, hash-chained audit log and the verification of its chain."),
        ("Operations", "Health, readiness, metrics and this reference."),
    ] + part_tags
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gaflight API",
            "version": API_VERSION,
            "summary": "Read-only, scoped REST API over a flight school's pilots, fleet, flights and events, signed "
                       "webhooks, and the console API.",
            "description": DESCRIPTION,
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": "/", "description": "The server this document was fetched from."}],
        "tags": [{"name": n, "description": d} for n, d in tags],
        "x-tagGroups": [
            {"name": "Public API", "tags": [n for n, _ in tags if n.startswith("Public:")]},
            {"name": "Webhooks", "tags": ["Webhooks"]},
            {"name": "Console API", "tags": [n for n, _ in tags if n.startswith("Console:")]},
            {"name": "Operations", "tags": ["Operations"]},
        ],
        "paths": paths,
        "webhooks": webhook_ops(),
        "components": {
            "schemas": schemas(),
            "parameters": PARAMETERS,
            "headers": HEADERS,
            "responses": RESPONSES,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "gaf_pk_…",
                               "description": "An API key minted in the console: `Authorization: Bearer gaf_pk_…`. "
                                              "Always sent together with the `X-Org-Id` header."},
                "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "gaf_session",
                                  "description": "HttpOnly console session cookie set by `POST /api/v1/console/login` "
                                                 "(named `__Host-gaf_session` when the server runs behind TLS)."},
                "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                              "description": "The session's `csrf_token`, required on state-changing console "
                                             "requests."},
            },
        },
    }


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if docs/openapi.json is not up to date")
    ap.add_argument("--output", type=Path, default=OUT, help="where to write (default: docs/openapi.json)")
    args = ap.parse_args()
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python3 docs/tools/gen_openapi.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    doc = document()
    print(f"wrote {args.output} ({len(text)} bytes, {sum(len(v) for v in doc['paths'].values())} operations, "
          f"{len(doc['webhooks'])} webhooks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
