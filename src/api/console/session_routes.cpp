// Console session and organisations: login, logout, me, create/get organisation, audit log and
// its chain verification.
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "domain/audit_chain_render.hpp"
#include "domain/render.hpp"

namespace gaflight::api {

namespace {
void writeUserAndOrgs(JsonWriter& w, const domain::User& u, const std::vector<domain::Membership>& orgs) {
  w.key("user")
      .beginObject()
      .field("id", u.id)
      .field("email", u.email)
      .field("display_name", u.display_name)
      .endObject();
  w.key("orgs").beginArray();
  for (const auto& m : orgs)
    w.beginObject().field("id", m.org_id).field("name", m.org_name).field("role", m.role).endObject();
  w.endArray();
}

std::string sessionCookie(const ConsoleDeps& deps, const std::string& value, int64_t max_age) {
  return std::string(sessionCookieName(deps)) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (deps.secure_cookies ? "; Secure" : "");
}
}  // namespace

void registerConsoleSession(http::Router& router, const ConsoleDeps& deps) {
  const std::string base = "/api/v1/console";

  router.add("POST", base + "/login", [&deps](http::RequestContext& ctx) -> http::Response {
    GAF_TRY(body, jsonBody(ctx.req));
    BodyReader in(body);
    GAF_CHECK(in.onlyFields({"email", "password"}));
    GAF_TRY(email, in.requiredStr("email", 254));
    GAF_TRY(password, in.requiredStr("password", 1000));
    GAF_TRY(result, deps.identity.login(email, password, http::clientAddress(ctx.req, deps.trusted_proxy)));
    std::string out;
    JsonWriter w(out);
    w.beginObject().field("csrf_token", result.csrf_token);
    writeUserAndOrgs(w, result.user, result.orgs);
    w.endObject();
    auto res = json(200, std::move(out));
    res.set("Set-Cookie", sessionCookie(deps, result.session_token, result.max_age_seconds));
    return res;
  });

  router.add("POST", base + "/logout",
             consoleRoute(deps, false, std::nullopt, [&deps](auto& ctx, const auto&) {
               deps.identity.logout(cookieValue(ctx.req, sessionCookieName(deps)));
               auto res = noContent();
               res.set("Set-Cookie", sessionCookie(deps, "", 0));
               return res;
             }));

  router.add("GET", base + "/me",
             consoleRoute(deps, false, std::nullopt, [&deps](auto& ctx, const ConsoleCaller& c) {
               std::string out;
               JsonWriter w(out);
               w.beginObject().field("csrf_token", c.session.csrf_token);
               writeUserAndOrgs(w, c.session.user, deps.identity.memberships(c.session.user.id));
               w.endObject();
               return json(200, std::move(out));
             }));

  router.add("POST", base + "/orgs",
             consoleRoute(deps, false, std::nullopt, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"name", "time_zone", "country", "currency"}));
               GAF_TRY(name, in.requiredStr("name", 120));
               GAF_TRY(tz, in.requiredStr("time_zone", 64));
               GAF_TRY(country, in.requiredStr("country", 2));
               GAF_TRY(currency, in.requiredStr("currency", 3));
               GAF_TRY(org, deps.identity.createOrg({name, tz, country, currency}, c.actor));
               return objectResponse(201, org, domain::renderOrganisation);
             }));

  router.add("GET", base + "/orgs/{org_id}",
             consoleRoute(deps, true, std::nullopt, [&deps](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(org, deps.identity.getOrg(c.org_id));
               return objectResponse(200, org, domain::renderOrganisation);
             }));

  router.add(
      "GET", base + "/orgs/{org_id}/audit-log",
      consoleRoute(deps, true, domain::Permission::kViewAuditLog, [&deps](auto& ctx, const ConsoleCaller& c) {
        GAF_CHECK(checkQuery(ctx.req, {"limit", "cursor"}));
        GAF_TRY(page, pageQuery(ctx.req));
        GAF_TRY(result, service::listAuditLog(deps.db, deps.cursors, c.org_id, page));
        return listResponse(result, domain::renderAuditEntry);
      }));

  // Recomputes the whole hash chain; same permission as the log itself.
  router.add(
      "GET", base + "/orgs/{org_id}/audit/verify",
      consoleRoute(deps, true, domain::Permission::kViewAuditLog, [&deps](auto& ctx, const ConsoleCaller& c) {
        GAF_CHECK(checkQuery(ctx.req, {}));
        return objectResponse(200, service::verifyAuditChain(deps.db, c.org_id),
                              domain::renderAuditChainReport);
      }));
}

}  // namespace gaflight::api
