#include "api/list_options.hpp"

#include "api/common.hpp"

namespace gaflight::api {

Result<service::ListOptions> listOptions(const http::Request& req) {
  if (auto st = checkQuery(req, {"limit", "cursor", "updated_since"}); !st) return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return service::ListOptions{*page, *since};
}

Result<service::FlightListOptions> flightListOptions(const http::Request& req) {
  if (auto st = checkQuery(
          req, {"limit", "cursor", "updated_since", "status", "from", "to", "pilot_id", "aircraft_id"});
      !st) {
    return st.error();
  }
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto status = enumParam(req, "status", {"submitted", "approved", "rejected"});
  if (!status) return status.error();
  auto from = dateParam(req, "from");
  if (!from) return from.error();
  auto to = dateParam(req, "to");
  if (!to) return to.error();
  auto pilot = idParam(req, "pilot_id", "plt_");
  if (!pilot) return pilot.error();
  auto aircraft = idParam(req, "aircraft_id", "acft_");
  if (!aircraft) return aircraft.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  if (*from && *to && **from > **to) {
    return makeError(ErrorCode::kInvalidParameter, "from must not be after to.", "from");
  }
  return service::FlightListOptions{*page, {*status, *from, *to, *pilot, *aircraft, *since}};
}

}  // namespace gaflight::api
