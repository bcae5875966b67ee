#pragma once
// Query parsing shared by the public API and the console for the maintenance lists.
#include "core/error.hpp"
#include "http/message.hpp"
#include "service/maintenance_service.hpp"

namespace gaflight::api {

// limit, cursor, aircraft_id, status (ok|upcoming|overdue), updated_since.
Result<service::DueListOptions> dueListOptions(const http::Request& req);
// limit, cursor, status, aircraft_id, updated_since.
Result<service::WorkOrderListOptions> workOrderListOptions(const http::Request& req);

}  // namespace gaflight::api
