// Training rules: progress against minimums, next lesson, supersession, enrolment transitions, minutes
// from a flight, validation, and the signoff canonical form, its signature and a tampered copy.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "domain/training.hpp"
#include "domain/training_syllabi.hpp"

using namespace gaflight;
using namespace gaflight::domain;

namespace {
TrainingProgram program() {
  TrainingProgram p;
  p.id = "tp_1";
  p.code = "PPL";
  p.name = "PPL";
  p.minimums = {600, 300, 240, 120, 60, 60};
  return p;
}

std::vector<TrainingLesson> lessons() {
  std::vector<TrainingLesson> out;
  // Deliberately not in position order: the next lesson follows position, not storage order.
  for (auto [id, pos] : {std::pair{"tl_c", 3}, {"tl_a", 1}, {"tl_b", 2}}) {
    TrainingLesson l;
    l.id = id;
    l.position = pos;
    l.code = std::string("L") + std::to_string(pos);
    l.title = "Lesson " + std::to_string(pos);
    out.push_back(l);
  }
  return out;
}

LessonRecord record(std::string id, std::string lesson, LessonMinutes m) {
  LessonRecord r;
  r.id = std::move(id);
  r.lesson_id = std::move(lesson);
  r.session_date = "2026-03-01";
  r.result = "satisfactory";
  r.minutes = m;
  return r;
}

Signoff signoff(std::string id, std::string record, std::string lesson, std::string result, std::string at) {
  Signoff s;
  s.id = std::move(id);
  s.lesson_record_id = std::move(record);
  s.lesson_id = std::move(lesson);
  s.result = std::move(result);
  s.signed_at = std::move(at);
  return s;
}

Signoff sample() {
  Signoff s;
  s.id = "so_01";
  s.org_id = "6f1c2d3e-0000-4000-8000-000000000001";
  s.lesson_record_id = "lr_01";
  s.enrollment_id = "enr_01";
  s.student_id = "plt_student";
  s.program_id = "tp_01";
  s.lesson_id = "tl_01";
  s.lesson_code = "E14";
  s.result = "satisfactory";
  s.session_date = "2026-03-01";
  s.signed_at = "2026-03-01T16:20:00Z";
  s.instructor_id = "plt_instr";
  s.signer_name = "Léa Martin";
  s.certificate_number = "FRA.FCL.FI.12345";
  s.key_id = "osk_01";
  return s;
}
}  // namespace

TEST(TrainingProgress, CountsSatisfactoryLessonsAndSumsMinutes) {
  std::vector<LessonRecord> records = {record("lr_1", "tl_a", {30, 60, 0, 0, 0, 0}),
                                       record("lr_2", "tl_b", {0, 0, 50, 50, 20, 0}),
                                       record("lr_3", "tl_c", {0, 0, 0, 0, 0, 45})};
  std::vector<Signoff> signoffs = {signoff("so_1", "lr_1", "tl_a", "satisfactory", "2026-03-01T10:00:00Z"),
                                   signoff("so_2", "lr_2", "tl_b", "unsatisfactory", "2026-03-02T10:00:00Z")};
  auto p = computeProgress(program(), lessons(), records, signoffs);
  EXPECT_EQ(p.lessons_total, 3);
  EXPECT_EQ(p.lessons_completed, 1);
  ASSERT_TRUE(p.next_lesson);
  EXPECT_EQ(p.next_lesson->id, "tl_b");  // position 2: the unsatisfactory one is next
  EXPECT_EQ(p.dual.logged, 60);
  EXPECT_EQ(p.solo.logged, 50);
  EXPECT_EQ(p.solo_xc.logged, 50);
  EXPECT_EQ(p.night.logged, 20);
  EXPECT_EQ(p.sim.logged, 45);
  EXPECT_EQ(p.total.logged, 155);  // dual + solo + sim; ground counts toward nothing
  EXPECT_EQ(p.total.required, 600);
  EXPECT_EQ(p.total.remaining(), 445);
  EXPECT_EQ(p.night.remaining(), 40);
}

TEST(TrainingProgress, RemainingNeverNegativeAndAllDoneHasNoNextLesson) {
  auto prog = program();
  std::vector<LessonRecord> records = {record("lr_1", "tl_a", {0, 400, 300, 200, 100, 100})};
  std::vector<Signoff> signoffs;
  for (auto id : {"tl_a", "tl_b", "tl_c"})
    signoffs.push_back(signoff(std::string("so_") + id, "lr_1", id, "satisfactory", "2026-03-01T10:00:00Z"));
  auto p = computeProgress(prog, lessons(), records, signoffs);
  EXPECT_EQ(p.lessons_completed, 3);
  EXPECT_FALSE(p.next_lesson);
  EXPECT_EQ(p.total.logged, 800);
  EXPECT_EQ(p.total.remaining(), 0);
  EXPECT_EQ(p.solo_xc.remaining(), 0);
}

TEST(TrainingProgress, LatestSignoffDecidesAndSupersededOnesAreIgnored) {
  // A later unsatisfactory repeat undoes completion; a superseded signoff and its record do not count.
  std::vector<LessonRecord> records = {
      record("lr_1", "tl_a", {0, 60, 0, 0, 0, 0}), record("lr_2", "tl_a", {0, 70, 0, 0, 0, 0}),
      record("lr_3", "tl_b", {0, 50, 0, 0, 0, 0}), record("lr_4", "tl_b", {0, 55, 0, 0, 0, 0})};
  auto s1 = signoff("so_1", "lr_1", "tl_a", "satisfactory", "2026-03-01T10:00:00Z");
  auto s2 = signoff("so_2", "lr_2", "tl_a", "unsatisfactory", "2026-03-05T10:00:00Z");
  auto s3 = signoff("so_3", "lr_3", "tl_b", "unsatisfactory", "2026-03-06T10:00:00Z");
  s3.superseded_by_id = "so_4";
  auto s4 = signoff("so_4", "lr_4", "tl_b", "satisfactory", "2026-03-07T10:00:00Z");
  s4.supersedes_id = "so_3";
  auto p = computeProgress(program(), lessons(), records, {s1, s2, s3, s4});
  EXPECT_EQ(p.lessons_completed, 1);
  ASSERT_EQ(p.completed_lesson_ids.size(), 1U);
  EXPECT_EQ(p.completed_lesson_ids[0], "tl_b");
  EXPECT_EQ(p.next_lesson->id, "tl_a");
  EXPECT_EQ(p.dual.logged, 60 + 70 + 55);  // lr_3 was replaced by its correction lr_4
}

TEST(TrainingEnrollment, TransitionsFollowTheRules) {
  EXPECT_TRUE(enrollmentTransitionAllowed("active", "on_hold"));
  EXPECT_TRUE(enrollmentTransitionAllowed("active", "completed"));
  EXPECT_TRUE(enrollmentTransitionAllowed("active", "withdrawn"));
  EXPECT_TRUE(enrollmentTransitionAllowed("on_hold", "active"));
  EXPECT_TRUE(enrollmentTransitionAllowed("on_hold", "withdrawn"));
  EXPECT_FALSE(enrollmentTransitionAllowed("on_hold", "completed"));
  EXPECT_FALSE(enrollmentTransitionAllowed("completed", "active"));
  EXPECT_FALSE(enrollmentTransitionAllowed("withdrawn", "active"));
  EXPECT_FALSE(enrollmentTransitionAllowed("active", "active"));
}

TEST(TrainingMinutes, FromFlightDualSoloCrossCountryNightAndSim) {
  auto dual = minutesFromFlight({75, 20, true, "LFPN", "LFPN"}, "flight");
  EXPECT_EQ(dual.dual, 75);
  EXPECT_EQ(dual.solo, 0);
  EXPECT_EQ(dual.night, 20);
  auto local_solo = minutesFromFlight({40, 0, false, "LFPN", "LFPN"}, "flight");
  EXPECT_EQ(local_solo.solo, 40);
  EXPECT_EQ(local_solo.solo_xc, 0);
  auto xc = minutesFromFlight({130, 0, false, "LFPN", "LFOB"}, "flight");
  EXPECT_EQ(xc.solo, 130);
  EXPECT_EQ(xc.solo_xc, 130);
  auto sim = minutesFromFlight({60, 0, true, "LFPN", "LFPN"}, "simulator");
  EXPECT_EQ(sim.sim, 60);
  EXPECT_EQ(sim.dual, 0);
}

TEST(TrainingValidation, RecordsAndProgrammes) {
  LessonRecord r = record("lr_1", "tl_a", {0, 60, 0, 0, 0, 0});
  EXPECT_FALSE(validateLessonRecord(r));
  r.grades = {{"Ex 4", 6, std::nullopt}};
  ASSERT_TRUE(validateLessonRecord(r));
  EXPECT_EQ(validateLessonRecord(r)->field, "grades[0].grade");
  r.grades = {{"Ex 4", 4, std::nullopt}};
  r.result = "passed";
  EXPECT_EQ(validateLessonRecord(r)->field, "result");
  r.result = "satisfactory";
  r.minutes = {0, 0, 30, 40, 0, 0};
  EXPECT_EQ(validateLessonRecord(r)->field, "minutes.solo_xc_min");
  r.minutes = {0, 10, 0, 0, 30, 0};
  EXPECT_EQ(validateLessonRecord(r)->field, "minutes.night_min");
  r.minutes = {};
  r.session_date = "2026-02-30";
  EXPECT_EQ(validateLessonRecord(r)->field, "session_date");

  auto p = program();
  p.lessons = lessons();
  EXPECT_FALSE(validateProgram(p));
  p.lessons[1].code = p.lessons[0].code;
  EXPECT_EQ(validateProgram(p)->field, "lessons[1].code");
  p.lessons[1].code = "X";
  p.lessons[2].kind = "lecture";
  EXPECT_EQ(validateProgram(p)->field, "lessons[2].kind");
  p.lessons[2].kind = "ground";
  p.regime = "caa";
  EXPECT_EQ(validateProgram(p)->field, "regime");
}

TEST(TrainingSyllabi, DemoProgrammesAreValidAndRealistic) {
  for (const auto& p : {easaPplSyllabus(), faaPrivatePilotSyllabus()}) {
    EXPECT_FALSE(validateProgram(p)) << p.code;
    EXPECT_GE(p.lessons.size(), 25U);
    EXPECT_LE(p.lessons.size(), 35U);
  }
  auto easa = easaPplSyllabus();
  EXPECT_EQ(easa.minimums.total, 45 * 60);
  EXPECT_EQ(easa.minimums.dual, 25 * 60);
  auto faa = faaPrivatePilotSyllabus();
  EXPECT_EQ(faa.minimums.total, 40 * 60);
  EXPECT_EQ(faa.minimums.night, 3 * 60);
}

TEST(SignoffCanonical, ExactMembersSortedCompact) {
  auto s = sample();
  const std::string c = signoffCanonical(s);
  EXPECT_EQ(
      c,
      "{\"certificate_number\":\"FRA.FCL.FI.12345\",\"enrollment_id\":\"enr_01\",\"instructor_id\":\"plt_"
      "instr\","
      "\"key_id\":\"osk_01\",\"lesson_code\":\"E14\",\"lesson_id\":\"tl_01\",\"lesson_record_id\":\"lr_01\","
      "\"org_id\":\"6f1c2d3e-0000-4000-8000-000000000001\",\"program_id\":\"tp_01\",\"result\":"
      "\"satisfactory\","
      "\"session_date\":\"2026-03-01\",\"signed_at\":\"2026-03-01T16:20:00Z\",\"signer_name\":\"Léa Martin\","
      "\"signoff_id\":\"so_01\",\"student_id\":\"plt_student\",\"supersedes_id\":null,\"v\":1}");
  auto j = nlohmann::json::parse(c);
  EXPECT_EQ(j.size(), 17U);
  s.supersedes_id = "so_00";
  EXPECT_EQ(nlohmann::json::parse(signoffCanonical(s))["supersedes_id"], "so_00");
  // Rendering-only fields are not signed.
  auto t = sample();
  t.lesson_title = "First solo";
  t.superseded_by_id = "so_99";
  EXPECT_EQ(signoffCanonical(t), c);
}

TEST(SignoffCanonical, SignatureVerifiesAndATamperedCanonicalFails) {
  const std::string seed(32, '\x07');
  const std::string pub = crypto::base64Encode(crypto::ed25519PublicKey(seed));
  const std::string canonical = signoffCanonical(sample());
  const std::string sig = signCanonical(seed, canonical);
  EXPECT_EQ(crypto::base64Decode(sig)->size(), 64U);
  EXPECT_TRUE(verifyCanonical(pub, canonical, sig));
  EXPECT_EQ(signCanonical(seed, canonical), sig);  // Ed25519 is deterministic

  std::string tampered = canonical;
  tampered.replace(tampered.find("satisfactory"), 12, "unsatisfacto");
  EXPECT_FALSE(verifyCanonical(pub, tampered, sig));
  auto other = sample();
  other.result = "unsatisfactory";
  EXPECT_FALSE(verifyCanonical(pub, signoffCanonical(other), sig));
  const std::string other_pub = crypto::base64Encode(crypto::ed25519PublicKey(std::string(32, '\x08')));
  EXPECT_FALSE(verifyCanonical(other_pub, canonical, sig));
  EXPECT_FALSE(verifyCanonical(pub, canonical, "not base64!"));
}
