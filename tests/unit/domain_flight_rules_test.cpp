#include "domain/flight_rules.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

using namespace gaflight;
using domain::FlightInput;

namespace {
const int64_t kNow = *timefmt::parseInstant("2026-05-28T18:00:00Z");

FlightInput validFlight() {
  FlightInput f;
  f.date = "2026-05-28";
  f.aircraft_id = "acft_1";
  f.pilot_id = "plt_1";
  f.purpose = "rental";
  f.departure_icao = "LFPN";
  f.arrival_icao = "LFPT";
  f.off_block_at = "2026-05-28T09:00:00Z";
  f.takeoff_at = "2026-05-28T09:10:00Z";
  f.landing_at = "2026-05-28T10:20:00Z";
  f.on_block_at = "2026-05-28T10:30:00Z";
  f.hobbs_start_tenths = 1000;
  f.hobbs_end_tenths = 1015;
  f.tach_start_tenths = 900;
  f.tach_end_tenths = 912;
  return f;
}

std::string failingField(const FlightInput& f, int64_t now = kNow) {
  auto r = domain::checkFlightInput(f, now);
  if (r) return "(accepted)";
  EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
  return r.error().field;
}
}  // namespace

TEST(FlightRules, ValidFlightComputesBlockAndAirMinutes) {
  auto r = domain::checkFlightInput(validFlight(), kNow);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->block_min, 90);
  EXPECT_EQ(r->air_min, 70);
  EXPECT_EQ(r->off_block, *timefmt::parseInstant("2026-05-28T09:00:00Z"));
}

TEST(FlightRules, EachBadFieldIsNamed) {
  auto f = validFlight();
  f.date = "2026-02-30";
  EXPECT_EQ(failingField(f), "date");
  f = validFlight();
  f.purpose = "joyride";
  EXPECT_EQ(failingField(f), "purpose");
  f = validFlight();
  f.departure_icao = "LFP";
  EXPECT_EQ(failingField(f), "departure_icao");
  f = validFlight();
  f.arrival_icao = "lfpt";
  EXPECT_EQ(failingField(f), "arrival_icao");
  f = validFlight();
  f.takeoff_at = "yesterday";
  EXPECT_EQ(failingField(f), "takeoff_at");
  f = validFlight();
  f.remarks = std::string(2001, 'x');
  EXPECT_EQ(failingField(f), "remarks");
}

TEST(FlightRules, InstantsMustBeInOrderButMayBeEqual) {
  auto f = validFlight();
  f.landing_at = "2026-05-28T09:05:00Z";  // before takeoff
  EXPECT_EQ(failingField(f), "landing_at");
  f = validFlight();
  f.takeoff_at = f.off_block_at;
  f.on_block_at = f.landing_at;
  EXPECT_EQ(failingField(f), "(accepted)");
}

TEST(FlightRules, DateIsTheUtcDateOfOffBlock) {
  auto f = validFlight();
  f.date = "2026-05-27";
  EXPECT_EQ(failingField(f), "date");
}

TEST(FlightRules, AtMostOneHourInTheFuture) {
  auto f = validFlight();
  EXPECT_EQ(failingField(f, *timefmt::parseInstant("2026-05-28T08:00:00Z")),
            "(accepted)");  // exactly 1 h ahead
  EXPECT_EQ(failingField(f, *timefmt::parseInstant("2026-05-28T07:59:59Z")), "off_block_at");
}

TEST(FlightRules, LongerThanADayIsRefused) {
  auto f = validFlight();
  f.on_block_at = "2026-05-29T09:01:00Z";
  EXPECT_EQ(failingField(f), "on_block_at");
}

TEST(FlightRules, MinutesBoundedByBlockTime) {
  auto f = validFlight();
  f.night_min = 90;
  EXPECT_EQ(failingField(f), "(accepted)");
  f.night_min = 91;
  EXPECT_EQ(failingField(f), "night_min");
  f = validFlight();
  f.ifr_min = -1;
  EXPECT_EQ(failingField(f), "ifr_min");
  f = validFlight();
  f.landings_night = 100;
  EXPECT_EQ(failingField(f), "landings_night");
}

TEST(FlightRules, MetersAdvanceByAtMostTwentyFourHours) {
  auto f = validFlight();
  f.hobbs_end_tenths = f.hobbs_start_tenths - 1;
  EXPECT_EQ(failingField(f), "hobbs_end_hours");
  f = validFlight();
  f.tach_end_tenths = f.tach_start_tenths + 240;
  EXPECT_EQ(failingField(f), "(accepted)");
  f.tach_end_tenths = f.tach_start_tenths + 241;
  EXPECT_EQ(failingField(f), "tach_end_hours");
  f = validFlight();
  f.hobbs_start_tenths = -5;
  EXPECT_EQ(failingField(f), "hobbs_start_hours");
}

TEST(FlightRules, DualAndDiscoveryNeedAnInstructor) {
  auto f = validFlight();
  f.purpose = "dual_training";
  auto st = domain::checkFlightCrew(f, std::nullopt);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "instructor_id");
  f.purpose = "rental";
  EXPECT_TRUE(domain::checkFlightCrew(f, std::nullopt));
}

TEST(FlightRules, InstructorMustHoldTheRole) {
  auto f = validFlight();
  f.purpose = "dual_training";
  f.instructor_id = "plt_2";
  EXPECT_FALSE(domain::checkFlightCrew(f, std::nullopt));  // no such pilot
  EXPECT_FALSE(domain::checkFlightCrew(f, std::vector<std::string>{"member"}));
  EXPECT_TRUE(domain::checkFlightCrew(f, std::vector<std::string>{"member", "instructor"}));
}
