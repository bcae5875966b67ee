// Public maintenance routes (SPEC §3, §10.9): the due list and work orders.
#include "api/maintenance_options.hpp"
#include "api/public/public_support.hpp"
#include "domain/maintenance_render.hpp"

namespace gaflight::api {

void registerPublicMaintenance(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public/maintenance";
  // Statuses are computed against the clock's UTC date at read time; the micro-cache keeps a page
  // for at most a second, so it never serves yesterday's status.
  router.add("GET", base + "/due",
             guarded(deps, "public.maintenance:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, dueListOptions(ctx.req));
                       return respondList(ctx, deps.maintenance.listDue(p.org_id, opt),
                                          domain::renderAircraftDue);
                     }),
             true);
  router.add("GET", base + "/work-orders",
             guarded(deps, "public.maintenance:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, workOrderListOptions(ctx.req));
                       return respondList(ctx, deps.maintenance.listWorkOrders(p.org_id, opt),
                                          domain::renderWorkOrder);
                     }),
             true);
  router.add("GET", base + "/work-orders/{id}",
             guarded(deps, "public.maintenance:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.maintenance.getWorkOrder(p.org_id, ctx.param("id")),
                                      domain::renderWorkOrder);
                     }),
             true);
}

}  // namespace gaflight::api
