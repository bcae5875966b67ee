#include "core/csv_writer.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace gaflight {
namespace {

std::string field(std::string_view v) {
  std::string out;
  appendCsvField(out, v);
  return out;
}

TEST(CsvField, PlainTextIsNotQuoted) {
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("F-GABC"), "F-GABC");
  EXPECT_EQ(field("2026-01-02T10:00:00Z"), "2026-01-02T10:00:00Z");
  EXPECT_EQ(field("inner space"), "inner space");
  EXPECT_EQ(field("Zürich – Genève ✈"), "Zürich – Genève ✈");  // UTF-8 passes through
}

TEST(CsvField, SpecialCharactersAreQuoted) {
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("\""), "\"\"\"\"");
  EXPECT_EQ(field("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(field("line1\r\nline2"), "\"line1\r\nline2\"");
  EXPECT_EQ(field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(field(","), "\",\"");
}

TEST(CsvField, EdgeSpacesAreQuotedSoTheyArePreserved) {
  EXPECT_EQ(field(" lead"), "\" lead\"");
  EXPECT_EQ(field("trail "), "\"trail \"");
}

TEST(CsvWriter, RowsEndWithCrlfAndFieldsAreSeparated) {
  std::string out;
  CsvWriter w(out);
  w.str("id").str("hobbs").endRow();
  w.str("flt_1").tenths(12345).num(int64_t{-3}).str(std::optional<std::string>()).endRow();
  w.num(std::optional<int64_t>(7)).boolean(true).tenths(-5).endRow();
  EXPECT_EQ(out, "id,hobbs\r\nflt_1,1234.5,-3,\r\n7,true,-0.5\r\n");
}

TEST(CsvWriter, EmptyFieldsKeepTheirPlace) {
  std::string out;
  CsvWriter w(out);
  w.empty().empty().str("x").endRow();
  EXPECT_EQ(out, ",,x\r\n");
}

}  // namespace
}  // namespace gaflight
