"""Compliance records and computed currency (issue 7): schemas and paths."""

PILOT_TYPES = ["medical", "licence", "rating", "language_proficiency", "endorsement"]
AIRCRAFT_TYPES = ["arc", "annual", "insurance", "registration", "radio_licence", "noise_certificate"]
ALL_TYPES = PILOT_TYPES + AIRCRAFT_TYPES + ["currency", "vtr"]
MEDICAL_CODES = ["EASA-MED-CLASS1", "EASA-MED-CLASS2", "EASA-MED-LAPL", "FAA-MED-1", "FAA-MED-2", "FAA-MED-3"]
CURRENCY_RULES = ["EASA_FCL060_B1_PAX", "EASA_FCL060_B2_NIGHT_PAX", "EASA_FCL740A_SEP_REVALIDATION",
                  "FAA_61_57A_PAX", "FAA_61_57B_NIGHT_PAX", "FAA_61_56_FLIGHT_REVIEW"]

EX_MEDICAL = {
    "id": "cmp_01JZ3M2A7B9C1D3E5F7G9H1J3K", "object": "compliance_record", "type": "medical", "subject": "pilot",
    "pilot_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0P", "aircraft_id": None, "code": "EASA-MED-CLASS2",
    "number": "FR-MED-2025-0412", "regime": "easa", "issued_on": "2025-03-10", "valid_until": "2030-03-10",
    "status": "valid", "rule": None, "satisfied_by": None,
    "details": {"class": "class_2", "computed": True, "age_at_exam": 20},
    "created_at": "2025-03-11T09:00:00Z", "updated_at": "2025-03-11T09:00:00Z",
}
EX_CURRENCY = {
    "id": "cmp_01JZ3M9X1Y3Z5A7B9C1D3E5F7G", "object": "compliance_record", "type": "currency", "subject": "pilot",
    "pilot_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0P", "aircraft_id": None, "code": "EASA_FCL060_B1_PAX",
    "number": None, "regime": "easa", "issued_on": None, "valid_until": "2026-08-26", "status": "valid",
    "rule": "EASA_FCL060_B1_PAX", "satisfied_by": ["flt_01JZ3KB4W6X8Y0Z2A4C6E8G0J2"],
    "details": {"rule": "EASA_FCL060_B1_PAX", "regulation_ref": "FCL.060(b)(1)",
                "title": "Passengers: 3 take-offs and landings in 90 days", "met": True,
                "satisfied_by": ["flt_01JZ3KB4W6X8Y0Z2A4C6E8G0J2"], "shortfall": ""},
    "created_at": "2026-05-28T12:03:11Z", "updated_at": "2026-05-28T12:03:11Z",
}

STATUS_TEXT = ("`expired` when `valid_until` is before today (UTC), `expiring` when it is between today and today + "
               "30 days (both inclusive), otherwise `valid` (also when there is no `valid_until`).")

READINGS = (
    "\n\n**Medical validity** (when `valid_until` is not given, computed from `issued_on` = the examination date, the "
    "class and the pilot's `date_of_birth`): EASA MED.A.045 — Class 1 12 months (6 months from age 60; the "
    "single-pilot CAT 40+ rule is not modelled), Class 2 60 months below 40 (never beyond the day before the 42nd "
    "birthday), 24 months from 40 to 50 (never beyond the day before the 51st birthday), 12 months from 50; LAPL 60 "
    "months below 40 (capped like Class 2 at 42), then 24 months. EASA validity ends on the same calendar day N "
    "months after the exam; early revalidation (45 days) is not modelled. FAA 14 CFR 61.23(d): to the end of the Nth "
    "calendar month after the exam month — first class 12 months below 40 / 6 months from 40 (then steps down, "
    "dates in `details.privileges_until`), second class 12 months, third class 60 months below 40 / 24 months from "
    "40. Creating or changing a medical updates the pilot's `medical` summary to the latest medical record."
    "\n\n**Currency** records (type `currency`, `code` = `rule`) are computed from approved flights when a flight "
    "is approved, by the organisation's country (`US` → FAA rules, otherwise EASA). Take-offs = landings = "
    "`landings_day + landings_night`, counted only for the flight's `pilot_id` (sole manipulator); a landing on day D "
    "keeps a 90-day rule valid up to and including D + 90. FCL.060(b)(2): (b)(1) and at least one night landing in "
    "the 90 days. 61.57(b): 3 night landings (each counted as full-stop) in 90 days. 61.56: a `check_ride` flight "
    "is the flight review, valid to the end of the 24th calendar month after. FCL.740.A(b)(1): for the pilot's "
    "rating record with code `SEP`, within the 12 months before its expiry 12 h block time incl. 6 h PIC, 12 "
    "landings and a dual flight of at least 1 h. A rule not met has `details.met = false`, a `shortfall` and "
    "`valid_until` = the day before it was computed (status `expired`).")


def schemas(g):
    sc = {}
    sc["ComplianceRecord"] = g.all_required({
        "id": g.prefixed_id("cmp_", "compliance record"),
        "object": g.const("compliance_record", "Always `compliance_record`."),
        "type": g.s("Kind of record. Pilot: " + ", ".join(PILOT_TYPES) + ", currency (computed). Aircraft: "
                    + ", ".join(AIRCRAFT_TYPES) + ".", enum=ALL_TYPES[:-1]),
        "subject": g.s("Whom the record is about.", enum=["pilot", "aircraft"]),
        "pilot_id": g.nullable(g.s("The pilot (`plt_…`) when subject is pilot.")),
        "aircraft_id": g.nullable(g.s("The aircraft (`acft_…`) when subject is aircraft.")),
        "code": g.s("What exactly: e.g. `EASA-MED-CLASS2`, `FAA-MED-3`, `PPL(A)`, `SEP`, `ELP-4`; for currency the "
                    "rule id.", examples=["EASA-MED-CLASS2"]),
        "number": g.nullable(g.s("Certificate or document number.")),
        "regime": g.nullable(g.s("Issuing regime.", enum=["easa", "faa"])),
        "issued_on": g.nullable(g.date("Date of issue (for a medical: the examination date).")),
        "valid_until": g.nullable(g.date("Last valid day (inclusive); null = no expiry.")),
        "status": g.s("Computed on read. " + STATUS_TEXT, enum=["valid", "expiring", "expired"]),
        "rule": g.nullable(g.s("Currency only: the rule id.", enum=CURRENCY_RULES)),
        "satisfied_by": g.nullable({"type": "array", "items": g.s(), "description":
                                    "Currency only: ids of the approved flights that satisfy the rule."}),
        "details": {"type": "object", "additionalProperties": True, "description":
                    "Type-specific details: medical `{class, computed, age_at_exam, privileges_until?}`; currency "
                    "`{rule, regulation_ref, title, met, satisfied_by, shortfall}` (+ `rating_valid_until`, "
                    "`flight_min`, `pic_min`, `landings` for the SEP rule); otherwise `{note?}`."},
        "created_at": g.instant("When the record was created."),
        "updated_at": g.instant("When the record last changed."),
    }, "A compliance record: a pilot's medical, licence, rating, language proficiency, endorsement or computed "
       "currency, or an aircraft's document.", examples=[EX_MEDICAL])
    sc["ComplianceRecordList"] = g.obj({
        "data": {"type": "array", "items": g.ref("ComplianceRecord"), "description": "This page of results."},
        "cursor": {"type": ["string", "null"],
                   "description": "Send back as `?cursor=` to get the next page; null on the last page."},
    }, ["data", "cursor"], "One page of ComplianceRecord objects.")

    def fields(create):
        return {
            "pilot_id": g.nullable(g.s("The pilot (exactly one of pilot_id / aircraft_id).")),
            "aircraft_id": g.nullable(g.s("The aircraft (exactly one of pilot_id / aircraft_id).")),
            "type": g.s("Record type; must suit the subject. `currency` is computed and cannot be written.",
                        enum=PILOT_TYPES + AIRCRAFT_TYPES),
            "code": g.s("For a medical one of " + ", ".join(MEDICAL_CODES) + ".", minLength=1, maxLength=40),
            "number": g.nullable(g.s("Certificate number.", maxLength=60)),
            "regime": g.nullable(g.s("Issuing regime (derived from a medical's code).", enum=["easa", "faa"])),
            "issued_on": g.nullable(g.date("Date of issue; required for a medical (the examination date).")),
            "valid_until": g.nullable(g.date("Last valid day; omit for a medical to have it computed.")),
            "note": g.nullable(g.s("Free note, kept in details.note.", maxLength=1000)),
        }
    sc["ComplianceRecordCreate"] = g.obj(fields(True), ["type", "code"], "A new compliance record.",
                                         additionalProperties=False,
                                         examples=[{"pilot_id": EX_MEDICAL["pilot_id"], "type": "medical",
                                                    "code": "EASA-MED-CLASS2", "issued_on": "2025-03-10"}])
    sc["ComplianceRecordUpdate"] = g.obj(fields(False), None, "Any subset of the fields (type and subject cannot "
                                         "change).", additionalProperties=False, minProperties=1)
    return sc


def _filters(g, console):
    q = [
        {"name": "type", "in": "query", "required": False, "description": "Only records of this type. `vtr`: "
         "each verified training record is mirrored as a compliance record (subject the student, `code` the programme "
         "code, `number` the VTR id, `issued_on` its issue date, `details` `{vtr_id, pack_sha256, status}`); `status` "
         "is `valid` while the VTR is verified and `expired` once it is revoked or superseded (`valid_until` the day "
         "before), `details.status` naming which.", "schema": g.s(enum=ALL_TYPES)},
        {"name": "pilot_id", "in": "query", "required": False, "description": "Only this pilot's records.",
         "schema": g.s(pattern="^plt_")},
        {"name": "aircraft_id", "in": "query", "required": False, "description": "Only this aircraft's records.",
         "schema": g.s(pattern="^acft_")},
        {"name": "status", "in": "query", "required": False, "description": "Only records with this computed "
         "status. " + STATUS_TEXT, "schema": g.s(enum=["valid", "expiring", "expired"])},
        {"name": "vtrId", "in": "query", "required": False, "description": "Only the compliance record of the "
         "verified training record with this id (`vtr_…`, matched on `number`).",
         "schema": g.s(pattern="^vtr_")},
    ]
    if console:
        q.append({"name": "expiring_within_days", "in": "query", "required": False,
                  "description": "Only documents with a valid_until at most this many days from today (expired ones "
                  "included; computed currency records are left out, they are shown per pilot): the expiring list.", "schema": g.integer(minimum=0, maximum=3650)})
    return q


def paths(g):
    p = {}
    scope = "public.compliance:read"
    tag = "Public: Compliance"
    errs = {"400": g.rsp("PublicBadRequest"), "401": g.rsp("PublicUnauthorized"), "403": g.rsp("PublicForbidden"),
            "429": g.rsp("PublicRateLimited")}
    p["/api/v1/public/compliance"] = {"get": {
        "operationId": "listCompliance", "summary": "List compliance records",
        "description": "Lists the organisation's compliance records (pilots' and aircraft's), ordered by `id` "
                       "ascending." + READINGS + f"\n\nRequired scope: `{scope}`." + g.PUBLIC_LIST_TAIL,
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": scope,
        "parameters": [g.param("XOrgId"), g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince")]
        + _filters(g, False),
        "responses": {"200": g.ok("A page of compliance records.", "ComplianceRecordList",
                                  g.page(EX_MEDICAL), public=True), **errs},
    }}
    p["/api/v1/public/compliance/{id}"] = {"get": {
        "operationId": "getComplianceRecord", "summary": "Get a compliance record",
        "description": f"Returns one compliance record by id.\n\nRequired scope: `{scope}`.",
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": scope,
        "parameters": [g.param("XOrgId"), {"name": "id", "in": "path", "required": True,
                                           "description": "The record's id.", "schema": g.s(examples=[EX_MEDICAL["id"]])}],
        "responses": {"200": g.ok("The record.", "ComplianceRecord", EX_CURRENCY, public=True), **errs,
                      "404": g.rsp("PublicNotFound")},
    }}

    org = g.param("OrgId")
    ctag = "Console: Compliance"
    page = [g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince")]
    rid = {"name": "record_id", "in": "path", "required": True, "description": "Compliance record id (`cmp_…`).",
           "schema": g.s()}
    lst = {"200": g.ok("A page of compliance records.", "ComplianceRecordList", g.page(EX_MEDICAL, None))}
    p[g.O + "/compliance"] = {
        "get": g.console_op("listConsoleCompliance", "List compliance records",
                            "Lists the organisation's compliance records by `id`; with `expiring_within_days` the "
                            "expiring list." + READINGS + g.CONSOLE_LIST_TAIL, ctag, lst, mutating=False,
                            params=[org, *page, *_filters(g, True)]),
        "post": g.console_op("createComplianceRecord", "Create a compliance record",
                             "Adds a record for a pilot or an aircraft (audited). A medical without `valid_until` "
                             "gets it computed and updates the pilot's medical summary. Requires the `owner` or "
                             "`admin` role.", ctag, {"201": g.ok("Created.", "ComplianceRecord", EX_MEDICAL)},
                             mutating=True, params=[org], request=g.body("ComplianceRecordCreate")),
    }
    p[g.O + "/compliance/{record_id}"] = {
        "get": g.console_op("getConsoleComplianceRecord", "Get a compliance record", "Returns one record.", ctag,
                            {"200": g.ok("The record.", "ComplianceRecord", EX_MEDICAL), "404": g.rsp("NotFound")},
                            mutating=False, params=[org, rid]),
        "patch": g.console_op("updateComplianceRecord", "Update a compliance record",
                              "Changes any subset of the fields (audited). Currency records are computed: 409.", ctag,
                              {"200": g.ok("The updated record.", "ComplianceRecord", EX_MEDICAL),
                               "404": g.rsp("NotFound"), "409": g.rsp("Conflict")},
                              mutating=True, params=[org, rid], request=g.body("ComplianceRecordUpdate")),
        "delete": g.console_op("deleteComplianceRecord", "Delete a compliance record",
                               "Soft-deletes the record (audited). Currency records are computed: 409.", ctag,
                               {"204": g.no_content("Deleted."), "404": g.rsp("NotFound"), "409": g.rsp("Conflict")},
                               mutating=True, params=[org, rid]),
    }
    p[g.O + "/pilots/{pilot_id}/compliance"] = {"get": g.console_op(
        "listPilotCompliance", "List a pilot's compliance records",
        "The pilot's records, including computed currency, by `id`." + g.CONSOLE_LIST_TAIL, ctag, lst,
        mutating=False, params=[org, g.param("PilotId"), *page, *_filters(g, True)])}
    p[g.O + "/fleet/{aircraft_id}/compliance"] = {"get": g.console_op(
        "listAircraftCompliance", "List an aircraft's compliance records",
        "The aircraft's documents by `id`." + g.CONSOLE_LIST_TAIL, ctag, lst,
        mutating=False, params=[org, g.param("AircraftId"), *page, *_filters(g, True)])}
    return p


def tags(g):
    return [("Public: Compliance", "Compliance records and computed currency (scope `public.compliance:read`)."),
            ("Console: Compliance", "Pilots' and aircraft's compliance records, the expiring list.")]
