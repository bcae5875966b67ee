#pragma once
// Query parsing for VTR lists (public and console share the filters).
#include "http/message.hpp"
#include "service/vtr_service.hpp"

namespace gaflight::api {

// student_id, program_id, status (verified|revoked|superseded), updated_since, limit, cursor.
Result<service::VtrListOptions> vtrListOptions(const http::Request& req);

}  // namespace gaflight::api
