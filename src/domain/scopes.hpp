#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::domain {

// The public scope catalog of SPEC §3; nothing outside it can be requested or granted.
const std::vector<std::string>& scopeCatalog();
bool isKnownScope(std::string_view scope);

using ScopeSet = std::set<std::string, std::less<>>;

// Minimum length of a scope justification, after trimming white space (SPEC §2).
inline constexpr size_t kMinJustificationChars = 40;
// Counts Unicode code points (not bytes) so "é" counts once.
size_t codePointLength(std::string_view utf8);
std::string trim(std::string_view s);

}  // namespace gaflight::domain
