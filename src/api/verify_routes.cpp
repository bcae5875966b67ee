#include "api/verify_routes.hpp"

#include <fstream>
#include <sstream>

#include "api/common.hpp"
#include "domain/vtr_render.hpp"
#include "http/static_files.hpp"

namespace gaflight::api {

namespace {
// ?lang=fr|en wins; otherwise the first of fr/en named in Accept-Language; English by default.
domain::VerifyLang pickLang(const http::Request& req) {
  if (const auto* q = req.queryParam("lang"))
    return *q == "fr" ? domain::VerifyLang::kFr : domain::VerifyLang::kEn;
  if (const auto* h = req.header("accept-language")) {
    std::string al = http::toLower(*h);
    size_t fr = al.find("fr"), en = al.find("en");
    if (fr != std::string::npos && (en == std::string::npos || fr < en)) return domain::VerifyLang::kFr;
  }
  return domain::VerifyLang::kEn;
}

http::Response html(int status, std::string body, domain::VerifyLang lang) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.set("Content-Security-Policy", http::kContentSecurityPolicy);
  r.set("X-Frame-Options", "DENY");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Content-Language", lang == domain::VerifyLang::kFr ? "fr" : "en");
  r.set("Vary", "Accept-Language");
  r.set("Cache-Control", "no-store");  // the status can change (revocation)
  return r;
}
}  // namespace

void registerVerifyRoutes(http::Router& router, const VerifyDeps& deps) {
  auto& vtr = deps.vtr;
  router.add("GET", "/api/authority/public-key", [&vtr](http::RequestContext& ctx) {
    GAF_CHECK(checkQuery(ctx.req, {}));
    http::Response r;
    r.content_type = "application/x-pem-file";
    r.body = vtr.authorityPublicKeyPem();
    r.set("Cache-Control", "public, max-age=300");
    return r;
  });
  http::StaticFiles assets(deps.assets_root);
  router.add("GET", "/verify/cli/offline-verify.sh", [assets](http::RequestContext& ctx) {
    std::ifstream in(assets.root() + "/offline-verify.sh", std::ios::binary);
    if (!in) return problem(ctx, makeError(ErrorCode::kNotFound, "The offline verifier is not installed."));
    std::ostringstream ss;
    ss << in.rdbuf();
    http::Response r;
    r.content_type = "text/x-shellscript; charset=utf-8";
    r.body = ss.str();
    r.set("Content-Disposition", "attachment; filename=\"offline-verify.sh\"");
    r.set("Cache-Control", "no-cache");
    return r;
  });
  router.add("GET", "/verify/assets/{asset}", [assets](http::RequestContext& ctx) {
    if (auto r = assets.serve(ctx.param("asset"))) return *r;
    return problem(ctx, makeError(ErrorCode::kNotFound, "No such file."));
  });
  router.add("GET", "/verify/{vtr_id}", [&vtr](http::RequestContext& ctx) {
    auto lang = pickLang(ctx.req);
    const std::string& id = ctx.param("vtr_id");
    auto view = vtr.verifyView(id);
    if (!view) return html(404, domain::renderVerifyNotFound(id, lang), lang);
    return html(200, domain::renderVerifyPage(view.value(), lang), lang);
  });
}

}  // namespace gaflight::api
