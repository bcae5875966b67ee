// Public VTR routes (SPEC §3, §8, §10.5): metadata and pack_sha256, never the pack itself.
#include "api/public/public_support.hpp"
#include "api/vtr_options.hpp"
#include "domain/vtr_render.hpp"

namespace gaflight::api {

void registerPublicVtr(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public/vtr";
  router.add("GET", base,
             guarded(deps, "public.vtr:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, vtrListOptions(ctx.req));
                       return respondList(ctx, deps.vtr.list(p.org_id, opt), domain::renderVtr);
                     }),
             true);
  router.add("GET", base + "/{id}",
             guarded(deps, "public.vtr:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.vtr.get(p.org_id, ctx.param("id")), domain::renderVtr);
                     }),
             true);
}

}  // namespace gaflight::api
