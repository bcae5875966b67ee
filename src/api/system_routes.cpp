#include "api/system_routes.hpp"

#include "api/common.hpp"
#include "observability/metrics.hpp"

namespace gaflight::embedded {
std::string_view openapiDocument();
}

namespace gaflight::api {

void registerSystemRoutes(http::Router& router, const SystemDeps& deps) {
  router.add(
      "GET", "/healthz", [](http::RequestContext&) { return json(200, R"({"status":"ok"})"); }, true);
  router.add("GET", "/readyz", [&deps](http::RequestContext& ctx) {
    if (deps.ready()) return json(200, R"({"status":"ready"})");
    return problem(
        ctx, makeError(ErrorCode::kUnavailable, "Not ready: starting, draining or database unavailable."));
  });
  router.add("GET", "/metrics", [&deps](http::RequestContext&) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = deps.metrics.render();
    return r;
  });
  router.add("GET", "/api/v1/openapi.json", [](http::RequestContext&) {
    auto r = json(200, std::string(embedded::openapiDocument()));
    r.set("Cache-Control", "public, max-age=60");
    return r;
  });
  router.add("GET", "/docs", [&deps](http::RequestContext& ctx) {
    if (auto r = deps.docs.serve("index.html")) return *r;
    return problem(ctx, makeError(ErrorCode::kNotFound, "The reference page is not installed."));
  });
  router.add("GET", "/docs/{asset}", [&deps](http::RequestContext& ctx) {
    if (auto r = deps.docs.serve(ctx.param("asset"))) return *r;
    return problem(ctx, makeError(ErrorCode::kNotFound, "No such file."));
  });
  router.add("GET", "/", [&deps](http::RequestContext& ctx) {
    if (auto r = deps.console.serve("index.html")) return *r;
    auto res = json(200, R"({"service":"gaflight","docs":"/docs","openapi":"/api/v1/openapi.json"})");
    return res;
  });
  router.add("GET", "/console/{asset}", [&deps](http::RequestContext& ctx) {
    if (auto r = deps.console.serve(ctx.param("asset"))) return *r;
    return problem(ctx, makeError(ErrorCode::kNotFound, "No such file."));
  });
}

}  // namespace gaflight::api
