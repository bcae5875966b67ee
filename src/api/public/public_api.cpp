#include "api/public/public_api.hpp"

#include "api/common.hpp"
#include "api/list_options.hpp"
#include "api/public/export_support.hpp"
#include "api/public/public_support.hpp"
#include "domain/render.hpp"
#include "domain/stored_json.hpp"

namespace gaflight::api {

void registerPublicApi(http::Router& router, PublicApiDeps deps) {
  const std::string base = "/api/v1/public";

  router.add(
      "GET", base + "/pilots",
      guarded(deps, "public.pilots:read",
              [deps](auto& ctx, const auto& p) {
                GAF_TRY(opt, listOptions(ctx.req));
                return respondStreamedList(
                    ctx, opt.page.limit,
                    [&](const auto& emit) { return deps.operations.streamPilots(p.org_id, opt, emit); },
                    domain::renderStoredJson);
              }),
      true);
  router.add("GET", base + "/pilots/{id}",
             guarded(deps, "public.pilots:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.operations.getPilot(p.org_id, ctx.param("id")),
                                      domain::renderPilot);
                     }),
             true);

  router.add("GET", base + "/fleet",
             guarded(deps, "public.fleet:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, listOptions(ctx.req));
                       return respondList(ctx, deps.operations.listAircraft(p.org_id, opt),
                                          domain::renderAircraft);
                     }),
             true);
  router.add("GET", base + "/fleet/{id}",
             guarded(deps, "public.fleet:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.operations.getAircraft(p.org_id, ctx.param("id")),
                                      domain::renderAircraft);
                     }),
             true);

  router.add("GET", base + "/flights",
             exportableList<domain::Flight>(
                 deps, {"public.flights:read", "flights", domain::renderFlight, domain::kFlightCsv},
                 [](const http::Request& req) { return flightListOptions(req); },
                 [ops = &deps.operations](const std::string& org, const service::FlightListOptions& o) {
                   return ops->listFlights(org, o);
                 }),
             true);
  router.add("GET", base + "/flights/{id}",
             guarded(deps, "public.flights:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(ctx, deps.operations.getFlight(p.org_id, ctx.param("id")),
                                      domain::renderFlight);
                     }),
             true);

  // Events are not micro-cached: they are a feed that partners poll for news.
  router.add("GET", base + "/events",
             guarded(
                 deps, "public.events:read",
                 [deps](auto& ctx, const auto& p) {
                   const auto& req = ctx.req;
                   GAF_CHECK(checkQuery(req, {"limit", "cursor", "type", "updated_since"}));
                   GAF_TRY(page, pageQuery(req));
                   GAF_TRY(type, enumParam(req, "type",
                                           {"flight.submitted", "flight.approved", "flight.rejected",
                                            "maintenance.alert", "webhook.test"}));
                   GAF_TRY(since, instantParam(req, "updated_since"));
                   return respondList(ctx, deps.webhooks.listEvents(p.org_id, type, since, page),
                                      domain::renderEvent);
                 },
                 Caching::kNever));
  router.add("GET", base + "/events/{id}",
             guarded(
                 deps, "public.events:read",
                 [deps](auto& ctx, const auto& p) {
                   GAF_CHECK(checkQuery(ctx.req, {}));
                   return respond(ctx, deps.webhooks.getEvent(p.org_id, ctx.param("id")),
                                  domain::renderEvent);
                 },
                 Caching::kNever));
  router.add("POST", base + "/events/{id}/replay",
             guarded(
                 deps, "public.events:read",
                 [deps](auto& ctx, const auto& p) {
                   GAF_CHECK(checkQuery(ctx.req, {}));
                   GAF_TRY(deliveries, deps.webhooks.replayEvent(p.org_id, ctx.param("id")));
                   service::Page<domain::WebhookDelivery> page{std::move(deliveries), {}};
                   auto res = listResponse(page, domain::renderWebhookDelivery);
                   res.status = 202;
                   return res;
                 },
                 Caching::kNever));

  registerPublicMaintenance(router, deps);
  registerPublicCompliance(router, deps);
  registerPublicPlanning(router, deps);
  registerPublicTraining(router, deps);
  registerPublicBilling(router, deps);
  registerPublicVtr(router, deps);
}

}  // namespace gaflight::api
