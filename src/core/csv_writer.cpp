#include "core/csv_writer.hpp"

#include <array>

#include "core/json_writer.hpp"

namespace gaflight {

namespace {
// The bytes that force quoting: one table load per byte (this scan was the export's top own cost).
constexpr std::array<bool, 256> kForcesQuotes = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  return t;
}();
}  // namespace

void appendCsvField(std::string& out, std::string_view v) {
  bool quote = !v.empty() && (v.front() == ' ' || v.back() == ' ');
  for (size_t i = 0; !quote && i < v.size(); ++i) quote = kForcesQuotes[static_cast<unsigned char>(v[i])];
  if (!quote) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void CsvWriter::sep() {
  if (row_started_) out_.push_back(',');
  row_started_ = true;
}

CsvWriter& CsvWriter::str(std::string_view v) {
  sep();
  appendCsvField(out_, v);
  return *this;
}

CsvWriter& CsvWriter::num(int64_t v) {
  sep();
  out_ += std::to_string(v);
  return *this;
}

CsvWriter& CsvWriter::tenths(int64_t v) {
  sep();
  appendTenths(out_, v);
  return *this;
}

CsvWriter& CsvWriter::boolean(bool v) {
  sep();
  out_ += v ? "true" : "false";
  return *this;
}

CsvWriter& CsvWriter::empty() {
  sep();
  return *this;
}

CsvWriter& CsvWriter::endRow() {
  out_ += "\r\n";
  row_started_ = false;
  return *this;
}

}  // namespace gaflight
