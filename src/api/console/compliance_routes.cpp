// Console compliance routes under /api/v1/console/orgs/{org_id}/...
#include "api/common.hpp"
#include "api/compliance_query.hpp"
#include "api/console/console_support.hpp"
#include "domain/compliance_render.hpp"

namespace gaflight::api {

namespace {
using domain::Permission;

// Applies the body onto `in` (create starts empty, PATCH from the stored record). A PATCH of a
// medical's exam date or class without valid_until recomputes the validity.
Status applyComplianceBody(const nlohmann::json& body, service::ComplianceInput& in) {
  BodyReader b(body);
  if (auto st = b.onlyFields({"pilot_id", "aircraft_id", "type", "code", "number", "regime", "issued_on",
                              "valid_until", "note"});
      !st)
    return st;
  struct Opt {
    const char* field;
    std::optional<std::string>* target;
    size_t max;
  };
  for (auto o :
       {Opt{"pilot_id", &in.pilot_id, 64}, Opt{"aircraft_id", &in.aircraft_id, 64},
        Opt{"number", &in.number, 60}, Opt{"regime", &in.regime, 10}, Opt{"issued_on", &in.issued_on, 10},
        Opt{"valid_until", &in.valid_until, 10}, Opt{"note", &in.note, 1000}}) {
    if (!b.has(o.field)) continue;
    auto v = b.str(o.field, o.max);
    if (!v) return v.error();
    *o.target = *v;
  }
  for (auto [field, target] : {std::pair<const char*, std::string*>{"type", &in.type}, {"code", &in.code}}) {
    if (!b.has(field)) continue;
    auto v = b.requiredStr(field, 40);
    if (!v) return v.error();
    *target = *v;
  }
  if (in.type == "medical" && !b.has("valid_until") && (b.has("issued_on") || b.has("code")))
    in.valid_until.reset();
  return okStatus();
}

}  // namespace

void registerConsoleCompliance(http::Router& router, const ConsoleDeps& deps) {
  const std::string org = "/api/v1/console/orgs/{org_id}";
  auto& svc = deps.compliance;
  auto& ops = deps.operations;

  router.add("GET", org + "/compliance",
             consoleRoute(deps, true, Permission::kReadOperations, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, complianceListOptions(ctx.req, ComplianceQuery::kConsole));
               GAF_TRY(page, svc.list(c.org_id, opt));
               return listResponse(page, domain::renderComplianceRecord);
             }));
  router.add(
      "GET", org + "/pilots/{pilot_id}/compliance",
      consoleRoute(deps, true, Permission::kReadOperations, [&svc, &ops](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(opt, complianceListOptions(ctx.req, ComplianceQuery::kConsole));
        GAF_TRY(pilot, ops.getPilot(c.org_id, ctx.param("pilot_id")));
        opt.filter.pilot_id = pilot.id;
        GAF_TRY(page, svc.list(c.org_id, opt));
        return listResponse(page, domain::renderComplianceRecord);
      }));
  router.add(
      "GET", org + "/fleet/{aircraft_id}/compliance",
      consoleRoute(deps, true, Permission::kReadOperations, [&svc, &ops](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(opt, complianceListOptions(ctx.req, ComplianceQuery::kConsole));
        GAF_TRY(aircraft, ops.getAircraft(c.org_id, ctx.param("aircraft_id")));
        opt.filter.aircraft_id = aircraft.id;
        GAF_TRY(page, svc.list(c.org_id, opt));
        return listResponse(page, domain::renderComplianceRecord);
      }));
  router.add(
      "POST", org + "/compliance",
      consoleRoute(deps, true, Permission::kManageOperations, [&svc](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        service::ComplianceInput in;
        GAF_CHECK(applyComplianceBody(body, in));
        for (const char* f : {"type", "code"}) {
          if (!body.contains(f)) return problem(ctx, fieldError(f, std::string(f) + " is required."));
        }
        GAF_TRY(created, svc.create(c.org_id, in, c.actor));
        return objectResponse(201, created, domain::renderComplianceRecord);
      }));
  router.add("GET", org + "/compliance/{record_id}",
             consoleRoute(deps, true, Permission::kReadOperations, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(r, svc.get(c.org_id, ctx.param("record_id")));
               return objectResponse(200, r, domain::renderComplianceRecord);
             }));
  router.add(
      "PATCH", org + "/compliance/{record_id}",
      consoleRoute(deps, true, Permission::kManageOperations, [&svc](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        auto patch = [&body](service::ComplianceInput& in) { return applyComplianceBody(body, in); };
        GAF_TRY(updated, svc.update(c.org_id, ctx.param("record_id"), patch, c.actor));
        return objectResponse(200, updated, domain::renderComplianceRecord);
      }));
  router.add(
      "DELETE", org + "/compliance/{record_id}",
      consoleRoute(deps, true, Permission::kManageOperations, [&svc](auto& ctx, const ConsoleCaller& c) {
        GAF_CHECK(svc.remove(c.org_id, ctx.param("record_id"), c.actor));
        return noContent();
      }));
}

}  // namespace gaflight::api
