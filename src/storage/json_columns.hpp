#pragma once
// JSON-encoded columns shared by the repositories (roles, granted scopes, event types).
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::storage {

// A JSON array of strings; anything else (or non-string members) is skipped.
std::vector<std::string> parseStringArray(std::string_view json);

}  // namespace gaflight::storage
