#include <gtest/gtest.h>

#include "domain/currency.hpp"

namespace gaflight::domain {
namespace {

CivilDate D(const char* s) { return *parseCivilDate(s); }
CurrencyFlight landing(const char* id, const char* date, int64_t day, int64_t night = 0) {
  CurrencyFlight f;
  f.id = id;
  f.date = D(date);
  f.landings_day = day;
  f.landings_night = night;
  f.block_min = 60;
  return f;
}

TEST(CurrencyEasa, PassengersValidOnDay90LapsedOnDay91) {
  std::vector<CurrencyFlight> fl{landing("a", "2026-01-01", 1), landing("b", "2026-01-05", 1),
                                 landing("c", "2026-01-10", 1), landing("old", "2025-06-01", 5)};
  auto r = easaPassengers(fl, D("2026-04-01"));  // 2026-01-01 + 90 days
  EXPECT_TRUE(r.met);
  EXPECT_EQ(formatCivilDate(r.valid_until), "2026-04-01");
  EXPECT_EQ(r.satisfied_by, (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_FALSE(easaPassengers(fl, D("2026-04-02")).met);
}

TEST(CurrencyEasa, ThreeLandingsOnOneFlightAndNeverMet) {
  auto r = easaPassengers({landing("x", "2026-01-01", 3)}, D("2026-02-01"));
  EXPECT_TRUE(r.met);
  EXPECT_EQ(r.satisfied_by, std::vector<std::string>{"x"});
  auto n = easaPassengers({landing("x", "2026-01-01", 2)}, D("2026-02-01"));
  EXPECT_FALSE(n.met);
  EXPECT_EQ(formatCivilDate(n.valid_until), "2026-01-31");
  EXPECT_TRUE(n.satisfied_by.empty());
}

TEST(CurrencyEasa, InstructorLandingsDoNotCount) {
  auto f = landing("x", "2026-01-01", 3);
  f.role = FlightRole::kInstructor;
  EXPECT_FALSE(easaPassengers({f}, D("2026-01-02")).met);
}

TEST(CurrencyEasa, NightNeedsOneNightLandingWithinTheWindow) {
  std::vector<CurrencyFlight> fl{landing("n", "2026-01-01", 0, 1), landing("d", "2026-02-01", 2)};
  auto r = easaNightPassengers(fl, D("2026-04-01"));
  EXPECT_TRUE(r.met);
  EXPECT_EQ(formatCivilDate(r.valid_until), "2026-04-01");
  EXPECT_FALSE(easaNightPassengers(fl, D("2026-04-02")).met);
  EXPECT_FALSE(easaNightPassengers({landing("d", "2026-02-01", 3)}, D("2026-02-02")).met);
}

TEST(CurrencyEasa, SepRevalidationByExperience) {
  std::vector<CurrencyFlight> fl;
  for (int i = 0; i < 12; ++i) {
    auto f = landing(("s" + std::to_string(i)).c_str(), "2026-03-01", 1);
    fl.push_back(f);
  }
  auto dual = landing("dual", "2026-03-02", 0);
  dual.with_instructor = true;
  fl.push_back(dual);
  auto r = easaSepRevalidation(fl, D("2026-04-01"), D("2026-06-30"));
  EXPECT_TRUE(r.met) << r.shortfall;
  EXPECT_EQ(r.flight_min, 780);
  EXPECT_EQ(r.pic_min, 720);
  EXPECT_EQ(formatCivilDate(r.valid_until), "2026-06-30");
  // Window boundary: a flight exactly 12 months before expiry is outside, one day later inside.
  auto edge = fl;
  edge[0].date = D("2025-06-30");
  EXPECT_FALSE(easaSepRevalidation(edge, D("2026-04-01"), D("2026-06-30")).met);
  edge[0].date = D("2025-07-01");
  EXPECT_TRUE(easaSepRevalidation(edge, D("2026-04-01"), D("2026-06-30")).met);
  // No refresher with an instructor.
  fl.pop_back();
  auto no_dual = easaSepRevalidation(fl, D("2026-04-01"), D("2026-06-30"));
  EXPECT_FALSE(no_dual.met);
  EXPECT_NE(no_dual.shortfall.find("refresher"), std::string::npos);
}

TEST(CurrencyFaa, NightCountsNightLandingsOnly) {
  std::vector<CurrencyFlight> fl{landing("a", "2026-01-01", 5, 2), landing("b", "2026-01-03", 0, 1)};
  auto r = faaNightPassengers(fl, D("2026-04-01"));
  EXPECT_TRUE(r.met);
  EXPECT_EQ(formatCivilDate(r.valid_until), "2026-04-01");
  EXPECT_FALSE(faaNightPassengers(fl, D("2026-04-02")).met);
  EXPECT_TRUE(faaPassengers(fl, D("2026-04-01")).met);
}

TEST(CurrencyFaa, FlightReviewToEndOf24thCalendarMonth) {
  auto f = landing("cr", "2024-03-05", 1);
  f.check_ride = true;
  auto r = faaFlightReview({f}, D("2026-03-31"));
  EXPECT_TRUE(r.met);
  EXPECT_EQ(formatCivilDate(r.valid_until), "2026-03-31");
  EXPECT_FALSE(faaFlightReview({f}, D("2026-04-01")).met);
  EXPECT_FALSE(faaFlightReview({landing("x", "2026-01-01", 1)}, D("2026-02-01")).met);
}

TEST(CurrencyRules, RegimeSelectsRules) {
  EXPECT_EQ(computeCurrency(Regime::kFaa, {}, D("2026-01-01"), std::nullopt).size(), 3u);
  EXPECT_EQ(computeCurrency(Regime::kEasa, {}, D("2026-01-01"), std::nullopt).size(), 2u);
  EXPECT_EQ(computeCurrency(Regime::kEasa, {}, D("2026-01-01"), D("2026-05-01")).size(), 3u);
}

}  // namespace
}  // namespace gaflight::domain
