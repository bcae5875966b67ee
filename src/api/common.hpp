#pragma once
// Shared handler plumbing: JSON responses, problem responses, query and body validation.
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json_writer.hpp"
#include "http/router.hpp"
#include "service/cursor.hpp"

namespace gaflight::api {

http::Response json(int status, std::string body);
http::Response problem(const http::RequestContext& ctx, const Error& e);
http::Response noContent();

// Rejects unknown or repeated query parameters and malformed encoding (400 invalid_parameter).
Status checkQuery(const http::Request& req, std::initializer_list<std::string_view> allowed);
// limit (1–200, default 50) and cursor.
Result<service::PageQuery> pageQuery(const http::Request& req);
// An optional integer query parameter within [lo, hi]; anything else is a 400 naming it.
Result<std::optional<int64_t>> intParam(const http::Request& req, std::string_view name, int64_t lo,
                                        int64_t hi);
// An optional parameter validated as a date (YYYY-MM-DD), instant (RFC 3339, normalised to UTC) or id.
Result<std::optional<std::string>> dateParam(const http::Request& req, std::string_view name);
Result<std::optional<std::string>> instantParam(const http::Request& req, std::string_view name);
Result<std::optional<std::string>> idParam(const http::Request& req, std::string_view name,
                                           std::string_view prefix);
Result<std::optional<std::string>> enumParam(const http::Request& req, std::string_view name,
                                             std::initializer_list<std::string_view> values);

// The list envelope {"data": [...], "cursor": "..." | null}: `writeItems(w)` writes the array's elements
// and returns the next cursor ("" on the last page) or the error that stops the list.
template <typename WriteItems>
Result<std::string> listBody(size_t expected_items, WriteItems writeItems) {
  std::string out;
  out.reserve(expected_items * 600 + 64);
  JsonWriter w(out);
  w.beginObject().key("data").beginArray();
  Result<std::string> cursor = writeItems(w);
  if (!cursor) return cursor.error();
  w.endArray().key("cursor");
  if (cursor->empty())
    w.null();
  else
    w.str(*cursor);
  w.endObject();
  return out;
}

template <typename T, typename Render>
http::Response listResponse(const service::Page<T>& page, Render render) {
  auto body = listBody(page.items.size(), [&](JsonWriter& w) -> Result<std::string> {
    for (const auto& item : page.items) render(w, item);
    return page.next_cursor;
  });
  return json(200, std::move(body.value()));
}

template <typename T, typename Render>
http::Response objectResponse(int status, const T& v, Render render) {
  std::string out;
  JsonWriter w(out);
  render(w, v);
  return json(status, std::move(out));
}

// Reads a JSON object body (415 unless application/json, 400 invalid_json when malformed).
Result<nlohmann::json> jsonBody(const http::Request& req);

// Typed field readers over a parsed body: absent → nullopt; present with the wrong type → 422 naming the
// field.
class BodyReader {
 public:
  explicit BodyReader(const nlohmann::json& body) : body_(body) {}
  // Fails on fields the endpoint does not know (catches typos such as "justfication").
  Status onlyFields(std::initializer_list<std::string_view> allowed) const;
  Result<std::optional<std::string>> str(const std::string& field, size_t max_chars = 10000) const;
  Result<std::string> requiredStr(const std::string& field, size_t max_chars = 10000) const;
  Result<std::optional<int64_t>> integer(const std::string& field, int64_t lo, int64_t hi) const;
  // Decimal hours with at most one decimal place → tenths.
  Result<std::optional<int64_t>> tenths(const std::string& field) const;
  Result<std::optional<std::vector<std::string>>> strings(const std::string& field,
                                                          size_t max_items = 50) const;
  bool has(const std::string& field) const { return body_.contains(field); }
  bool isNull(const std::string& field) const { return body_.contains(field) && body_[field].is_null(); }
  const nlohmann::json& raw() const { return body_; }

 private:
  const nlohmann::json& body_;
};

Error fieldError(const std::string& field, const std::string& detail);

#define GAF_TRY(var, expr)                                      \
  auto var##_result = (expr);                                   \
  if (!var##_result) return problem(ctx, var##_result.error()); \
  auto var = std::move(var##_result.value())  // NOLINT(bugprone-macro-parentheses): var is a declared name

#define GAF_CHECK(expr)                                 \
  do {                                                  \
    auto gaf_st_ = (expr);                              \
    if (!gaf_st_) return problem(ctx, gaf_st_.error()); \
  } while (0)

}  // namespace gaflight::api
