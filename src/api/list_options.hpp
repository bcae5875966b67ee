#pragma once
// Query parsing shared by the public API and the console for the same lists.
#include "core/error.hpp"
#include "http/message.hpp"
#include "service/operations_service.hpp"

namespace gaflight::api {

// limit, cursor, updated_since — nothing else.
Result<service::ListOptions> listOptions(const http::Request& req);
// The flight filters of SPEC §3: status, from, to, pilot_id, aircraft_id, updated_since.
Result<service::FlightListOptions> flightListOptions(const http::Request& req);

}  // namespace gaflight::api
