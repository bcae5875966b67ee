#pragma once
// What every public route shares: the guard (bearer key → rate limit → org + scope → micro-cache)
// and the JSON responders. Each area's routes live in api/public/<area>_routes.cpp.
#include <functional>
#include <string>

#include "api/common.hpp"
#include "api/public/public_api.hpp"
#include "http/negotiation.hpp"

namespace gaflight::api {

using PublicHandler = std::function<http::Response(http::RequestContext&, const service::ApiPrincipal&)>;
// Answers a list in an export format (CSV or NDJSON), streamed.
using ExportHandler =
    std::function<http::Response(http::RequestContext&, const service::ApiPrincipal&, http::MediaType)>;

enum class Caching { kMicroCache, kNever };

// Authenticates, rate-limits and authorises `scope`, then negotiates the media type (http/negotiation):
// an Accept that excludes JSON (and, with an `exporter`, the export types) is a 406; an export type goes
// to `exporter`, never cached; JSON goes to `fn`, with kMicroCache a 200 body reused for byte-identical
// requests of the same organisation (ADR 0005).
http::Handler guarded(PublicApiDeps deps, std::string scope, PublicHandler fn,
                      Caching caching = Caching::kMicroCache, ExportHandler exporter = {});

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

// A list rendered as the database reads it: `stream(emit)` calls emit(row) for each row of the page
// and returns the next cursor (e.g. OperationsService::streamPilots); `render(w, row)` writes one.
template <typename Stream, typename Render>
http::Response respondStreamedList(const http::RequestContext& ctx, int limit, Stream stream, Render render) {
  auto body = listBody(static_cast<size_t>(limit),
                       [&](JsonWriter& w) { return stream([&](const auto& row) { render(w, row); }); });
  if (!body) return problem(ctx, body.error());
  return json(200, std::move(*body));
}

}  // namespace gaflight::api
