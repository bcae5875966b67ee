#pragma once
// Compliance records: pilot and aircraft documents plus computed currency (table compliance_records).
//
// Column meanings (the demo seeds this table directly):
// - subject: `pilot` (pilot_id set, aircraft_id NULL) or `aircraft` (aircraft_id set, pilot_id NULL).
// - type: pilot → medical | licence | rating | language_proficiency | endorsement | currency;
//         aircraft → arc | annual | insurance | registration | radio_licence | noise_certificate.
// - code: medical → EASA-MED-CLASS1 | EASA-MED-CLASS2 | EASA-MED-LAPL | FAA-MED-1 | FAA-MED-2 | FAA-MED-3;
//         licence → PPL(A), LAPL(A), PRIVATE …; rating → SEP (the SEP revalidation rule looks for code
//         'SEP'), NIGHT, IR(A) …; language_proficiency → ELP-4/5/6; currency → the rule id
//         (EASA_FCL060_B1_PAX, EASA_FCL060_B2_NIGHT_PAX, EASA_FCL740A_SEP_REVALIDATION, FAA_61_57A_PAX,
//         FAA_61_57B_NIGHT_PAX, FAA_61_56_FLIGHT_REVIEW). Unique per (org, pilot, code) for currency.
// - number: the certificate/licence number (free text, nullable); regime: `easa` | `faa` | NULL.
// - issued_on: YYYY-MM-DD (for a medical: the examination date); valid_until: YYYY-MM-DD, the last valid
//   day (inclusive), NULL = no expiry. Status is computed on read: expired (< today), expiring (today ..
//   today + 30 days), valid.
// - details: JSON object. medical: {"class": "class_2", "computed": true|false, "age_at_exam": 41,
//   "privileges_until": {"class_2": date, "class_3": date}} (FAA step-down, optional).
//   currency: {"rule", "regulation_ref", "title", "met": bool, "satisfied_by": [flight ids],
//   "shortfall": text, and for the SEP rule "rating_valid_until", "flight_min", "pic_min", "landings"}.
//   Other types: {} or free notes {"note": "..."}.
// - deleted_at: soft delete (console); deleted rows are never listed.
#include <optional>
#include <string>
#include <vector>

#include "domain/compliance.hpp"
#include "domain/currency.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct ComplianceFilter {
  std::optional<std::string> type, pilot_id, aircraft_id, status, updated_since, vtr_id;
  std::optional<int64_t> expiring_within_days;  // console: valid_until <= today + N (expired included)
  std::string today;                            // YYYY-MM-DD, for status predicates
};

class ComplianceRepository {
 public:
  explicit ComplianceRepository(Connection& c) : c_(c) {}

  // Ordered by id; keyset = {id}.
  std::vector<domain::ComplianceRecord> list(const std::string& org, const Keyset& page,
                                             const ComplianceFilter& f);
  std::optional<domain::ComplianceRecord> find(const std::string& org, const std::string& id);
  void insert(const domain::ComplianceRecord& r);
  void update(const domain::ComplianceRecord& r);
  bool softDelete(const std::string& org, const std::string& id, const std::string& at);
  // Inserts or replaces the currency record of (pilot, code), keeping its id and created_at.
  void upsertCurrency(const domain::ComplianceRecord& r);

  std::optional<std::string> orgCountry(const std::string& org);
  std::vector<std::string> pilotIds(const std::string& org);
  std::optional<std::string> pilotDateOfBirth(const std::string& org, const std::string& pilot_id);
  // The latest (by issued_on, then id) live medical record of a pilot.
  std::optional<domain::ComplianceRecord> latestMedical(const std::string& org, const std::string& pilot_id);
  void setPilotMedical(const std::string& org, const std::string& pilot_id,
                       const std::optional<std::string>& medical_class,
                       const std::optional<std::string>& valid_until, const std::string& at);
  // The latest valid_until of the pilot's live rating records with code SEP.
  std::optional<std::string> sepRatingExpiry(const std::string& org, const std::string& pilot_id);
  // Approved flights on or after `since` where the pilot flew or instructed.
  std::vector<domain::CurrencyFlight> currencyFlights(const std::string& org, const std::string& pilot_id,
                                                      const std::string& since);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
