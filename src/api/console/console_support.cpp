#include "api/console/console_support.hpp"

#include "api/common.hpp"
#include "core/ids.hpp"

namespace gaflight::api {

std::string cookieValue(const http::Request& req, std::string_view name) {
  for (const auto& h : req.headers) {
    if (h.name != "cookie") continue;
    std::string_view v = h.value;
    while (!v.empty()) {
      size_t semi = v.find(';');
      std::string_view part = v.substr(0, semi);
      v = semi == std::string_view::npos ? std::string_view() : v.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

namespace {
bool isStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// A browser sends Origin on cross-site POSTs; when present it must name this host.
bool originMatches(const http::Request& req) {
  const auto* origin = req.header("origin");
  if (!origin) return true;
  const auto* host = req.header("host");
  if (!host) return false;
  return *origin == "http://" + *host || *origin == "https://" + *host;
}
}  // namespace

http::Handler consoleRoute(const ConsoleDeps& deps, bool org_scoped,
                           std::optional<domain::Permission> permission, ConsoleHandler fn) {
  return [&deps, org_scoped, permission, fn = std::move(fn)](http::RequestContext& ctx) -> http::Response {
    const auto& req = ctx.req;
    auto session = deps.identity.session(cookieValue(req, sessionCookieName(deps)));
    if (!session) return problem(ctx, session.error());
    if (isStateChanging(req.method)) {
      const auto* token = req.header("x-csrf-token");
      if (!token || req.headerCount("x-csrf-token") != 1 || !deps.identity.csrfValid(*session, *token) ||
          !originMatches(req)) {
        return problem(ctx,
                       makeError(ErrorCode::kCsrfFailed,
                                 "State-changing console requests need the X-CSRF-Token from login or /me."));
      }
    }
    ConsoleCaller caller{
        *session, {}, std::nullopt, service::Actor{session->user.id, session->user.email, ctx.request_id}};
    if (org_scoped) {
      const std::string& org = ctx.param("org_id");
      if (!ids::isUuid(org)) return problem(ctx, makeError(ErrorCode::kNotFound, "No such organisation."));
      auto role_name = deps.identity.roleIn(org, session->user.id);
      if (!role_name) return problem(ctx, makeError(ErrorCode::kNotFound, "No such organisation."));
      caller.org_id = org;
      caller.role = domain::parseRole(*role_name);
      if (!caller.role) return problem(ctx, makeError(ErrorCode::kForbidden, "Unknown role."));
      if (permission && !domain::roleAllows(*caller.role, *permission)) {
        return problem(ctx, makeError(ErrorCode::kForbidden,
                                      "Your role (" + *role_name + ") does not allow this action."));
      }
    }
    return fn(ctx, caller);
  };
}

}  // namespace gaflight::api
