"""Training: public progress and signoffs; the console's programmes, enrolments, lesson records and signing."""

REGIMES = ["easa", "faa"]
KINDS = ["ground", "flight", "simulator", "stage_check"]
ENROLLMENT_STATUSES = ["active", "on_hold", "completed", "withdrawn"]
RESULTS = ["satisfactory", "unsatisfactory", "incomplete"]
MINUTE_KEYS = ["total", "dual", "solo", "solo_xc", "night", "sim"]

EX_PROGRAM_ID = "tp_01JZ3K8Q4V6W2X9Y7T5R3N1M0A"
EX_LESSON_ID = "tl_01JZ3K8Q4V6W2X9Y7T5R3N1M0B"
EX_ENROLLMENT_ID = "enr_01JZ3K8Q4V6W2X9Y7T5R3N1M0C"
EX_RECORD_ID = "lr_01JZ3K8Q4V6W2X9Y7T5R3N1M0D"
EX_SIGNOFF_ID = "so_01JZ3K8Q4V6W2X9Y7T5R3N1M0E"
EX_STUDENT = "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0S"
EX_INSTRUCTOR = "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0R"

EX_SIGNOFF = {
    "id": EX_SIGNOFF_ID, "object": "signoff", "student_id": EX_STUDENT, "instructor_id": EX_INSTRUCTOR,
    "program_id": EX_PROGRAM_ID, "lesson_id": EX_LESSON_ID, "lesson_code": "E14", "lesson_title": "First solo",
    "enrollment_id": EX_ENROLLMENT_ID, "lesson_record_id": EX_RECORD_ID, "result": "satisfactory",
    "date": "2026-05-28", "session_date": "2026-05-28", "signed_at": "2026-05-28T16:20:00Z",
    "signature": {"algorithm": "ed25519", "key_id": "osk_01JZ3K8Q4V6W2X9Y7T5R3N1M0F",
                  "value": "u0Qm2bJ1c7m3V9m0yQyq0m1d3Q0o7v2f5m3VZk0yq3nJQq6s1r2o9r3e6Wm2dQm8b0ZrYw3N9m1b2c3d4e5f6Ag==",
                  "signer_name": "Léa Martin", "certificate_number": "FRA.FCL.FI.12345"},
    "supersedes_id": None, "superseded_by_id": None, "status": "valid",
    "created_at": "2026-05-28T16:20:00Z", "updated_at": "2026-05-28T16:20:00Z",
}


def _minutes_progress(logged, required):
    return {"logged_min": logged, "required_min": required, "remaining_min": max(0, required - logged)}


EX_PROGRESS = {
    "id": EX_ENROLLMENT_ID, "object": "training_progress", "student_id": EX_STUDENT, "program_id": EX_PROGRAM_ID,
    "program_code": "PPL-A-EASA", "enrollment_status": "active", "lessons_completed": 18, "lessons_total": 31,
    "minutes": {"total": _minutes_progress(1590, 2700), "dual": _minutes_progress(1380, 1500),
                "solo": _minutes_progress(210, 600), "solo_xc": _minutes_progress(0, 300),
                "night": _minutes_progress(0, 0), "sim": _minutes_progress(0, 0)},
    "next_lesson": {"id": EX_LESSON_ID, "code": "E15", "title": "Advanced turning"},
    "created_at": "2025-11-03T08:00:00Z", "updated_at": "2026-05-28T16:20:00Z",
}

EX_LESSON = {
    "id": EX_LESSON_ID, "object": "training_lesson", "program_id": EX_PROGRAM_ID, "position": 18, "code": "E14",
    "title": "First solo", "kind": "flight", "planned_dual_min": 30, "planned_solo_min": 20,
    "exercises": ["Ex 14 First solo circuit", "Ex 14 Post-flight debrief"],
    "created_at": "2025-01-10T09:00:00Z", "updated_at": "2025-01-10T09:00:00Z",
}

EX_PROGRAM = {
    "id": EX_PROGRAM_ID, "object": "training_program", "code": "PPL-A-EASA", "name": "PPL(A) — EASA Part-FCL",
    "regime": "easa", "description": "Private pilot licence (aeroplane) per FCL.210.A.",
    "minimums": {"total_min": 2700, "dual_min": 1500, "solo_min": 600, "solo_xc_min": 300, "night_min": 0,
                 "sim_min": 0},
    "lesson_count": 31, "lessons": [EX_LESSON],
    "created_at": "2025-01-10T09:00:00Z", "updated_at": "2025-01-10T09:00:00Z",
}

EX_ENROLLMENT = {
    "id": EX_ENROLLMENT_ID, "object": "enrollment", "student_id": EX_STUDENT, "program_id": EX_PROGRAM_ID,
    "status": "active", "primary_instructor_id": EX_INSTRUCTOR, "started_on": "2025-11-03", "completed_on": None,
    "created_at": "2025-11-03T08:00:00Z", "updated_at": "2026-05-28T16:20:00Z",
}

EX_RECORD = {
    "id": EX_RECORD_ID, "object": "lesson_record", "enrollment_id": EX_ENROLLMENT_ID, "lesson_id": EX_LESSON_ID,
    "flight_id": "flt_01JZ3K8Q4V6W2X9Y7T5R3N1M0G", "session_date": "2026-05-28", "instructor_id": EX_INSTRUCTOR,
    "result": "satisfactory",
    "minutes": {"ground_min": 20, "dual_min": 0, "solo_min": 25, "solo_xc_min": 0, "night_min": 0, "sim_min": 0},
    "grades": [{"exercise": "Ex 14 First solo circuit", "grade": 4, "comment": None}],
    "remarks": None, "created_at": "2026-05-28T16:05:00Z", "updated_at": "2026-05-28T16:05:00Z",
}

CANONICAL = (
    "**Signature.** Each signoff is signed with the organisation's Ed25519 key (`signature.key_id`, an `osk_` id; one "
    "active key per organisation, created on its first signing). The signed bytes are the signoff's *canonical "
    "form*: compact JSON with keys sorted (no spaces, UTF-8, as `json.dumps(obj, sort_keys=True, separators=(',', "
    "':'), ensure_ascii=False)`) of exactly `v` (1), `org_id`, `signoff_id`, `lesson_record_id`, `enrollment_id`, "
    "`student_id`, `program_id`, `lesson_id`, `lesson_code`, `result`, `session_date`, `signed_at`, "
    "`instructor_id`, `signer_name`, `certificate_number`, `key_id`, `supersedes_id` (string or null). "
    "`signature.value` is the standard base64 of the raw 64-byte signature. A signoff never changes once signed; "
    "a correction is a new signoff whose `supersedes_id` names the old one, whose `superseded_by_id` and `status` "
    "(`superseded`) are then set.")

GRADES = ("Grades are 1–5: 1 not yet to standard, 2 below standard with substantial help, 3 to standard with some "
          "guidance, 4 to standard without help, 5 above standard.")

PROGRESS = ("A lesson is completed when its latest signoff that is not superseded is `satisfactory`. Minutes are "
            "summed over the enrolment's lesson records, except those replaced by a correction; `total` = dual + "
            "solo + sim, `solo_xc` is part of solo and `night` part of dual or solo; `remaining_min` = "
            "max(0, required − logged). `next_lesson` is the first lesson by syllabus position not completed "
            "(null when all are).")


def _minutes_obj(g, keys, what):
    return g.all_required({f"{k}_min": g.integer(f"{what} ({k.replace('_', ' ')}), minutes.", minimum=0)
                           for k in keys}, what)


def schemas(g):
    sc = {}
    sc["SignoffSignature"] = g.all_required({
        "algorithm": g.const("ed25519", "Always `ed25519`."),
        "key_id": g.prefixed_id("osk_", "organisation signing key"),
        "value": g.s("Standard base64 of the raw 64-byte Ed25519 signature of the canonical form."),
        "signer_name": g.s("The instructor's name as signed."),
        "certificate_number": g.s("The instructor's licence (certificate) number as signed."),
    }, "The Ed25519 signature and who signed.")
    sc["Signoff"] = g.all_required({
        "id": g.prefixed_id("so_", "signoff"),
        "object": g.const("signoff", "Always `signoff`."),
        "student_id": g.prefixed_id("plt_", "student"),
        "instructor_id": g.prefixed_id("plt_", "signing instructor"),
        "program_id": g.prefixed_id("tp_", "training programme"),
        "lesson_id": g.prefixed_id("tl_", "lesson"),
        "lesson_code": g.s("The lesson's code in the syllabus."),
        "lesson_title": g.s("The lesson's title."),
        "enrollment_id": g.prefixed_id("enr_", "enrolment"),
        "lesson_record_id": g.prefixed_id("lr_", "lesson record signed"),
        "result": g.s("The signed result.", enum=RESULTS),
        "date": g.date("The signed date (UTC date of `signed_at`); `from`/`to` filter on it."),
        "session_date": g.date("When the lesson took place."),
        "signed_at": g.instant("When it was signed."),
        "signature": g.ref("SignoffSignature"),
        "supersedes_id": g.nullable(g.s("The signoff this one corrects (`so_…`).")),
        "superseded_by_id": g.nullable(g.s("The correction that replaced this signoff (`so_…`).")),
        "status": g.s("`superseded` once a correction replaced it.", enum=["valid", "superseded"]),
        "created_at": g.instant("When it was stored (= signed_at)."),
        "updated_at": g.instant("Last change (only a supersession changes a signoff)."),
    }, "An instructor's signed lesson result. " + CANONICAL, examples=[EX_SIGNOFF])
    sc["MinuteProgress"] = g.all_required({
        "logged_min": g.integer("Minutes logged.", minimum=0),
        "required_min": g.integer("The programme's minimum.", minimum=0),
        "remaining_min": g.integer("max(0, required − logged).", minimum=0),
    }, "Logged minutes against one minimum.")
    sc["TrainingProgress"] = g.all_required({
        "id": g.prefixed_id("enr_", "enrolment (one progress row per enrolment)"),
        "object": g.const("training_progress", "Always `training_progress`."),
        "student_id": g.prefixed_id("plt_", "student"),
        "program_id": g.prefixed_id("tp_", "training programme"),
        "program_code": g.s("The programme's code."),
        "enrollment_status": g.s("The enrolment's status.", enum=ENROLLMENT_STATUSES),
        "lessons_completed": g.integer("Lessons completed.", minimum=0),
        "lessons_total": g.integer("Lessons in the programme.", minimum=0),
        "minutes": g.all_required({k: g.ref("MinuteProgress") for k in MINUTE_KEYS},
                                  "Logged minutes against each minimum."),
        "next_lesson": g.nullable(g.all_required({"id": g.prefixed_id("tl_", "lesson"), "code": g.s("Code."),
                                                  "title": g.s("Title.")}, "The next lesson.")),
        "created_at": g.instant("When the student was enrolled."),
        "updated_at": g.instant("Last change of the enrolment, its lesson records or signoffs."),
    }, "A student's progress in one programme. " + PROGRESS, examples=[EX_PROGRESS])
    for name, item in (("SignoffList", "Signoff"), ("TrainingProgressList", "TrainingProgress"),
                       ("TrainingProgramList", "TrainingProgram"), ("EnrollmentRowList", "EnrollmentRow")):
        sc[name] = g.obj({
            "data": {"type": "array", "items": g.ref(item), "description": "This page of results."},
            "cursor": {"type": ["string", "null"],
                       "description": "Send back as `?cursor=` to get the next page; null on the last page."},
        }, ["data", "cursor"], f"One page of {item} objects.")
    lesson_fields = {
        "code": g.s("Unique within the programme, at most 20 characters."),
        "title": g.s("At most 200 characters."),
        "kind": g.s("What the lesson is.", enum=KINDS),
        "planned_dual_min": g.integer("Planned dual minutes.", minimum=0),
        "planned_solo_min": g.integer("Planned solo minutes.", minimum=0),
        "exercises": {"type": "array", "items": g.s(), "description": "Exercises graded in this lesson."},
    }
    sc["TrainingLesson"] = g.all_required({
        "id": g.prefixed_id("tl_", "lesson"), "object": g.const("training_lesson", "Always `training_lesson`."),
        "program_id": g.prefixed_id("tp_", "programme"), "position": g.integer("Order in the syllabus (1…).", minimum=1),
        **lesson_fields, "created_at": g.instant("Created."), "updated_at": g.instant("Last change."),
    }, "A lesson of a programme's syllabus.", examples=[EX_LESSON])
    minimums = _minutes_obj(g, MINUTE_KEYS, "Minimum")
    program_props = {
        "id": g.prefixed_id("tp_", "programme"), "object": g.const("training_program", "Always `training_program`."),
        "code": g.s("Unique within the organisation."), "name": g.s("Name."),
        "regime": g.s("Licensing regime.", enum=REGIMES), "description": g.nullable(g.s("Description.")),
        "minimums": minimums, "lesson_count": g.integer("Lessons in the syllabus.", minimum=0),
        "lessons": {"type": "array", "items": g.ref("TrainingLesson"),
                    "description": "The syllabus by position (detail view only)."},
        "created_at": g.instant("Created."), "updated_at": g.instant("Last change."),
    }
    sc["TrainingProgram"] = g.obj(program_props, [k for k in program_props if k != "lessons"],
                                  "A training programme (syllabus) with its minimums.", examples=[EX_PROGRAM])
    sc["TrainingProgramCreate"] = g.obj({
        "code": g.s("Unique within the organisation.", maxLength=40), "name": g.s("Name.", maxLength=200),
        "regime": g.s("Licensing regime.", enum=REGIMES), "description": g.nullable(g.s("Description.")),
        "minimums": g.obj({f"{k}_min": g.integer(f"Minimum {k} minutes (default 0).", minimum=0) for k in MINUTE_KEYS},
                          None, "Minimums in minutes.", additionalProperties=False),
        "lessons": {"type": "array", "maxItems": 200,
                    "items": g.obj(lesson_fields, ["code", "title"], "A lesson (kind defaults to flight).",
                                   additionalProperties=False),
                    "description": "The syllabus in order (positions 1…n)."},
    }, ["code", "name", "regime"], "A new programme. Unknown fields → 422.", additionalProperties=False,
        examples=[{"code": "PPL-A-EASA", "name": "PPL(A)", "regime": "easa",
                   "minimums": {"total_min": 2700, "dual_min": 1500, "solo_min": 600, "solo_xc_min": 300},
                   "lessons": [{"code": "E4", "title": "Effects of controls", "kind": "flight",
                                "planned_dual_min": 60}]}])
    enrollment_props = {
        "id": g.prefixed_id("enr_", "enrolment"), "object": g.const("enrollment", "Always `enrollment`."),
        "student_id": g.prefixed_id("plt_", "student"), "program_id": g.prefixed_id("tp_", "programme"),
        "status": g.s("active → on_hold | completed | withdrawn; on_hold → active | withdrawn.",
                      enum=ENROLLMENT_STATUSES),
        "primary_instructor_id": g.nullable(g.s("Primary instructor (`plt_…`).")),
        "started_on": g.date("Start of training."), "completed_on": g.nullable(g.date("Set when completed.")),
        "created_at": g.instant("Created."), "updated_at": g.instant("Last change, including its records and signoffs."),
    }
    sc["Enrollment"] = g.all_required(enrollment_props, "A student enrolled in a programme.", examples=[EX_ENROLLMENT])
    progress_props = {k: v for k, v in sc["TrainingProgress"]["properties"].items()
                      if k in ("lessons_completed", "lessons_total", "minutes", "next_lesson")}
    sc["EnrollmentRow"] = g.all_required({
        **enrollment_props, "student_name": g.s("The student's name."), "program_code": g.s("Programme code."),
        "program_name": g.s("Programme name."),
        "progress": g.all_required(progress_props, "Progress summary. " + PROGRESS),
    }, "An enrolment with names and progress (console list).")
    sc["EnrollmentCreate"] = g.obj({
        "student_id": g.s("A pilot of the organisation (`plt_…`)."), "program_id": g.s("A programme (`tp_…`)."),
        "primary_instructor_id": g.nullable(g.s("A pilot with the instructor role.")),
        "started_on": g.nullable(g.s("YYYY-MM-DD; default today.", format="date")),
    }, ["student_id", "program_id"], "A new enrolment.", additionalProperties=False,
        examples=[{"student_id": EX_STUDENT, "program_id": EX_PROGRAM_ID, "primary_instructor_id": EX_INSTRUCTOR}])
    sc["EnrollmentUpdate"] = g.obj({"status": g.s("The new status.", enum=ENROLLMENT_STATUSES)}, ["status"],
                                   "A status change (409 when the transition is not allowed).",
                                   additionalProperties=False, examples=[{"status": "on_hold"}])
    grade = g.all_required({"exercise": g.s("The exercise."), "grade": g.integer(GRADES, minimum=1, maximum=5),
                            "comment": g.nullable(g.s("Instructor's comment."))}, "A graded exercise.")
    record_minutes = _minutes_obj(g, ["ground", "dual", "solo", "solo_xc", "night", "sim"], "Minutes")
    sc["LessonRecord"] = g.all_required({
        "id": g.prefixed_id("lr_", "lesson record"), "object": g.const("lesson_record", "Always `lesson_record`."),
        "enrollment_id": g.prefixed_id("enr_", "enrolment"), "lesson_id": g.prefixed_id("tl_", "lesson"),
        "flight_id": g.nullable(g.s("The student's flight the lesson was flown on (`flt_…`).")),
        "session_date": g.date("When the lesson took place."),
        "instructor_id": g.nullable(g.s("The instructor (`plt_…`).")),
        "result": g.s("The lesson's result.", enum=RESULTS), "minutes": record_minutes,
        "grades": {"type": "array", "items": grade, "description": GRADES},
        "remarks": g.nullable(g.s("Remarks.")), "created_at": g.instant("Created."),
        "updated_at": g.instant("Last change."),
    }, "A lesson as flown or briefed, with graded exercises.", examples=[EX_RECORD])
    minutes_in = g.obj({f"{k}_min": g.integer("Minutes (default 0).", minimum=0)
                        for k in ["ground", "dual", "solo", "solo_xc", "night", "sim"]}, None,
                       "Minutes when no flight is linked.", additionalProperties=False)
    grade_in = g.obj({"exercise": g.s("Exercise.", maxLength=200), "grade": g.integer(GRADES, minimum=1, maximum=5),
                      "comment": g.nullable(g.s("Comment.", maxLength=2000))}, ["exercise", "grade"], "A grade.",
                     additionalProperties=False)
    sc["LessonRecordCreate"] = g.obj({
        "lesson_id": g.s("A lesson of the enrolment's programme (`tl_…`)."),
        "flight_id": g.nullable(g.s("One of the student's own flights (not rejected). Its minutes are used: dual "
                                    "when it had an instructor, solo otherwise; solo XC when solo and departure ≠ "
                                    "arrival; night from its night minutes; sim for a simulator lesson.")),
        "session_date": g.nullable(g.s("YYYY-MM-DD; default the flight's date, else today.", format="date")),
        "instructor_id": g.nullable(g.s("Default the flight's instructor, else the primary instructor.")),
        "minutes": minutes_in, "grades": {"type": "array", "items": grade_in, "maxItems": 50},
        "result": g.s("The result.", enum=RESULTS), "remarks": g.nullable(g.s("Remarks.", maxLength=4000)),
    }, ["lesson_id", "result"], "A lesson record (the enrolment must be active).", additionalProperties=False,
        examples=[{"lesson_id": EX_LESSON_ID, "flight_id": EX_RECORD["flight_id"], "result": "satisfactory",
                   "grades": [{"exercise": "Ex 14 First solo circuit", "grade": 4}]}])
    sc["SignRequest"] = g.obj({"instructor_id": g.nullable(g.s(
        "The signing instructor: a pilot of the organisation with the instructor role and a licence number "
        "(default the record's instructor)."))}, None, "Who signs.", additionalProperties=False,
        examples=[{"instructor_id": EX_INSTRUCTOR}])
    sc["CorrectionRequest"] = g.obj({
        "result": g.s("The corrected result.", enum=RESULTS), "remarks": g.nullable(g.s("Remarks.")),
        "instructor_id": g.nullable(g.s("The signing instructor (default the old signoff's).")),
        "minutes": minutes_in, "grades": {"type": "array", "items": grade_in, "maxItems": 50},
    }, None, "The fields that change; the rest are carried over from the old record.", additionalProperties=False,
        examples=[{"result": "unsatisfactory", "remarks": "Graded too generously."}])
    sc["EnrollmentDetail"] = g.all_required({
        "object": g.const("enrollment_detail", "Always `enrollment_detail`."),
        "enrollment": g.ref("EnrollmentRow"), "program": g.ref("TrainingProgram"),
        "lessons": {"type": "array", "description": "Every lesson by position with its records and signoffs.",
                    "items": g.all_required({"lesson": g.ref("TrainingLesson"),
                                             "completed": {"type": "boolean", "description": "Completed?"},
                                             "records": {"type": "array", "items": g.ref("LessonRecord")},
                                             "signoffs": {"type": "array", "items": g.ref("Signoff")}},
                                            "One lesson's history.")},
        "created_at": g.instant("Enrolment created."), "updated_at": g.instant("Enrolment's last change."),
    }, "A student's progress page.")
    return sc


def _q(g, name, description, **kw):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": g.s(**kw)}


def paths(g):
    errors = {"400": g.rsp("PublicBadRequest"), "401": g.rsp("PublicUnauthorized"), "403": g.rsp("PublicForbidden"),
              "429": g.rsp("PublicRateLimited")}
    student = _q(g, "student_id", "Only this student's (a `plt_` id).")
    program = _q(g, "program_id", "Only this programme's (a `tp_` id).")
    common = [g.param("XOrgId"), g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince"), student, program]
    p = {}
    scope = "public.training:read"
    p["/api/v1/public/training-progress"] = {"get": {
        "operationId": "listTrainingProgress", "summary": "List training progress",
        "description": "One row per enrolment (student and programme), ordered by enrolment id: lessons completed "
                       "of total, minutes logged against each minimum, next lesson. " + PROGRESS +
                       f"\n\nRequired scope: `{scope}`." + g.PUBLIC_LIST_TAIL,
        "tags": ["Public: Training"], "security": g.SEC_PUBLIC, "x-required-scope": scope, "parameters": common,
        "responses": {"200": g.ok("A page of progress rows.", "TrainingProgressList",
                                  {"data": [EX_PROGRESS], "cursor": None}, public=True), **errors},
    }}
    scope = "public.signoffs:read"
    window = [_q(g, "from", "Only signoffs signed on or after this date (YYYY-MM-DD, on `date`).", format="date"),
              _q(g, "to", "Only signoffs signed on or before this date (YYYY-MM-DD, inclusive).", format="date")]
    p["/api/v1/public/training/signoffs"] = {"get": {
        "operationId": "listSignoffs", "summary": "List signoffs",
        "description": "Signed lesson results, ordered by signed date then id, superseded ones included (with "
                       "`status` `superseded`). " + CANONICAL + f"\n\nRequired scope: `{scope}`." + g.PUBLIC_LIST_TAIL,
        "tags": ["Public: Training"], "security": g.SEC_PUBLIC, "x-required-scope": scope,
        "parameters": common + window,
        "responses": {"200": g.ok("A page of signoffs.", "SignoffList", {"data": [EX_SIGNOFF], "cursor": None},
                                  public=True), **errors},
    }}
    p["/api/v1/public/training/signoffs/{id}"] = {"get": {
        "operationId": "getSignoff", "summary": "Get a signoff",
        "description": f"Returns one signoff by id.\n\nRequired scope: `{scope}`.",
        "tags": ["Public: Training"], "security": g.SEC_PUBLIC, "x-required-scope": scope,
        "parameters": [g.param("XOrgId"), {"name": "id", "in": "path", "required": True,
                                           "description": "The signoff's id (`so_…`).",
                                           "schema": g.s(examples=[EX_SIGNOFF_ID])}],
        "responses": {"200": g.ok("The signoff.", "Signoff", EX_SIGNOFF, public=True), **errors,
                      "404": g.rsp("PublicNotFound")},
    }}

    org = g.param("OrgId")
    ctag = "Console: Training"
    base = g.O + "/training"
    writers = "Requires the `owner`, `admin` or `instructor` role. Audited."

    def pid(name, what, example):
        return {"name": name, "in": "path", "required": True, "description": what, "schema": g.s(examples=[example])}

    program_id = pid("program_id", "Programme id (`tp_…`).", EX_PROGRAM_ID)
    enrollment_id = pid("enrollment_id", "Enrolment id (`enr_…`).", EX_ENROLLMENT_ID)
    record_id = pid("record_id", "Lesson record id (`lr_…`).", EX_RECORD_ID)
    p[base + "/programs"] = {
        "get": g.console_op("listTrainingPrograms", "List programmes", "Every programme by code, without lessons. "
                            "Any member may read.", ctag,
                            {"200": g.ok("The programmes (cursor always null).", "TrainingProgramList")},
                            mutating=False, params=[org]),
        "post": g.console_op("createTrainingProgram", "Create a programme",
                             "A programme with its minimums and lessons (409 when the code exists). " + writers, ctag,
                             {"201": g.ok("Created.", "TrainingProgram", EX_PROGRAM), "409": g.rsp("Conflict")},
                             mutating=True, params=[org], request=g.body("TrainingProgramCreate")),
    }
    p[base + "/programs/{program_id}"] = {
        "get": g.console_op("getTrainingProgram", "Get a programme", "The programme with its lessons.", ctag,
                            {"200": g.ok("The programme.", "TrainingProgram", EX_PROGRAM)},
                            mutating=False, params=[org, program_id]),
    }
    status = _q(g, "status", "Only enrolments in this status.", enum=ENROLLMENT_STATUSES)
    p[base + "/enrollments"] = {
        "get": g.console_op("listEnrollments", "List enrolments",
                            "Enrolments by id with the student's name and progress (same filters as the public "
                            "progress list, plus `status`). Any member may read." + g.CONSOLE_LIST_TAIL, ctag,
                            {"200": g.ok("A page of enrolments.", "EnrollmentRowList")}, mutating=False,
                            params=[org, *g.PAGE, g.param("UpdatedSince"), student, program, status]),
        "post": g.console_op("createEnrollment", "Enrol a student", "Enrols a pilot in a programme. " + writers, ctag,
                             {"201": g.ok("Enrolled.", "Enrollment", EX_ENROLLMENT)}, mutating=True, params=[org],
                             request=g.body("EnrollmentCreate")),
    }
    p[base + "/enrollments/{enrollment_id}"] = {
        "get": g.console_op("getEnrollmentProgress", "A student's progress",
                            "The enrolment's progress and every lesson with its records and signoffs.", ctag,
                            {"200": g.ok("The progress page.", "EnrollmentDetail")}, mutating=False,
                            params=[org, enrollment_id]),
        "patch": g.console_op("updateEnrollment", "Change an enrolment's status",
                              "active → on_hold | completed | withdrawn; on_hold → active | withdrawn; others → 409. "
                              + writers, ctag,
                              {"200": g.ok("The enrolment.", "Enrollment", EX_ENROLLMENT), "409": g.rsp("Conflict")},
                              mutating=True, params=[org, enrollment_id], request=g.body("EnrollmentUpdate")),
    }
    p[base + "/enrollments/{enrollment_id}/lesson-records"] = {
        "post": g.console_op("createLessonRecord", "Record a lesson",
                             "Records a lesson of an active enrolment (409 otherwise), optionally from one of the "
                             "student's flights. " + GRADES + " " + writers, ctag,
                             {"201": g.ok("Recorded.", "LessonRecord", EX_RECORD), "409": g.rsp("Conflict")},
                             mutating=True, params=[org, enrollment_id], request=g.body("LessonRecordCreate")),
    }
    p[base + "/lesson-records/{record_id}/sign"] = {
        "post": g.console_op("signLessonRecord", "Sign a lesson record",
                             "Signs the record's result with the organisation's key (created on first signing). A "
                             "record is signed once (409 after). " + CANONICAL + " " + writers, ctag,
                             {"201": g.ok("Signed.", "Signoff", EX_SIGNOFF), "409": g.rsp("Conflict")},
                             mutating=True, params=[org, record_id], request=g.body("SignRequest")),
    }
    p[base + "/lesson-records/{record_id}/correct"] = {
        "post": g.console_op("correctLessonRecord", "Correct a signed lesson record",
                             "Writes a new lesson record and a new signoff superseding the record's valid signoff, "
                             "in one transaction (409 when the record has no valid signoff). " + writers, ctag,
                             {"201": g.ok("The superseding signoff.", "Signoff", EX_SIGNOFF), "409": g.rsp("Conflict")},
                             mutating=True, params=[org, record_id], request=g.body("CorrectionRequest")),
    }
    return p


def tags(g):
    return [("Public: Training", "Training progress (scope `public.training:read`) and Ed25519-signed signoffs "
                                 "(scope `public.signoffs:read`)."),
            ("Console: Training", "Programmes, enrolments, lesson records, signing and corrections.")]
