#pragma once
// A small append-only JSON writer for hot rendering paths (public API lists), where building an
// nlohmann tree per row costs more than the query. Produces compact, valid UTF-8-escaped JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gaflight {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view k);
  JsonWriter& str(std::string_view v);
  JsonWriter& num(int64_t v);
  JsonWriter& tenths(int64_t v);  // 12345 -> 1234.5 (meters in decimal hours)
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  // an already-encoded value
  JsonWriter& optStr(const std::optional<std::string>& v) { return v ? str(*v) : null(); }
  JsonWriter& optStr(const std::optional<std::string_view>& v) { return v ? str(*v) : null(); }
  JsonWriter& optNum(const std::optional<int64_t>& v) { return v ? num(*v) : null(); }
  // key + value shorthands
  JsonWriter& field(std::string_view k, std::string_view v);  // one append when both are short and plain
  JsonWriter& field(std::string_view k, const char* v) { return field(k, std::string_view(v)); }
  JsonWriter& field(std::string_view k, const std::string& v) { return field(k, std::string_view(v)); }
  JsonWriter& field(std::string_view k, int64_t v) { return key(k).num(v); }
  JsonWriter& field(std::string_view k, int v) { return key(k).num(v); }
  JsonWriter& field(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonWriter& field(std::string_view k, const std::optional<std::string>& v) {
    return v ? field(k, std::string_view(*v)) : key(k).null();
  }
  JsonWriter& field(std::string_view k, const std::optional<std::string_view>& v) {
    return v ? field(k, *v) : key(k).null();
  }
  JsonWriter& field(std::string_view k, const std::optional<int64_t>& v) { return key(k).optNum(v); }

 private:
  enum class Quoted { kKey, kValue };
  void quoted(std::string_view v, Quoted as);  // separator, the JSON string, and ':' after a key
  void sep();
  std::string& out_;
  bool need_comma_ = false;
};

void appendJsonString(std::string& out, std::string_view v);
// 12345 -> "1234.5": meters (hobbs, tach) kept in tenths of an hour, written as decimal hours.
void appendTenths(std::string& out, int64_t v);
// Adds "key": "value" at the end of an already-rendered JSON object (e.g. a one-time secret).
std::string withStringMember(std::string object_json, std::string_view key, std::string_view value);

}  // namespace gaflight
