#pragma once
// The CSV columns of each exportable list (SPEC §10.7, docs/exports.md): flat fields of the JSON object,
// in its order, under the same names. Instants are the stored RFC 3339 UTC text, meters decimal hours,
// money integer minor units; nested values are summarised or left out (listed in docs/exports.md).
#include <string_view>

#include "core/csv_writer.hpp"
#include "domain/billing.hpp"
#include "domain/compliance.hpp"
#include "domain/entities.hpp"
#include "domain/planning.hpp"
#include "domain/training.hpp"

namespace gaflight::domain {

// A list's CSV shape: the header row (with its CRLF) and the writer of one record's fields.
template <typename T>
struct CsvLayout {
  std::string_view header;
  void (*row)(CsvWriter&, const T&);
};

extern const CsvLayout<Flight> kFlightCsv;
extern const CsvLayout<Invoice> kInvoiceCsv;
extern const CsvLayout<Signoff> kSignoffCsv;
extern const CsvLayout<ComplianceRecord> kComplianceCsv;
extern const CsvLayout<PlanningSession> kPlanningSessionCsv;

}  // namespace gaflight::domain
