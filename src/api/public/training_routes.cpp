// Public training routes (SPEC §3, §10.1): progress per enrolment (ordered by enrolment id) and signoffs
// (ordered by signed date, id) with their Ed25519 signature metadata.
#include "api/public/export_support.hpp"
#include "api/public/public_support.hpp"
#include "api/training_options.hpp"
#include "domain/training_render.hpp"

namespace gaflight::api {

void registerPublicTraining(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public";
  router.add("GET", base + "/training-progress",
             guarded(deps, "public.training:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, progressListOptions(ctx.req, StatusFilter::kRefused));
                       return respondList(ctx, deps.training.listProgress(p.org_id, opt),
                                          domain::renderTrainingProgress);
                     }),
             true);
  router.add("GET", base + "/training/signoffs",
             exportableList<domain::Signoff>(
                 deps, {"public.signoffs:read", "signoffs", domain::renderSignoff, domain::kSignoffCsv},
                 [](const http::Request& req) { return signoffListOptions(req); },
                 [svc = &deps.training](const std::string& org, const service::SignoffListOptions& o) {
                   return svc->listSignoffs(org, o);
                 }),
             true);
  router.add("GET", base + "/training/signoffs/{id}",
             guarded(deps, "public.signoffs:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.training.getSignoff(p.org_id, ctx.param("id")),
                                      domain::renderSignoff);
                     }),
             true);
}

}  // namespace gaflight::api
