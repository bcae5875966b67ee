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
    ("public.events:read", "Read and replay events."),
]

PILOT_ROLES = ["student", "member", "instructor", "examiner"]
PILOT_STATUSES = ["active", "inactive", "suspended"]
AIRCRAFT_STATUSES = ["available", "maintenance", "grounded"]
AIRWORTHINESS = ["airworthy", "not_airworthy"]
FLIGHT_PURPOSES = ["dual_training", "solo_training", "rental", "check_ride", "discovery", "ferry",
                   "maintenance_test"]
FLIGHT_STATUSES = ["submitted", "approved", "rejected"]
LICENCE_TYPES = ["SPL", "LAPL", "PPL", "CPL", "ATPL", "MPL"]
MEDICAL_CLASSES = ["class_1", "class_2", "lapl"]
APP_STATUSES = ["draft", "active", "revoked"]
INSTALLATION_STATUSES = ["active", "uninstalled"]
KEY_STATUSES = ["active", "revoked"]
MEMBER_ROLES = ["owner", "admin", "developer", "instructor", "member"]

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
     "The key's token bucket is empty. Wait for `Retry-After` seconds."),
    ("payload_too_large", 413, "Payload too large", "The request body exceeds the server's limit."),
    ("validation_failed", 422, "Validation failed",
     "The JSON body is well formed but a field is missing or invalid; `field` names it "
     "(e.g. `required_scopes[1].justification`)."),
    ("invalid_json", 400, "Malformed JSON body", "The request body is not valid JSON, or not a JSON object."),
    ("invalid_credentials", 401, "Invalid email or password", "Console login failed."),
    ("login_throttled", 429, "Too many failed logins",
     "Too many failed console logins for this account or address; retry after `Retry-After` seconds."),
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
    ("unavailable", 503, "Service unavailable", "The server is shutting down or its database is unreachable; retry later."),
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
    "medical": {"class": "class_2", "valid_until": "2027-03-31"}, "home_base": "LFPN",
    "created_at": "2025-09-01T08:15:00Z", "updated_at": "2026-05-20T17:42:10Z",
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


# --------------------------------------------------------------------------------------------
# components/schemas
# --------------------------------------------------------------------------------------------


def schemas() -> dict:
    sc: dict = {}

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
                    "`api_key.revoked`, `installation.created`, `installation.deleted`, `app.scopes_changed`."),
        "target_type": s("Kind of object acted on, e.g. `app`, `api_key`, `installation`."),
        "target_id": s("Id of the object acted on."),
        "details": {"type": "object", "additionalProperties": True,
                    "description": "Action-specific details (never secrets)."},
        "request_id": s("The request that caused the action."),
        "created_at": instant("When it happened."),
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

    # ---- list envelopes -------------------------------------------------------------------
    for item in ("Pilot", "Aircraft", "Flight", "App", "ApiKey", "Installation", "AuditEntry"):
        sc[f"{item}List"] = obj({
            "data": {"type": "array", "items": ref(item), "description": "This page of results."},
            "cursor": {"type": ["string", "null"],
                       "description": "Send back as `?cursor=` to get the next page; null on the last page."},
        }, ["data", "cursor"], f"One page of {item} objects.")

    # Order as a reader meets them: public objects first, then errors, then the console's objects.
    first = ["Pilot", "Licence", "Medical", "Aircraft", "Flight", "Problem", "ErrorCode", "Scope"]
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
    "Set-Cookie": {"description": "`gaf_session=…; Path=/; HttpOnly; SameSite=Strict; Max-Age=…` (plus `Secure` when "
                                  "served over HTTPS). Logout clears it with `Max-Age=0`.", "schema": s()},
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
                     "description": "Only objects whose `updated_at` is at or after this RFC 3339 instant.",
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
}

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(description: str, codes: list[str], *, rate: bool = False, extra_headers=()) -> dict:
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
    "PublicRateLimited": problem_response("The key's rate limit is exhausted.", ["rate_limited"], rate=True,
                                          extra_headers=["Retry-After"]),
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
    "UnsupportedMediaType": problem_response("The body is not `application/json`.", ["unsupported_media_type"]),
    "ValidationFailed": problem_response("A body field is missing or invalid; `field` names it.",
                                         ["validation_failed"]),
    "Unavailable": problem_response("Not ready.", ["unavailable"]),
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
        "Checks email and password and starts a session: sets the HttpOnly `gaf_session` cookie and returns the CSRF "
        "token to echo in `X-CSRF-Token` on every state-changing request. Failed logins are throttled "
        "(429 `login_throttled`).", "Console: Session",
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


# --------------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------------

def error_table_md() -> str:
    rows = ["| code | status | when |", "|---|---|---|"]
    for c, st, _t, d in ERROR_CODES:
        rows.append(f"| `{c}` | {st} | {d} |")
    return "\n".join(rows)


DESCRIPTION = f"""\
gaflight is a flight-operations platform for general aviation — flight schools, aero clubs and small operators.
Its **public API** is a read-only, scoped REST API over an organisation's pilots, fleet and flights; its
**console API** drives the web console (sessions, organisations, developer apps, keys, installations and
operations).

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
- **Rate limits** apply per key (token bucket, by default 100 requests/s with bursts of 200). Every response carries
  `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a 429 carries `Retry-After`.
- Every response carries `X-Request-Id`.

## Errors

Errors are `application/problem+json` (RFC 9457) with `type`, `title`, `status`, `detail`, plus `code` (stable) and
`request_id`; `field` names the offending parameter or body field, and `required_scope` the missing scope.

{error_table_md()}

## Console API

The console API (`/api/v1/console`) uses a session: `POST /api/v1/console/login` sets the HttpOnly `gaf_session`
cookie and returns a `csrf_token`, which every state-changing request (POST, PATCH, DELETE) must echo in the
`X-CSRF-Token` header. It is meant for the gaflight console; integrations should use the public API.
"""


def document() -> dict:
    paths: dict = {}
    paths.update(operational_ops())
    paths.update(public_ops())
    paths.update(console_ops())

    tags = [
        ("Public: Pilots", "Pilots of the organisation (scope `public.pilots:read`)."),
        ("Public: Flights", "Flight log entries (scope `public.flights:read`)."),
        ("Public: Fleet", "Aircraft (scope `public.fleet:read`)."),
        ("Console: Session", "Log in and out; the CSRF token."),
        ("Console: Organisations", "Create and read organisations."),
        ("Console: Apps", "Developer apps: Settings → Developers → Apps."),
        ("Console: Keys", "API keys of an app, shown once when minted."),
        ("Console: Installations", "Apps this organisation has granted access to its data."),
        ("Console: Pilots", "Manage pilots."),
        ("Console: Fleet", "Manage aircraft."),
        ("Console: Flights", "Submit flights and review them (approval queue)."),
        ("Console: Audit", "The append-only audit log of credential-related actions."),
        ("Operations", "Health, readiness, metrics and this reference."),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gaflight API",
            "version": API_VERSION,
            "summary": "Read-only, scoped REST API over a flight school's pilots, fleet and flights, and the console API.",
            "description": DESCRIPTION,
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": "/", "description": "The server this document was fetched from."}],
        "tags": [{"name": n, "description": d} for n, d in tags],
        "x-tagGroups": [
            {"name": "Public API", "tags": [n for n, _ in tags if n.startswith("Public:")]},
            {"name": "Console API", "tags": [n for n, _ in tags if n.startswith("Console:")]},
            {"name": "Operations", "tags": ["Operations"]},
        ],
        "paths": paths,
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
                                  "description": "HttpOnly console session cookie set by `POST /api/v1/console/login`."},
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
    print(f"wrote {args.output} ({len(text)} bytes, {sum(len(v) for v in document()['paths'].values())} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
