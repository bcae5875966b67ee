#pragma once
// A driver's prepared statements keyed by the SQL text as the repositories wrote it. Looked up with
// a string_view, so the lookup on every query allocates nothing.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gaflight::storage {

struct SqlTextHash {
  using is_transparent = void;
  size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
};

template <typename Statement>
using StatementCache = std::unordered_map<std::string, Statement, SqlTextHash, std::equal_to<>>;

}  // namespace gaflight::storage
