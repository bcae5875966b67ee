#pragma once
// Query parsing for planning-session lists, shared by the public API and the console.
#include "core/error.hpp"
#include "http/message.hpp"
#include "service/planning_service.hpp"

namespace gaflight::api {

// limit, cursor, from, to, aircraft_id, instructor_id, updated_since. `from` and `to` are RFC 3339
// instants or YYYY-MM-DD dates (UTC days): a session is listed when it overlaps [from, to); a date
// `from` starts at its 00:00Z and a date `to` includes its whole day (ends at the next 00:00Z).
Result<service::PlanningListOptions> planningListOptions(const http::Request& req);

}  // namespace gaflight::api
