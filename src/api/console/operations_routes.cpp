// Operations screens' API: pilots, fleet, flights (submit, approve, reject).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "api/list_options.hpp"
#include "domain/render.hpp"

namespace gaflight::api {

namespace {
using domain::Permission;

// Applies the fields present in `body` onto `p` (create starts from defaults, PATCH from the stored pilot).
Status applyPilotBody(const nlohmann::json& body, domain::Pilot& p) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"first_name", "last_name", "email", "phone", "roles", "status", "licence",
                               "medical", "home_base", "date_of_birth"});
      !st)
    return st;
  auto setStr = [&](const char* field, std::string& target, size_t max) -> Status {
    if (!in.has(field)) return okStatus();
    auto v = in.requiredStr(field, max);
    if (!v) return v.error();
    target = *v;
    return okStatus();
  };
  auto setOpt = [&](const char* field, std::optional<std::string>& target, size_t max) -> Status {
    if (!in.has(field)) return okStatus();
    auto v = in.str(field, max);
    if (!v) return v.error();
    target = *v;
    return okStatus();
  };
  for (auto st : {setStr("first_name", p.first_name, 100), setStr("last_name", p.last_name, 100),
                  setOpt("email", p.email, 254), setOpt("phone", p.phone, 40), setStr("status", p.status, 20),
                  setOpt("home_base", p.home_base, 4), setOpt("date_of_birth", p.date_of_birth, 10)}) {
    if (!st) return st;
  }
  if (in.has("roles")) {
    auto roles = in.strings("roles", 4);
    if (!roles) return roles.error();
    p.roles = roles->value_or(std::vector<std::string>{});
  }
  if (in.has("licence")) {
    const auto& l = body["licence"];
    if (l.is_null()) {
      p.licence_type = p.licence_number = p.licence_issued_on = std::nullopt;
    } else if (!l.is_object()) {
      return fieldError("licence", "licence must be an object {type, number, issued_on} or null.");
    } else {
      BodyReader lr(l);
      if (auto st = lr.onlyFields({"type", "number", "issued_on"}); !st)
        return fieldError("licence", st.error().detail);
      auto type = lr.requiredStr("type", 10);
      if (!type) return fieldError("licence.type", "licence.type is required.");
      auto number = lr.str("number", 60);
      auto issued = lr.str("issued_on", 10);
      if (!number) return fieldError("licence.number", "licence.number must be a string.");
      if (!issued) return fieldError("licence.issued_on", "licence.issued_on must be a string.");
      p.licence_type = *type;
      p.licence_number = *number;
      p.licence_issued_on = *issued;
    }
  }
  if (in.has("medical")) {
    const auto& m = body["medical"];
    if (m.is_null()) {
      p.medical_class = p.medical_valid_until = std::nullopt;
    } else if (!m.is_object()) {
      return fieldError("medical", "medical must be an object {class, valid_until} or null.");
    } else {
      BodyReader mr(m);
      if (auto st = mr.onlyFields({"class", "valid_until"}); !st)
        return fieldError("medical", st.error().detail);
      auto cls = mr.requiredStr("class", 10);
      if (!cls) return fieldError("medical.class", "medical.class is required.");
      auto until = mr.str("valid_until", 10);
      if (!until) return fieldError("medical.valid_until", "medical.valid_until must be a string.");
      p.medical_class = *cls;
      p.medical_valid_until = *until;
    }
  }
  return okStatus();
}

Status applyAircraftBody(const nlohmann::json& body, domain::Aircraft& a) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"registration", "icao_type", "make", "model", "year", "seats", "status",
                               "airworthiness", "hobbs_hours", "tach_hours", "home_base"});
      !st)
    return st;
  auto setStr = [&](const char* field, std::string& target, size_t max) -> Status {
    if (!in.has(field)) return okStatus();
    auto v = in.requiredStr(field, max);
    if (!v) return v.error();
    target = *v;
    return okStatus();
  };
  for (auto st : {setStr("registration", a.registration, 10), setStr("icao_type", a.icao_type, 4),
                  setStr("make", a.make, 100), setStr("model", a.model, 100), setStr("status", a.status, 20),
                  setStr("airworthiness", a.airworthiness, 20)}) {
    if (!st) return st;
  }
  if (in.has("home_base")) {
    auto v = in.str("home_base", 4);
    if (!v) return v.error();
    a.home_base = *v;
  }
  if (in.has("year")) {
    auto v = in.integer("year", 1903, 2100);
    if (!v) return v.error();
    a.year = *v;
  }
  if (in.has("seats")) {
    auto v = in.integer("seats", 1, 20);
    if (!v) return v.error();
    if (!*v) return fieldError("seats", "seats is required.");
    a.seats = **v;
  }
  for (auto [field, target] : {std::pair<const char*, int64_t*>{"hobbs_hours", &a.hobbs_tenths},
                               std::pair<const char*, int64_t*>{"tach_hours", &a.tach_tenths}}) {
    if (!in.has(field)) continue;
    auto v = in.tenths(field);
    if (!v) return v.error();
    if (!*v) return fieldError(field, std::string(field) + " is required.");
    *target = **v;
  }
  return okStatus();
}

Result<service::FlightInput> readFlightBody(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"date",
                               "aircraft_id",
                               "pilot_id",
                               "instructor_id",
                               "purpose",
                               "departure_icao",
                               "arrival_icao",
                               "off_block_at",
                               "takeoff_at",
                               "landing_at",
                               "on_block_at",
                               "night_min",
                               "ifr_min",
                               "landings_day",
                               "landings_night",
                               "hobbs_start_hours",
                               "hobbs_end_hours",
                               "tach_start_hours",
                               "tach_end_hours",
                               "remarks"});
      !st)
    return st.error();
  service::FlightInput f;
  struct Req {
    const char* field;
    std::string* target;
    size_t max;
  };
  for (auto r : {Req{"date", &f.date, 10}, Req{"aircraft_id", &f.aircraft_id, 64},
                 Req{"pilot_id", &f.pilot_id, 64}, Req{"purpose", &f.purpose, 32},
                 Req{"departure_icao", &f.departure_icao, 4}, Req{"arrival_icao", &f.arrival_icao, 4},
                 Req{"off_block_at", &f.off_block_at, 40}, Req{"takeoff_at", &f.takeoff_at, 40},
                 Req{"landing_at", &f.landing_at, 40}, Req{"on_block_at", &f.on_block_at, 40}}) {
    auto v = in.requiredStr(r.field, r.max);
    if (!v) return v.error();
    *r.target = *v;
  }
  auto instructor = in.str("instructor_id", 64);
  if (!instructor) return instructor.error();
  f.instructor_id = *instructor;
  auto remarks = in.str("remarks", 2000);
  if (!remarks) return remarks.error();
  f.remarks = *remarks;
  struct Int {
    const char* field;
    int64_t* target;
    int64_t hi;
  };
  for (auto r : {Int{"night_min", &f.night_min, 1440}, Int{"ifr_min", &f.ifr_min, 1440},
                 Int{"landings_day", &f.landings_day, 99}, Int{"landings_night", &f.landings_night, 99}}) {
    auto v = in.integer(r.field, 0, r.hi);
    if (!v) return v.error();
    if (*v) *r.target = **v;
  }
  for (auto [field, target] : {std::pair<const char*, int64_t*>{"hobbs_start_hours", &f.hobbs_start_tenths},
                               std::pair<const char*, int64_t*>{"hobbs_end_hours", &f.hobbs_end_tenths},
                               std::pair<const char*, int64_t*>{"tach_start_hours", &f.tach_start_tenths},
                               std::pair<const char*, int64_t*>{"tach_end_hours", &f.tach_end_tenths}}) {
    auto v = in.tenths(field);
    if (!v) return v.error();
    if (!*v) return fieldError(field, std::string(field) + " is required.");
    *target = **v;
  }
  return f;
}

}  // namespace

void registerConsoleOperations(http::Router& router, const ConsoleDeps& deps) {
  const std::string org = "/api/v1/console/orgs/{org_id}";
  auto& ops = deps.operations;

  router.add("GET", org + "/pilots",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, listOptions(ctx.req));
               GAF_TRY(page, ops.listPilots(c.org_id, opt));
               return listResponse(page, domain::renderPilot);
             }));
  router.add(
      "POST", org + "/pilots",
      consoleRoute(deps, true, Permission::kManageOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        domain::Pilot p;
        p.status = "active";
        p.roles = {"student"};
        GAF_CHECK(applyPilotBody(body, p));
        if (!body.contains("first_name"))
          return problem(ctx, fieldError("first_name", "first_name is required."));
        if (!body.contains("last_name"))
          return problem(ctx, fieldError("last_name", "last_name is required."));
        GAF_TRY(created, ops.createPilot(c.org_id, p, c.actor));
        return objectResponse(201, created, domain::renderPilot);
      }));
  router.add("GET", org + "/pilots/{pilot_id}",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(p, ops.getPilot(c.org_id, ctx.param("pilot_id")));
               return objectResponse(200, p, domain::renderPilot);
             }));
  router.add(
      "PATCH", org + "/pilots/{pilot_id}",
      consoleRoute(deps, true, Permission::kManageOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        auto patch = [&body](domain::Pilot& p) { return applyPilotBody(body, p); };
        GAF_TRY(updated, ops.updatePilot(c.org_id, ctx.param("pilot_id"), patch, c.actor));
        return objectResponse(200, updated, domain::renderPilot);
      }));

  router.add("GET", org + "/fleet",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, listOptions(ctx.req));
               GAF_TRY(page, ops.listAircraft(c.org_id, opt));
               return listResponse(page, domain::renderAircraft);
             }));
  router.add(
      "POST", org + "/fleet",
      consoleRoute(deps, true, Permission::kManageOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        domain::Aircraft a;
        a.status = "available";
        a.airworthiness = "airworthy";
        a.seats = 0;
        GAF_CHECK(applyAircraftBody(body, a));
        for (const char* f : {"registration", "icao_type", "make", "model", "seats"}) {
          if (!body.contains(f)) return problem(ctx, fieldError(f, std::string(f) + " is required."));
        }
        GAF_TRY(created, ops.createAircraft(c.org_id, a, c.actor));
        return objectResponse(201, created, domain::renderAircraft);
      }));
  router.add("GET", org + "/fleet/{aircraft_id}",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(a, ops.getAircraft(c.org_id, ctx.param("aircraft_id")));
               return objectResponse(200, a, domain::renderAircraft);
             }));
  router.add(
      "PATCH", org + "/fleet/{aircraft_id}",
      consoleRoute(deps, true, Permission::kManageOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        auto patch = [&body](domain::Aircraft& a) { return applyAircraftBody(body, a); };
        GAF_TRY(updated, ops.updateAircraft(c.org_id, ctx.param("aircraft_id"), patch, c.actor));
        return objectResponse(200, updated, domain::renderAircraft);
      }));

  // Overview chart: block hours per aircraft per week.
  router.add("GET", org + "/stats/weekly-flight-hours",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"weeks"}));
               GAF_TRY(weeks, intParam(ctx.req, "weeks", 1, 52));
               GAF_TRY(stats, ops.weeklyFlightHours(c.org_id, static_cast<int>(weeks.value_or(12))));
               return json(200, domain::renderWeeklyFlightHours(stats));
             }));

  router.add("GET", org + "/flights",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, flightListOptions(ctx.req));
               GAF_TRY(result, ops.listFlights(c.org_id, opt));
               return listResponse(result, domain::renderFlight);
             }));
  router.add("POST", org + "/flights",
             consoleRoute(deps, true, Permission::kSubmitFlight, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(input, readFlightBody(body));
               GAF_TRY(flight, ops.submitFlight(c.org_id, input, c.actor));
               return objectResponse(201, flight, domain::renderFlight);
             }));
  router.add("GET", org + "/flights/{flight_id}",
             consoleRoute(deps, true, Permission::kReadOperations, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(f, ops.getFlight(c.org_id, ctx.param("flight_id")));
               return objectResponse(200, f, domain::renderFlight);
             }));
  router.add("POST", org + "/flights/{flight_id}/approve",
             consoleRoute(deps, true, Permission::kReviewFlight, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(f, ops.approveFlight(c.org_id, ctx.param("flight_id"), c.actor));
               return objectResponse(200, f, domain::renderFlight);
             }));
  router.add("POST", org + "/flights/{flight_id}/reject",
             consoleRoute(deps, true, Permission::kReviewFlight, [&ops](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"reason"}));
               GAF_TRY(reason, in.requiredStr("reason", 1000));
               GAF_TRY(f, ops.rejectFlight(c.org_id, ctx.param("flight_id"), reason, c.actor));
               return objectResponse(200, f, domain::renderFlight);
             }));
}

}  // namespace gaflight::api
