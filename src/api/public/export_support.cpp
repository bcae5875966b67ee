#include "api/public/export_support.hpp"

namespace gaflight::api {

Status checkNoPaging(const http::Request& req) {
  for (std::string_view name : {"limit", "cursor"}) {
    if (req.queryCount(name) > 0) {
      return makeError(ErrorCode::kInvalidParameter,
                       std::string(name) + " does not apply to an export: every matching record is sent.",
                       std::string(name));
    }
  }
  return okStatus();
}

http::Response streamedExport(http::MediaType media, std::string_view resource, const std::string& org,
                              const std::string& today, http::BodyProducer producer) {
  const bool csv = media == http::MediaType::kCsv;
  http::Response res;
  res.content_type = std::string(csv ? http::kCsvMediaType : http::kNdjsonMediaType);
  res.set("Content-Disposition", "attachment; filename=\"" + std::string(resource) + "-" + org + "-" + today +
                                     (csv ? ".csv\"" : ".ndjson\""));
  res.stream = std::move(producer);
  return res;
}

}  // namespace gaflight::api
