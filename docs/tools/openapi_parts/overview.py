"""Console overview statistics (the charts on the overview page)."""


def schemas(g) -> dict:
    return {
        "WeeklyFlightHours": g.obj({
            "object": g.const("weekly_flight_hours", "Always `weekly_flight_hours`."),
            "week_starts": {"type": "array", "items": g.date("Monday of the week (ISO 8601 weeks, UTC dates)."),
                            "description": "The weeks, oldest first; the last one is the current week."},
            "aircraft": {"type": "array", "description": "Every aircraft of the organisation, by registration.",
                         "items": g.obj({
                             "aircraft_id": g.prefixed_id("acft_", "aircraft"),
                             "registration": g.s("Registration."),
                             "block_min": {"type": "array", "items": g.integer("Block minutes in that week."),
                                           "description": "One value per entry of `week_starts`."},
                             "total_block_min": g.integer("Sum over the weeks."),
                         }, ["aircraft_id", "registration", "block_min", "total_block_min"])},
        }, ["object", "week_starts", "aircraft"],
            description="Block time flown per aircraft per week (flights that are not rejected, by flight date).",
            examples=[{"object": "weekly_flight_hours", "week_starts": ["2026-11-23", "2026-11-30"],
                       "aircraft": [{"aircraft_id": "acft_01JZ3K8Q4V6W2X9Y7T5R3N1M0P", "registration": "F-GKQB",
                                     "block_min": [420, 95], "total_block_min": 515}]}]),
    }


def paths(g) -> dict:
    weeks = {"name": "weeks", "in": "query", "required": False,
             "description": "How many weeks, ending with the current one (1–52, default 12).",
             "schema": g.integer(minimum=1, maximum=52, default=12)}
    return {
        g.C + "/orgs/{org_id}/stats/weekly-flight-hours": {"get": g.console_op(
            "consoleWeeklyFlightHours", "Hours flown per aircraft per week",
            "Block time per aircraft per week over the last `weeks` weeks, for the overview chart. Any member may "
            "read it.",
            "Console: Flights", {"200": g.ok("Weekly block time per aircraft.", "WeeklyFlightHours"),
                                "400": g.rsp("BadRequest")},
            mutating=False, params=[g.param("OrgId"), weeks])},
    }
