#include "domain/compliance.hpp"

#include <algorithm>
#include <cstdio>

namespace gaflight::domain {

namespace {
bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
}  // namespace

int daysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

std::optional<CivilDate> parseCivilDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> int {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return std::nullopt;
  return CivilDate{y, m, d};
}

std::string formatCivilDate(const CivilDate& c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t dayNumber(const CivilDate& c) {
  int y = c.y - (c.m <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (c.m + (c.m > 2 ? -3 : 9)) + 2) / 5 + c.d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate fromDayNumber(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(y + (m <= 2)), m, d};
}

CivilDate addMonths(const CivilDate& c, int months) {
  int total = c.y * 12 + (c.m - 1) + months;
  int y = total / 12, m = total % 12 + 1;
  return CivilDate{y, m, std::min(c.d, daysInMonth(y, m))};
}

CivilDate addDays(const CivilDate& c, int64_t days) { return fromDayNumber(dayNumber(c) + days); }

CivilDate endOfMonth(const CivilDate& c) { return CivilDate{c.y, c.m, daysInMonth(c.y, c.m)}; }

CivilDate birthday(const CivilDate& dob, int years) { return addMonths(dob, years * 12); }

int ageOn(const CivilDate& dob, const CivilDate& on) {
  int age = on.y - dob.y;
  if (dayNumber(on) < dayNumber(birthday(dob, age))) --age;
  return age;
}

ComplianceStatus complianceStatus(const std::optional<std::string>& valid_until, const std::string& today,
                                  int expiring_within_days) {
  if (!valid_until) return ComplianceStatus::kValid;
  auto until = parseCivilDate(*valid_until);
  auto now = parseCivilDate(today);
  if (!until || !now) return ComplianceStatus::kValid;
  int64_t left = dayNumber(*until) - dayNumber(*now);
  if (left < 0) return ComplianceStatus::kExpired;
  if (left <= expiring_within_days) return ComplianceStatus::kExpiring;
  return ComplianceStatus::kValid;
}

const char* complianceStatusName(ComplianceStatus s) {
  switch (s) {
    case ComplianceStatus::kValid:
      return "valid";
    case ComplianceStatus::kExpiring:
      return "expiring";
    case ComplianceStatus::kExpired:
      return "expired";
  }
  return "valid";
}

const std::vector<std::string>& pilotRecordTypes() {
  static const std::vector<std::string> k = {"medical", "licence", "rating", "language_proficiency",
                                             "endorsement"};
  return k;
}
const std::vector<std::string>& aircraftRecordTypes() {
  static const std::vector<std::string> k = {"arc",          "annual",        "insurance",
                                             "registration", "radio_licence", "noise_certificate"};
  return k;
}
const std::vector<std::string>& allRecordTypes() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v = pilotRecordTypes();
    v.insert(v.end(), aircraftRecordTypes().begin(), aircraftRecordTypes().end());
    v.push_back("currency");
    v.push_back("vtr");
    return v;
  }();
  return k;
}
bool isRecordTypeFor(std::string_view subject, std::string_view type) {
  const auto& set = subject == "pilot" ? pilotRecordTypes() : aircraftRecordTypes();
  return std::find(set.begin(), set.end(), type) != set.end();
}

namespace {
struct MedicalCode {
  const char* code;
  MedicalClass cls;
};
constexpr MedicalCode kMedicalCodes[] = {
    {"EASA-MED-CLASS1", MedicalClass::kEasaClass1}, {"EASA-MED-CLASS2", MedicalClass::kEasaClass2},
    {"EASA-MED-LAPL", MedicalClass::kEasaLapl},     {"FAA-MED-1", MedicalClass::kFaaFirst},
    {"FAA-MED-2", MedicalClass::kFaaSecond},        {"FAA-MED-3", MedicalClass::kFaaThird},
};

CivilDate dayBefore(const CivilDate& c) { return addDays(c, -1); }
CivilDate earlier(const CivilDate& a, const CivilDate& b) { return dayNumber(a) <= dayNumber(b) ? a : b; }

// 14 CFR 61.23(d): "expires at the end of the last day of the Nth month after the month of the date of
// the examination".
CivilDate faaEnd(const CivilDate& exam, int months) { return endOfMonth(addMonths(exam, months)); }
}  // namespace

std::optional<MedicalClass> medicalClassFromCode(std::string_view code) {
  for (const auto& m : kMedicalCodes) {
    if (code == m.code) return m.cls;
  }
  return std::nullopt;
}

const std::vector<std::string>& medicalCodes() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v;
    for (const auto& m : kMedicalCodes) v.emplace_back(m.code);
    return v;
  }();
  return k;
}

Regime medicalRegime(MedicalClass c) {
  return c == MedicalClass::kFaaFirst || c == MedicalClass::kFaaSecond || c == MedicalClass::kFaaThird
             ? Regime::kFaa
             : Regime::kEasa;
}

const char* pilotMedicalClass(MedicalClass c) {
  switch (c) {
    case MedicalClass::kEasaClass1:
    case MedicalClass::kFaaFirst:
      return "class_1";
    case MedicalClass::kEasaClass2:
    case MedicalClass::kFaaSecond:
      return "class_2";
    case MedicalClass::kEasaLapl:
      return "lapl";
    case MedicalClass::kFaaThird:
      return "class_3";
  }
  return "class_2";
}

// Simplifications (documented in the OpenAPI description too):
// - EASA validity runs from the exam date to the same calendar day N months later (inclusive); the
//   45-day early revalidation window of MED.A.045(b) is not modelled (the client may send valid_until).
// - "ceases to be valid after the holder reaches the age of 42 / 51" is read as: the last valid day is
//   the day before the 42nd / 51st birthday.
// - Class 1: 12 months below 60, 6 months from 60 (the single-pilot CAT-with-passengers 6-month rule
//   from 40 is not modelled: we do not know a pilot's operation).
// - FAA first class: valid_until is the end of first-class privileges; the later second- and
//   third-class step-down dates are returned alongside.
MedicalValidity medicalValidity(MedicalClass c, const CivilDate& exam, const CivilDate& dob) {
  int age = ageOn(dob, exam);
  MedicalValidity v;
  switch (c) {
    case MedicalClass::kEasaClass1:
      v.valid_until = addMonths(exam, age >= 60 ? 6 : 12);
      break;
    case MedicalClass::kEasaClass2:
      if (age < 40) {
        v.valid_until = earlier(addMonths(exam, 60), dayBefore(birthday(dob, 42)));
      } else if (age < 50) {
        v.valid_until = earlier(addMonths(exam, 24), dayBefore(birthday(dob, 51)));
      } else {
        v.valid_until = addMonths(exam, 12);
      }
      break;
    case MedicalClass::kEasaLapl:
      v.valid_until =
          age < 40 ? earlier(addMonths(exam, 60), dayBefore(birthday(dob, 42))) : addMonths(exam, 24);
      break;
    case MedicalClass::kFaaFirst:
      v.valid_until = faaEnd(exam, age < 40 ? 12 : 6);
      v.class_2_until = faaEnd(exam, 12);
      v.class_3_until = faaEnd(exam, age < 40 ? 60 : 24);
      break;
    case MedicalClass::kFaaSecond:
      v.valid_until = faaEnd(exam, 12);
      v.class_3_until = faaEnd(exam, age < 40 ? 60 : 24);
      break;
    case MedicalClass::kFaaThird:
      v.valid_until = faaEnd(exam, age < 40 ? 60 : 24);
      break;
  }
  return v;
}

}  // namespace gaflight::domain
