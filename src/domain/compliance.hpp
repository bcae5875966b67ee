#pragma once
#include <cstdint>
// Compliance records (pilot and aircraft documents) and medical validity: pure rules.
//
// Dates are civil YYYY-MM-DD strings; "today" is the UTC date of the clock.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::domain {

// ---- civil dates -------------------------------------------------------------------------------
struct CivilDate {
  int y = 1970;
  int m = 1;  // 1–12
  int d = 1;  // 1–31
};
std::optional<CivilDate> parseCivilDate(std::string_view text);  // strict YYYY-MM-DD
std::string formatCivilDate(const CivilDate& c);
int64_t dayNumber(const CivilDate& c);  // days since 1970-01-01
CivilDate fromDayNumber(int64_t days);
int daysInMonth(int y, int m);
// Same day `months` later; a day that does not exist there becomes that month's last day.
CivilDate addMonths(const CivilDate& c, int months);
CivilDate addDays(const CivilDate& c, int64_t days);
CivilDate endOfMonth(const CivilDate& c);
// The date someone born on `dob` turns `years` (29 February → 28 February in common years).
CivilDate birthday(const CivilDate& dob, int years);
// Completed years of age on `on`.
int ageOn(const CivilDate& dob, const CivilDate& on);

// ---- status ------------------------------------------------------------------------------------
// `expiring`: valid_until is between today and today + 30 days, both inclusive; `expired`:
// valid_until is before today (the valid_until day itself is still valid); no valid_until = `valid`.
inline constexpr int kExpiringWithinDays = 30;
enum class ComplianceStatus { kValid, kExpiring, kExpired };
ComplianceStatus complianceStatus(const std::optional<std::string>& valid_until, const std::string& today,
                                  int expiring_within_days = kExpiringWithinDays);
const char* complianceStatusName(ComplianceStatus s);

// ---- vocabulary --------------------------------------------------------------------------------
// Record types by subject. `currency` is computed (never written through the API).
const std::vector<std::string>& pilotRecordTypes();     // medical, licence, rating, ...
const std::vector<std::string>& aircraftRecordTypes();  // arc, annual, insurance, ...
const std::vector<std::string>& allRecordTypes();       // both, plus currency and vtr
bool isRecordTypeFor(std::string_view subject, std::string_view type);

// ---- medical validity --------------------------------------------------------------------------
enum class Regime { kEasa, kFaa };
enum class MedicalClass { kEasaClass1, kEasaClass2, kEasaLapl, kFaaFirst, kFaaSecond, kFaaThird };
// Codes: EASA-MED-CLASS1, EASA-MED-CLASS2, EASA-MED-LAPL, FAA-MED-1, FAA-MED-2, FAA-MED-3.
std::optional<MedicalClass> medicalClassFromCode(std::string_view code);
const std::vector<std::string>& medicalCodes();
Regime medicalRegime(MedicalClass c);
// The pilot's `medical_class` field for this certificate: class_1, class_2, lapl or class_3.
const char* pilotMedicalClass(MedicalClass c);

struct MedicalValidity {
  CivilDate valid_until;  // last valid day (inclusive) of the certificate's own class privileges
  // FAA step-down: a first-class certificate keeps second- and third-class privileges longer, a
  // second-class one third-class privileges (14 CFR 61.23(d)). Empty for EASA.
  std::optional<CivilDate> class_2_until, class_3_until;
};
// EASA MED.A.045 (from the exam date, by age at the exam; certificates examined before 40/50 cease
// the day before the 42nd/51st birthday) and FAA 61.23(d) (end of the Nth calendar month after the
// exam month). See compliance.cpp for the simplifications.
MedicalValidity medicalValidity(MedicalClass c, const CivilDate& exam, const CivilDate& dob);

}  // namespace gaflight::domain

namespace gaflight::domain {

// One row of compliance_records (see storage/compliance_repository.hpp for the column meanings).
struct ComplianceRecord {
  std::string id, org_id, subject, type, code;
  std::optional<std::string> pilot_id, aircraft_id, number, regime, issued_on, valid_until;
  std::string details = "{}";  // a JSON object
  std::string created_at, updated_at;
  std::string status;      // computed against today when read; never stored
  bool deleted = false;    // read only by a delta sync, which serves it as a tombstone
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

}  // namespace gaflight::domain
