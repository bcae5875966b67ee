// Public compliance routes (SPEC §3).
#include "api/compliance_query.hpp"
#include "api/public/public_support.hpp"
#include "domain/compliance_render.hpp"

namespace gaflight::api {

void registerPublicCompliance(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public";
  router.add("GET", base + "/compliance",
             guarded(deps, "public.compliance:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, complianceListOptions(ctx.req, ComplianceQuery::kPublic));
                       return respondList(ctx, deps.compliance.list(p.org_id, opt),
                                          domain::renderComplianceRecord);
                     }),
             true);
  router.add("GET", base + "/compliance/{id}",
             guarded(deps, "public.compliance:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.compliance.get(p.org_id, ctx.param("id")),
                                      domain::renderComplianceRecord);
                     }),
             true);
}

}  // namespace gaflight::api
