#pragma once
// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. PostgreSQL
// refuses anything else in a text value, so input is checked against this before it can reach one.
#include <cstddef>
#include <string_view>

namespace gaflight::utf8 {

// Length of the well-formed sequence starting at `i` (1 for ASCII), or 0 when it is malformed.
size_t sequenceLength(std::string_view s, size_t i);

bool isValid(std::string_view s);

}  // namespace gaflight::utf8
