// Settings → Developers: apps, keys and installations (SPEC §2, §6).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "domain/render.hpp"

namespace gaflight::api {

namespace {
constexpr auto kManage = domain::Permission::kManageDeveloperPlatform;

Result<std::vector<domain::RequiredScope>> readScopes(const nlohmann::json& body) {
  const auto& v = body["required_scopes"];
  if (!v.is_array() || v.size() > 50) {
    return fieldError("required_scopes", "required_scopes must be an array of {scope, justification}.");
  }
  std::vector<domain::RequiredScope> out;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string field = "required_scopes[" + std::to_string(i) + "]";
    const auto& e = v[i];
    if (!e.is_object() || !e.contains("scope") || !e["scope"].is_string()) {
      return fieldError(field + ".scope", field + ".scope must be a string.");
    }
    if (!e.contains("justification") || !e["justification"].is_string()) {
      return fieldError(field + ".justification",
                        "The justification for " + e["scope"].get<std::string>() + " must be a string.");
    }
    for (const auto& [k, val] : e.items()) {
      if (k != "scope" && k != "justification") {
        field += '.';
        field += k;
        return fieldError(field, "Unknown field '" + k + "'.");
      }
    }
    out.push_back({e["scope"].get<std::string>(), e["justification"].get<std::string>()});
  }
  return out;
}

void renderMintedKey(JsonWriter& w, const service::MintedKey& m) {
  // The key object plus the token, which is never shown again.
  w.raw(withStringMember(domain::renderOne(m.key, domain::renderApiKey), "token", m.token));
}
}  // namespace

void registerConsoleDeveloper(http::Router& router, const ConsoleDeps& deps) {
  const std::string apps = "/api/v1/console/orgs/{org_id}/apps";

  router.add("GET", apps, consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor"}));
               GAF_TRY(page, pageQuery(ctx.req));
               GAF_TRY(result, deps.developer.listApps(c.org_id, page));
               return listResponse(result, domain::renderApp);
             }));

  router.add("POST", apps, consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"name", "description", "homepage_url", "required_scopes"}));
               service::AppInput input;
               GAF_TRY(name, in.requiredStr("name", 100));
               GAF_TRY(description, in.str("description", 2000));
               GAF_TRY(homepage, in.str("homepage_url", 500));
               if (!in.has("required_scopes")) {
                 return problem(ctx, fieldError("required_scopes", "required_scopes is required."));
               }
               GAF_TRY(scopes, readScopes(body));
               input.name = name;
               input.description = description.value_or("");
               input.homepage_url = homepage;
               input.required_scopes = std::move(scopes);
               GAF_TRY(app, deps.developer.createApp(c.org_id, input, c.actor));
               return objectResponse(201, app, domain::renderApp);
             }));

  router.add("GET", apps + "/{app_id}",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(app, deps.developer.getApp(c.org_id, ctx.param("app_id")));
               return objectResponse(200, app, domain::renderApp);
             }));

  router.add("PATCH", apps + "/{app_id}",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"name", "description", "homepage_url", "required_scopes"}));
               service::AppPatch patch;
               if (in.has("name")) {
                 GAF_TRY(name, in.requiredStr("name", 100));
                 patch.name = name;
               }
               if (in.has("description")) {
                 GAF_TRY(d, in.str("description", 2000));
                 patch.description = d.value_or("");
               }
               if (in.has("homepage_url")) {
                 GAF_TRY(h, in.str("homepage_url", 500));
                 patch.homepage_url = h;
               }
               if (in.has("required_scopes")) {
                 GAF_TRY(scopes, readScopes(body));
                 patch.required_scopes = std::move(scopes);
               }
               GAF_TRY(app, deps.developer.updateApp(c.org_id, ctx.param("app_id"), patch, c.actor));
               return objectResponse(200, app, domain::renderApp);
             }));

  router.add("POST", apps + "/{app_id}/activate",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(app, deps.developer.activateApp(c.org_id, ctx.param("app_id"), c.actor));
               return objectResponse(200, app, domain::renderApp);
             }));

  router.add("POST", apps + "/{app_id}/revoke",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(app, deps.developer.revokeApp(c.org_id, ctx.param("app_id"), c.actor));
               return objectResponse(200, app, domain::renderApp);
             }));

  router.add("GET", apps + "/{app_id}/keys",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor"}));
               GAF_TRY(page, pageQuery(ctx.req));
               GAF_TRY(result, deps.developer.listKeys(c.org_id, ctx.param("app_id"), page));
               return listResponse(result, domain::renderApiKey);
             }));

  router.add("POST", apps + "/{app_id}/keys",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"name", "expires_at"}));
               GAF_TRY(name, in.requiredStr("name", 100));
               GAF_TRY(expires, in.str("expires_at", 64));
               GAF_TRY(minted, deps.developer.mintKey(c.org_id, ctx.param("app_id"), name, expires, c.actor));
               auto res = objectResponse(201, minted, renderMintedKey);
               return res;
             }));

  router.add("DELETE", apps + "/{app_id}/keys/{key_id}",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(key,
                       deps.developer.revokeKey(c.org_id, ctx.param("app_id"), ctx.param("key_id"), c.actor));
               return objectResponse(200, key, domain::renderApiKey);
             }));

  // Any logged-in user may read an active app (name, description, scopes and their
  // justifications) before installing it into one of their organisations.
  router.add("GET", "/api/v1/console/apps/{app_id}",
             consoleRoute(deps, false, std::nullopt, [&deps](auto& ctx, const ConsoleCaller&) {
               GAF_TRY(app, deps.developer.getPublishedApp(ctx.param("app_id")));
               return objectResponse(200, app, domain::renderApp);
             }));

  const std::string inst = "/api/v1/console/orgs/{org_id}/installations";
  router.add("GET", inst, consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor"}));
               GAF_TRY(page, pageQuery(ctx.req));
               GAF_TRY(result, deps.developer.listInstallations(c.org_id, page));
               return listResponse(result, domain::renderInstallation);
             }));

  router.add("POST", inst, consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"app_id", "granted_scopes"}));
               GAF_TRY(app_id, in.requiredStr("app_id", 64));
               GAF_TRY(granted, in.strings("granted_scopes"));
               if (!granted) return problem(ctx, fieldError("granted_scopes", "granted_scopes is required."));
               GAF_TRY(result, deps.developer.install(c.org_id, app_id, *granted, c.actor));
               return objectResponse(201, result, domain::renderInstallation);
             }));

  router.add("DELETE", inst + "/{installation_id}",
             consoleRoute(deps, true, kManage, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(result, deps.developer.uninstall(c.org_id, ctx.param("installation_id"), c.actor));
               return objectResponse(200, result, domain::renderInstallation);
             }));
}

}  // namespace gaflight::api
