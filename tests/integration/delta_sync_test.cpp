// Delta sync (SPEC §10.2, ADR 0011): with updated_since every list is ordered by change, pages with its
// own cursors, serves deletions as tombstones, and a client resuming from the newest updated_at it saw
// never misses a change — also when the server's clock steps back.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

using Json = nlohmann::json;

class DeltaSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) = createActiveAppWithKey(
        *server_, owner_, org_,
        {"public.pilots:read", "public.fleet:read", "public.flights:read", "public.compliance:read",
         "public.planning:read", "public.maintenance:read", "public.events:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
  }

  HttpResult console(const std::string& method, const std::string& path, const Json& body = nullptr) {
    return server_->console(owner_, method, ops_ + path, body);
  }
  std::string created(const std::string& path, const Json& body) {
    auto r = console("POST", path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.json().value("id", "");
  }
  std::string pilot(const std::string& first, const std::vector<std::string>& roles) {
    return created("/pilots", {{"first_name", first}, {"last_name", "Delta"}, {"roles", roles}});
  }
  std::string aircraft(const std::string& reg) {
    return created("/fleet", {{"registration", reg},
                              {"icao_type", "DA40"},
                              {"make", "Diamond"},
                              {"model", "DA40 NG"},
                              {"seats", 4}});
  }
  HttpResult pub(const std::string& path_and_query) {
    return server_->client().get("/api/v1/public" + path_and_query, publicHeaders(token_, org_));
  }
  // Every object of a delta sync from `since`, following cursors `limit` at a time.
  std::vector<Json> syncAll(const std::string& list, const std::string& since, int limit = 2) {
    std::vector<Json> out;
    std::string cursor;
    do {
      auto r = pub(list + "?limit=" + std::to_string(limit) + "&updated_since=" + since +
                   (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << list << " " << r.body;
      if (r.status != 200) break;
      auto j = r.json();
      for (auto& o : j["data"]) out.push_back(o);
      cursor = j["cursor"].is_null() ? "" : j["cursor"].get<std::string>();
    } while (!cursor.empty());
    return out;
  }
  std::string now() const { return timefmt::formatInstant(clock_.now()); }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_;
};

// Change order never goes backwards in updated_at across a whole sync, pages included (ties are broken
// by the commit sequence, which is not rendered), and no object comes twice.
void expectChangeOrder(const std::vector<Json>& objects) {
  std::set<std::string> ids;
  for (size_t i = 0; i < objects.size(); ++i) {
    EXPECT_TRUE(ids.insert(objects[i]["id"].get<std::string>()).second) << "twice: " << objects[i]["id"];
    if (i > 0) {
      EXPECT_LE(objects[i - 1]["updated_at"].get<std::string>(), objects[i]["updated_at"].get<std::string>())
          << "position " << i;
    }
  }
}

TEST_F(DeltaSyncTest, ListsAreOrderedByChangeAndPageWithTheirOwnCursors) {
  auto a = pilot("Ann", {"student"});
  clock_.advance(std::chrono::seconds(5));
  auto b = pilot("Bob", {"student"});
  clock_.advance(std::chrono::seconds(5));
  auto since = now();
  auto c = pilot("Cat", {"student"});
  clock_.advance(std::chrono::seconds(5));
  // A changed after C: it moves behind C in change order although its id sorts first.
  ASSERT_EQ(console("PATCH", "/pilots/" + a, {{"phone", "+33 1 23 45 67 89"}}).status, 200);
  clock_.advance(std::chrono::seconds(5));
  auto d = pilot("Dan", {"student"});

  auto changed = syncAll("/pilots", since, 2);
  std::vector<std::string> ids;
  for (const auto& p : changed) ids.push_back(p["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{c, a, d}));  // b did not change since
  expectChangeOrder(changed);
  for (const auto& p : changed) EXPECT_GE(p["updated_at"].get<std::string>(), since);

  // Without updated_since the natural order (id) is unchanged, and its cursor is not a delta cursor.
  auto natural = pub("/pilots?limit=2").json();
  EXPECT_EQ(natural["data"][0]["id"], std::min({a, b, c, d}));
  auto natural_cursor = natural["cursor"].get<std::string>();
  auto mixed = pub("/pilots?limit=2&updated_since=" + since + "&cursor=" + natural_cursor);
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(mixed.json()["code"], "invalid_parameter");
  // A delta cursor is bound to its instant too.
  auto first = pub("/pilots?limit=1&updated_since=" + since).json()["cursor"].get<std::string>();
  EXPECT_EQ(pub("/pilots?limit=1&updated_since=2000-01-01T00:00:00Z&cursor=" + first).status, 400);
  EXPECT_EQ(pub("/pilots?limit=1&updated_since=" + since + "&cursor=" + first).status, 200);
}

TEST_F(DeltaSyncTest, DeletionsAppearAsTombstones) {
  auto student = pilot("Sam", {"student"});
  auto instructor = pilot("Ivy", {"instructor"});
  auto ac = aircraft("F-HDEL");
  auto record = created("/compliance", {{"pilot_id", student},
                                        {"type", "licence"},
                                        {"code", "PPL(A)"},
                                        {"number", "FRA.FCL.1"},
                                        {"issued_on", "2024-01-10"}});
  auto kept = created("/compliance", {{"pilot_id", instructor},
                                      {"type", "licence"},
                                      {"code", "CPL(A)"},
                                      {"number", "FRA.FCL.2"},
                                      {"issued_on", "2024-01-10"}});
  auto session = created("/planning/sessions", {{"kind", "flight"},
                                                {"start_at", "2030-06-01T10:00:00Z"},
                                                {"end_at", "2030-06-01T11:00:00Z"},
                                                {"aircraft_id", ac},
                                                {"instructor_id", instructor},
                                                {"student_id", student}});
  auto item = created("/fleet/" + ac + "/maintenance-items",
                      {{"title", "50 h check"},
                       {"category", "scheduled_task"},
                       {"interval", {{"hours", 50.0}, {"basis", "tach"}}},
                       {"last_done", {{"date", now().substr(0, 10)}, {"meter_hours", 0.0}}}});
  clock_.advance(std::chrono::seconds(10));
  auto since = now();
  clock_.advance(std::chrono::seconds(10));
  ASSERT_EQ(console("DELETE", "/compliance/" + record).status, 204);
  ASSERT_EQ(console("DELETE", "/planning/sessions/" + session).status, 204);
  ASSERT_EQ(console("DELETE", "/fleet/" + ac + "/maintenance-items/" + item).status, 204);
  const auto deleted_at = now();

  auto compliance = syncAll("/compliance", since);
  ASSERT_EQ(compliance.size(), 1u);
  EXPECT_EQ(
      compliance[0],
      (Json{{"id", record}, {"object", "compliance_record"}, {"deleted", true}, {"updated_at", deleted_at}}));
  auto sessions = syncAll("/planning/sessions", since);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(
      sessions[0],
      (Json{{"id", session}, {"object", "planning_session"}, {"deleted", true}, {"updated_at", deleted_at}}));
  // A deleted maintenance item changes its aircraft's due row, which no longer lists it.
  auto due = syncAll("/maintenance/due", since);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["aircraft_id"], ac);
  EXPECT_EQ(due[0]["updated_at"], deleted_at);
  EXPECT_TRUE(due[0]["items"].empty());

  // Without updated_since deleted records are simply absent; the untouched record is not in the delta.
  auto full = pub("/compliance").json()["data"];
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0]["id"], kept);
  EXPECT_TRUE(pub("/planning/sessions").json()["data"].empty());
  EXPECT_EQ(pub("/compliance/" + record).status, 404);
}

TEST_F(DeltaSyncTest, AClockThatStepsBackCannotHideAChangeBehindOneAlreadySeen) {
  auto first = pilot("Early", {"student"});
  clock_.advance(std::chrono::seconds(60));
  auto late = pilot("Late", {"student"});
  auto seen = syncAll("/pilots", "2000-01-01T00:00:00Z");
  ASSERT_EQ(seen.size(), 2u);
  const std::string newest = seen.back()["updated_at"];
  EXPECT_EQ(seen.back()["id"], late);

  // The wall clock steps back a minute (an NTP correction): the next write is still stamped at or after
  // the newest change any reader saw, so a mirror resuming from `newest` finds it.
  clock_.advance(std::chrono::seconds(-60));
  ASSERT_EQ(console("PATCH", "/pilots/" + first, {{"phone", "+33 6 00 00 00 00"}}).status, 200);
  auto resumed = syncAll("/pilots", newest);
  std::set<std::string> ids;
  for (const auto& p : resumed) ids.insert(p["id"]);
  EXPECT_TRUE(ids.count(first)) << "the change made after the clock stepped back was missed";
  for (const auto& p : resumed) EXPECT_GE(p["updated_at"].get<std::string>(), newest);
  expectChangeOrder(resumed);
}

TEST_F(DeltaSyncTest, EveryListAcceptsUpdatedSinceInChangeOrder) {
  auto ac = aircraft("F-HALL");
  auto student = pilot("Lou", {"student"});
  created("/compliance", {{"pilot_id", student},
                          {"type", "licence"},
                          {"code", "PPL(A)"},
                          {"number", "FRA.FCL.9"},
                          {"issued_on", "2024-01-10"}});
  clock_.advance(std::chrono::seconds(3));
  ASSERT_EQ(console("PATCH", "/fleet/" + ac, {{"home_base", "LFPN"}}).status, 200);
  const std::string since = "2000-01-01T00:00:00Z";
  for (const char* list : {"/pilots", "/fleet", "/flights", "/compliance", "/planning/sessions",
                           "/maintenance/work-orders", "/events"}) {
    auto all = syncAll(list, since, 1);
    expectChangeOrder(all);
    auto r = pub(std::string(list) + "?updated_since=2100-01-01T00:00:00Z");
    ASSERT_EQ(r.status, 200) << list << r.body;
    EXPECT_TRUE(r.json()["data"].empty()) << list;
  }
  auto fleet = syncAll("/fleet", since);
  ASSERT_EQ(fleet.size(), 1u);
  EXPECT_EQ(fleet[0]["id"], ac);
}

}  // namespace
}  // namespace gaflight::testing
