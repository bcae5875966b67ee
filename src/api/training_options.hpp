#pragma once
// Query parsing shared by the public API and the console for the training lists.
#include "core/error.hpp"
#include "http/message.hpp"
#include "service/training_service.hpp"

namespace gaflight::api {

enum class StatusFilter { kRefused, kAccepted };

// limit, cursor, student_id, program_id, updated_since (+ status when accepted: the console's list).
Result<service::ProgressListOptions> progressListOptions(const http::Request& req, StatusFilter status);
// limit, cursor, student_id, program_id, from, to (YYYY-MM-DD, inclusive, on the signed date), updated_since.
Result<service::SignoffListOptions> signoffListOptions(const http::Request& req);

}  // namespace gaflight::api
