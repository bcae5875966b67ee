"""Planning sessions (bookings): public list/get and the console's book, move, cancel, delete."""

KINDS = ["flight", "ground", "simulator", "maintenance_block"]
STATUSES = ["scheduled", "confirmed", "completed", "cancelled", "no_show"]

EX_SESSION = {
    "id": "ps_01JZ3K8Q4V6W2X9Y7T5R3N1M0P", "object": "planning_session", "kind": "flight", "status": "scheduled",
    "start_at": "2026-06-01T08:00:00Z", "end_at": "2026-06-01T09:30:00Z", "duration_min": 90,
    "aircraft_id": "acft_01JZ3K8Q4V6W2X9Y7T5R3N1M0Q", "instructor_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0R",
    "student_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0S", "notes": "Circuits, runway 22",
    "created_at": "2026-05-28T12:03:11Z", "updated_at": "2026-05-28T12:03:11Z",
}

RULES = (
    "Rules, checked inside the write transaction: times are half-open intervals `[start_at, end_at)` (a session "
    "ending at 10:00 and one starting at 10:00 do not overlap), a session lasts at most 14 days; an aircraft or "
    "an instructor already held by an overlapping session → 409 `conflict` with `conflicting_session_id` and "
    "`field` (`aircraft_id` or `instructor_id`); `cancelled` and `no_show` sessions hold nothing; a "
    "`maintenance_block` holds its aircraft like any booking; a `flight` on an aircraft whose airworthiness is "
    "`not_airworthy` → 422 (`aircraft_id`); a solo flight (a student and no instructor) whose student's medical "
    "is missing or not valid through the session's last day → 422 (`student_id`). Kinds: `flight` needs "
    "`aircraft_id` and a student or an instructor; `ground` and `simulator` need a student or an instructor and "
    "take no aircraft; `maintenance_block` needs `aircraft_id` and takes no people. `instructor_id` must name a "
    "pilot with the `instructor` role.")


def _window(g):
    return [
        {"name": "from", "in": "query", "required": False,
         "description": "Only sessions overlapping the window `[from, to)`: an RFC 3339 instant, or a `YYYY-MM-DD` "
                        "date meaning 00:00Z of that day.",
         "schema": g.s(examples=["2026-06-01"])},
        {"name": "to", "in": "query", "required": False,
         "description": "End of the window (exclusive): an RFC 3339 instant, or a `YYYY-MM-DD` date whose whole "
                        "day is included (the window ends at 00:00Z of the next day). Must be after `from`.",
         "schema": g.s(examples=["2026-06-07"])},
        {"name": "aircraft_id", "in": "query", "required": False,
         "description": "Only sessions on this aircraft (an `acft_` id).", "schema": g.s()},
        {"name": "instructor_id", "in": "query", "required": False,
         "description": "Only sessions with this instructor (a `plt_` id).", "schema": g.s()},
    ]


def schemas(g):
    sc = {}
    sc["PlanningSession"] = g.all_required({
        "id": g.prefixed_id("ps_", "planning session"),
        "object": g.const("planning_session", "Always `planning_session`."),
        "kind": g.s("What the session is.", enum=KINDS),
        "status": g.s("`cancelled` and `no_show` release the aircraft and the instructor.", enum=STATUSES),
        "start_at": g.instant("Start (inclusive)."),
        "end_at": g.instant("End (exclusive), after `start_at`, at most 14 days later."),
        "duration_min": g.integer("`end_at` − `start_at` in minutes.", minimum=1),
        "aircraft_id": g.nullable(g.s("The aircraft (`acft_…`); null for ground and simulator sessions.")),
        "instructor_id": g.nullable(g.s("The instructor (`plt_…`, a pilot with the `instructor` role).")),
        "student_id": g.nullable(g.s("The student (`plt_…`). A flight with a student and no instructor is solo.")),
        "notes": g.nullable(g.s("Free text, at most 2000 characters.")),
        "created_at": g.instant("When it was booked."),
        "updated_at": g.instant("Last change (a move, a status change, notes)."),
    }, "A booking of an aircraft and/or people for a span of time.", examples=[EX_SESSION])
    sc["PlanningSessionList"] = g.obj({
        "data": {"type": "array", "items": g.ref("PlanningSession"), "description": "This page of results."},
        "cursor": {"type": ["string", "null"],
                   "description": "Send back as `?cursor=` to get the next page; null on the last page."},
    }, ["data", "cursor"], "One page of PlanningSession objects.")
    fields = {
        "kind": g.s("What the session is.", enum=KINDS),
        "start_at": g.s("Start, RFC 3339 (an offset is normalised to UTC).", format="date-time"),
        "end_at": g.s("End (exclusive), RFC 3339.", format="date-time"),
        "aircraft_id": g.nullable(g.s("Aircraft id (`acft_…`).")),
        "instructor_id": g.nullable(g.s("Instructor id (`plt_…`).")),
        "student_id": g.nullable(g.s("Student id (`plt_…`).")),
        "status": g.s("Default `scheduled`.", enum=STATUSES),
        "notes": g.nullable(g.s("Free text.", maxLength=2000)),
    }
    sc["PlanningSessionCreate"] = g.obj(fields, ["kind", "start_at", "end_at"],
                                        "A new booking. Unknown fields → 422.", additionalProperties=False,
                                        examples=[{k: EX_SESSION[k] for k in ("kind", "start_at", "end_at",
                                                                                "aircraft_id", "instructor_id",
                                                                                "student_id")}])
    sc["PlanningSessionUpdate"] = g.obj(fields, None,
                                        "The fields to change; the ids and notes may be null to clear them.",
                                        additionalProperties=False,
                                        examples=[{"start_at": "2026-06-01T09:00:00Z", "end_at": "2026-06-01T10:30:00Z"},
                                                  {"status": "cancelled"}])
    return sc


def paths(g):
    scope = "public.planning:read"
    tag = "Public: Planning"
    errors = {"400": g.rsp("PublicBadRequest"), "401": g.rsp("PublicUnauthorized"), "403": g.rsp("PublicForbidden"),
              "429": g.rsp("PublicRateLimited")}
    page_example = {"data": [EX_SESSION], "cursor": None}
    p = {}
    p["/api/v1/public/planning/sessions"] = {"get": {
        "operationId": "listPlanningSessions",
        "summary": "List planning sessions",
        "description": "Lists the organisation's bookings that overlap the window, ordered by `start_at` then `id`. "
                       "Deleted sessions are never listed; a cancelled session is listed with `status` "
                       f"`cancelled`.\n\nRequired scope: `{scope}`." + g.PUBLIC_LIST_TAIL,
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": scope,
        "parameters": [g.param("XOrgId"), g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince")] + _window(g),
        "responses": {"200": g.ok("A page of planning sessions.", "PlanningSessionList", page_example, public=True),
                      **errors},
    }}
    p["/api/v1/public/planning/sessions/{id}"] = {"get": {
        "operationId": "getPlanningSession",
        "summary": "Get a planning session",
        "description": f"Returns one booking by id (404 once deleted).\n\nRequired scope: `{scope}`.",
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": scope,
        "parameters": [g.param("XOrgId"), {"name": "id", "in": "path", "required": True,
                                           "description": "The session's id (`ps_…`).",
                                           "schema": g.s(examples=[EX_SESSION["id"]])}],
        "responses": {"200": g.ok("The planning session.", "PlanningSession", EX_SESSION, public=True), **errors,
                      "404": g.rsp("PublicNotFound")},
    }}

    org = g.param("OrgId")
    sid = {"name": "session_id", "in": "path", "required": True, "description": "Planning session id (`ps_…`).",
           "schema": g.s(examples=[EX_SESSION["id"]])}
    ctag = "Console: Planning"
    base = g.O + "/planning/sessions"
    writers = "Requires the `owner`, `admin` or `instructor` role. Audited."
    p[base] = {
        "get": g.console_op("listConsolePlanningSessions", "List planning sessions",
                            "The sessions overlapping the window, ordered by `start_at` then `id` (same filters as "
                            "the public list). Any member may read." + g.CONSOLE_LIST_TAIL, ctag,
                            {"200": g.ok("A page of sessions.", "PlanningSessionList", page_example)},
                            mutating=False, params=[org, *g.PAGE, g.param("UpdatedSince"), *_window(g)]),
        "post": g.console_op("createPlanningSession", "Book a session",
                             "Books an aircraft and/or people. " + RULES + " " + writers, ctag,
                             {"201": g.ok("Booked.", "PlanningSession", EX_SESSION), "409": g.rsp("Conflict")},
                             mutating=True, params=[org], request=g.body("PlanningSessionCreate")),
    }
    p[base + "/{session_id}"] = {
        "get": g.console_op("getConsolePlanningSession", "Get a planning session", "Returns one session.", ctag,
                            {"200": g.ok("The session.", "PlanningSession", EX_SESSION), "404": g.rsp("NotFound")},
                            mutating=False, params=[org, sid]),
        "patch": g.console_op("updatePlanningSession", "Move, cancel or edit a session",
                              "Moves a session (`start_at`, `end_at`, `aircraft_id`, `instructor_id`), changes its "
                              "`status` (cancel with `cancelled`) or its notes. A move, a change of kind or people, "
                              "or reinstating a cancelled session re-checks the rules (a clash → 409 naming the "
                              "conflicting session); a status change among scheduled/confirmed/completed does not. "
                              + RULES + " " + writers, ctag,
                              {"200": g.ok("The session.", "PlanningSession", EX_SESSION), "404": g.rsp("NotFound"),
                               "409": g.rsp("Conflict")},
                              mutating=True, params=[org, sid], request=g.body("PlanningSessionUpdate")),
        "delete": g.console_op("deletePlanningSession", "Delete a session",
                               "Deletes a session (soft delete: it disappears from every list and read, and frees "
                               "its slot). Cancelling keeps the record; deleting removes it. " + writers, ctag,
                               {"204": g.no_content("Deleted."), "404": g.rsp("NotFound")},
                               mutating=True, params=[org, sid]),
    }
    return p


def tags(g):
    return [("Public: Planning", "Bookings of aircraft, instructors and students (scope `public.planning:read`)."),
            ("Console: Planning", "The planning timeline: book, move, cancel and delete sessions.")]
