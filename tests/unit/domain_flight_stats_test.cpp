#include "domain/flight_stats.hpp"

#include <gtest/gtest.h>

using namespace gaflight::domain;

TEST(FlightStats, WeekStartsOnMonday) {
  EXPECT_EQ(weekStart("2026-12-01"), "2026-11-30");  // Tuesday
  EXPECT_EQ(weekStart("2026-11-30"), "2026-11-30");  // Monday itself
  EXPECT_EQ(weekStart("2026-12-06"), "2026-11-30");  // Sunday belongs to the week before
  EXPECT_EQ(weekStart("2026-01-01"), "2025-12-29");  // across a year boundary
  EXPECT_EQ(weekStart("1970-01-01"), "1969-12-29");  // before the epoch day numbers turn positive
}

TEST(FlightStats, BucketsDaysIntoTheLastWeeks) {
  std::vector<AircraftName> fleet = {{"acft_a", "F-GAAA"}, {"acft_b", "F-GBBB"}};
  std::vector<AircraftDayMinutes> days = {
      {"acft_a", "2026-12-01", 60},  // current week
      {"acft_a", "2026-11-30", 30},  // current week (Monday)
      {"acft_a", "2026-11-29", 45},  // previous week (Sunday)
      {"acft_a", "2026-09-13", 99},  // a day before the twelve-week window starts
      {"acft_x", "2026-12-01", 50},  // not in the fleet list
  };
  auto w = bucketByWeek("2026-12-01", 12, fleet, days);
  ASSERT_EQ(w.week_starts.size(), 12u);
  EXPECT_EQ(w.week_starts.front(), "2026-09-14");
  EXPECT_EQ(w.week_starts.back(), "2026-11-30");
  ASSERT_EQ(w.aircraft.size(), 2u);
  EXPECT_EQ(w.aircraft[0].block_min[11], 90);
  EXPECT_EQ(w.aircraft[0].block_min[10], 45);
  EXPECT_EQ(w.aircraft[0].total_min, 135);
  EXPECT_EQ(w.aircraft[1].total_min, 0);  // idle aircraft still get a row of zeros
  EXPECT_EQ(w.aircraft[1].block_min, std::vector<int64_t>(12, 0));
}

TEST(FlightStats, RendersWeeksAndRows) {
  auto w = bucketByWeek("2026-12-01", 2, {{"acft_a", "F-GAAA"}}, {{"acft_a", "2026-11-24", 70}});
  EXPECT_EQ(renderWeeklyFlightHours(w),
            R"({"object":"weekly_flight_hours","week_starts":["2026-11-23","2026-11-30"],"aircraft":[)"
            R"({"aircraft_id":"acft_a","registration":"F-GAAA","block_min":[70,0],"total_block_min":70}]})");
}
