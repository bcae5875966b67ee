#include <gtest/gtest.h>

#include "domain/compliance.hpp"

namespace gaflight::domain {
namespace {

CivilDate D(const char* s) { return *parseCivilDate(s); }
std::string until(MedicalClass c, const char* exam, const char* dob) {
  return formatCivilDate(medicalValidity(c, D(exam), D(dob)).valid_until);
}

TEST(ComplianceDates, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(formatCivilDate(addMonths(D("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(formatCivilDate(addMonths(D("2023-01-31"), 1)), "2023-02-28");
  EXPECT_EQ(formatCivilDate(birthday(D("2000-02-29"), 1)), "2001-02-28");
  EXPECT_EQ(ageOn(D("1980-06-15"), D("2020-06-14")), 39);
  EXPECT_EQ(ageOn(D("1980-06-15"), D("2020-06-15")), 40);
}

TEST(ComplianceMedicalEasa, Class2ByAgeBandAndCaps) {
  // Under 40, far from 42: 60 months.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-03-10", "1990-01-01"), "2025-03-10");
  // Examined at 39: 60 months would pass 42 → the day before the 42nd birthday.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-03-10", "1980-06-15"), "2022-06-14");
  // The day before the 40th birthday is still the under-40 band.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-06-14", "1980-06-15"), "2022-06-14");
  // On the 40th birthday: 24 months.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-06-15", "1980-06-15"), "2022-06-15");
  // Examined at 49 and a half: 24 months would pass 51 → the day before the 51st birthday.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-01-10", "1970-06-15"), "2021-06-14");
  // The day before the 50th birthday: still 40–50 band, capped at 51.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-06-14", "1970-06-15"), "2021-06-14");
  // On the 50th birthday: 12 months.
  EXPECT_EQ(until(MedicalClass::kEasaClass2, "2020-06-15", "1970-06-15"), "2021-06-15");
}

TEST(ComplianceMedicalEasa, Class1AndLapl) {
  EXPECT_EQ(until(MedicalClass::kEasaClass1, "2024-02-29", "1990-01-01"), "2025-02-28");
  EXPECT_EQ(until(MedicalClass::kEasaClass1, "2024-05-01", "1964-05-01"), "2024-11-01");  // 60: 6 months
  EXPECT_EQ(until(MedicalClass::kEasaClass1, "2024-04-30", "1964-05-01"), "2025-04-30");  // 59: 12 months
  EXPECT_EQ(until(MedicalClass::kEasaLapl, "2020-03-10", "1990-01-01"), "2025-03-10");
  EXPECT_EQ(until(MedicalClass::kEasaLapl, "2020-03-10", "1980-06-15"), "2022-06-14");  // cap 42
  EXPECT_EQ(until(MedicalClass::kEasaLapl, "2020-06-15", "1980-06-15"), "2022-06-15");  // 40: 24 months
  EXPECT_EQ(until(MedicalClass::kEasaLapl, "2020-06-15", "1960-06-15"), "2022-06-15");  // no 12-month band
}

TEST(ComplianceMedicalFaa, EndOfCalendarMonth) {
  // Third class under 40: end of the 60th month after the exam month.
  EXPECT_EQ(until(MedicalClass::kFaaThird, "2024-01-15", "1990-01-01"), "2029-01-31");
  // Examined the day before the 40th birthday: still under 40.
  EXPECT_EQ(until(MedicalClass::kFaaThird, "2024-06-14", "1984-06-15"), "2029-06-30");
  // On the 40th birthday: 24 months.
  EXPECT_EQ(until(MedicalClass::kFaaThird, "2024-06-15", "1984-06-15"), "2026-06-30");
  // Leap year: second class examined in February 2023 → end of February 2024 (29th).
  EXPECT_EQ(until(MedicalClass::kFaaSecond, "2023-02-01", "1990-01-01"), "2024-02-29");
  EXPECT_EQ(until(MedicalClass::kFaaSecond, "2024-02-29", "1990-01-01"), "2025-02-28");
  // First class at 40+: 6 months of first-class privileges, then steps down.
  auto v = medicalValidity(MedicalClass::kFaaFirst, D("2024-03-05"), D("1970-01-01"));
  EXPECT_EQ(formatCivilDate(v.valid_until), "2024-09-30");
  EXPECT_EQ(formatCivilDate(*v.class_2_until), "2025-03-31");
  EXPECT_EQ(formatCivilDate(*v.class_3_until), "2026-03-31");
  EXPECT_EQ(until(MedicalClass::kFaaFirst, "2024-03-05", "1990-01-01"), "2025-03-31");
}

TEST(ComplianceStatus, BoundariesAtZeroAndThirtyDays) {
  EXPECT_EQ(complianceStatus(std::string("2026-01-01"), "2026-01-01"), ComplianceStatus::kExpiring);
  EXPECT_EQ(complianceStatus(std::string("2025-12-31"), "2026-01-01"), ComplianceStatus::kExpired);
  EXPECT_EQ(complianceStatus(std::string("2026-01-31"), "2026-01-01"), ComplianceStatus::kExpiring);
  EXPECT_EQ(complianceStatus(std::string("2026-02-01"), "2026-01-01"), ComplianceStatus::kValid);
  EXPECT_EQ(complianceStatus(std::nullopt, "2026-01-01"), ComplianceStatus::kValid);
}

TEST(ComplianceVocabulary, TypesPerSubjectAndCodes) {
  EXPECT_TRUE(isRecordTypeFor("pilot", "medical"));
  EXPECT_FALSE(isRecordTypeFor("pilot", "arc"));
  EXPECT_TRUE(isRecordTypeFor("aircraft", "insurance"));
  EXPECT_FALSE(isRecordTypeFor("aircraft", "currency"));
  EXPECT_EQ(medicalClassFromCode("FAA-MED-3"), MedicalClass::kFaaThird);
  EXPECT_FALSE(medicalClassFromCode("SEP"));
}

}  // namespace
}  // namespace gaflight::domain
