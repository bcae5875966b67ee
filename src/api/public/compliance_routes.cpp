// Public compliance routes (SPEC §3).
#include "api/compliance_query.hpp"
#include "api/public/export_support.hpp"
#include "api/public/public_support.hpp"
#include "domain/compliance_render.hpp"

namespace gaflight::api {

void registerPublicCompliance(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public";
  router.add(
      "GET", base + "/compliance",
      exportableList<domain::ComplianceRecord>(
          deps,
          {"public.compliance:read", "compliance", domain::renderComplianceRecord, domain::kComplianceCsv},
          [](const http::Request& req) { return complianceListOptions(req, ComplianceQuery::kPublic); },
          [svc = &deps.compliance](const std::string& org, const service::ComplianceListOptions& o) {
            return svc->list(org, o);
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
