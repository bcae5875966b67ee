#pragma once
// An append-only RFC 4180 writer for exports: fields separated by commas, rows ended by CRLF, a field
// quoted (with inner quotes doubled) only when it holds a comma, a quote, CR or LF, or starts or ends
// with a space. UTF-8 passes through unchanged. An absent value is an empty field.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gaflight {

// Appends `v` as one CSV field (no separator).
void appendCsvField(std::string& out, std::string_view v);

class CsvWriter {
 public:
  explicit CsvWriter(std::string& out) : out_(out) {}
  CsvWriter& str(std::string_view v);
  CsvWriter& str(const std::string& v) { return str(std::string_view(v)); }
  CsvWriter& str(const char* v) { return str(std::string_view(v)); }
  CsvWriter& str(const std::optional<std::string>& v) { return v ? str(*v) : empty(); }
  CsvWriter& num(int64_t v);
  CsvWriter& num(const std::optional<int64_t>& v) { return v ? num(*v) : empty(); }
  CsvWriter& tenths(int64_t v);  // 12345 -> 1234.5 (meters in decimal hours)
  CsvWriter& boolean(bool v);    // true / false
  CsvWriter& empty();
  CsvWriter& endRow();

 private:
  void sep();
  std::string& out_;
  bool row_started_ = false;
};

}  // namespace gaflight
