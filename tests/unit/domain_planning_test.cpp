// Planning rules: half-open overlap, clashes, airworthiness, solo medical, validation.
#include <gtest/gtest.h>

#include "domain/planning.hpp"

using namespace gaflight;
using namespace gaflight::domain;

namespace {
PlanningSession session(std::string id, std::string start, std::string end,
                        std::optional<std::string> aircraft,
                        std::optional<std::string> instructor = std::nullopt,
                        std::string status = "scheduled") {
  PlanningSession s;
  s.id = std::move(id);
  s.kind = "flight";
  s.start_at = std::move(start);
  s.end_at = std::move(end);
  s.aircraft_id = std::move(aircraft);
  s.instructor_id = std::move(instructor);
  s.student_id = "plt_student";
  s.status = std::move(status);
  return s;
}

const std::string A = "acft_A", B = "acft_B", I = "plt_instr";
}  // namespace

TEST(PlanningOverlap, TouchingIntervalsDoNotOverlap) {
  EXPECT_FALSE(intervalsOverlap(0, 10, 10, 20));
  EXPECT_FALSE(intervalsOverlap(10, 20, 0, 10));
  EXPECT_TRUE(intervalsOverlap(0, 11, 10, 20));
}

TEST(PlanningOverlap, ContainmentAndIdenticalOverlap) {
  EXPECT_TRUE(intervalsOverlap(0, 100, 10, 20));
  EXPECT_TRUE(intervalsOverlap(10, 20, 0, 100));
  EXPECT_TRUE(intervalsOverlap(10, 20, 10, 20));
  EXPECT_FALSE(intervalsOverlap(0, 5, 6, 9));
}

TEST(PlanningClash, BackToBackBookingsOfOneAircraftAreAllowed) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  std::vector<PlanningSession> others = {session("ps_1", "2026-05-28T09:00:00Z", "2026-05-28T10:00:00Z", A),
                                         session("ps_2", "2026-05-28T11:00:00Z", "2026-05-28T12:00:00Z", A)};
  EXPECT_FALSE(findClash(s, others));
}

TEST(PlanningClash, OverlappingAircraftIsAClashNamingTheOtherSession) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  std::vector<PlanningSession> others = {session("ps_1", "2026-05-28T10:59:59Z", "2026-05-28T12:00:00Z", A)};
  auto c = findClash(s, others);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->resource, ClashResource::kAircraft);
  EXPECT_EQ(c->other.id, "ps_1");
  auto e = clashError(*c, "F-GABC");
  EXPECT_EQ(e.code, ErrorCode::kConflict);
  EXPECT_EQ(e.field, "aircraft_id");
  EXPECT_EQ(e.extra_key, "conflicting_session_id");
  EXPECT_EQ(e.extra_value, "ps_1");
  EXPECT_NE(e.detail.find("F-GABC"), std::string::npos);
  EXPECT_NE(e.detail.find("2026-05-28T10:59:59Z"), std::string::npos);
}

TEST(PlanningClash, ContainedAndIdenticalSessionsClash) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  EXPECT_TRUE(findClash(s, {session("ps_1", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A)}));
  EXPECT_TRUE(findClash(s, {session("ps_1", "2026-05-28T10:15:00Z", "2026-05-28T10:45:00Z", A)}));
  EXPECT_TRUE(findClash(s, {session("ps_1", "2026-05-28T08:00:00Z", "2026-05-28T18:00:00Z", A)}));
}

TEST(PlanningClash, CancelledAndNoShowNeverClash) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, I);
  EXPECT_FALSE(
      findClash(s, {session("ps_1", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, I, "cancelled"),
                    session("ps_2", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, I, "no_show")}));
  // A cancelled candidate holds nothing either.
  s.status = "cancelled";
  EXPECT_FALSE(findClash(s, {session("ps_1", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A)}));
}

TEST(PlanningClash, CompletedAndConfirmedSessionsStillHoldTheirResources) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  EXPECT_TRUE(
      findClash(s, {session("ps_1", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, {}, "confirmed")}));
  EXPECT_TRUE(
      findClash(s, {session("ps_1", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, {}, "completed")}));
}

TEST(PlanningClash, InstructorDoubleBookedOnAnotherAircraft) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, I);
  auto c = findClash(s, {session("ps_1", "2026-05-28T10:30:00Z", "2026-05-28T11:30:00Z", B, I)});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->resource, ClashResource::kInstructor);
  EXPECT_EQ(clashError(*c, "Anne Martin").field, "instructor_id");
}

TEST(PlanningClash, TheSessionItselfIsIgnoredWhenMoved) {
  auto s = session("ps_1", "2026-05-28T10:30:00Z", "2026-05-28T11:30:00Z", A);
  EXPECT_FALSE(findClash(s, {session("ps_1", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A)}));
}

TEST(PlanningClash, MaintenanceBlockHoldsTheAircraft) {
  PlanningSession block;
  block.id = "ps_block";
  block.kind = "maintenance_block";
  block.start_at = "2026-05-28T00:00:00Z";
  block.end_at = "2026-05-30T00:00:00Z";
  block.aircraft_id = A;
  auto s = session("ps_new", "2026-05-29T10:00:00Z", "2026-05-29T11:00:00Z", A);
  auto c = findClash(s, {block});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->other.id, "ps_block");
  EXPECT_FALSE(findClash(session("ps_new", "2026-05-30T00:00:00Z", "2026-05-30T01:00:00Z", A), {block}));
}

TEST(PlanningRules, FlightOnNotAirworthyAircraftIsRefused) {
  Aircraft a;
  a.registration = "F-GABC";
  a.airworthiness = "not_airworthy";
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  auto st = checkAirworthiness(s, a);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(st.error().field, "aircraft_id");
  EXPECT_NE(st.error().detail.find("not airworthy"), std::string::npos);
  s.kind = "maintenance_block";  // the maintenance block is how the aircraft gets fixed
  EXPECT_TRUE(checkAirworthiness(s, a));
  a.airworthiness = "airworthy";
  s.kind = "flight";
  EXPECT_TRUE(checkAirworthiness(s, a));
}

TEST(PlanningRules, SoloFlightNeedsAMedicalValidOnTheSessionDate) {
  auto s = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  ASSERT_TRUE(isSoloFlight(s));
  EXPECT_TRUE(checkSoloMedical(s, std::string("2026-05-28")));  // valid through its last day
  EXPECT_TRUE(checkSoloMedical(s, std::string("2027-01-01")));
  auto expired = checkSoloMedical(s, std::string("2026-05-27"));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().field, "student_id");
  EXPECT_EQ(expired.error().code, ErrorCode::kValidationFailed);
  EXPECT_FALSE(checkSoloMedical(s, std::nullopt));
}

TEST(PlanningRules, MedicalIsNotCheckedForDualFlightsOrGroundSessions) {
  auto dual = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, I);
  EXPECT_FALSE(isSoloFlight(dual));
  EXPECT_TRUE(checkSoloMedical(dual, std::nullopt));
  auto ground = session("ps_new", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", std::nullopt);
  ground.kind = "ground";
  EXPECT_TRUE(checkSoloMedical(ground, std::string("2020-01-01")));
}

TEST(PlanningRules, SoloFlightEndingAtMidnightNeedsOnlyItsOwnDay) {
  auto s = session("ps_new", "2026-05-28T23:00:00Z", "2026-05-29T00:00:00Z", A);
  EXPECT_TRUE(checkSoloMedical(s, std::string("2026-05-28")));
  s.end_at = "2026-05-29T00:30:00Z";
  EXPECT_FALSE(checkSoloMedical(s, std::string("2026-05-28")));
}

namespace {
Status validated(PlanningSession s) { return validateSession(s); }
std::string failingField(PlanningSession s) {
  auto st = validateSession(s);
  return st ? std::string("(ok)") : st.error().field;
}
}  // namespace

TEST(PlanningValidation, NormalisesInstantsToUtc) {
  auto s = session("", "2026-05-28T12:00:00+02:00", "2026-05-28T11:30:00.000Z", A);
  ASSERT_TRUE(validateSession(s));
  EXPECT_EQ(s.start_at, "2026-05-28T10:00:00Z");
  EXPECT_EQ(s.end_at, "2026-05-28T11:30:00Z");
}

TEST(PlanningValidation, TimesKindStatusAndNotes) {
  auto ok = session("", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A);
  EXPECT_TRUE(validated(ok));
  auto s = ok;
  s.start_at = "tomorrow";
  EXPECT_EQ(failingField(s), "start_at");
  s = ok;
  s.end_at = s.start_at;
  EXPECT_EQ(failingField(s), "end_at");
  s = ok;
  s.end_at = "2026-05-28T09:00:00Z";
  EXPECT_EQ(failingField(s), "end_at");
  s = ok;
  s.end_at = "2026-06-11T10:00:00Z";  // exactly 14 days
  EXPECT_TRUE(validated(s));
  s.end_at = "2026-06-11T10:00:01Z";
  EXPECT_EQ(failingField(s), "end_at");
  s = ok;
  s.kind = "lesson";
  EXPECT_EQ(failingField(s), "kind");
  s = ok;
  s.status = "tentative";
  EXPECT_EQ(failingField(s), "status");
  s = ok;
  s.notes = std::string(2001, 'x');
  EXPECT_EQ(failingField(s), "notes");
}

TEST(PlanningValidation, KindRequirements) {
  auto base = session("", "2026-05-28T10:00:00Z", "2026-05-28T11:00:00Z", A, I);
  auto s = base;
  s.aircraft_id.reset();
  EXPECT_EQ(failingField(s), "aircraft_id");  // a flight needs an aircraft
  s = base;
  s.instructor_id.reset();
  s.student_id.reset();
  EXPECT_EQ(failingField(s), "student_id");  // and someone to fly it
  s = base;
  s.kind = "ground";
  EXPECT_EQ(failingField(s), "aircraft_id");  // ground takes no aircraft
  s.aircraft_id.reset();
  EXPECT_TRUE(validated(s));
  s.kind = "simulator";
  EXPECT_TRUE(validated(s));
  s.student_id.reset();
  s.instructor_id.reset();
  EXPECT_EQ(failingField(s), "student_id");
  s = base;
  s.kind = "maintenance_block";
  EXPECT_EQ(failingField(s), "instructor_id");  // a maintenance block takes no people
  s.instructor_id.reset();
  EXPECT_EQ(failingField(s), "student_id");
  s.student_id.reset();
  EXPECT_TRUE(validated(s));
  s.aircraft_id.reset();
  EXPECT_EQ(failingField(s), "aircraft_id");
  s = base;
  s.student_id = I;
  EXPECT_EQ(failingField(s), "student_id");  // not one's own student
}
