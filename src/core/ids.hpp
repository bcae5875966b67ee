#pragma once
// Identifiers: UUIDv4 for organisations and deliveries, ULID (time-ordered) behind type prefixes
// (`plt_`, `flt_`, …) for everything else, so id order is creation order within a table.
#include <cstdint>
#include <string>
#include <string_view>

namespace gaflight::ids {

std::string newUuid();
bool isUuid(std::string_view s);  // lower-case, hyphenated, 36 chars
std::string newUlid(int64_t unix_ms);
std::string newUlid();
std::string prefixed(std::string_view prefix, int64_t unix_ms);  // e.g. "plt_" + ULID
std::string prefixed(std::string_view prefix);
// An id with the given prefix followed by 26 Crockford base32 characters.
bool isPrefixedId(std::string_view s, std::string_view prefix);

}  // namespace gaflight::ids
