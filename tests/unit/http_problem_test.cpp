#include "http/problem.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace gaflight::http {
namespace {

constexpr int kLastCode = static_cast<int>(ErrorCode::kInternal);

bool isSnakeCase(std::string_view s) {
  if (s.empty() || s.front() == '_' || s.back() == '_') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return s.find("__") == std::string_view::npos;
}

TEST(ErrorInfo, EveryCodeMapsToErrorStatusAndUniqueSnakeCaseCode) {
  std::set<std::string> codes;
  for (int i = 0; i <= kLastCode; ++i) {
    ErrorInfo info = errorInfo(static_cast<ErrorCode>(i));
    EXPECT_GE(info.status, 400) << i;
    EXPECT_LE(info.status, 599) << i;
    EXPECT_TRUE(isSnakeCase(info.code)) << i << ": '" << info.code << "'";
    EXPECT_FALSE(info.title.empty()) << i;
    EXPECT_TRUE(codes.insert(std::string(info.code)).second) << "duplicate code " << info.code;
  }
  EXPECT_EQ(codes.size(), static_cast<size_t>(kLastCode + 1));
}

// The table documented in core/error.hpp.
TEST(ErrorInfo, MatchesDocumentedTable) {
  struct Row {
    ErrorCode code;
    int status;
    const char* name;
  };
  const Row rows[] = {
      {ErrorCode::kUnauthenticated, 401, "unauthenticated"},
      {ErrorCode::kInvalidApiKey, 401, "invalid_api_key"},
      {ErrorCode::kInvalidOrgId, 400, "invalid_org_id"},
      {ErrorCode::kOrgNotAuthorized, 403, "org_not_authorized"},
      {ErrorCode::kInsufficientScope, 403, "insufficient_scope"},
      {ErrorCode::kInvalidParameter, 400, "invalid_parameter"},
      {ErrorCode::kNotFound, 404, "not_found"},
      {ErrorCode::kRateLimited, 429, "rate_limited"},
      {ErrorCode::kPayloadTooLarge, 413, "payload_too_large"},
      {ErrorCode::kValidationFailed, 422, "validation_failed"},
      {ErrorCode::kInvalidJson, 400, "invalid_json"},
      {ErrorCode::kInvalidCredentials, 401, "invalid_credentials"},
      {ErrorCode::kLoginThrottled, 429, "login_throttled"},
      {ErrorCode::kNotLoggedIn, 401, "not_logged_in"},
      {ErrorCode::kCsrfFailed, 403, "csrf_failed"},
      {ErrorCode::kForbidden, 403, "forbidden"},
      {ErrorCode::kConflict, 409, "conflict"},
      {ErrorCode::kMethodNotAllowed, 405, "method_not_allowed"},
      {ErrorCode::kUnsupportedMediaType, 415, "unsupported_media_type"},
      {ErrorCode::kNotAcceptable, 406, "not_acceptable"},
      {ErrorCode::kHeadersTooLarge, 431, "headers_too_large"},
      {ErrorCode::kRequestTimeout, 408, "request_timeout"},
      {ErrorCode::kUnavailable, 503, "unavailable"},
      {ErrorCode::kInternal, 500, "internal"},
  };
  EXPECT_EQ(std::size(rows), static_cast<size_t>(kLastCode + 1));
  for (const auto& r : rows) {
    ErrorInfo info = errorInfo(r.code);
    EXPECT_EQ(info.status, r.status) << r.name;
    EXPECT_EQ(info.code, r.name);
  }
}

TEST(ProblemResponse, BodyHasRfc9457MembersAndExtensions) {
  Response res =
      problemResponse(makeError(ErrorCode::kNotFound, "No pilot plt_1 in this organisation."), "req-123");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.content_type, "application/problem+json");
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["type"], "https://docs.gaflight.dev/errors/not_found");
  EXPECT_EQ(j["title"], "Not found");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["detail"], "No pilot plt_1 in this organisation.");
  EXPECT_EQ(j["code"], "not_found");
  EXPECT_EQ(j["request_id"], "req-123");
  EXPECT_FALSE(j.contains("field"));
  EXPECT_EQ(res.header("WWW-Authenticate"), nullptr);
  EXPECT_EQ(res.header("Retry-After"), nullptr);
}

TEST(ProblemResponse, EveryCodeRendersConsistently) {
  for (int i = 0; i <= kLastCode; ++i) {
    auto code = static_cast<ErrorCode>(i);
    Response res = problemResponse(makeError(code, "d"), "r");
    auto j = nlohmann::json::parse(res.body);
    EXPECT_EQ(res.status, errorInfo(code).status) << i;
    EXPECT_EQ(j["status"], res.status) << i;
    EXPECT_EQ(j["code"], std::string(errorInfo(code).code)) << i;
    for (const char* member : {"type", "title", "status", "detail", "code", "request_id"}) {
      EXPECT_TRUE(j.contains(member)) << i << " lacks " << member;
    }
  }
}

TEST(ProblemResponse, EmptyDetailFallsBackToTitle) {
  auto j = nlohmann::json::parse(problemResponse(makeError(ErrorCode::kInternal, ""), "r").body);
  EXPECT_EQ(j["detail"], "Internal server error");
}

TEST(ProblemResponse, FieldAndExtraMember) {
  Error e = makeError(ErrorCode::kInsufficientScope, "This key lacks public.fleet:read.");
  e.extra_key = "required_scope";
  e.extra_value = "public.fleet:read";
  Response res = problemResponse(e, "r");
  EXPECT_EQ(res.status, 403);
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["required_scope"], "public.fleet:read");

  Error v = makeError(ErrorCode::kValidationFailed, "too short", "required_scopes[0].justification");
  v.extra_key = "scope";
  v.extra_value = "public.pilots:read";
  auto jv = nlohmann::json::parse(problemResponse(v, "r").body);
  EXPECT_EQ(jv["status"], 422);
  EXPECT_EQ(jv["field"], "required_scopes[0].justification");
  EXPECT_EQ(jv["scope"], "public.pilots:read");
}

TEST(ProblemResponse, WwwAuthenticateOnKeyErrors) {
  Response missing = problemResponse(makeError(ErrorCode::kUnauthenticated, "no key"), "r");
  EXPECT_EQ(missing.status, 401);
  ASSERT_NE(missing.header("WWW-Authenticate"), nullptr);
  EXPECT_EQ(*missing.header("WWW-Authenticate"), "Bearer realm=\"gaflight\"");

  Response invalid = problemResponse(makeError(ErrorCode::kInvalidApiKey, "bad key"), "r");
  EXPECT_EQ(invalid.status, 401);
  ASSERT_NE(invalid.header("WWW-Authenticate"), nullptr);
  EXPECT_NE(invalid.header("WWW-Authenticate")->find("Bearer"), std::string::npos);
  EXPECT_NE(invalid.header("WWW-Authenticate")->find("error=\"invalid_token\""), std::string::npos);

  // Console 401s are cookie-based: no Bearer challenge.
  for (auto code : {ErrorCode::kNotLoggedIn, ErrorCode::kInvalidCredentials}) {
    Response res = problemResponse(makeError(code, "x"), "r");
    EXPECT_EQ(res.status, 401);
    EXPECT_EQ(res.header("WWW-Authenticate"), nullptr) << errorInfo(code).code;
  }
}

TEST(ProblemResponse, RetryAfterWhenSet) {
  Error e = makeError(ErrorCode::kRateLimited, "slow down");
  e.retry_after_s = 7;
  Response res = problemResponse(e, "r");
  EXPECT_EQ(res.status, 429);
  ASSERT_NE(res.header("Retry-After"), nullptr);
  EXPECT_EQ(*res.header("Retry-After"), "7");

  Error throttled = makeError(ErrorCode::kLoginThrottled, "wait");
  throttled.retry_after_s = 600;
  EXPECT_EQ(*problemResponse(throttled, "r").header("Retry-After"), "600");

  EXPECT_EQ(problemResponse(makeError(ErrorCode::kRateLimited, "x"), "r").header("Retry-After"), nullptr)
      << "no header when retry_after_s is 0";
}

TEST(ProblemResponse, InvalidUtf8InDetailStillRendersValidJson) {
  Response res =
      problemResponse(makeError(ErrorCode::kInvalidParameter, "bad value '\xFF\xFE'", "q\xC3"), "r");
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(res.body));
  EXPECT_NE(j["detail"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(ProblemResponse, DetailIsJsonEscaped) {
  Response res = problemResponse(makeError(ErrorCode::kInvalidJson, "unexpected '\"' at </script>\n"), "r");
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["detail"], "unexpected '\"' at </script>\n");
}

}  // namespace
}  // namespace gaflight::http
