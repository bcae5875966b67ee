#pragma once
// Statements over many rows at once (`IN (…)` lists, multi-row VALUES). A batch is cut into runs whose
// lengths are powers of two, so one statement comes in a handful of SQL texts and the drivers' statement
// caches (keyed by text) stay small however the batch sizes vary.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <string>

namespace gaflight::storage {

// Calls f(offset, length) for consecutive runs covering [0, n): each length a power of two, at most
// `max_run` (itself a power of two), longest first.
template <typename F>
void forEachBatchRun(size_t n, size_t max_run, F&& f) {
  size_t offset = 0;
  while (offset < n) {
    size_t run = std::min(max_run, std::bit_floor(n - offset));
    f(offset, run);
    offset += run;
  }
}

// "?first,?first+1,…": `count` numbered placeholders.
inline std::string placeholderList(size_t first, size_t count) {
  std::string out;
  out.reserve(count * 5);
  for (size_t i = 0; i < count; ++i) {
    if (i) out += ',';
    out += '?';
    out += std::to_string(first + i);
  }
  return out;
}

// "(?first,…,?first+width-1),(…)": `rows` parenthesised groups of `width` placeholders, for VALUES.
inline std::string placeholderRows(size_t first, size_t rows, size_t width) {
  std::string out;
  for (size_t r = 0; r < rows; ++r) {
    if (r) out += ',';
    out += '(';
    out += placeholderList(first + r * width, width);
    out += ')';
  }
  return out;
}

}  // namespace gaflight::storage
