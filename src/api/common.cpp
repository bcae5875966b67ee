#include "api/common.hpp"

#include <charconv>
#include <cmath>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/scopes.hpp"
#include "http/problem.hpp"

namespace gaflight::api {

http::Response json(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

http::Response problem(const http::RequestContext& ctx, const Error& e) {
  return http::problemResponse(e, ctx.request_id);
}

http::Response noContent() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Error fieldError(const std::string& field, const std::string& detail) {
  return makeError(ErrorCode::kValidationFailed, detail, field);
}

namespace {
Error badParam(std::string_view name, std::string detail) {
  return makeError(ErrorCode::kInvalidParameter, std::move(detail), std::string(name));
}
}  // namespace

Status checkQuery(const http::Request& req, std::initializer_list<std::string_view> allowed) {
  if (req.query_malformed) return makeError(ErrorCode::kInvalidParameter, "The query string is malformed.");
  for (const auto& [k, v] : req.query) {
    bool known = false;
    for (auto a : allowed) known = known || a == k;
    if (!known) {
      std::string shown = k.size() > 40 ? k.substr(0, 40) + "…" : k;
      return badParam(k, "Unknown query parameter '" + shown + "'.");
    }
    if (req.queryCount(k) > 1) return badParam(k, "Query parameter '" + k + "' is repeated.");
  }
  return okStatus();
}

Result<std::optional<int64_t>> intParam(const http::Request& req, std::string_view name, int64_t lo,
                                        int64_t hi) {
  const auto* s = req.queryParam(name);
  if (!s) return std::optional<int64_t>();
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (s->empty() || ec != std::errc() || p != s->data() + s->size() || v < lo || v > hi) {
    return badParam(name, std::string(name) + " must be an integer from " + std::to_string(lo) + " to " +
                              std::to_string(hi) + ".");
  }
  return std::optional<int64_t>(v);
}

Result<service::PageQuery> pageQuery(const http::Request& req) {
  service::PageQuery q;
  auto limit = intParam(req, "limit", 1, 200);
  if (!limit) return limit.error();
  if (*limit) q.limit = static_cast<int>(**limit);
  if (const auto* c = req.queryParam("cursor")) {
    if (c->empty()) return badParam("cursor", "cursor must not be empty.");
    q.cursor = *c;
  }
  return q;
}

Result<std::optional<std::string>> dateParam(const http::Request& req, std::string_view name) {
  const auto* v = req.queryParam(name);
  if (!v) return std::optional<std::string>();
  if (!timefmt::isValidDate(*v)) return badParam(name, std::string(name) + " must be a YYYY-MM-DD date.");
  return std::optional<std::string>(*v);
}

Result<std::optional<std::string>> instantParam(const http::Request& req, std::string_view name) {
  const auto* v = req.queryParam(name);
  if (!v) return std::optional<std::string>();
  auto t = timefmt::parseInstant(*v);
  if (!t)
    return badParam(name, std::string(name) + " must be an RFC 3339 instant such as 2026-05-28T12:03:11Z.");
  return std::optional<std::string>(timefmt::formatInstant(*t));
}

Result<std::optional<std::string>> idParam(const http::Request& req, std::string_view name,
                                           std::string_view prefix) {
  const auto* v = req.queryParam(name);
  if (!v) return std::optional<std::string>();
  if (!ids::isPrefixedId(*v, prefix)) {
    return badParam(name, std::string(name) + " must be an id starting with " + std::string(prefix) + ".");
  }
  return std::optional<std::string>(*v);
}

Result<std::optional<std::string>> enumParam(const http::Request& req, std::string_view name,
                                             std::initializer_list<std::string_view> values) {
  const auto* v = req.queryParam(name);
  if (!v) return std::optional<std::string>();
  std::string list;
  for (auto allowed : values) {
    if (allowed == *v) return std::optional<std::string>(*v);
    if (!list.empty()) list += ", ";
    list += allowed;
  }
  return badParam(name, std::string(name) + " must be one of: " + list + ".");
}

Result<nlohmann::json> jsonBody(const http::Request& req) {
  const auto* ct = req.header("content-type");
  if (!ct || http::toLower(ct->substr(0, ct->find(';'))) != "application/json") {
    return makeError(ErrorCode::kUnsupportedMediaType, "Send the body as Content-Type: application/json.");
  }
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return makeError(ErrorCode::kInvalidJson, "The body is not valid JSON.");
  if (!j.is_object()) return makeError(ErrorCode::kInvalidJson, "The body must be a JSON object.");
  return j;
}

Status BodyReader::onlyFields(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [k, v] : body_.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == k;
    if (!known) {
      std::string shown = k.size() > 40 ? k.substr(0, 40) + "…" : k;
      return fieldError(k, "Unknown field '" + shown + "'.");
    }
  }
  return okStatus();
}

Result<std::optional<std::string>> BodyReader::str(const std::string& field, size_t max_chars) const {
  if (!body_.contains(field) || body_[field].is_null()) return std::optional<std::string>();
  const auto& v = body_[field];
  if (!v.is_string()) return fieldError(field, field + " must be a string.");
  const auto& s = v.get_ref<const std::string&>();
  if (s.find('\0') != std::string::npos)
    return fieldError(field, field + " must not contain NUL characters.");
  if (domain::codePointLength(s) > max_chars) {
    return fieldError(field, field + " is longer than " + std::to_string(max_chars) + " characters.");
  }
  return std::optional<std::string>(s);
}

Result<std::string> BodyReader::requiredStr(const std::string& field, size_t max_chars) const {
  auto v = str(field, max_chars);
  if (!v) return v.error();
  if (!v.value()) return fieldError(field, field + " is required.");
  return *v.value();
}

Result<std::optional<int64_t>> BodyReader::integer(const std::string& field, int64_t lo, int64_t hi) const {
  if (!body_.contains(field) || body_[field].is_null()) return std::optional<int64_t>();
  const auto& v = body_[field];
  if (!v.is_number_integer()) return fieldError(field, field + " must be an integer.");
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(hi)) {
    return fieldError(field,
                      field + " must be from " + std::to_string(lo) + " to " + std::to_string(hi) + ".");
  }
  int64_t x = v.get<int64_t>();
  if (x < lo || x > hi) {
    return fieldError(field,
                      field + " must be from " + std::to_string(lo) + " to " + std::to_string(hi) + ".");
  }
  return std::optional<int64_t>(x);
}

Result<std::optional<int64_t>> BodyReader::tenths(const std::string& field) const {
  if (!body_.contains(field) || body_[field].is_null()) return std::optional<int64_t>();
  const auto& v = body_[field];
  if (!v.is_number()) return fieldError(field, field + " must be a number of hours.");
  double d = v.get<double>();
  if (!std::isfinite(d) || d < 0 || d > 100000) return fieldError(field, field + " is out of range.");
  double t = d * 10.0;
  if (std::fabs(t - std::round(t)) > 1e-6)
    return fieldError(field, field + " has at most one decimal place.");
  return std::optional<int64_t>(static_cast<int64_t>(std::llround(t)));
}

Result<std::optional<std::vector<std::string>>> BodyReader::strings(const std::string& field,
                                                                    size_t max_items) const {
  if (!body_.contains(field) || body_[field].is_null()) return std::optional<std::vector<std::string>>();
  const auto& v = body_[field];
  if (!v.is_array() || v.size() > max_items)
    return fieldError(field, field + " must be an array of strings.");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string() || e.get_ref<const std::string&>().size() > 200) {
      return fieldError(field, field + " must be an array of strings.");
    }
    out.push_back(e.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

}  // namespace gaflight::api
