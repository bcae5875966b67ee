#pragma once
// What every public route shares: the guard (bearer key → rate limit → org + scope → micro-cache)
// and the JSON responders. Each area's routes live in api/public/<area>_routes.cpp.
#include <functional>
#include <string>

#include "api/common.hpp"
#include "api/public/public_api.hpp"

namespace gaflight::api {

using PublicHandler = std::function<http::Response(http::RequestContext&, const service::ApiPrincipal&)>;

enum class Caching { kMicroCache, kNever };

// Authenticates, rate-limits and authorises `scope` before calling `fn`; with kMicroCache a 200 body
// is reused for byte-identical requests of the same organisation (ADR 0005).
http::Handler guarded(PublicApiDeps deps, std::string scope, PublicHandler fn,
                      Caching caching = Caching::kMicroCache);

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

}  // namespace gaflight::api
