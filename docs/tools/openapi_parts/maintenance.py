"""Maintenance (issue 7): the due list, work orders, maintenance.alert, and the console's programme,
board and work-order routes. Field names follow src/domain/maintenance_render.cpp."""

STATUSES = ["ok", "upcoming", "overdue"]
CATEGORIES = ["inspection", "life_limited", "scheduled_task", "airworthiness_directive", "service_bulletin"]
WO_STATUSES = ["open", "in_progress", "awaiting_parts", "completed", "cancelled"]

DUE_RULES = (
    "An item is due at **whichever comes first**: `last_done.meter_hours + interval.hours` on its meter basis "
    "(tach or hobbs), `last_done.date + interval.days`, or `last_done.date + interval.months` (months are added "
    "clamping to the month end: 31 Jan + 1 month = 28/29 Feb). `overdue`: no hours left (the meter reached the "
    "due meter) or the due date has passed (the task may still be done on its due date); `upcoming`: remaining "
    "hours ≤ `upcoming.hours` or remaining days ≤ `upcoming.days`; `ok` otherwise. Statuses are computed at read "
    "time against today's UTC date.")


def _ex(g):
    item = g.EX_MAINTENANCE_ITEM
    due = {"aircraft_id": g.EX_AIRCRAFT["id"], "object": "maintenance_due", "registration": g.EX_AIRCRAFT["registration"],
           "status": "available", "airworthiness": "airworthy", "hobbs_hours": g.EX_AIRCRAFT["hobbs_hours"],
           "tach_hours": g.EX_AIRCRAFT["tach_hours"], "overdue": 0, "upcoming": 1, "ok": 0, "items": [item],
           "created_at": g.EX_AIRCRAFT["created_at"], "updated_at": item["updated_at"]}
    wo = {"id": "wo_01JZ3KC2D3E4F5G6H7J8K9M0N1", "object": "work_order", "number": "WO-2026-0042",
          "aircraft_id": g.EX_AIRCRAFT["id"], "aircraft_registration": g.EX_AIRCRAFT["registration"],
          "title": "100 h inspection", "description": None, "status": "completed", "opened_on": "2026-05-30",
          "completed_on": "2026-05-31", "completed_hobbs_hours": 8123.4, "completed_tach_hours": 7011.9,
          "tasks": [{"id": "wot_01JZ3KC3E4F5G6H7J8K9M0N1P2", "object": "work_order_task", "position": 1,
                     "description": "100 h inspection per AMP", "maintenance_item_id": item["id"], "labour_min": 240,
                     "signed_off": {"by": "Jeanne Martin", "licence_number": "FR.66.12345",
                                    "at": "2026-05-31T15:10:00Z"},
                     "created_at": "2026-05-30T08:10:00Z", "updated_at": "2026-05-31T15:10:00Z"}],
          "parts": [{"id": "wop_01JZ3KC4F5G6H7J8K9M0N1P2Q3", "object": "work_order_part", "part_number": "CH48110-1",
                     "serial_number": None, "description": "Oil filter", "quantity": 1, "unit_cost_minor": 2450,
                     "total_minor": 2450, "currency": "EUR", "created_at": "2026-05-30T09:00:00Z",
                     "updated_at": "2026-05-30T09:00:00Z"}],
          "totals": {"labour_min": 240, "parts_total_minor": 2450, "currency": "EUR"},
          "created_by": "usr_01JZ3K7A2B4C6D8E0F1G3H5J7K", "created_at": "2026-05-30T08:00:00Z",
          "updated_at": "2026-05-31T15:12:00Z"}
    return item, due, wo


def schemas(g):
    item, due, wo = _ex(g)
    hours = g.number("Decimal hours (one decimal).")
    n_hours = {"type": ["number", "null"], "description": "Decimal hours (one decimal), or null."}
    n_int = {"type": ["integer", "null"]}
    sc = {}
    sc["MaintenanceItem"] = g.all_required({
        "id": g.prefixed_id("mi_", "maintenance item"),
        "object": g.const("maintenance_item", "Always `maintenance_item`."),
        "aircraft_id": g.s("The aircraft (`acft_…`)."),
        "title": g.s("What is to be done.", examples=["100 h inspection"]),
        "category": g.s("Kind of item.", enum=CATEGORIES),
        "reference": g.nullable(g.s("Programme, AD or SB reference.")),
        "status": g.s("Computed status. " + DUE_RULES, enum=STATUSES),
        "next_due": g.all_required({"date": g.nullable(g.date("Calendar due date (earliest of days/months).")),
                                    "meter_hours": {**n_hours, "description": "Due meter reading on `interval.basis`."}},
                                   "When the item falls due (each null without that kind of interval)."),
        "remaining": g.all_required({"hours": {**n_hours, "description": "Hours left (negative once overrun)."},
                                     "days": {**n_int, "description": "Days left (negative once overrun)."}},
                                    "Distance to the due point."),
        "interval": g.all_required({"hours": n_hours, "basis": g.s("Meter the hours run on.", enum=["tach", "hobbs"]),
                                    "days": n_int, "months": n_int},
                                   "The interval; several → whichever comes first."),
        "last_done": g.all_required({"date": g.nullable(g.date("Last done on.")), "meter_hours": n_hours},
                                    "When the item was last done (its baseline)."),
        "upcoming": g.all_required({"hours": hours, "days": g.integer()},
                                   "Thresholds for `upcoming` (default 10 h, 30 days)."),
        "blocks_dispatch": {"type": "boolean",
                            "description": "When overdue, the aircraft is not airworthy (and `grounded` unless in "
                                           "`maintenance`)."},
        "created_at": g.instant("Created."), "updated_at": g.instant("Last changed (also when its status was last "
                                                                     "alerted)."),
    }, "A maintenance programme item of an aircraft, with its computed status.", examples=[item])
    sc["MaintenanceDue"] = g.all_required({
        "aircraft_id": g.s("The aircraft (`acft_…`)."),
        "object": g.const("maintenance_due", "Always `maintenance_due`."),
        "registration": g.s("The aircraft's registration.", examples=["F-GABC"]),
        "status": g.s("The aircraft's status.", enum=g.AIRCRAFT_STATUSES),
        "airworthiness": g.s("The aircraft's airworthiness.", enum=g.AIRWORTHINESS),
        "hobbs_hours": hours, "tach_hours": hours,
        "overdue": g.integer("Items overdue.", minimum=0), "upcoming": g.integer("Items upcoming.", minimum=0),
        "ok": g.integer("Items ok.", minimum=0),
        "items": {"type": "array", "items": g.ref("MaintenanceItem"), "description": "All live items, by id."},
        "created_at": g.instant("The aircraft's creation."),
        "updated_at": g.instant("The newest change of the aircraft or any of its items."),
    }, "One row of `/maintenance/due`: an aircraft with its items and counts by status.", examples=[due])
    sc["MaintenanceAlert"] = g.all_required({
        "object": g.const("maintenance_alert", "Always `maintenance_alert`."),
        "aircraft_id": g.s("The aircraft concerned (`acft_…`)."),
        "registration": g.s("The aircraft's registration.", examples=["F-GABC"]),
        "item": g.ref("MaintenanceItem"),
        "status": g.s("The new status.", enum=["upcoming", "overdue"]),
        "previous_status": g.s("The status before.", enum=["ok", "upcoming"]),
        "remaining": g.all_required({"hours": n_hours, "days": n_int}, "Distance to the due point."),
        "created_at": g.instant("When the transition was seen."), "updated_at": g.instant("Same as `created_at`."),
    }, "`data.object` of a `maintenance.alert` event: sent once per worsening status transition of a due item "
       "(by the meters of an approved flight, in the approving transaction, or by the calendar sweep).",
        examples=[g.EX_MAINTENANCE_ALERT])
    task = g.all_required({
        "id": g.prefixed_id("wot_", "task"), "object": g.const("work_order_task", "Always `work_order_task`."),
        "position": g.integer("1-based order."), "description": g.s(),
        "maintenance_item_id": g.nullable(g.s("The due item this task performs; re-baselined on completion.")),
        "labour_min": g.integer("Labour minutes.", minimum=0),
        "signed_off": g.nullable(g.all_required({"by": g.s("Certifying engineer."),
                                                 "licence_number": g.s("Their licence number."),
                                                 "at": g.instant("Signed off at.")}, "Sign-off, or null.")),
        "created_at": g.instant("Created."), "updated_at": g.instant("Last changed."),
    }, "A task of a work order.")
    part = g.all_required({
        "id": g.prefixed_id("wop_", "part"), "object": g.const("work_order_part", "Always `work_order_part`."),
        "part_number": g.s(), "serial_number": g.nullable(g.s()), "description": g.nullable(g.s()),
        "quantity": g.integer(minimum=1), "unit_cost_minor": g.integer("Unit cost in minor units.", minimum=0),
        "total_minor": g.integer("quantity × unit_cost_minor."), "currency": g.s("ISO 4217.", examples=["EUR"]),
        "created_at": g.instant("Created."), "updated_at": g.instant("Last changed."),
    }, "A part fitted or used.")
    sc["WorkOrder"] = g.all_required({
        "id": g.prefixed_id("wo_", "work order"), "object": g.const("work_order", "Always `work_order`."),
        "number": g.s("`WO-YYYY-NNNN`, per organisation and year.", examples=["WO-2026-0042"]),
        "aircraft_id": g.s("The aircraft."), "aircraft_registration": g.s("Its registration."),
        "title": g.s(), "description": g.nullable(g.s()),
        "status": g.s("`open` → `in_progress` ↔ `awaiting_parts` (any of these back to `open`); any of them → "
                      "`cancelled`; `completed` only through completion, which needs every task signed off. "
                      "`completed` and `cancelled` are final.", enum=WO_STATUSES),
        "opened_on": g.date("Opened."), "completed_on": g.nullable(g.date("Completed.")),
        "completed_hobbs_hours": n_hours, "completed_tach_hours": n_hours,
        "tasks": {"type": "array", "items": task}, "parts": {"type": "array", "items": part},
        "totals": g.all_required({"labour_min": g.integer(), "parts_total_minor": g.integer(),
                                  "currency": g.s("The organisation's currency.")}, "Totals."),
        "created_by": g.nullable(g.s("User id of the creator.")),
        "created_at": g.instant("Created."), "updated_at": g.instant("Last changed (tasks and parts included)."),
    }, "A work order with its tasks, parts and totals.", examples=[wo])
    sc["FleetDueItem"] = {"allOf": [g.ref("MaintenanceItem"), g.obj({"registration": g.s("The aircraft's "
                                                                                      "registration.")},
                                                                    ["registration"])],
                          "description": "An item of the fleet with its aircraft's registration."}
    for name in ("MaintenanceDue", "WorkOrder", "MaintenanceItem", "FleetDueItem"):
        sc[name + "List"] = g.obj({"data": {"type": "array", "items": g.ref(name)},
                                   "cursor": {"type": ["string", "null"]}}, ["data", "cursor"],
                                  f"A list of {name} objects (`cursor` null when not paginated).")
    # Console request bodies.
    sc["MaintenanceItemWrite"] = g.obj({
        "title": g.s(maxLength=200), "category": g.s(enum=CATEGORIES), "reference": g.nullable(g.s(maxLength=200)),
        "interval": g.obj({"hours": g.number(), "basis": g.s(enum=["tach", "hobbs"]), "days": g.integer(minimum=1),
                           "months": g.integer(minimum=1)}, description="At least one of hours, days, months."),
        "last_done": g.obj({"date": g.s(format="date"), "meter_hours": g.number()},
                           description="Required: `date` with days/months, `meter_hours` with hours."),
        "upcoming": g.obj({"hours": g.number(), "days": g.integer(minimum=0)}),
        "blocks_dispatch": {"type": "boolean", "default": True},
    }, description="Create (title, category, interval required) or change an item. A nested object given replaces "
                   "that whole object. Field errors name the path, e.g. `interval.hours`.", additionalProperties=False)
    sc["WorkOrderCreate"] = g.obj({"aircraft_id": g.s(), "title": g.s(maxLength=200),
                                   "description": g.s(maxLength=4000)}, ["aircraft_id", "title"],
                                  additionalProperties=False)
    sc["WorkOrderStatusChange"] = g.obj({"status": g.s(enum=["open", "in_progress", "awaiting_parts", "cancelled"])},
                                        ["status"], additionalProperties=False)
    sc["WorkOrderTaskCreate"] = g.obj({"description": g.s(maxLength=1000), "maintenance_item_id": g.s(),
                                       "labour_min": g.integer(minimum=0)}, ["description"],
                                      additionalProperties=False)
    sc["WorkOrderSignOff"] = g.obj({"name": g.s(maxLength=200), "licence_number": g.s(maxLength=60)},
                                   ["name", "licence_number"], additionalProperties=False)
    sc["WorkOrderPartCreate"] = g.obj({"part_number": g.s(maxLength=100), "serial_number": g.s(), "description": g.s(),
                                       "quantity": g.integer(minimum=1, default=1),
                                       "unit_cost_minor": g.integer(minimum=0)}, ["part_number", "unit_cost_minor"],
                                      additionalProperties=False)
    return sc


def _q(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _path(name, description):
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


def paths(g):
    item, due, wo = _ex(g)
    scope = "public.maintenance:read"
    errors = {"400": g.rsp("PublicBadRequest"), "401": g.rsp("PublicUnauthorized"), "403": g.rsp("PublicForbidden"),
              "429": g.rsp("PublicRateLimited")}
    aircraft_f = _q("aircraft_id", "Only this aircraft (`acft_…`).", g.s())

    def pub(op_id, summary, description, params, responses):
        return {"get": {"operationId": op_id, "summary": summary,
                        "description": description + f"\n\nRequired scope: `{scope}`.",
                        "tags": ["Public: Maintenance"], "security": g.SEC_PUBLIC, "x-required-scope": scope,
                        "parameters": [g.param("XOrgId"), *params],
                        "responses": dict(sorted({**responses, **errors}.items()))}}

    P = "/api/v1/public/maintenance"
    p = {}
    p[P + "/due"] = pub(
        "listMaintenanceDue", "List maintenance due, per aircraft",
        "One row per aircraft (every aircraft, ordered by aircraft `id`) with its items and the counts of `overdue`, "
        "`upcoming` and `ok` items. " + DUE_RULES + " With `status`, a row is listed when at least one of its items "
        "has that status, and then shows all its items. With `updated_since`, a row is listed when the aircraft or "
        "one of its items changed at or after that instant." + g.PUBLIC_LIST_TAIL,
        [g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince"), aircraft_f,
         _q("status", "Only aircraft having at least one item in this status.", g.s(enum=STATUSES))],
        {"200": g.ok("A page of rows.", "MaintenanceDueList", g.page(due), public=True)})
    p[P + "/work-orders"] = pub(
        "listWorkOrders", "List work orders",
        "The organisation's work orders with tasks, parts and totals, ordered by `id` (creation order)."
        + g.PUBLIC_LIST_TAIL,
        [g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince"), aircraft_f,
         _q("status", "Only work orders in this status.", g.s(enum=WO_STATUSES))],
        {"200": g.ok("A page of work orders.", "WorkOrderList", g.page(wo), public=True)})
    p[P + "/work-orders/{id}"] = pub(
        "getWorkOrder", "Get a work order", "One work order with its tasks, parts and totals.",
        [_path("id", "The work order's id (`wo_…`).")],
        {"200": g.ok("The work order.", "WorkOrder", wo, public=True), "404": g.rsp("PublicNotFound")})

    org = g.param("OrgId")
    acft = _path("aircraft_id", "The aircraft (`acft_…`).")
    item_p = _path("item_id", "The maintenance item (`mi_…`).")
    wo_p = _path("work_order_id", "The work order (`wo_…`).")
    task_p = _path("task_id", "The task (`wot_…`).")
    tag = "Console: Maintenance"
    op = g.console_op
    unpaged = {"data": [item], "cursor": None}
    items = g.O + "/fleet/{aircraft_id}/maintenance-items"
    write_note = " Requires a role that manages the fleet (`owner`, `admin`). Audited."
    p[items] = {
        "get": op("listMaintenanceItems", "List an aircraft's maintenance items",
                  "The aircraft's programme, assessed now, ordered by id (not paginated).", tag,
                  {"200": g.ok("The items.", "MaintenanceItemList", unpaged)}, mutating=False, params=[org, acft]),
        "post": op("createMaintenanceItem", "Add a maintenance item",
                   "Adds an item; the aircraft is re-assessed in the same transaction (an item already upcoming or "
                   "overdue sends its `maintenance.alert` and may ground the aircraft)." + write_note, tag,
                   {"201": g.ok("Created.", "MaintenanceItem", item)}, mutating=True, params=[org, acft],
                   request=g.body("MaintenanceItemWrite")),
    }
    p[items + "/{item_id}"] = {
        "get": op("getMaintenanceItem", "Get a maintenance item", "One item, assessed now.", tag,
                  {"200": g.ok("The item.", "MaintenanceItem", item)}, mutating=False, params=[org, acft, item_p]),
        "patch": op("updateMaintenanceItem", "Change a maintenance item",
                    "Changes the fields given, then re-assesses the aircraft." + write_note, tag,
                    {"200": g.ok("Changed.", "MaintenanceItem", item)}, mutating=True, params=[org, acft, item_p],
                    request=g.body("MaintenanceItemWrite")),
        "delete": op("deleteMaintenanceItem", "Delete a maintenance item",
                     "Removes the item from the programme and re-assesses the aircraft." + write_note, tag,
                     {"204": g.no_content("Deleted.")}, mutating=True, params=[org, acft, item_p]),
    }
    board = {"data": [due], "cursor": None}
    p[g.O + "/maintenance/board"] = {"get": op(
        "maintenanceBoard", "Fleet maintenance board",
        "Every aircraft with its assessed items and counts (as rows of `/maintenance/due`), not paginated.", tag,
        {"200": g.ok("The board.", "MaintenanceDueList", board)}, mutating=False, params=[org])}
    p[g.O + "/maintenance/next-due"] = {"get": op(
        "maintenanceNextDue", "Next due items across the fleet",
        "The `limit` (default 10, 1–200) items closest to falling due: overdue first, then upcoming, then ok; "
        "within a status by remaining distance relative to the item's thresholds (the smaller of hours and days).",
        tag, {"200": g.ok("The items.", "FleetDueItemList",
                          {"data": [{**item, "registration": g.EX_AIRCRAFT["registration"]}], "cursor": None}),
              "400": g.rsp("BadRequest")},
        mutating=False, params=[org, _q("limit", "How many items (1–200, default 10).",
                                        g.integer(minimum=1, maximum=200, default=10))])}
    wos = g.O + "/maintenance/work-orders"
    p[wos] = {
        "get": op("consoleListWorkOrders", "List work orders",
                  "Work orders by id, filtered by `status`, `aircraft_id`, `updated_since`." + g.CONSOLE_LIST_TAIL, tag,
                  {"200": g.ok("A page of work orders.", "WorkOrderList", g.page(wo))}, mutating=False,
                  params=[org, *g.PAGE, g.param("UpdatedSince"), aircraft_f,
                          _q("status", "Only this status.", g.s(enum=WO_STATUSES))]),
        "post": op("createWorkOrder", "Open a work order",
                   "Opens a work order on an aircraft of this organisation; its number `WO-YYYY-NNNN` is allocated "
                   "in the same transaction." + write_note, tag,
                   {"201": g.ok("Created.", "WorkOrder", {**wo, "status": "open", "tasks": [], "parts": []})},
                   mutating=True, params=[org], request=g.body("WorkOrderCreate")),
    }
    p[wos + "/{work_order_id}"] = {
        "get": op("consoleGetWorkOrder", "Get a work order", "One work order with tasks, parts and totals.", tag,
                  {"200": g.ok("The work order.", "WorkOrder", wo)}, mutating=False, params=[org, wo_p]),
        "patch": op("changeWorkOrderStatus", "Change a work order's status",
                    "Moves between `open`, `in_progress`, `awaiting_parts`, or to `cancelled`. A final work order, or "
                    "no change, is 409; `completed` is 422 (use complete)." + write_note, tag,
                    {"200": g.ok("Changed.", "WorkOrder", wo), "409": g.rsp("Conflict")}, mutating=True,
                    params=[org, wo_p], request=g.body("WorkOrderStatusChange")),
    }
    p[wos + "/{work_order_id}/tasks"] = {"post": op(
        "addWorkOrderTask", "Add a task",
        "Adds a task, optionally linked to a maintenance item of the same aircraft (422 otherwise)." + write_note, tag,
        {"201": g.ok("The work order.", "WorkOrder", wo), "409": g.rsp("Conflict")}, mutating=True,
        params=[org, wo_p], request=g.body("WorkOrderTaskCreate"))}
    p[wos + "/{work_order_id}/tasks/{task_id}/sign-off"] = {"post": op(
        "signOffWorkOrderTask", "Sign off a task",
        "Records the certifying engineer's name and licence number; a task is signed off once (409 after)."
        + write_note, tag, {"200": g.ok("The work order.", "WorkOrder", wo), "409": g.rsp("Conflict")},
        mutating=True, params=[org, wo_p, task_p], request=g.body("WorkOrderSignOff"))}
    p[wos + "/{work_order_id}/parts"] = {"post": op(
        "addWorkOrderPart", "Add a part", "Adds a part (cost in the organisation's currency)." + write_note, tag,
        {"201": g.ok("The work order.", "WorkOrder", wo), "409": g.rsp("Conflict")}, mutating=True,
        params=[org, wo_p], request=g.body("WorkOrderPartCreate"))}
    p[wos + "/{work_order_id}/complete"] = {"post": op(
        "completeWorkOrder", "Complete a work order",
        "Needs every task signed off (else 422 naming the task). In one transaction: the work order becomes "
        "`completed` with today's date and the aircraft's meters, each linked item is re-baselined (last done = "
        "today, meter = the aircraft's meter on the item's basis), and the aircraft is re-assessed (airworthy again "
        "when no blocking item is overdue)." + write_note, tag,
        {"200": g.ok("Completed.", "WorkOrder", wo), "409": g.rsp("Conflict"), "422": g.rsp("ValidationFailed")},
        mutating=True, params=[org, wo_p])}
    return p


def tags(g):
    return [("Public: Maintenance", "Maintenance due per aircraft and work orders (scope `public.maintenance:read`)."),
            ("Console: Maintenance", "Aircraft maintenance programmes, the fleet board and work orders.")]
