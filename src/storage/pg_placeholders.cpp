#include "storage/pg_placeholders.hpp"

#include <stdexcept>

namespace gaflight::storage {

namespace {
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Copies a quoted run starting at `i` (the opening quote) up to and including its closing quote;
// a doubled quote inside is an escaped quote. An unterminated run is copied to the end, for the
// server to reject.
size_t copyQuoted(std::string_view sql, size_t i, std::string& out) {
  char q = sql[i];
  size_t j = i + 1;
  while (j < sql.size()) {
    if (sql[j] == q) {
      if (j + 1 < sql.size() && sql[j + 1] == q) {
        j += 2;
        continue;
      }
      ++j;
      break;
    }
    ++j;
  }
  out.append(sql.substr(i, j - i));
  return j;
}
}  // namespace

std::string rewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      i = copyQuoted(sql, i, out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '?') {
      size_t j = i + 1;
      while (j < sql.size() && isDigit(sql[j])) ++j;
      std::string_view digits = sql.substr(i + 1, j - i - 1);
      if (digits.empty() || digits.find_first_not_of('0') == std::string_view::npos) {
        throw std::invalid_argument("placeholder without a number at offset " + std::to_string(i) +
                                    " (write ?1, ?2, …)");
      }
      out.push_back('$');
      out.append(digits);
      i = j;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace gaflight::storage
