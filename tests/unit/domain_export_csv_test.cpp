#include "domain/export_csv.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gaflight::domain {
namespace {

// Fields of one unquoted CSV line (the samples below need no quoting except where tested).
size_t fieldCount(std::string_view line) {
  size_t n = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++n;
  }
  return n;
}

template <typename T>
std::string row(const CsvLayout<T>& layout, const T& v) {
  std::string out;
  CsvWriter w(out);
  layout.row(w, v);
  w.endRow();
  return out;
}

template <typename T>
void expectShape(const CsvLayout<T>& layout, const T& v) {
  std::string r = row(layout, v);
  ASSERT_GE(layout.header.size(), 2U);
  EXPECT_EQ(layout.header.substr(layout.header.size() - 2), "\r\n");
  EXPECT_EQ(r.substr(r.size() - 2), "\r\n");
  EXPECT_EQ(fieldCount(r.substr(0, r.size() - 2)),
            fieldCount(layout.header.substr(0, layout.header.size() - 2)))
      << r;
  EXPECT_EQ(layout.header.substr(0, 3), "id,");
}

TEST(ExportCsv, FlightRowMatchesHeader) {
  Flight f;
  f.id = "flt_1";
  f.date = "2026-03-01";
  f.hobbs_start_tenths = 12345;
  f.hobbs_end_tenths = 12357;
  f.remarks = "wind 270/15, \"gusty\"";
  std::string r = row(kFlightCsv, f);
  EXPECT_NE(r.find(",1234.5,1235.7,"), std::string::npos) << r;
  EXPECT_NE(r.find(",\"wind 270/15, \"\"gusty\"\"\","), std::string::npos) << r;
  expectShape(kFlightCsv, f);
}

TEST(ExportCsv, InvoiceRowMatchesHeader) {
  Invoice inv;
  inv.id = "inv_1";
  inv.status = "issued";
  inv.total_minor = 12000;
  inv.overdue = true;
  std::string r = row(kInvoiceCsv, inv);
  EXPECT_NE(r.find(",12000,0,0,12000,true,"), std::string::npos) << r;
  expectShape(kInvoiceCsv, inv);
}

TEST(ExportCsv, SignoffRowFlattensTheSignature) {
  Signoff s;
  s.id = "so_1";
  s.key_id = "key_1";
  std::string r = row(kSignoffCsv, s);
  EXPECT_NE(r.find(",ed25519,key_1,"), std::string::npos) << r;
  EXPECT_NE(r.find(",valid,"), std::string::npos) << r;
  expectShape(kSignoffCsv, s);
}

TEST(ExportCsv, ComplianceRowSummarisesCurrency) {
  ComplianceRecord c;
  c.id = "cmp_1";
  c.type = "currency";
  c.details = R"({"rule":"passengers_day","satisfied_by":["flt_1","flt_2"]})";
  std::string r = row(kComplianceCsv, c);
  EXPECT_NE(r.find(",passengers_day,flt_1 flt_2,"), std::string::npos) << r;
  expectShape(kComplianceCsv, c);
  c.type = "medical";
  c.details = "not json";
  expectShape(kComplianceCsv, c);
}

TEST(ExportCsv, PlanningRowHasDuration) {
  PlanningSession s;
  s.id = "ses_1";
  s.start_at = "2026-05-28T10:00:00Z";
  s.end_at = "2026-05-28T11:30:00Z";
  s.notes = "line1\nline2";
  std::string r = row(kPlanningSessionCsv, s);
  EXPECT_NE(r.find(",90,"), std::string::npos) << r;
  EXPECT_NE(r.find("\"line1\nline2\""), std::string::npos) << r;
  expectShape(kPlanningSessionCsv, s);
}

TEST(ExportCsv, ADeletedRecordIsARowWithStatusDeleted) {
  ComplianceRecord c;
  c.id = "cmp_1";
  c.type = "licence";
  c.updated_at = "2026-05-28T10:00:00Z";
  c.deleted = true;
  EXPECT_EQ(row(kComplianceCsv, c), "cmp_1,,,,,,,,,,deleted,,,,2026-05-28T10:00:00Z\r\n");
  expectShape(kComplianceCsv, c);
  PlanningSession s;
  s.id = "ps_1";
  s.kind = "flight";
  s.updated_at = "2026-05-28T10:00:00Z";
  s.deleted = true;
  EXPECT_EQ(row(kPlanningSessionCsv, s), "ps_1,,deleted,,,,,,,,,2026-05-28T10:00:00Z\r\n");
  expectShape(kPlanningSessionCsv, s);
}

}  // namespace
}  // namespace gaflight::domain
