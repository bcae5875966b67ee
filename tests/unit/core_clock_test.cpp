#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fakes.hpp"

namespace gaflight::timefmt {
namespace {

constexpr int64_t k20260528 = 1779969791;  // 2026-05-28T12:03:11Z (date -u -d ... +%s)

TEST(FormatInstant, KnownInstants) {
  EXPECT_EQ(formatInstant(int64_t{0}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(formatInstant(int64_t{946684800}), "2000-01-01T00:00:00Z");
  EXPECT_EQ(formatInstant(k20260528), "2026-05-28T12:03:11Z");
  EXPECT_EQ(formatInstant(int64_t{1709164800}), "2024-02-29T00:00:00Z");
  EXPECT_EQ(formatInstant(int64_t{951868799}), "2000-02-29T23:59:59Z");
  EXPECT_EQ(formatInstant(int64_t{4107542400}), "2100-03-01T00:00:00Z");
}

TEST(FormatInstant, BeforeEpoch) {
  EXPECT_EQ(formatInstant(int64_t{-1}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(formatInstant(int64_t{-86400}), "1969-12-31T00:00:00Z");
  EXPECT_EQ(formatInstant(int64_t{-2208988800}), "1900-01-01T00:00:00Z");
}

TEST(FormatInstant, SysTimeOverloadTruncatesToSeconds) {
  SysTime t = SysTime(std::chrono::seconds(k20260528)) + std::chrono::milliseconds(999);
  EXPECT_EQ(formatInstant(t), "2026-05-28T12:03:11Z");
  EXPECT_EQ(toUnixSeconds(t), k20260528);
}

TEST(FormatInstant, WorksWithFakeClock) {
  gaflight::testing::FakeClock clock(k20260528);
  EXPECT_EQ(formatInstant(clock.now()), "2026-05-28T12:03:11Z");
  clock.advance(std::chrono::hours(12));
  EXPECT_EQ(formatInstant(clock.now()), "2026-05-29T00:03:11Z");
}

TEST(FormatInstant, FixedWidthSoStringOrderIsTimeOrder) {
  std::string prev = formatInstant(int64_t{-2208988800});
  for (int64_t t = -2208988800 + 1; t < 4107542400; t += 9'876'543) {
    std::string cur = formatInstant(t);
    ASSERT_EQ(cur.size(), 20u) << cur;
    ASSERT_LT(prev, cur);
    prev = cur;
  }
}

TEST(ParseInstant, RoundTripsFormatOverWideRange) {
  for (int64_t t = -2208988800; t < 4107542400; t += 86400 * 3 + 3671) {
    auto back = parseInstant(formatInstant(t));
    ASSERT_TRUE(back.has_value()) << formatInstant(t);
    ASSERT_EQ(*back, t) << formatInstant(t);
  }
}

TEST(ParseInstant, ZuluForms) {
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11Z"), k20260528);
  EXPECT_EQ(parseInstant("1970-01-01T00:00:00Z"), 0);
}

TEST(ParseInstant, NumericOffsets) {
  EXPECT_EQ(parseInstant("2026-05-28T14:03:11+02:00"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T06:33:11-05:30"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11+00:00"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11-00:00"), k20260528);
  // An offset can move the instant across a date boundary.
  EXPECT_EQ(parseInstant("2026-05-29T01:03:11+13:00"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-27T23:03:11-13:00"), k20260528);
}

TEST(ParseInstant, FractionsAreAcceptedAndTruncated) {
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11.5Z"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11.999999999Z"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11.000+00:00"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T14:03:11.25+02:00"), k20260528);
}

TEST(ParseInstant, RejectsBadFractions) {
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11.Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11.1234567890Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11,5Z").has_value());
}

TEST(ParseInstant, LeapYearDates) {
  EXPECT_EQ(parseInstant("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_EQ(parseInstant("2000-02-29T23:59:59Z"), 951868799);
  EXPECT_FALSE(parseInstant("2023-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("1900-02-29T00:00:00Z").has_value()) << "1900 is not a leap year";
  EXPECT_FALSE(parseInstant("2100-02-29T00:00:00Z").has_value()) << "2100 is not a leap year";
}

TEST(ParseInstant, RejectsImpossibleCalendarDates) {
  EXPECT_FALSE(parseInstant("2026-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-00-01T00:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-04-31T00:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-01-00T00:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-01-32T00:00:00Z").has_value());
}

TEST(ParseInstant, RejectsImpossibleTimes) {
  EXPECT_FALSE(parseInstant("2026-05-28T24:00:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:60:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:00:61Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11+24:00").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11+02:60").has_value());
}

TEST(ParseInstant, RejectsMissingZoneAndTrailingJunk) {
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11").has_value()) << "a zone is mandatory";
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11.5").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11Zjunk").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11Z ").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11+02:00Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11+02:00:00").has_value());
  EXPECT_FALSE(parseInstant(" 2026-05-28T12:03:11Z").has_value());
}

TEST(ParseInstant, RejectsMalformedShapes) {
  EXPECT_FALSE(parseInstant("").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03Z").has_value());
  EXPECT_FALSE(parseInstant("2026-5-28T12:03:11Z").has_value());
  EXPECT_FALSE(parseInstant("26-05-28T12:03:11Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28X12:03:11Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12-03-11Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T1a:03:11Z").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11+0200").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11+2:00").has_value());
  EXPECT_FALSE(parseInstant("2026-05-28T12:03:11 UTC").has_value());
  EXPECT_FALSE(parseInstant("1779969791").has_value());
}

TEST(ParseInstant, LowerCaseTAndZAcceptedAsRfc3339Allows) {
  // RFC 3339 §5.6 NOTE: "T" and "Z" may alternatively be lower case.
  EXPECT_EQ(parseInstant("2026-05-28t12:03:11Z"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28T12:03:11z"), k20260528);
  EXPECT_EQ(parseInstant("2026-05-28t12:03:11z"), k20260528);
}

TEST(ParseInstant, RejectsYearsBefore1900) {
  EXPECT_FALSE(parseInstant("1899-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(parseInstant("0000-01-01T00:00:00Z").has_value());
  EXPECT_EQ(parseInstant("1900-01-01T00:00:00Z"), -2208988800);
}

TEST(IsValidDate, AcceptsRealDates) {
  EXPECT_TRUE(isValidDate("2026-05-28"));
  EXPECT_TRUE(isValidDate("2024-02-29"));
  EXPECT_TRUE(isValidDate("2000-02-29"));
  EXPECT_TRUE(isValidDate("2026-12-31"));
  EXPECT_TRUE(isValidDate("2026-01-31"));
  EXPECT_TRUE(isValidDate("2026-04-30"));
}

TEST(IsValidDate, RejectsImpossibleDates) {
  EXPECT_FALSE(isValidDate("2026-02-30"));
  EXPECT_FALSE(isValidDate("2026-02-29"));
  EXPECT_FALSE(isValidDate("1900-02-29"));
  EXPECT_FALSE(isValidDate("2026-13-01"));
  EXPECT_FALSE(isValidDate("2026-00-01"));
  EXPECT_FALSE(isValidDate("2026-01-00"));
  EXPECT_FALSE(isValidDate("2026-06-31"));
}

TEST(IsValidDate, RejectsWrongShapes) {
  EXPECT_FALSE(isValidDate(""));
  EXPECT_FALSE(isValidDate("2026-5-28"));
  EXPECT_FALSE(isValidDate("2026/05/28"));
  EXPECT_FALSE(isValidDate("2026-05-28 "));
  EXPECT_FALSE(isValidDate("2026-05-28T00:00:00Z"));
  EXPECT_FALSE(isValidDate("20260528"));
  EXPECT_FALSE(isValidDate("+026-05-28"));
  EXPECT_FALSE(isValidDate("2026-05-2a"));
  EXPECT_FALSE(isValidDate("2026-0x-28"));
}

TEST(FormatDate, IsDatePartOfInstant) {
  EXPECT_EQ(formatDate(k20260528), "2026-05-28");
  EXPECT_EQ(formatDate(int64_t{-1}), "1969-12-31");
  EXPECT_TRUE(isValidDate(formatDate(k20260528)));
}

TEST(DaysFromCivil, KnownDays) {
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(daysFromCivil(1970, 1, 2), 1);
  EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(daysFromCivil(2000, 1, 1), 946684800 / 86400);
  EXPECT_EQ(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28), 2);
  EXPECT_EQ(daysFromCivil(2023, 3, 1) - daysFromCivil(2023, 2, 28), 1);
  EXPECT_EQ(daysFromCivil(2027, 1, 1) - daysFromCivil(2026, 1, 1), 365);
  EXPECT_EQ(daysFromCivil(2029, 1, 1) - daysFromCivil(2028, 1, 1), 366);
}

}  // namespace
}  // namespace gaflight::timefmt
