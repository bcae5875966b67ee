// Query strings and cursors: any request target → the parsers every list uses answer a value or a
// 400-style error, never crash; a cursor that decodes was one this codec could have issued.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/common.hpp"
#include "api/compliance_query.hpp"
#include "api/list_options.hpp"
#include "api/maintenance_options.hpp"
#include "api/planning_options.hpp"
#include "http/message.hpp"
#include "service/cursor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gaflight;
  http::Request req;
  req.method = "GET";
  req.target = "/api/v1/public/flights?" + std::string(reinterpret_cast<const char*>(data), size);
  http::parseTarget(req);
  (void)api::checkQuery(req, {"limit", "cursor", "status", "from", "to", "updated_since"});
  auto page = api::pageQuery(req);
  if (page && (page->limit < 1 || page->limit > 200)) std::abort();
  (void)api::listOptions(req);
  (void)api::flightListOptions(req);
  (void)api::dueListOptions(req);
  (void)api::workOrderListOptions(req);
  (void)api::planningListOptions(req);
  (void)api::complianceListOptions(req, api::ComplianceQuery::kPublic);
  (void)api::instantParam(req, "updated_since");
  (void)api::dateParam(req, "from");
  static const service::CursorCodec codec(std::string(32, 'k'));
  if (const auto* cursor = req.queryParam("cursor")) {
    auto keys = codec.decode(*cursor, "flights", "org", "", 2);
    if (keys && keys->size() != 2) std::abort();
  }
  return 0;
}
