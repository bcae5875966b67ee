#include "api/public/public_support.hpp"

namespace gaflight::api {

namespace {
// Every Accept header, joined as one list (RFC 9110 §5.3).
std::string acceptValue(const http::Request& req) {
  std::string out;
  for (const auto& h : req.headers) {
    if (h.name != "accept") continue;
    if (!out.empty()) out += ", ";
    out += h.value;
  }
  return out;
}
}  // namespace

http::Handler guarded(PublicApiDeps deps, std::string scope, PublicHandler fn, Caching caching,
                      ExportHandler exporter) {
  const bool cacheable = caching == Caching::kMicroCache;
  return [deps, scope = std::move(scope), fn = std::move(fn), cacheable,
          exporter = std::move(exporter)](http::RequestContext& ctx) -> http::Response {
    const auto& req = ctx.req;
    auto key = deps.auth.authenticateKey(req.header("authorization"), req.headerCount("authorization"));
    if (!key) return problem(ctx, key.error());
    const storage::KeyAuthRecord& record = **key;
    auto d = deps.limiter.take(record.key_id);
    ctx.response_headers.push_back({"RateLimit-Limit", std::to_string(d.limit)});
    ctx.response_headers.push_back({"RateLimit-Remaining", std::to_string(d.remaining)});
    ctx.response_headers.push_back({"RateLimit-Reset", std::to_string(d.reset_seconds)});
    if (!d.allowed) {
      Error e = makeError(ErrorCode::kRateLimited,
                          "Rate limit exceeded for this key; retry after the indicated delay.");
      e.retry_after_s = static_cast<int>(d.retry_after);
      return problem(ctx, e);
    }
    auto principal = deps.auth.authorize(record, req.header("x-org-id"), req.headerCount("x-org-id"), scope);
    if (!principal) return problem(ctx, principal.error());
    auto media =
        http::negotiate(acceptValue(req), exporter ? http::Offers::kJsonAndExports : http::Offers::kJsonOnly);
    if (exporter) ctx.response_headers.push_back({"Vary", "Accept"});
    if (media == http::MediaType::kNotAcceptable) {
      return problem(ctx, makeError(ErrorCode::kNotAcceptable,
                                    exporter ? "This list is available as application/json, "
                                               "application/x-ndjson or text/csv."
                                             : "This endpoint is available as application/json only."));
    }
    if (media != http::MediaType::kJson) return exporter(ctx, *principal, media);
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
    if (res.status == 200) {
      // The page moves into the cache entry and is written from there: no copy of the body.
      auto shared = std::make_shared<const std::string>(std::move(res.body));
      res.body.clear();
      deps.cache.put(cache_key, shared, generation);
      res.shared_body = std::move(shared);
    }
    return res;
  };
}

}  // namespace gaflight::api
