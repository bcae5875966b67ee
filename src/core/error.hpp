#pragma once
// Expected failures are values: every layer returns Result<T>; exactly one table (http/problem.cpp)
// maps an ErrorCode to an HTTP status and a stable machine `code`.
#include <string>
#include <utility>
#include <variant>

#include <nlohmann/json_fwd.hpp>

namespace gaflight {

enum class ErrorCode {
  kUnauthenticated,       // 401 unauthenticated
  kInvalidApiKey,         // 401 invalid_api_key
  kInvalidOrgId,          // 400 invalid_org_id
  kOrgNotAuthorized,      // 403 org_not_authorized
  kInsufficientScope,     // 403 insufficient_scope
  kInvalidParameter,      // 400 invalid_parameter
  kNotFound,              // 404 not_found
  kRateLimited,           // 429 rate_limited
  kPayloadTooLarge,       // 413 payload_too_large
  kValidationFailed,      // 422 validation_failed
  kInvalidJson,           // 400 invalid_json
  kInvalidCredentials,    // 401 invalid_credentials (console login)
  kLoginThrottled,        // 429 login_throttled
  kNotLoggedIn,           // 401 not_logged_in (console)
  kCsrfFailed,            // 403 csrf_failed
  kForbidden,             // 403 forbidden (role does not allow)
  kConflict,              // 409 conflict (state transition not allowed, duplicate)
  kMethodNotAllowed,      // 405 method_not_allowed
  kUnsupportedMediaType,  // 415 unsupported_media_type
  kNotAcceptable,         // 406 not_acceptable
  kHeadersTooLarge,       // 431 headers_too_large
  kRequestTimeout,        // 408 request_timeout
  kUnavailable,           // 503 unavailable
  kInternal,              // 500 internal
};

struct Error {
  ErrorCode code;
  std::string detail;       // safe to show to the client
  std::string field;        // optional: the parameter/field concerned (validation)
  std::string extra_key;    // optional extension member name (e.g. required_scope)
  std::string extra_value;  // its value
  int retry_after_s = 0;    // Retry-After for 429 and 503
};

inline Error makeError(ErrorCode code, std::string detail, std::string field = {}) {
  return Error{code, std::move(detail), std::move(field), {}, {}, 0};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() { return Unit{}; }

}  // namespace gaflight
