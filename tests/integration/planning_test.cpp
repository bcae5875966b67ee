// Planning sessions end to end: the console books, moves, cancels and deletes; the public API lists
// them by window and resource with cursors, per organisation, behind public.planning:read.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "app/services.hpp"
#include "storage/identity_repository.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class PlanningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) = createActiveAppWithKey(*server_, owner_, org_, {"public.planning:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
    sessions_ = ops_ + "/planning/sessions";
    instructor_ = pilot("Ivy", "Instructor", {"instructor"}, "2030-12-31");
    instructor2_ = pilot("Ian", "Instructor", {"instructor"}, "2030-12-31");
    student_ = pilot("Sam", "Student", {"student"}, "2026-06-30");
    aircraft_ = aircraft("F-HABC");
    aircraft2_ = aircraft("F-HXYZ");
  }

  std::string pilot(const std::string& first, const std::string& last, const std::vector<std::string>& roles,
                    const std::string& medical_until) {
    auto r = server_->console(owner_, "POST", ops_ + "/pilots",
                              {{"first_name", first},
                               {"last_name", last},
                               {"roles", roles},
                               {"medical", {{"class", "class_2"}, {"valid_until", medical_until}}}});
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

  // A dual flight on `ac` with the first instructor.
  nlohmann::json dual(const std::string& start, const std::string& end, const std::string& ac) {
    return {{"kind", "flight"},
            {"start_at", start},
            {"end_at", end},
            {"aircraft_id", ac},
            {"instructor_id", instructor_},
            {"student_id", student_}};
  }
  HttpResult book(const nlohmann::json& body) { return server_->console(owner_, "POST", sessions_, body); }
  std::string booked(const nlohmann::json& body) {
    auto r = book(body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  HttpResult pub(const std::string& path, const std::string& token, const std::string& org) {
    return server_->client().get("/api/v1/public/planning/sessions" + path, publicHeaders(token, org));
  }
  HttpResult pub(const std::string& path) { return pub(path, token_, org_); }
  std::vector<std::string> listedIds(const std::string& query) {
    auto r = pub(query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    auto j = r.json();
    for (const auto& s : j["data"]) ids.push_back(s["id"]);
    return ids;
  }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_, sessions_;
  std::string instructor_, instructor2_, student_, aircraft_, aircraft2_;
};

TEST_F(PlanningTest, ConsoleCreatesASessionThePublicApiServes) {
  auto r = book(dual("2026-06-01T10:00:00+02:00", "2026-06-01T09:30:00Z", aircraft_));
  ASSERT_EQ(r.status, 201) << r.body;
  auto s = r.json();
  EXPECT_EQ(s["object"], "planning_session");
  EXPECT_EQ(s["id"].get<std::string>().rfind("ps_", 0), 0u);
  EXPECT_EQ(s["start_at"], "2026-06-01T08:00:00Z");
  EXPECT_EQ(s["end_at"], "2026-06-01T09:30:00Z");
  EXPECT_EQ(s["duration_min"], 90);
  EXPECT_EQ(s["status"], "scheduled");
  EXPECT_EQ(s["aircraft_id"], aircraft_);
  for (const char* f : {"created_at", "updated_at", "notes", "student_id", "instructor_id", "kind"})
    EXPECT_TRUE(s.contains(f)) << f;
  auto one = pub("/" + s["id"].get<std::string>());
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json(), s);
  EXPECT_EQ(server_->console(owner_, "GET", sessions_ + "/" + s["id"].get<std::string>()).json(), s);
}

TEST_F(PlanningTest, PublicScopeIsRequired) {
  auto [other_app, other_token] = createActiveAppWithKey(*server_, owner_, org_, {"public.fleet:read"});
  auto r = pub("", other_token, org_);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json()["code"], "insufficient_scope");
  EXPECT_EQ(r.json()["required_scope"], "public.planning:read");
  EXPECT_EQ(pub("/ps_01HGJEGEKGJR51HHPNHY9H3V5X", other_token, org_).status, 403);
}

TEST_F(PlanningTest, OverlapConflictNamesTheConflictingSession) {
  auto first = booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  // Same aircraft, another instructor, overlapping by one minute.
  auto body = dual("2026-06-01T10:59:00Z", "2026-06-01T12:00:00Z", aircraft_);
  body["instructor_id"] = instructor2_;
  auto r = book(body);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["code"], "conflict");
  EXPECT_EQ(r.json()["conflicting_session_id"], first);
  EXPECT_EQ(r.json()["field"], "aircraft_id");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("F-HABC"), std::string::npos);
  EXPECT_NE(r.json()["detail"].get<std::string>().find("2026-06-01T10:00:00Z"), std::string::npos);
  // Same instructor on another aircraft.
  auto r2 = book(dual("2026-06-01T10:30:00Z", "2026-06-01T11:30:00Z", aircraft2_));
  ASSERT_EQ(r2.status, 409) << r2.body;
  EXPECT_EQ(r2.json()["field"], "instructor_id");
  EXPECT_EQ(r2.json()["conflicting_session_id"], first);
  EXPECT_NE(r2.json()["detail"].get<std::string>().find("Ivy Instructor"), std::string::npos);
}

TEST_F(PlanningTest, TouchingIntervalsAreAllowed) {
  booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  booked(dual("2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z", aircraft_));
  booked(dual("2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z", aircraft_));
}

TEST_F(PlanningTest, NotAirworthyAircraftCannotBeBookedForAFlight) {
  auto patch =
      server_->console(owner_, "PATCH", ops_ + "/fleet/" + aircraft_, {{"airworthiness", "not_airworthy"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  auto r = book(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["field"], "aircraft_id");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("not airworthy"), std::string::npos);
  // It can still be blocked for the maintenance that fixes it.
  booked({{"kind", "maintenance_block"},
          {"start_at", "2026-06-01T10:00:00Z"},
          {"end_at", "2026-06-02T10:00:00Z"},
          {"aircraft_id", aircraft_}});
}

TEST_F(PlanningTest, SoloWithExpiredMedicalIsRefused) {
  nlohmann::json solo = {{"kind", "flight"},
                         {"start_at", "2026-07-01T10:00:00Z"},
                         {"end_at", "2026-07-01T11:00:00Z"},
                         {"aircraft_id", aircraft_},
                         {"student_id", student_}};
  auto r = book(solo);  // medical valid until 2026-06-30
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["field"], "student_id");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("medical"), std::string::npos);
  // The last day of validity is fine, and a dual flight does not need the student's medical.
  solo["start_at"] = "2026-06-30T10:00:00Z";
  solo["end_at"] = "2026-06-30T11:00:00Z";
  booked(solo);
  booked(dual("2026-07-01T10:00:00Z", "2026-07-01T11:00:00Z", aircraft_));
}

TEST_F(PlanningTest, ConcurrentBookingsOfOneSlotHaveOneWinner) {
  // The overlap check and the insert share one write transaction, so racing requests serialise.
  constexpr int kRacers = 6;
  std::vector<long> statuses(kRacers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      auto body = dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_);
      if (i % 2) body["instructor_id"] = instructor2_;  // clash on the aircraft alone, too
      statuses[i] = book(body).status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kRacers - 1);
  EXPECT_EQ(listedIds("").size(), 1u);
}

TEST_F(PlanningTest, MaintenanceBlockMakesTheAircraftUnbookable) {
  auto block = booked({{"kind", "maintenance_block"},
                       {"start_at", "2026-06-02T00:00:00Z"},
                       {"end_at", "2026-06-04T00:00:00Z"},
                       {"aircraft_id", aircraft_},
                       {"notes", "100 h inspection"}});
  auto r = book(dual("2026-06-03T10:00:00Z", "2026-06-03T11:00:00Z", aircraft_));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["conflicting_session_id"], block);
  booked(dual("2026-06-03T10:00:00Z", "2026-06-03T11:00:00Z", aircraft2_));
  booked(dual("2026-06-04T00:00:00Z", "2026-06-04T01:00:00Z", aircraft_));
}

TEST_F(PlanningTest, CancelThenRebookTheSameSlot) {
  auto first = booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  ASSERT_EQ(book(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_)).status, 409);
  auto cancel = server_->console(owner_, "PATCH", sessions_ + "/" + first, {{"status", "cancelled"}});
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.json()["status"], "cancelled");
  auto second = booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  // Reinstating the cancelled one now clashes with the new booking.
  auto back = server_->console(owner_, "PATCH", sessions_ + "/" + first, {{"status", "scheduled"}});
  EXPECT_EQ(back.status, 409) << back.body;
  EXPECT_EQ(back.json()["conflicting_session_id"], second);
  // A cancelled session is a status change, still listed.
  EXPECT_EQ(listedIds("?from=2026-06-01&to=2026-06-01").size(), 2u);
}

TEST_F(PlanningTest, MovingRechecksTheRules) {
  auto a = booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  auto b = booked(dual("2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z", aircraft_));
  auto clash = server_->console(owner_, "PATCH", sessions_ + "/" + b, {{"start_at", "2026-06-01T10:30:00Z"}});
  ASSERT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(clash.json()["conflicting_session_id"], a);
  // Moving a session within its own slot does not clash with itself.
  auto moved = server_->console(owner_, "PATCH", sessions_ + "/" + a,
                                {{"start_at", "2026-06-01T10:30:00Z"}, {"end_at", "2026-06-01T11:30:00Z"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["start_at"], "2026-06-01T10:30:00Z");
  auto other_plane = server_->console(
      owner_, "PATCH", sessions_ + "/" + b,
      {{"start_at", "2026-06-01T11:00:00Z"}, {"aircraft_id", aircraft2_}, {"instructor_id", instructor2_}});
  EXPECT_EQ(other_plane.status, 200) << other_plane.body;
  auto bad = server_->console(owner_, "PATCH", sessions_ + "/" + b, {{"end_at", "2026-06-01T10:00:00Z"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["field"], "end_at");
}

TEST_F(PlanningTest, DeleteThenPublic404) {
  auto id = booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  EXPECT_EQ(server_->console(owner_, "DELETE", sessions_ + "/" + id).status, 204);
  auto r = pub("/" + id);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.json()["code"], "not_found");
  EXPECT_TRUE(listedIds("").empty());
  EXPECT_EQ(server_->console(owner_, "DELETE", sessions_ + "/" + id).status, 404);
  // The slot is free again.
  booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
}

TEST_F(PlanningTest, FiltersByWindowAircraftAndInstructor) {
  auto early = booked(dual("2026-06-01T08:00:00Z", "2026-06-01T09:00:00Z", aircraft_));
  auto overnight = booked({{"kind", "maintenance_block"},
                           {"start_at", "2026-06-01T20:00:00Z"},
                           {"end_at", "2026-06-02T06:00:00Z"},
                           {"aircraft_id", aircraft2_}});
  auto next_day = booked(dual("2026-06-02T10:00:00Z", "2026-06-02T11:00:00Z", aircraft_));
  auto ground = booked({{"kind", "ground"},
                        {"start_at", "2026-06-02T14:00:00Z"},
                        {"end_at", "2026-06-02T15:00:00Z"},
                        {"instructor_id", instructor2_},
                        {"student_id", student_}});
  using V = std::vector<std::string>;
  EXPECT_EQ(listedIds(""), (V{early, overnight, next_day, ground}));
  EXPECT_EQ(listedIds("?from=2026-06-01&to=2026-06-01"), (V{early, overnight}));  // a date `to` is inclusive
  EXPECT_EQ(listedIds("?from=2026-06-02"), (V{overnight, next_day, ground}));     // overlapping the window
  EXPECT_EQ(listedIds("?to=2026-06-01T08:00:00Z"), V{});                          // half-open
  EXPECT_EQ(listedIds("?from=2026-06-01T09:00:00Z&to=2026-06-01T20:00:01Z"), V{overnight});
  EXPECT_EQ(listedIds("?aircraft_id=" + aircraft_), (V{early, next_day}));
  EXPECT_EQ(listedIds("?instructor_id=" + instructor2_), V{ground});
  EXPECT_EQ(listedIds("?instructor_id=" + instructor_ + "&from=2026-06-02"), V{next_day});
  EXPECT_EQ(listedIds("?updated_since=2000-01-01T00:00:00Z").size(), 4u);
  EXPECT_EQ(listedIds("?updated_since=2100-01-01T00:00:00Z"), V{});
}

TEST_F(PlanningTest, PaginatesInStartOrder) {
  std::vector<std::string> all;
  for (int i = 0; i < 7; ++i) {
    auto h = std::to_string(10 + i);
    all.push_back(booked(dual("2026-06-01T" + h + ":00:00Z", "2026-06-01T" + h + ":30:00Z", aircraft_)));
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = pub("?limit=3&from=2026-06-01" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    for (const auto& s : j["data"]) seen.push_back(s["id"]);
    cursor = j["cursor"].is_null() ? "" : j["cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, all);
  // A cursor is bound to its filters.
  auto first = pub("?limit=3&from=2026-06-01").json()["cursor"].get<std::string>();
  EXPECT_EQ(pub("?limit=3&from=2026-06-02&cursor=" + first).status, 400);
}

TEST_F(PlanningTest, BadParametersAre400) {
  for (const char* q : {"?from=yesterday", "?to=2026-13-01", "?from=2026-06-02&to=2026-06-01",
                        "?from=2026-06-01T10:00:00Z&to=2026-06-01T10:00:00Z", "?aircraft_id=F-HABC",
                        "?instructor_id=acft_01HGJEGEKGJR51HHPNHY9H3V5X", "?status=scheduled", "?limit=0",
                        "?cursor=forged", "?updated_since=today"}) {
    auto r = pub(q);
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.json()["code"], "invalid_parameter") << q;
  }
}

TEST_F(PlanningTest, OrganisationsAreIsolated) {
  auto ours = booked(dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_));
  auto [other, other_org] = server_->createOwnerWithOrg("owner@school-b.example", "School B");
  auto [other_app, other_token] =
      createActiveAppWithKey(*server_, other, other_org, {"public.planning:read"});
  auto other_sessions = "/api/v1/console/orgs/" + other_org + "/planning/sessions";
  // Their console cannot see, move or delete ours, nor book with our aircraft or people.
  EXPECT_EQ(server_->console(other, "GET", other_sessions + "/" + ours).status, 404);
  EXPECT_EQ(server_->console(other, "PATCH", other_sessions + "/" + ours, {{"status", "cancelled"}}).status,
            404);
  EXPECT_EQ(server_->console(other, "DELETE", other_sessions + "/" + ours).status, 404);
  auto borrowed = server_->console(other, "POST", other_sessions,
                                   dual("2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z", aircraft_));
  EXPECT_EQ(borrowed.status, 422) << borrowed.body;
  EXPECT_EQ(borrowed.json()["field"], "aircraft_id");
  // Not a member of ours: 404.
  EXPECT_EQ(server_->console(other, "GET", sessions_).status, 404);
  // Their public key lists nothing of ours and 404s on our id.
  auto list = pub("", other_token, other_org);
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.json()["data"].empty());
  EXPECT_EQ(pub("/" + ours, other_token, other_org).status, 404);
  EXPECT_EQ(pub("?aircraft_id=" + aircraft_, other_token, other_org).json()["data"].size(), 0u);
}

TEST_F(PlanningTest, BodiesAreValidatedFieldByField) {
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  auto ok = dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_);
  auto with = [&](const char* k, nlohmann::json v) {
    auto b = ok;
    if (v.is_discarded())
      b.erase(k);
    else
      b[k] = v;
    return b;
  };
  const auto gone = nlohmann::json(nlohmann::json::value_t::discarded);
  for (const auto& c :
       std::vector<Case>{{with("kind", "lesson"), "kind"},
                         {with("kind", gone), "kind"},
                         {with("start_at", "soon"), "start_at"},
                         {with("end_at", gone), "end_at"},
                         {with("end_at", "2026-06-01T10:00:00Z"), "end_at"},
                         {with("end_at", "2026-06-20T10:00:00Z"), "end_at"},
                         {with("status", "tentative"), "status"},
                         {with("aircraft_id", 12), "aircraft_id"},
                         {with("aircraft_id", "acft_01HGJEGEKGJR51HHPNHY9H3V5X"), "aircraft_id"},
                         {with("student_id", "plt_01HGJEGEKGJR51HHPNHY9H3V5X"), "student_id"},
                         {nlohmann::json{{"kind", "ground"},
                                         {"start_at", "2026-06-01T10:00:00Z"},
                                         {"end_at", "2026-06-01T11:00:00Z"},
                                         {"instructor_id", student_}},
                          "instructor_id"},
                         {with("colour", "red"), "colour"},
                         {with("notes", std::string(2001, 'x')), "notes"}}) {
    auto r = book(c.body);
    EXPECT_EQ(r.status, 422) << c.body.dump() << " " << r.body;
    EXPECT_EQ(r.json()["field"], c.field) << c.body.dump();
  }
}

TEST_F(PlanningTest, MembersReadInstructorsWriteAndWritesAreAudited) {
  auto& s = server_->app().services();
  auto member = s.identity.createUser("member@club.example", "Member", TestServer::kPassword);
  auto instr = s.identity.createUser("cfi@club.example", "CFI", TestServer::kPassword);
  storage::IdentityRepository repo(server_->app().database().connection());
  repo.addMembership(org_, member.id, "member", "2026-01-01T00:00:00Z");
  repo.addMembership(org_, instr.id, "instructor", "2026-01-01T00:00:00Z");
  auto member_session = server_->login("member@club.example", TestServer::kPassword);
  auto instr_session = server_->login("cfi@club.example", TestServer::kPassword);
  auto body = dual("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", aircraft_);
  EXPECT_EQ(server_->console(member_session, "GET", sessions_).status, 200);
  auto denied = server_->console(member_session, "POST", sessions_, body);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.json()["code"], "forbidden");
  auto created = server_->console(instr_session, "POST", sessions_, body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = created.json()["id"].get<std::string>();
  EXPECT_EQ(server_->console(member_session, "PATCH", sessions_ + "/" + id, {{"status", "cancelled"}}).status,
            403);
  EXPECT_EQ(server_->console(member_session, "DELETE", sessions_ + "/" + id).status, 403);
  EXPECT_EQ(server_->console(instr_session, "PATCH", sessions_ + "/" + id, {{"status", "cancelled"}}).status,
            200);
  EXPECT_EQ(server_->console(instr_session, "DELETE", sessions_ + "/" + id).status, 204);
  auto audit = server_->console(owner_, "GET", ops_ + "/audit-log");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::multiset<std::string> actions;
  auto entries = audit.json();
  for (const auto& e : entries["data"])
    if (e["target_id"] == id) actions.insert(e["action"].get<std::string>());
  EXPECT_EQ(actions, (std::multiset<std::string>{"planning_session.created", "planning_session.cancelled",
                                                 "planning_session.deleted"}));
}

}  // namespace
}  // namespace gaflight::testing
