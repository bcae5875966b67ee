#pragma once
// The lists that also export (SPEC §10.7, docs/exports.md): one handler answers JSON pages and, by
// Accept, a CSV or NDJSON stream of every record the same filters match.
#include <stdexcept>
#include <string>
#include <utility>

#include "api/public/public_support.hpp"
#include "core/csv_writer.hpp"
#include "domain/export_csv.hpp"
#include "service/export_walk.hpp"

namespace gaflight::api {

// limit and cursor do not apply to an export (every matching record is sent): 400 invalid_parameter.
Status checkNoPaging(const http::Request& req);

// A 200 whose body `producer` streams: Content-Type by `media`, and Content-Disposition attachment named
// "<resource>-<org_id>-<today>.csv|.ndjson".
http::Response streamedExport(http::MediaType media, std::string_view resource, const std::string& org,
                              const std::string& today, http::BodyProducer producer);

template <typename T>
struct ExportableList {
  std::string scope;     // e.g. public.flights:read
  std::string resource;  // file name stem, e.g. flights
  void (*json)(JsonWriter&, const T&);
  const domain::CsvLayout<T>& csv;
};

// `parse(req)` → Result<Options> (the list's own query parser); `list(org, Options)` → Result<Page<T>>.
template <typename T, typename Parse, typename List>
http::Handler exportableList(const PublicApiDeps& deps, ExportableList<T> spec, Parse parse, List list) {
  auto json_page = [parse, list, render = spec.json](http::RequestContext& ctx,
                                                     const service::ApiPrincipal& p) -> http::Response {
    GAF_TRY(opt, parse(ctx.req));
    return respondList(ctx, list(p.org_id, opt), render);
  };
  auto stream = [deps, parse, list, spec](http::RequestContext& ctx, const service::ApiPrincipal& p,
                                          http::MediaType media) -> http::Response {
    GAF_CHECK(checkNoPaging(ctx.req));
    GAF_TRY(opt, parse(ctx.req));
    auto producer = [&db = deps.db, list, org = p.org_id, opt = std::move(opt), spec,
                     media](http::BodySink& sink) {
      const bool csv = media == http::MediaType::kCsv;
      if (csv) sink.write(spec.csv.header);
      std::string record;
      auto walked = service::forEachListed<T>(
          db, opt, [&](const auto& o) { return list(org, o); },
          [&](const T& item) {
            record.clear();
            if (csv) {
              CsvWriter w(record);
              spec.csv.row(w, item);
              w.endRow();
            } else {
              JsonWriter w(record);
              spec.json(w, item);
              record.push_back('\n');
            }
            sink.write(record);
          });
      if (!walked) throw std::runtime_error("export stopped: " + walked.error().detail);
    };
    return streamedExport(media, spec.resource, p.org_id, deps.billing.today(), std::move(producer));
  };
  return guarded(deps, spec.scope, std::move(json_page), Caching::kMicroCache, std::move(stream));
}

}  // namespace gaflight::api
