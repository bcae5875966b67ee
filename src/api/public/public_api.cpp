#include "api/public/public_api.hpp"

#include "api/common.hpp"
#include "api/list_options.hpp"
#include "domain/render.hpp"

namespace gaflight::api {

namespace {
using PublicHandler = std::function<http::Response(http::RequestContext&, const service::ApiPrincipal&)>;

http::Handler guarded(PublicApiDeps deps, std::string scope, PublicHandler fn, bool cacheable = true) {
  return [deps, scope = std::move(scope), fn = std::move(fn),
          cacheable](http::RequestContext& ctx) -> http::Response {
    const auto& req = ctx.req;
    auto key = deps.auth.authenticateKey(req.header("authorization"), req.headerCount("authorization"));
    if (!key) return problem(ctx, key.error());
    auto d = deps.limiter.take(key->key_id);
    ctx.response_headers.push_back({"RateLimit-Limit", std::to_string(d.limit)});
    ctx.response_headers.push_back({"RateLimit-Remaining", std::to_string(d.remaining)});
    ctx.response_headers.push_back({"RateLimit-Reset", std::to_string(d.reset_seconds)});
    if (!d.allowed) {
      Error e = makeError(ErrorCode::kRateLimited,
                          "Rate limit exceeded for this key; retry after the indicated delay.");
      e.retry_after_s = static_cast<int>(d.retry_after);
      return problem(ctx, e);
    }
    auto principal = deps.auth.authorize(*key, req.header("x-org-id"), req.headerCount("x-org-id"), scope);
    if (!principal) return problem(ctx, principal.error());
    if (!cacheable || !deps.cache.enabled() || req.query_malformed) return fn(ctx, *principal);
    // Keyed by organisation + the exact target, so only byte-identical requests share a body
    // (anything the handler would reject is never a key that a valid response was stored under).
    std::string cache_key = principal->org_id + "|" + req.target;
    if (auto body = deps.cache.get(cache_key)) {
      http::Response hit;
      hit.shared_body = std::move(body);
      return hit;
    }
    uint64_t generation = deps.generation.value();
    auto res = fn(ctx, *principal);
    if (res.status == 200)
      deps.cache.put(cache_key, std::make_shared<const std::string>(res.body), generation);
    return res;
  };
}

template <typename T, typename Render>
http::Response respond(const http::RequestContext& ctx, const Result<T>& r, Render render) {
  if (!r) return problem(ctx, r.error());
  return objectResponse(200, r.value(), render);
}

template <typename T, typename Render>
http::Response respondList(const http::RequestContext& ctx, const Result<service::Page<T>>& r,
                           Render render) {
  if (!r) return problem(ctx, r.error());
  return listResponse(r.value(), render);
}

}  // namespace

void registerPublicApi(http::Router& router, PublicApiDeps deps) {
  const std::string base = "/api/v1/public";

  router.add("GET", base + "/pilots",
             guarded(deps, "public.pilots:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, listOptions(ctx.req));
                       return respondList(ctx, deps.operations.listPilots(p.org_id, opt),
                                          domain::renderPilot);
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
             guarded(deps, "public.flights:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_TRY(opt, flightListOptions(ctx.req));
                       return respondList(ctx, deps.operations.listFlights(p.org_id, opt),
                                          domain::renderFlight);
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
                 false));
  router.add("GET", base + "/events/{id}",
             guarded(
                 deps, "public.events:read",
                 [deps](auto& ctx, const auto& p) {
                   GAF_CHECK(checkQuery(ctx.req, {}));
                   return respond(ctx, deps.webhooks.getEvent(p.org_id, ctx.param("id")),
                                  domain::renderEvent);
                 },
                 false));
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
                 false));
}

}  // namespace gaflight::api
