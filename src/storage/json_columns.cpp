#include "storage/json_columns.hpp"

#include <nlohmann/json.hpp>

namespace gaflight::storage {

std::vector<std::string> parseStringArray(std::string_view json) {
  std::vector<std::string> out;
  // Fast path for what we write ourselves: ["a","b"] with no escapes (on every list row).
  if (json.size() >= 2 && json.front() == '[' && json.back() == ']' &&
      json.find('\\') == std::string_view::npos) {
    std::string_view body = json.substr(1, json.size() - 2);
    bool ok = true;
    while (ok && !body.empty()) {
      if (body.front() != '"') {
        ok = false;
        break;
      }
      size_t end = body.find('"', 1);
      if (end == std::string_view::npos) {
        ok = false;
        break;
      }
      out.emplace_back(body.substr(1, end - 1));
      body.remove_prefix(end + 1);
      if (!body.empty()) {
        if (body.front() != ',') {
          ok = false;
          break;
        }
        body.remove_prefix(1);
      }
    }
    if (ok) return out;
    out.clear();
  }
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

}  // namespace gaflight::storage
