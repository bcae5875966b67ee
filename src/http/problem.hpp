#pragma once
#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"

namespace gaflight::http {

struct ErrorInfo {
  int status;
  std::string_view code;   // stable machine string
  std::string_view title;  // short human summary
};

// The one table mapping error codes to HTTP.
ErrorInfo errorInfo(ErrorCode code);
// RFC 9457 problem+json with `code` and `request_id` extension members.
Response problemResponse(const Error& error, std::string_view request_id);

}  // namespace gaflight::http
