#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace gaflight::http {

ErrorInfo errorInfo(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnauthenticated:
      return {401, "unauthenticated", "Authentication required"};
    case ErrorCode::kInvalidApiKey:
      return {401, "invalid_api_key", "Invalid API key"};
    case ErrorCode::kInvalidOrgId:
      return {400, "invalid_org_id", "Invalid organisation id"};
    case ErrorCode::kOrgNotAuthorized:
      return {403, "org_not_authorized", "Organisation not authorized"};
    case ErrorCode::kInsufficientScope:
      return {403, "insufficient_scope", "Insufficient scope"};
    case ErrorCode::kInvalidParameter:
      return {400, "invalid_parameter", "Invalid parameter"};
    case ErrorCode::kNotFound:
      return {404, "not_found", "Not found"};
    case ErrorCode::kRateLimited:
      return {429, "rate_limited", "Too many requests"};
    case ErrorCode::kPayloadTooLarge:
      return {413, "payload_too_large", "Payload too large"};
    case ErrorCode::kValidationFailed:
      return {422, "validation_failed", "Validation failed"};
    case ErrorCode::kInvalidJson:
      return {400, "invalid_json", "Malformed JSON body"};
    case ErrorCode::kInvalidCredentials:
      return {401, "invalid_credentials", "Invalid email or password"};
    case ErrorCode::kLoginThrottled:
      return {429, "login_throttled", "Too many failed logins"};
    case ErrorCode::kNotLoggedIn:
      return {401, "not_logged_in", "Not logged in"};
    case ErrorCode::kCsrfFailed:
      return {403, "csrf_failed", "CSRF token missing or invalid"};
    case ErrorCode::kForbidden:
      return {403, "forbidden", "Forbidden"};
    case ErrorCode::kConflict:
      return {409, "conflict", "Conflict"};
    case ErrorCode::kMethodNotAllowed:
      return {405, "method_not_allowed", "Method not allowed"};
    case ErrorCode::kUnsupportedMediaType:
      return {415, "unsupported_media_type", "Unsupported media type"};
    case ErrorCode::kNotAcceptable:
      return {406, "not_acceptable", "Not acceptable"};
    case ErrorCode::kHeadersTooLarge:
      return {431, "headers_too_large", "Request header fields too large"};
    case ErrorCode::kRequestTimeout:
      return {408, "request_timeout", "Request timeout"};
    case ErrorCode::kUnavailable:
      return {503, "unavailable", "Service unavailable"};
    case ErrorCode::kInternal:
      return {500, "internal", "Internal server error"};
  }
  return {500, "internal", "Internal server error"};
}

Response problemResponse(const Error& error, std::string_view request_id) {
  ErrorInfo info = errorInfo(error.code);
  nlohmann::json body = {
      {"type", "https://docs.gaflight.dev/errors/" + std::string(info.code)},
      {"title", info.title},
      {"status", info.status},
      {"detail", error.detail.empty() ? std::string(info.title) : error.detail},
      {"code", info.code},
      {"request_id", request_id},
  };
  if (!error.field.empty()) body["field"] = error.field;
  if (!error.extra_key.empty()) body[error.extra_key] = error.extra_value;
  Response res;
  res.status = info.status;
  res.content_type = "application/problem+json";
  // Replace invalid UTF-8 from echoed input rather than failing to render the error.
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (error.code == ErrorCode::kUnauthenticated || error.code == ErrorCode::kInvalidApiKey) {
    res.set("WWW-Authenticate", error.code == ErrorCode::kInvalidApiKey
                                    ? "Bearer realm=\"gaflight\", error=\"invalid_token\""
                                    : "Bearer realm=\"gaflight\"");
  }
  if (error.retry_after_s > 0) res.set("Retry-After", std::to_string(error.retry_after_s));
  return res;
}

}  // namespace gaflight::http
