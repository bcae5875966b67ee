// Public planning routes (SPEC §3, §10.1): sessions overlapping a window, ordered by start_at, id.
#include "api/planning_options.hpp"
#include "api/public/export_support.hpp"
#include "api/public/public_support.hpp"
#include "domain/planning_render.hpp"

namespace gaflight::api {

void registerPublicPlanning(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public/planning/sessions";
  router.add("GET", base,
             exportableList<domain::PlanningSession>(
                 deps,
                 {"public.planning:read", "planning-sessions", domain::renderPlanningSession,
                  domain::kPlanningSessionCsv},
                 [](const http::Request& req) { return planningListOptions(req); },
                 [svc = &deps.planning](const std::string& org, const service::PlanningListOptions& o) {
                   return svc->list(org, o);
                 }),
             true);
  router.add("GET", base + "/{id}",
             guarded(deps, "public.planning:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.planning.get(p.org_id, ctx.param("id")),
                                      domain::renderPlanningSession);
                     }),
             true);
}

}  // namespace gaflight::api
