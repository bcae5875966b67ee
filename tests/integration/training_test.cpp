// Training end to end: the console creates a programme, enrols a student, records a lesson from the
// student's flight and signs it with the organisation's Ed25519 key; a correction supersedes a signoff;
// the public API lists progress and signoffs with cursors, per organisation, behind their scopes.
#include <gtest/gtest.h>

#include <set>

#include "app/services.hpp"
#include "core/crypto.hpp"
#include "domain/training.hpp"
#include "service/demo.hpp"
#include "storage/identity_repository.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class TrainingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-t.example", "School T");
    std::tie(app_id_, token_) =
        createActiveAppWithKey(*server_, owner_, org_, {"public.training:read", "public.signoffs:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
    base_ = ops_ + "/training";
    instructor_ = pilot("Léa", "Martin", {"instructor"}, "FRA.FCL.FI.12345");
    student_ = pilot("Sam", "Student", {"student"}, "");
    aircraft_ = aircraft("F-HTRN");
    yesterday_ = timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()) - 86'400);
    program_ = createProgram("PPL-T");
  }

  std::string pilot(const std::string& first, const std::string& last, const std::vector<std::string>& roles,
                    const std::string& licence) {
    nlohmann::json body = {{"first_name", first}, {"last_name", last}, {"roles", roles}};
    if (!licence.empty())
      body["licence"] = {{"type", "PPL"}, {"number", licence}, {"issued_on", "2015-04-01"}};
    auto r = server_->console(owner_, "POST", ops_ + "/pilots", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  std::string aircraft(const std::string& reg) {
    auto r = server_->console(owner_, "POST", ops_ + "/fleet",
                              {{"registration", reg},
                               {"icao_type", "DA40"},
                               {"make", "Diamond"},
                               {"model", "DA40 NG"},
                               {"seats", 4}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  // An approved flight of `pilot_id` (dual when an instructor is given), 55 minutes block.
  std::string flight(const std::string& pilot_id, const std::optional<std::string>& instructor,
                     const char* arrival) {
    const std::string& d = yesterday_;
    const std::string h = std::to_string(10 + flights_);
    nlohmann::json body = {{"date", d},
                           {"aircraft_id", aircraft_},
                           {"pilot_id", pilot_id},
                           {"purpose", instructor ? "dual_training" : "solo_training"},
                           {"departure_icao", "LFPN"},
                           {"arrival_icao", arrival},
                           {"off_block_at", d + "T" + h + ":00:00Z"},
                           {"takeoff_at", d + "T" + h + ":10:00Z"},
                           {"landing_at", d + "T" + h + ":50:00Z"},
                           {"on_block_at", d + "T" + h + ":55:00Z"},
                           {"hobbs_start_hours", flights_ * 1.0},
                           {"hobbs_end_hours", flights_ * 1.0 + 1.0},
                           {"tach_start_hours", flights_ * 1.0},
                           {"tach_end_hours", flights_ * 1.0 + 1.0}};
    if (instructor) body["instructor_id"] = *instructor;
    ++flights_;
    auto r = server_->console(owner_, "POST", ops_ + "/flights", body);
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id = r.json()["id"];
    EXPECT_EQ(server_->console(owner_, "POST", ops_ + "/flights/" + id + "/approve").status, 200);
    return id;
  }
  std::string createProgram(const std::string& code) {
    auto r = server_->console(
        owner_, "POST", base_ + "/programs",
        {{"code", code},
         {"name", "Private pilot " + code},
         {"regime", "easa"},
         {"minimums", {{"total_min", 2700}, {"dual_min", 1500}, {"solo_min", 600}, {"solo_xc_min", 300}}},
         {"lessons",
          {{{"code", "E4"},
            {"title", "Effects of controls"},
            {"kind", "flight"},
            {"planned_dual_min", 60},
            {"exercises", {"Ex 4 Primary effects"}}},
           {{"code", "G1"}, {"title", "Briefing"}, {"kind", "ground"}},
           {{"code", "E14"}, {"title", "First solo"}, {"kind", "flight"}, {"planned_solo_min", 30}}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  nlohmann::json lessons(const std::string& program) {
    return server_->console(owner_, "GET", base_ + "/programs/" + program).json()["lessons"];
  }
  std::string enrol(const std::string& student, const std::string& program) {
    auto r = server_->console(
        owner_, "POST", base_ + "/enrollments",
        {{"student_id", student}, {"program_id", program}, {"primary_instructor_id", instructor_}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  HttpResult record(const std::string& enrollment, const nlohmann::json& body) {
    return server_->console(owner_, "POST", base_ + "/enrollments/" + enrollment + "/lesson-records", body);
  }
  HttpResult sign(const std::string& record_id, const nlohmann::json& body = nlohmann::json::object()) {
    return server_->console(owner_, "POST", base_ + "/lesson-records/" + record_id + "/sign", body);
  }
  HttpResult pub(const std::string& path, const std::string& token, const std::string& org) {
    return server_->client().get("/api/v1/public" + path, publicHeaders(token, org));
  }
  HttpResult pub(const std::string& path) { return pub(path, token_, org_); }
  std::string publicKey(const std::string& key_id) {
    return server_->app()
        .database()
        .connection()
        .scalarText("SELECT public_key FROM org_signing_keys WHERE org_id = ?1 AND id = ?2", {org_, key_id})
        .value_or("");
  }
  // A signed, satisfactory E4 lesson from a dual flight; returns {enrollment, record, signoff json}.
  std::tuple<std::string, std::string, nlohmann::json> signedLesson() {
    auto enrollment = enrol(student_, program_);
    auto l = lessons(program_);
    auto rec = record(enrollment, {{"lesson_id", l[0]["id"]},
                                   {"flight_id", flight(student_, instructor_, "LFPN")},
                                   {"result", "satisfactory"},
                                   {"grades", {{{"exercise", "Ex 4 Primary effects"}, {"grade", 4}}}}});
    EXPECT_EQ(rec.status, 201) << rec.body;
    std::string rid = rec.json()["id"];
    auto s = sign(rid, {{"instructor_id", instructor_}});
    EXPECT_EQ(s.status, 201) << s.body;
    return {enrollment, rid, s.json()};
  }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_, base_, instructor_, student_, aircraft_, yesterday_, program_;
  int flights_ = 0;
};

TEST_F(TrainingTest, RecordFromFlightSignAndVerifyTheSignature) {
  auto [enrollment, rid, s] = signedLesson();
  EXPECT_EQ(s["object"], "signoff");
  EXPECT_EQ(s["status"], "valid");
  EXPECT_EQ(s["result"], "satisfactory");
  EXPECT_EQ(s["lesson_code"], "E4");
  EXPECT_EQ(s["signature"]["algorithm"], "ed25519");
  EXPECT_EQ(s["signature"]["signer_name"], "Léa Martin");
  EXPECT_EQ(s["signature"]["certificate_number"], "FRA.FCL.FI.12345");
  std::string key_id = s["signature"]["key_id"];
  EXPECT_EQ(key_id.rfind("osk_", 0), 0U);

  // The stored canonical bytes carry the contract's members and verify under the organisation's key.
  auto& conn = server_->app().database().connection();
  auto canonical =
      conn.scalarText("SELECT canonical FROM signoffs WHERE id = ?1", {s["id"].get<std::string>()});
  ASSERT_TRUE(canonical);
  auto c = nlohmann::json::parse(*canonical);
  EXPECT_EQ(c["org_id"], org_);
  EXPECT_EQ(c["signoff_id"], s["id"]);
  EXPECT_EQ(c["supersedes_id"], nullptr);
  EXPECT_EQ(c.dump(), *canonical);
  EXPECT_TRUE(
      domain::verifyCanonical(publicKey(key_id), *canonical, s["signature"]["value"].get<std::string>()));

  // Minutes come from the flight (dual: it had an instructor); the lesson counts as completed.
  auto detail = server_->console(owner_, "GET", base_ + "/enrollments/" + enrollment).json();
  EXPECT_EQ(detail["lessons"][0]["records"][0]["minutes"]["dual_min"], 55);
  EXPECT_TRUE(detail["lessons"][0]["completed"].get<bool>());
  EXPECT_EQ(detail["enrollment"]["progress"]["lessons_completed"], 1);
  EXPECT_EQ(detail["enrollment"]["progress"]["next_lesson"]["code"], "G1");

  // Signed once: a second signing is refused; the trigger refuses an edit of what was signed.
  EXPECT_EQ(sign(rid, {{"instructor_id", instructor_}}).status, 409);
  EXPECT_ANY_THROW(
      conn.run("UPDATE signoffs SET result = 'unsatisfactory' WHERE id = ?1", {s["id"].get<std::string>()}));
  // One key per organisation, reused by the next signing.
  auto l = lessons(program_);
  auto ground = record(
      enrollment, {{"lesson_id", l[1]["id"]}, {"result", "satisfactory"}, {"minutes", {{"ground_min", 90}}}});
  ASSERT_EQ(ground.status, 201) << ground.body;
  auto s2 = sign(ground.json()["id"], {{"instructor_id", instructor_}});
  ASSERT_EQ(s2.status, 201) << s2.body;
  EXPECT_EQ(s2.json()["signature"]["key_id"], key_id);
}

TEST_F(TrainingTest, CorrectionSupersedesTheSignoff) {
  auto [enrollment, rid, s] = signedLesson();
  auto corrected = server_->console(owner_, "POST", base_ + "/lesson-records/" + rid + "/correct",
                                    {{"result", "unsatisfactory"}, {"remarks", "Graded too generously."}});
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  auto c = corrected.json();
  EXPECT_EQ(c["supersedes_id"], s["id"]);
  EXPECT_EQ(c["result"], "unsatisfactory");
  EXPECT_NE(c["lesson_record_id"], rid);
  auto old = pub("/training/signoffs/" + s["id"].get<std::string>()).json();
  EXPECT_EQ(old["status"], "superseded");
  EXPECT_EQ(old["superseded_by_id"], c["id"]);
  EXPECT_EQ(old["result"], "satisfactory");  // what was signed stays as signed
  // The old record cannot be corrected twice; progress follows the correction.
  EXPECT_EQ(
      server_
          ->console(owner_, "POST", base_ + "/lesson-records/" + rid + "/correct", {{"result", "incomplete"}})
          .status,
      409);
  auto progress = pub("/training-progress?student_id=" + student_).json()["data"][0];
  EXPECT_EQ(progress["lessons_completed"], 0);
  EXPECT_EQ(progress["minutes"]["dual"]["logged_min"], 55);  // the replaced record no longer counts
  // The canonical form of the correction names the superseded signoff.
  auto canonical = server_->app().database().connection().scalarText(
      "SELECT canonical FROM signoffs WHERE id = ?1", {c["id"].get<std::string>()});
  EXPECT_EQ(nlohmann::json::parse(*canonical)["supersedes_id"], s["id"]);
}

TEST_F(TrainingTest, RulesRefuseWrongSignersLessonsFlightsAndTransitions) {
  auto enrollment = enrol(student_, program_);
  auto l = lessons(program_);
  auto other_program = createProgram("PPL-X");
  auto foreign_lesson = lessons(other_program)[0]["id"];
  auto r = record(enrollment, {{"lesson_id", foreign_lesson}, {"result", "satisfactory"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["field"], "lesson_id") << r.body;
  auto other = pilot("Olga", "Other", {"member"}, "PPL-1");
  r = record(
      enrollment,
      {{"lesson_id", l[0]["id"]}, {"result", "satisfactory"}, {"flight_id", flight(other, {}, "LFPN")}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["field"], "flight_id");
  r = record(enrollment, {{"lesson_id", l[0]["id"]}, {"result", "great"}});
  EXPECT_EQ(r.status, 422);
  r = record(enrollment, {{"lesson_id", l[0]["id"]},
                          {"result", "satisfactory"},
                          {"grades", {{{"exercise", "x"}, {"grade", 9}}}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["field"], "grades[0].grade");

  // A solo cross-country flight gives solo and solo XC minutes; the signer must be an instructor.
  auto solo = record(enrollment, {{"lesson_id", l[2]["id"]},
                                  {"result", "satisfactory"},
                                  {"flight_id", flight(student_, {}, "LFOB")},
                                  {"instructor_id", instructor_}});
  ASSERT_EQ(solo.status, 201) << solo.body;
  EXPECT_EQ(solo.json()["minutes"]["solo_min"], 55);
  EXPECT_EQ(solo.json()["minutes"]["solo_xc_min"], 55);
  auto bad = sign(solo.json()["id"], {{"instructor_id", student_}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["field"], "instructor_id");

  // Status transitions; lessons only for an active enrolment.
  auto patch = [&](const char* status) {
    return server_->console(owner_, "PATCH", base_ + "/enrollments/" + enrollment, {{"status", status}});
  };
  EXPECT_EQ(patch("on_hold").status, 200);
  EXPECT_EQ(patch("completed").status, 409);
  EXPECT_EQ(record(enrollment, {{"lesson_id", l[0]["id"]}, {"result", "satisfactory"}}).status, 409);
  EXPECT_EQ(patch("active").status, 200);
  auto done = patch("completed");
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(done.json()["completed_on"], timefmt::formatDate(timefmt::toUnixSeconds(clock_.now())));
  EXPECT_EQ(patch("active").status, 409);

  // A plain member reads but does not write.
  auto& s = server_->app().services();
  auto member = s.identity.createUser("member@school-t.example", "Member", TestServer::kPassword);
  storage::IdentityRepository(server_->app().database().connection())
      .addMembership(org_, member.id, "member", "2026-01-01T00:00:00Z");
  auto session = server_->login("member@school-t.example", TestServer::kPassword);
  EXPECT_EQ(server_->console(session, "GET", base_ + "/enrollments").status, 200);
  EXPECT_EQ(server_
                ->console(session, "POST", base_ + "/enrollments",
                          {{"student_id", student_}, {"program_id", program_}})
                .status,
            403);
}

TEST_F(TrainingTest, PublicListsPageFilterAndStayInTheirOrganisation) {
  // Three students, each with one signed lesson.
  std::vector<std::string> students = {student_, pilot("Ana", "Student", {"student"}, ""),
                                       pilot("Ben", "Student", {"student"}, "")};
  std::set<std::string> signoff_ids;
  auto l = lessons(program_);
  for (const auto& st : students) {
    auto e = enrol(st, program_);
    auto rec =
        record(e, {{"lesson_id", l[1]["id"]}, {"result", "satisfactory"}, {"minutes", {{"ground_min", 60}}}});
    ASSERT_EQ(rec.status, 201) << rec.body;
    auto s = sign(rec.json()["id"], {{"instructor_id", instructor_}});
    ASSERT_EQ(s.status, 201) << s.body;
    signoff_ids.insert(s.json()["id"]);
  }
  // Walk with limit=1 until the cursor is null: every signoff once, in (date, id) order.
  std::set<std::string> walked;
  std::string cursor;
  for (int i = 0; i < 10; ++i) {
    auto r = pub("/training/signoffs?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    for (const auto& s : j["data"]) walked.insert(s["id"]);
    if (j["cursor"].is_null()) break;
    cursor = j["cursor"];
  }
  EXPECT_EQ(walked, signoff_ids);
  auto progress = pub("/training-progress?limit=200").json()["data"];
  ASSERT_EQ(progress.size(), 3U);
  EXPECT_LT(progress[0]["id"].get<std::string>(), progress[1]["id"].get<std::string>());
  EXPECT_EQ(progress[0]["object"], "training_progress");
  EXPECT_EQ(progress[0]["lessons_total"], 3);
  EXPECT_EQ(progress[0]["lessons_completed"], 1);
  EXPECT_EQ(progress[0]["next_lesson"]["code"], "E4");
  EXPECT_EQ(progress[0]["minutes"]["total"]["required_min"], 2700);
  EXPECT_EQ(progress[0]["minutes"]["total"]["remaining_min"], 2700);

  // Filters.
  EXPECT_EQ(pub("/training/signoffs?student_id=" + students[1]).json()["data"].size(), 1U);
  EXPECT_EQ(pub("/training-progress?program_id=" + program_).json()["data"].size(), 3U);
  EXPECT_EQ(pub("/training/signoffs?from=2000-01-01&to=2000-12-31").json()["data"].size(), 0U);
  const std::string today = timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()));
  EXPECT_EQ(pub("/training/signoffs?from=" + today + "&to=" + today).json()["data"].size(), 3U);
  clock_.advance(std::chrono::seconds(120));
  const std::string later = timefmt::formatInstant(clock_.now());
  EXPECT_EQ(pub("/training-progress?updated_since=" + later).json()["data"].size(), 0U);
  // Bad parameters, scopes.
  EXPECT_EQ(pub("/training/signoffs?color=red").status, 400);
  EXPECT_EQ(pub("/training-progress?status=active").status, 400);
  EXPECT_EQ(pub("/training/signoffs?from=yesterday").status, 400);
  EXPECT_EQ(pub("/training/signoffs/so_01HGJEGEKGJR51HHPNHY9H3V5X").status, 404);
  auto [_, narrow] = createActiveAppWithKey(*server_, owner_, org_, {"public.training:read"});
  auto denied = pub("/training/signoffs", narrow, org_);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.json()["required_scope"], "public.signoffs:read");

  // Another organisation with the same app installed sees none of it.
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-u.example", "School U");
  auto [app_b, token_b] =
      createActiveAppWithKey(*server_, owner_b, org_b, {"public.training:read", "public.signoffs:read"});
  EXPECT_EQ(pub("/training/signoffs", token_b, org_b).json()["data"].size(), 0U);
  EXPECT_EQ(pub("/training-progress", token_b, org_b).json()["data"].size(), 0U);
  EXPECT_EQ(pub("/training/signoffs/" + *signoff_ids.begin(), token_b, org_b).status, 404);
}

// The demo school: both programmes, students at every stage, lesson records on the students' own
// flights, and signoffs that verify under the school's key (signed through the service's own path).
TEST(TrainingDemo, SeedsBothProgrammesEveryStageAndRealSignatures) {
  FakeClock clock;
  TestServer server({}, &clock);
  auto& s = server.app().services();
  for (const char* country : {"FR", "US"}) {
    auto demo = service::createDemoOrganisation(server.app().database(), clock, s.identity, s.developer,
                                                {s.training, s.billing, s.vtr}, country);
    auto& conn = server.app().database().connection();
    auto count = [&](const std::string& sql) { return conn.scalarInt(sql, {demo.org_id}).value_or(-1); };
    EXPECT_EQ(count("SELECT count(*) FROM training_programs WHERE org_id = ?1"), 2) << country;
    EXPECT_GE(count("SELECT count(*) FROM training_lessons WHERE org_id = ?1"), 50);
    for (const char* status : {"active", "on_hold", "completed", "withdrawn"}) {
      EXPECT_GE(count(std::string("SELECT count(*) FROM enrollments WHERE org_id = ?1 AND status = '") +
                      status + "'"),
                1)
          << country << " " << status;
    }
    EXPECT_GE(count("SELECT count(*) FROM enrollments WHERE org_id = ?1 AND status = 'completed'"), 4);
    // Most students follow the country's programme.
    const std::string primary = std::string(country) == "US" ? "faa" : "easa";
    EXPECT_GT(count("SELECT count(*) FROM enrollments e JOIN training_programs p ON p.id = e.program_id "
                    "WHERE e.org_id = ?1 AND p.regime = '" +
                    primary + "'"),
              count("SELECT count(*) FROM enrollments e JOIN training_programs p ON p.id = e.program_id "
                    "WHERE e.org_id = ?1 AND p.regime <> '" +
                    primary + "'"));
    // Flight-linked records credit the student's own flights.
    EXPECT_GE(count("SELECT count(*) FROM lesson_records WHERE org_id = ?1 AND flight_id IS NOT NULL"), 100);
    EXPECT_EQ(
        count("SELECT count(*) FROM lesson_records r JOIN enrollments e ON e.id = r.enrollment_id "
              "JOIN flights f ON f.id = r.flight_id WHERE r.org_id = ?1 AND f.pilot_id <> e.student_id"),
        0);
    const auto signoffs = count("SELECT count(*) FROM signoffs WHERE org_id = ?1");
    EXPECT_GE(signoffs, 100);
    EXPECT_LE(signoffs, 600);
    EXPECT_GE(count("SELECT count(*) FROM signoffs WHERE org_id = ?1 AND superseded_by_id IS NOT NULL"), 1);
    auto key = conn.scalarText("SELECT public_key FROM org_signing_keys WHERE org_id = ?1", {demo.org_id});
    ASSERT_TRUE(key);
    int verified = 0, total = 0;
    conn.run("SELECT canonical, signature FROM signoffs WHERE org_id = ?1", {demo.org_id},
             [&](const storage::RowView& r) {
               ++total;
               verified += domain::verifyCanonical(*key, r.str(0), r.str(1)) ? 1 : 0;
             });
    EXPECT_EQ(verified, total);
  }
}

}  // namespace
}  // namespace gaflight::testing
