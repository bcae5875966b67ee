"""Verified training records (issue 8, SPEC §10.5): public metadata, console issue/revoke/pack, and the
unauthenticated verification surface (authority key, verify page, offline verifier). Field names follow
src/domain/vtr_render.cpp."""

STATUSES = ["verified", "revoked", "superseded"]

EX_VTR = {"id": "vtr_01JZ3M0A1B2C3D4E5F6G7H8J9K", "object": "vtr", "student_id": "plt_01JZ3K8B2C4D6E8F0G1H3J5K7M",
          "program_id": "prg_01JZ3K9C3D5E7F9G1H2J4K6M8N", "enrollment_id": "enr_01JZ3KA4E6F8G0H2J3K5M7N9P1",
          "status": "verified", "issued_at": "2026-06-01T09:30:00Z", "revoked_at": None, "revoked_reason": None,
          "superseded_by_id": None,
          "pack_sha256": "3b5e1f0c9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c",
          "pack_size": 14872, "audit_entry_id": "aud_01JZ3M0A1B2C3D4E5F6G7H8J9M",
          "verify_url": "/verify/vtr_01JZ3M0A1B2C3D4E5F6G7H8J9K", "created_at": "2026-06-01T09:30:00Z",
          "updated_at": "2026-06-01T09:30:00Z"}

PACK = (
    "The pack is a ZIP holding `record.json` (student, programme with its minimums, enrolment, lessons with their "
    "records, signoffs each with `canonical` — the exact signed bytes — `signature` and `key_id`, `signing_keys` "
    "`[{key_id, public_key, public_key_pem}]`, `flight_summary`, `issued_at`, `issuer`), `record.html` (the same for "
    "people, no script), `manifest.json` (`{vtr_id, issued_at, authority_key_id, files: [{path, sha256, size, "
    "mime}]}` over the two record files) and `manifest.sig` (standard base64 of the Ed25519 signature of the exact "
    "`manifest.json` bytes by the deployment's authority key, `GET /api/authority/public-key`). `pack_sha256` is the "
    "hex SHA-256 of the ZIP bytes; they are stored and served unchanged.")


def _q(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _path(name, description):
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


def schemas(g):
    sc = {}
    sc["Vtr"] = g.all_required({
        "id": g.prefixed_id("vtr_", "verified training record"),
        "object": g.const("vtr", "Always `vtr`."),
        "student_id": g.s("The student (`plt_…`)."),
        "program_id": g.s("The training programme."),
        "enrollment_id": g.s("The enrolment the record was issued for."),
        "status": g.s("`verified` when issued; `revoked` by the school; `superseded` when a newer record was issued "
                      "for the same enrolment.", enum=STATUSES),
        "issued_at": g.instant("Issued (and signed)."),
        "revoked_at": g.nullable(g.instant("Revoked.")),
        "revoked_reason": g.nullable(g.s("Why it was revoked, when given.")),
        "superseded_by_id": g.nullable(g.s("The record that replaced this one (`vtr_…`).")),
        "pack_sha256": g.s("Hex SHA-256 of the pack (ZIP) bytes as served.", pattern="^[0-9a-f]{64}$"),
        "pack_size": g.integer("Pack size in bytes.", minimum=1),
        "audit_entry_id": g.nullable(g.s("The audit-log entry that recorded the issue (hash-chained).")),
        "verify_url": g.s("Path of the public verify page (relative to the deployment's base URL)."),
        "created_at": g.instant("Created (= issued_at)."),
        "updated_at": g.instant("Last status change."),
    }, "Metadata of a verified training record — never its content. " + PACK, examples=[EX_VTR])
    sc["VtrList"] = g.obj({"data": {"type": "array", "items": g.ref("Vtr")}, "cursor": {"type": ["string", "null"]}},
                          ["data", "cursor"], "A page of VTRs.")
    sc["VtrIssue"] = g.obj({"enrollment_id": g.s("The enrolment to issue a record for (needs a signed lesson).")},
                           ["enrollment_id"], "Issue a VTR.")
    sc["VtrRevoke"] = g.obj({"reason": g.nullable(g.s("Why (shown in the console).", maxLength=1000))},
                            description="Revoke a VTR; the body may be empty.")
    sc["VtrEligibleEnrollment"] = g.all_required({
        "id": g.s("The enrolment."), "object": g.const("vtr_eligible_enrollment", "Always `vtr_eligible_enrollment`."),
        "student_id": g.s(), "student_name": g.s(), "program_id": g.s(), "program_code": g.s(), "program_name": g.s(),
        "status": g.s("Enrolment status.", enum=["active", "completed"]),
        "signoffs": g.integer("Signoffs recorded for it.", minimum=1),
        "current_vtr_id": g.nullable(g.s("Its verified VTR, which issuing again supersedes.")),
    }, "An enrolment a VTR can be issued for.")
    sc["VtrEligibleEnrollmentList"] = g.obj({"data": {"type": "array", "items": g.ref("VtrEligibleEnrollment")},
                                             "cursor": {"type": "null"}}, ["data", "cursor"],
                                            "Every eligible enrolment (not paginated).")
    return sc


def paths(g):
    scope = "public.vtr:read"
    errors = {"400": g.rsp("PublicBadRequest"), "401": g.rsp("PublicUnauthorized"), "403": g.rsp("PublicForbidden"),
              "429": g.rsp("PublicRateLimited")}

    def pub(op_id, summary, description, params, responses):
        return {"get": {"operationId": op_id, "summary": summary,
                        "description": description + f"\n\nRequired scope: `{scope}`.",
                        "tags": ["Public: VTR"], "security": g.SEC_PUBLIC, "x-required-scope": scope,
                        "parameters": [g.param("XOrgId"), *params],
                        "responses": dict(sorted({**responses, **errors}.items()))}}

    P = "/api/v1/public/vtr"
    p = {}
    p[P] = pub("listVtrs", "List verified training records",
               "The organisation's VTRs, ordered by `issued_at` then `id`; with `updated_since`, by `updated_at` then "
               "`id` (changes in order). Metadata only: download a pack from the issuing school." + g.PUBLIC_LIST_TAIL,
               [g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince"),
                _q("student_id", "Only this student's records (`plt_…`).", g.s()),
                _q("program_id", "Only records of this programme.", g.s()),
                _q("status", "Only records in this status.", g.s(enum=STATUSES))],
               {"200": g.ok("A page of VTRs.", "VtrList", g.page(EX_VTR), public=True)})
    p[P + "/{id}"] = pub("getVtr", "Get a verified training record",
                         "One VTR's metadata and `pack_sha256`. The same record is a compliance record: "
                         "`/compliance?type=vtr&vtrId=…`.",
                         [_path("id", "The VTR id (`vtr_…`).")],
                         {"200": g.ok("The VTR.", "Vtr", EX_VTR, public=True), "404": g.rsp("PublicNotFound")})

    org = g.param("OrgId")
    vtr_p = _path("vtr_id", "The VTR (`vtr_…`).")
    tag = "Console: VTR"
    op = g.console_op
    B = g.O + "/vtr"
    sign_note = " Requires `owner`, `admin` or `instructor`. Audited (`vtr.issued` / `vtr.revoked`)."
    p[B] = {
        "get": op("consoleListVtrs", "List VTRs", "As the public list, for members." + g.CONSOLE_LIST_TAIL, tag,
                  {"200": g.ok("A page.", "VtrList", g.page(EX_VTR))}, mutating=False,
                  params=[org, *g.PAGE, g.param("UpdatedSince"),
                          _q("student_id", "Only this student's records (`plt_…`).", g.s()),
                          _q("program_id", "Only records of this programme.", g.s()),
                          _q("status", "Only this status.", g.s(enum=STATUSES))]),
        "post": op("issueVtr", "Issue a VTR",
                   "Builds and signs a pack for the enrolment, stores it, records the compliance record (type `vtr`) "
                   "and supersedes the enrolment's previous verified VTR. 422 when the enrolment has no signed "
                   "lesson." + sign_note + " " + PACK, tag,
                   {"201": g.ok("Issued.", "Vtr", EX_VTR)}, mutating=True, params=[org],
                   request=g.body("VtrIssue")),
    }
    p[B + "/eligible-enrollments"] = {"get": op(
        "listVtrEligibleEnrollments", "Enrolments a VTR can be issued for",
        "Active and completed enrolments with at least one signoff.", tag,
        {"200": g.ok("The enrolments.", "VtrEligibleEnrollmentList")}, mutating=False, params=[org])}
    p[B + "/{vtr_id}"] = {"get": op("consoleGetVtr", "Get a VTR", "One VTR's metadata.", tag,
                                    {"200": g.ok("The VTR.", "Vtr", EX_VTR)}, mutating=False, params=[org, vtr_p])}
    p[B + "/{vtr_id}/pack"] = {"get": op(
        "downloadVtrPack", "Download a VTR pack",
        "The pack bytes exactly as stored (`application/zip`, `Content-Disposition: attachment`); their SHA-256 is "
        "`pack_sha256`. Revoked and superseded packs stay downloadable.", tag,
        {"200": {"description": "The pack.", "headers": {"X-Request-Id": g.hdr("X-Request-Id")},
                 "content": {"application/zip": {"schema": {"type": "string", "contentMediaType": "application/zip"}}}}},
        mutating=False, params=[org, vtr_p])}
    p[B + "/{vtr_id}/revoke"] = {"post": op(
        "revokeVtr", "Revoke a VTR",
        "Marks a verified VTR revoked (its verify page and compliance record follow); 409 when it is already revoked "
        "or superseded." + sign_note, tag,
        {"200": g.ok("Revoked.", "Vtr", {**EX_VTR, "status": "revoked", "revoked_at": "2026-06-02T08:00:00Z",
                                          "updated_at": "2026-06-02T08:00:00Z"}),
         "409": g.rsp("Conflict")},
        mutating=True, params=[org, vtr_p], request=g.body("VtrRevoke"))}

    def open_op(op_id, summary, description, content_type, params=(), extra=None):
        responses = {"200": {"description": summary + ".", "headers": {"X-Request-Id": g.hdr("X-Request-Id")},
                             "content": {content_type: {"schema": {"type": "string"}}}}}
        responses.update(extra or {})
        return {"get": {"operationId": op_id, "summary": summary, "description": description, "tags": ["Verification"],
                        "security": g.SEC_NONE, "parameters": list(params), "responses": responses}}

    not_found = {"404": g.rsp("NotFound")}
    p["/api/authority/public-key"] = open_op(
        "getAuthorityPublicKey", "The authority public key",
        "The deployment's VTR authority key: Ed25519, SubjectPublicKeyInfo PEM (what `openssl pkeyutl -pubin` "
        "reads). It signs every pack's `manifest.json`. No authentication.", "application/x-pem-file")
    p["/verify/{vtr_id}"] = open_op(
        "verifyPage", "Verify page of a VTR",
        "HTML (no authentication, strict CSP): the record's status (Verified / Revoked / Superseded), programme, the "
        "student's initials, issue date and `pack_sha256`; a visitor drops a pack file and the page compares its "
        "SHA-256, computed in the browser (needs a secure context: HTTPS, or http://localhost / 127.0.0.1), showing "
        "\"Integrity match\" or \"Integrity Mismatch\". English, or French by `Accept-Language` or `?lang=fr`. An "
        "unknown id is a 404 HTML page.", "text/html",
        [_path("vtr_id", "The VTR id (`vtr_…`)."),
         _q("lang", "Page language (overrides Accept-Language).", g.s(enum=["en", "fr"]))],
        {"404": {"description": "Unknown VTR (HTML page).", "content": {"text/html": {"schema": {"type": "string"}}}}})
    p["/verify/assets/{asset}"] = open_op(
        "verifyPageAsset", "Verify page asset", "`verify.js` or `verify.css`; anything else is 404.",
        "text/javascript", [_path("asset", "File name.")], not_found)
    p["/verify/cli/offline-verify.sh"] = open_op(
        "offlineVerifier", "The offline verifier",
        "A bash script needing only openssl (3.x), jq, unzip and sha256sum: `bash offline-verify.sh PACK.zip "
        "--public-key KEY.pem` checks the manifest signature, each file's SHA-256 and size, that no unlisted file is "
        "present, and every signoff's signature against its key in `record.json`; prints each check and exits 0 "
        "when all hold, 1 naming the first failure (the file, for a hash mismatch).", "text/x-shellscript",
        extra=not_found)
    return p


def tags(g):
    return [("Public: VTR", "Verified training record metadata (scope `public.vtr:read`)."),
            ("Console: VTR", "Issue, revoke and download verified training records."),
            ("Verification", "Checking a verified training record without an account: the authority key, the verify "
                             "page and the offline verifier.")]
