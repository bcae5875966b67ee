// Console planning routes under /api/v1/console/orgs/{org_id}/planning/sessions: members read;
// instructors and above book, move, cancel and delete (the permission that reviews flights).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "api/planning_options.hpp"
#include "domain/planning_render.hpp"

namespace gaflight::api {

namespace {
using domain::Permission;

// Applies the fields present in `body` onto `s` (create starts empty, PATCH from the stored session);
// aircraft_id, instructor_id, student_id and notes may be null to clear them.
Status applySessionBody(const nlohmann::json& body, domain::PlanningSession& s) {
  BodyReader in(body);
  if (auto st = in.onlyFields(
          {"kind", "start_at", "end_at", "aircraft_id", "instructor_id", "student_id", "status", "notes"});
      !st)
    return st;
  for (auto [field, target] : {std::pair<const char*, std::string*>{"kind", &s.kind},
                               std::pair<const char*, std::string*>{"start_at", &s.start_at},
                               std::pair<const char*, std::string*>{"end_at", &s.end_at},
                               std::pair<const char*, std::string*>{"status", &s.status}}) {
    if (!in.has(field)) continue;
    auto v = in.requiredStr(field, 40);
    if (!v) return v.error();
    *target = *v;
  }
  using Opt = std::optional<std::string>;
  for (auto [field, target, max] :
       {std::tuple<const char*, Opt*, size_t>{"aircraft_id", &s.aircraft_id, 64},
        std::tuple<const char*, Opt*, size_t>{"instructor_id", &s.instructor_id, 64},
        std::tuple<const char*, Opt*, size_t>{"student_id", &s.student_id, 64},
        std::tuple<const char*, Opt*, size_t>{"notes", &s.notes, 2000}}) {
    if (!in.has(field)) continue;
    auto v = in.str(field, max);
    if (!v) return v.error();
    *target = *v;
  }
  return okStatus();
}
}  // namespace

void registerConsolePlanning(http::Router& router, const ConsoleDeps& deps) {
  const std::string base = "/api/v1/console/orgs/{org_id}/planning/sessions";
  auto& planning = deps.planning;

  router.add(
      "GET", base,
      consoleRoute(deps, true, Permission::kReadOperations, [&planning](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(opt, planningListOptions(ctx.req));
        GAF_TRY(page, planning.list(c.org_id, opt));
        return listResponse(page, domain::renderPlanningSession);
      }));
  router.add(
      "POST", base,
      consoleRoute(deps, true, Permission::kReviewFlight, [&planning](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        domain::PlanningSession s;
        GAF_CHECK(applySessionBody(body, s));
        for (const char* f : {"kind", "start_at", "end_at"}) {
          if (!body.contains(f)) return problem(ctx, fieldError(f, std::string(f) + " is required."));
        }
        GAF_TRY(created, planning.create(c.org_id, s, c.actor));
        return objectResponse(201, created, domain::renderPlanningSession);
      }));
  router.add(
      "GET", base + "/{session_id}",
      consoleRoute(deps, true, Permission::kReadOperations, [&planning](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(s, planning.get(c.org_id, ctx.param("session_id")));
        return objectResponse(200, s, domain::renderPlanningSession);
      }));
  router.add(
      "PATCH", base + "/{session_id}",
      consoleRoute(deps, true, Permission::kReviewFlight, [&planning](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        auto patch = [&body](domain::PlanningSession& s) { return applySessionBody(body, s); };
        GAF_TRY(updated, planning.update(c.org_id, ctx.param("session_id"), patch, c.actor));
        return objectResponse(200, updated, domain::renderPlanningSession);
      }));
  router.add(
      "DELETE", base + "/{session_id}",
      consoleRoute(deps, true, Permission::kReviewFlight, [&planning](auto& ctx, const ConsoleCaller& c) {
        GAF_CHECK(planning.remove(c.org_id, ctx.param("session_id"), c.actor));
        return noContent();
      }));
}

}  // namespace gaflight::api
