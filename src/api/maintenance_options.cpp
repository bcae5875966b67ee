#include "api/maintenance_options.hpp"

#include "api/common.hpp"

namespace gaflight::api {

Result<service::DueListOptions> dueListOptions(const http::Request& req) {
  if (auto st = checkQuery(req, {"limit", "cursor", "aircraft_id", "status", "updated_since"}); !st)
    return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto aircraft = idParam(req, "aircraft_id", "acft_");
  if (!aircraft) return aircraft.error();
  auto status = enumParam(req, "status", {"ok", "upcoming", "overdue"});
  if (!status) return status.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return service::DueListOptions{*page, *aircraft, *status, *since};
}

Result<service::WorkOrderListOptions> workOrderListOptions(const http::Request& req) {
  if (auto st = checkQuery(req, {"limit", "cursor", "aircraft_id", "status", "updated_since"}); !st)
    return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto aircraft = idParam(req, "aircraft_id", "acft_");
  if (!aircraft) return aircraft.error();
  auto status = enumParam(req, "status", {"open", "in_progress", "awaiting_parts", "completed", "cancelled"});
  if (!status) return status.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return service::WorkOrderListOptions{*page, {*status, *aircraft, *since}};
}

}  // namespace gaflight::api
