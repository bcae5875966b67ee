// Settings → Integrations → Webhooks, and the console's view of events (SPEC §5–6).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "domain/render.hpp"

namespace gaflight::api {

namespace {
constexpr auto kManage = domain::Permission::kManageDeveloperPlatform;

Result<service::EndpointInput> readEndpointBody(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"url", "description", "event_types", "active"}); !st) return st.error();
  service::EndpointInput input;
  auto url = in.str("url", 2048);
  if (!url) return url.error();
  input.url = *url;
  auto description = in.str("description", 500);
  if (!description) return description.error();
  input.description = *description;
  auto types = in.strings("event_types", 20);
  if (!types) return types.error();
  input.event_types = *types;
  if (in.has("active")) {
    if (!body["active"].is_boolean()) return fieldError("active", "active must be true or false.");
    input.active = body["active"].get<bool>();
  }
  return input;
}

void renderCreated(JsonWriter& w, const service::CreatedEndpoint& c) {
  // The endpoint plus its secret, which is never shown again.
  w.raw(withStringMember(domain::renderOne(c.endpoint, domain::renderWebhookEndpoint), "secret", c.secret));
}
}  // namespace

void registerConsoleWebhooks(http::Router& router, const ConsoleDeps& deps) {
  const std::string hooks = "/api/v1/console/orgs/{org_id}/webhooks";
  auto& svc = deps.webhooks;

  router.add("GET", hooks, consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor"}));
               GAF_TRY(page, pageQuery(ctx.req));
               GAF_TRY(result, svc.listEndpoints(c.org_id, page));
               return listResponse(result, domain::renderWebhookEndpoint);
             }));
  router.add("POST", hooks, consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(input, readEndpointBody(body));
               GAF_TRY(created, svc.createEndpoint(c.org_id, input, c.actor));
               return objectResponse(201, created, renderCreated);
             }));
  router.add("GET", hooks + "/{webhook_id}",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(e, svc.getEndpoint(c.org_id, ctx.param("webhook_id")));
               return objectResponse(200, e, domain::renderWebhookEndpoint);
             }));
  router.add("PATCH", hooks + "/{webhook_id}",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(input, readEndpointBody(body));
               GAF_TRY(e, svc.updateEndpoint(c.org_id, ctx.param("webhook_id"), input, c.actor));
               return objectResponse(200, e, domain::renderWebhookEndpoint);
             }));
  router.add("DELETE", hooks + "/{webhook_id}",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(svc.deleteEndpoint(c.org_id, ctx.param("webhook_id"), c.actor));
               return noContent();
             }));
  router.add("POST", hooks + "/{webhook_id}/rotate-secret",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(r, svc.rotateSecret(c.org_id, ctx.param("webhook_id"), c.actor));
               std::string out;
               JsonWriter w(out);
               w.beginObject()
                   .field("secret", r.secret)
                   .field("secondary_expires_at", r.secondary_expires_at)
                   .endObject();
               return json(200, std::move(out));
             }));
  router.add("POST", hooks + "/{webhook_id}/test",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(d, svc.sendTest(c.org_id, ctx.param("webhook_id"), c.actor));
               return objectResponse(202, d, domain::renderWebhookDelivery);
             }));
  router.add("GET", hooks + "/{webhook_id}/deliveries",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor", "status"}));
               GAF_TRY(page, pageQuery(ctx.req));
               GAF_TRY(status, enumParam(ctx.req, "status", {"pending", "succeeded", "failed"}));
               GAF_TRY(result, svc.listDeliveries(c.org_id, ctx.param("webhook_id"), status, page));
               return listResponse(result, domain::renderWebhookDelivery);
             }));
  router.add("POST", hooks + "/{webhook_id}/deliveries/{delivery_id}/retry",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(d, svc.retryDelivery(c.org_id, ctx.param("webhook_id"), ctx.param("delivery_id")));
               return objectResponse(202, d, domain::renderWebhookDelivery);
             }));

  const std::string events = "/api/v1/console/orgs/{org_id}/events";
  router.add("GET", events, consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor", "type", "updated_since"}));
               GAF_TRY(page, pageQuery(ctx.req));
               GAF_TRY(type, enumParam(ctx.req, "type",
                                       {"flight.submitted", "flight.approved", "flight.rejected",
                                        "maintenance.alert", "webhook.test"}));
               GAF_TRY(since, instantParam(ctx.req, "updated_since"));
               GAF_TRY(result, svc.listEvents(c.org_id, type, since, page));
               return listResponse(result, domain::renderEvent);
             }));
  router.add("POST", events + "/{event_id}/replay",
             consoleRoute(deps, true, kManage, [&svc](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(deliveries, svc.replayEvent(c.org_id, ctx.param("event_id")));
               service::Page<domain::WebhookDelivery> page{std::move(deliveries), {}};
               auto res = listResponse(page, domain::renderWebhookDelivery);
               res.status = 202;
               return res;
             }));
}

}  // namespace gaflight::api
