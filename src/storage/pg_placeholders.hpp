#pragma once
// Repositories write SQLite's numbered placeholders (`?1`, `?2`…); PostgreSQL's are `$1`, `$2`….
#include <string>
#include <string_view>

namespace gaflight::storage {

// Returns `sql` with every `?N` outside string literals, quoted identifiers and comments rewritten
// to `$N`. A `?` without a number (or `?0`) throws std::invalid_argument: repositories never
// write one, and passing it on would reach PostgreSQL as a jsonb operator or a syntax error.
// Block comments do not nest (SQLite's rule; PostgreSQL nests them, repositories never do).
std::string rewritePlaceholders(std::string_view sql);

}  // namespace gaflight::storage
