// Console VTR routes under /api/v1/console/orgs/{org_id}/vtr: list, detail, issue, revoke, pack download
// and the enrolments a VTR can be issued for. Reading: any member; issuing and revoking: instructors and
// administrators (Permission::kReviewFlight, the people who sign training off).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "api/vtr_options.hpp"
#include "domain/vtr_render.hpp"

namespace gaflight::api {

void registerConsoleVtr(http::Router& router, const ConsoleDeps& deps) {
  const std::string base = "/api/v1/console/orgs/{org_id}/vtr";
  auto& v = deps.vtr;
  const auto read = domain::Permission::kReadOperations;
  const auto sign = domain::Permission::kReviewFlight;

  router.add("GET", base, consoleRoute(deps, true, read, [&v](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, vtrListOptions(ctx.req));
               GAF_TRY(page, v.list(c.org_id, opt));
               return listResponse(page, domain::renderVtr);
             }));
  router.add("POST", base, consoleRoute(deps, true, sign, [&v](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"enrollment_id"}));
               GAF_TRY(enrollment, in.requiredStr("enrollment_id", 64));
               GAF_TRY(created, v.issue(c.org_id, enrollment, c.actor));
               return objectResponse(201, created, domain::renderVtr);
             }));
  router.add("GET", base + "/eligible-enrollments",
             consoleRoute(deps, true, read, [&v](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               service::Page<domain::VtrEligibleEnrollment> all{v.eligibleEnrollments(c.org_id), {}};
               return listResponse(all, domain::renderVtrEligibleEnrollment);
             }));
  router.add("GET", base + "/{vtr_id}",
             consoleRoute(deps, true, read, [&v](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               GAF_TRY(found, v.get(c.org_id, ctx.param("vtr_id")));
               return objectResponse(200, found, domain::renderVtr);
             }));
  router.add("GET", base + "/{vtr_id}/pack",
             consoleRoute(deps, true, read, [&v](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               GAF_TRY(pack, v.pack(c.org_id, ctx.param("vtr_id")));
               http::Response r;
               r.content_type = "application/zip";
               r.body = std::move(pack.bytes);
               r.set("Content-Disposition", "attachment; filename=\"" + pack.filename + "\"");
               r.set("Cache-Control", "no-store");
               return r;
             }));
  router.add("POST", base + "/{vtr_id}/revoke",
             consoleRoute(deps, true, sign, [&v](auto& ctx, const ConsoleCaller& c) {
               // The body is optional: {} or {"reason": "..."}.
               std::optional<std::string> reason;
               if (!ctx.req.body.empty()) {
                 GAF_TRY(body, jsonBody(ctx.req));
                 BodyReader in(body);
                 GAF_CHECK(in.onlyFields({"reason"}));
                 GAF_TRY(r, in.str("reason", 1000));
                 reason = r;
               }
               GAF_TRY(revoked, v.revoke(c.org_id, ctx.param("vtr_id"), reason, c.actor));
               return objectResponse(200, revoked, domain::renderVtr);
             }));
}

}  // namespace gaflight::api
