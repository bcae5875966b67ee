#pragma once
// Query parsing for compliance lists, shared by the public API and the console.
#include "core/error.hpp"
#include "http/message.hpp"
#include "service/compliance_service.hpp"

namespace gaflight::api {

enum class ComplianceQuery { kPublic, kConsole };
// type, pilot_id, aircraft_id, status, updated_since, vtrId, limit, cursor; the console adds
// expiring_within_days (0–3650).
Result<service::ComplianceListOptions> complianceListOptions(const http::Request& req, ComplianceQuery which);

}  // namespace gaflight::api
