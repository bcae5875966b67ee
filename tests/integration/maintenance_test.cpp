// Maintenance end to end against the real server: public due list and work orders (scope, filters,
// pagination, tenancy), maintenance.alert once per transition from flight approvals and from the
// calendar sweep, airworthiness, work-order completion re-baselining, console validation.
#include <gtest/gtest.h>

#include <set>

#include "app/services.hpp"
#include "storage/identity_repository.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class MaintenanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) = createActiveAppWithKey(
        *server_, owner_, org_, {"public.maintenance:read", "public.events:read", "public.fleet:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
    auto p = server_->console(owner_, "POST", ops_ + "/pilots",
                              {{"first_name", "Ann"}, {"last_name", "Pilot"}, {"roles", {"member"}}});
    ASSERT_EQ(p.status, 201) << p.body;
    pilot_ = p.json()["id"];
    aircraft_ = createAircraft(owner_, ops_, "F-GMNT");
  }

  std::string createAircraft(const ConsoleSession& s, const std::string& ops, const std::string& reg) {
    auto r = server_->console(s, "POST", ops + "/fleet",
                              {{"registration", reg},
                               {"icao_type", "C172"},
                               {"make", "Cessna"},
                               {"model", "172S"},
                               {"seats", 4},
                               {"hobbs_hours", 1200.0},
                               {"tach_hours", 1000.0}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  // A 100 h item last done at tach 900.0 → due at 1000.0 + extra; upcoming threshold 1 h.
  nlohmann::json createItem(const std::string& aircraft, double due_at_tach, bool blocks = true) {
    auto r = server_->console(owner_, "POST", ops_ + "/fleet/" + aircraft + "/maintenance-items",
                              {{"title", "100 h inspection"},
                               {"category", "inspection"},
                               {"reference", "AMP 5-20"},
                               {"interval", {{"hours", 100.0}, {"basis", "tach"}}},
                               {"last_done", {{"date", today()}, {"meter_hours", due_at_tach - 100.0}}},
                               {"upcoming", {{"hours", 1.0}, {"days", 30}}},
                               {"blocks_dispatch", blocks}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  std::string today() const { return timefmt::formatDate(timefmt::toUnixSeconds(clock_.now())); }

  // Submits and approves a flight of `tenths` on the aircraft, chaining from its meters.
  void fly(const std::string& aircraft, int64_t tenths) {
    clock_.advance(std::chrono::seconds(60));  // events sort newest first by their time-ordered ids
    auto a = server_->console(owner_, "GET", ops_ + "/fleet/" + aircraft).json();
    double hobbs = a["hobbs_hours"], tach = a["tach_hours"];
    // Yesterday (flights cannot be logged in the future), one hour apart.
    std::string d = timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()) - 86400);
    std::string h = (flights_ < 10 ? "0" : "") + std::to_string(flights_);
    ++flights_;
    auto r = server_->console(owner_, "POST", ops_ + "/flights",
                              {{"date", d},
                               {"aircraft_id", aircraft},
                               {"pilot_id", pilot_},
                               {"purpose", "rental"},
                               {"departure_icao", "LFPN"},
                               {"arrival_icao", "LFPN"},
                               {"off_block_at", d + "T" + h + ":00:00Z"},
                               {"takeoff_at", d + "T" + h + ":10:00Z"},
                               {"landing_at", d + "T" + h + ":50:00Z"},
                               {"on_block_at", d + "T" + h + ":55:00Z"},
                               {"hobbs_start_hours", hobbs},
                               {"hobbs_end_hours", (static_cast<int64_t>(hobbs * 10 + 0.5) + tenths) / 10.0},
                               {"tach_start_hours", tach},
                               {"tach_end_hours", (static_cast<int64_t>(tach * 10 + 0.5) + tenths) / 10.0}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto ap =
        server_->console(owner_, "POST", ops_ + "/flights/" + r.json()["id"].get<std::string>() + "/approve");
    ASSERT_EQ(ap.status, 200) << ap.body;
  }

  HttpResult pub(const std::string& path, const std::string& token, const std::string& org) {
    return server_->client().get("/api/v1/public" + path, publicHeaders(token, org));
  }
  HttpResult pub(const std::string& path) { return pub(path, token_, org_); }

  std::vector<nlohmann::json> alerts() {
    auto r = pub("/events?type=maintenance.alert&limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<nlohmann::json> out;
    auto body = r.json();
    for (const auto& e : body["data"]) out.push_back(e);
    return out;
  }

  FakeClock clock_;
  int flights_ = 1;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_, pilot_, aircraft_;
};

TEST_F(MaintenanceTest, ScopeIsRequiredAndNamed) {
  auto [app2, token2] = createActiveAppWithKey(*server_, owner_, org_, {"public.fleet:read"});
  for (const std::string path : {"/maintenance/due", "/maintenance/work-orders",
                                 "/maintenance/work-orders/wo_01HGJEGEKGJR51HHPNHY9H3V5X"}) {
    auto r = pub(path, token2, org_);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(r.json()["code"], "insufficient_scope");
    EXPECT_EQ(r.json()["required_scope"], "public.maintenance:read");
  }
}

TEST_F(MaintenanceTest, DueListShapeFiltersAndBadParameters) {
  createItem(aircraft_, 1010.0);  // 10 h left: ok
  std::string other = createAircraft(owner_, ops_, "F-GOTH");
  createItem(other, 1000.5);  // 0.5 h left: upcoming
  auto r = pub("/maintenance/due");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = r.json()["data"];
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_TRUE(row.contains("aircraft_id"));
    EXPECT_TRUE(row["registration"].is_string());
    EXPECT_TRUE(row["overdue"].is_number() && row["upcoming"].is_number() && row["ok"].is_number());
    const auto& it = row["items"][0];
    for (const char* k : {"id", "title", "status", "next_due", "remaining", "category", "reference",
                          "interval", "last_done", "created_at", "updated_at"})
      EXPECT_TRUE(it.contains(k)) << k;
    EXPECT_TRUE(it["next_due"].contains("date") && it["next_due"].contains("meter_hours"));
    EXPECT_TRUE(it["remaining"].contains("hours") && it["remaining"].contains("days"));
  }
  auto mine = pub("/maintenance/due?aircraft_id=" + aircraft_).json()["data"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["registration"], "F-GMNT");
  EXPECT_EQ(mine[0]["ok"], 1);
  EXPECT_EQ(mine[0]["items"][0]["status"], "ok");
  EXPECT_DOUBLE_EQ(mine[0]["items"][0]["next_due"]["meter_hours"].get<double>(), 1010.0);
  EXPECT_DOUBLE_EQ(mine[0]["items"][0]["remaining"]["hours"].get<double>(), 10.0);
  auto upcoming = pub("/maintenance/due?status=upcoming").json()["data"];
  ASSERT_EQ(upcoming.size(), 1u);
  EXPECT_EQ(upcoming[0]["registration"], "F-GOTH");
  EXPECT_EQ(pub("/maintenance/due?status=overdue").json()["data"].size(), 0u);
  for (const std::string bad : {"?status=late", "?aircraft_id=plt_x", "?limit=0", "?limit=201", "?cursor=abc",
                                "?updated_since=yesterday", "?colour=red", "?status=ok&status=ok"}) {
    EXPECT_EQ(pub("/maintenance/due" + bad).status, 400) << bad;
    EXPECT_EQ(pub("/maintenance/work-orders" + bad).status, 400) << bad;
  }
}

TEST_F(MaintenanceTest, PaginationVisitsEveryAircraftOnce) {
  std::set<std::string> expected{aircraft_};
  for (int i = 0; i < 4; ++i)
    expected.insert(createAircraft(owner_, ops_, "F-GPG" + std::string(1, 'A' + i)));
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = pub("/maintenance/due?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = r.json();
    for (const auto& row : body["data"]) EXPECT_TRUE(seen.insert(row["aircraft_id"]).second);
    cursor = body["cursor"].is_null() ? "" : body["cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, 3);
  // A cursor is bound to its filters.
  auto first = pub("/maintenance/due?limit=2").json()["cursor"].get<std::string>();
  EXPECT_EQ(pub("/maintenance/due?limit=2&status=ok&cursor=" + first).status, 400);
}

TEST_F(MaintenanceTest, WorkOrdersPageWithCursorAndUpdatedSince) {
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    auto r = server_->console(owner_, "POST", ops_ + "/maintenance/work-orders",
                              {{"aircraft_id", aircraft_}, {"title", "WO " + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << r.body;
    created.insert(r.json()["id"].get<std::string>());
    EXPECT_EQ(r.json()["number"].get<std::string>().substr(8), "000" + std::to_string(i + 1));
  }
  std::set<std::string> seen;
  std::string cursor;
  for (int pages = 0; pages < 5; ++pages) {
    auto r = pub("/maintenance/work-orders?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = r.json();
    for (const auto& w : body["data"]) EXPECT_TRUE(seen.insert(w["id"].get<std::string>()).second);
    if (body["cursor"].is_null()) break;
    cursor = body["cursor"];
  }
  EXPECT_EQ(seen, created);
  auto later = timefmt::formatInstant(clock_.now() + std::chrono::hours(1));
  EXPECT_EQ(pub("/maintenance/work-orders?updated_since=" + later).json()["data"].size(), 0u);
  EXPECT_EQ(pub("/maintenance/due?updated_since=" + later).json()["data"].size(), 0u);
  EXPECT_EQ(pub("/maintenance/due").json()["data"].size(), 1u);
}

TEST_F(MaintenanceTest, TenantsAreIsolated) {
  auto [owner_b, org_b] = server_->createOwnerWithOrg("b@school-b.example", "School B");
  auto ops_b = "/api/v1/console/orgs/" + org_b;
  std::string their_aircraft = createAircraft(owner_b, ops_b, "F-GBBB");
  auto wo = server_->console(owner_b, "POST", ops_b + "/maintenance/work-orders",
                             {{"aircraft_id", their_aircraft}, {"title", "Annual"}});
  ASSERT_EQ(wo.status, 201) << wo.body;
  std::string their_wo = wo.json()["id"];
  EXPECT_EQ(pub("/maintenance/work-orders/" + their_wo).status, 404);
  EXPECT_EQ(pub("/maintenance/work-orders").json()["data"].size(), 0u);
  EXPECT_EQ(pub("/maintenance/due?aircraft_id=" + their_aircraft).json()["data"].size(), 0u);
  auto all = pub("/maintenance/due").json();
  for (const auto& row : all["data"]) EXPECT_NE(row["aircraft_id"], their_aircraft);
  // Console: another organisation's ids are 404 here.
  EXPECT_EQ(server_->console(owner_, "GET", ops_ + "/maintenance/work-orders/" + their_wo).status, 404);
  EXPECT_EQ(server_->console(owner_, "GET", ops_ + "/fleet/" + their_aircraft + "/maintenance-items").status,
            404);
  EXPECT_EQ(server_
                ->console(owner_, "POST", ops_ + "/maintenance/work-orders",
                          {{"aircraft_id", their_aircraft}, {"title", "x"}})
                .status,
            422);
}

TEST_F(MaintenanceTest, FlightApprovalsAlertOncePerTransitionAndGround) {
  createItem(aircraft_, 1002.0);  // 2.0 h left, threshold 1.0 h: ok
  EXPECT_EQ(alerts().size(), 0u);
  fly(aircraft_, 12);  // 0.8 h left → upcoming
  auto a1 = alerts();
  ASSERT_EQ(a1.size(), 1u);
  const auto& obj = a1[0]["data"]["object"];
  EXPECT_EQ(obj["object"], "maintenance_alert");
  EXPECT_EQ(obj["registration"], "F-GMNT");
  EXPECT_EQ(obj["aircraft_id"], aircraft_);
  EXPECT_EQ(obj["status"], "upcoming");
  EXPECT_EQ(obj["previous_status"], "ok");
  EXPECT_EQ(obj["item"]["title"], "100 h inspection");
  EXPECT_DOUBLE_EQ(obj["remaining"]["hours"].get<double>(), 0.8);
  fly(aircraft_, 3);  // still upcoming: no second alert
  EXPECT_EQ(alerts().size(), 1u);
  auto fleet = pub("/fleet/" + aircraft_).json();
  EXPECT_EQ(fleet["airworthiness"], "airworthy");
  fly(aircraft_, 6);  // past the due point → overdue
  auto a3 = alerts();
  ASSERT_EQ(a3.size(), 2u);
  EXPECT_EQ(a3[0]["data"]["object"]["status"], "overdue");  // newest first
  EXPECT_EQ(a3[0]["data"]["object"]["previous_status"], "upcoming");
  fleet = pub("/fleet/" + aircraft_).json();
  EXPECT_EQ(fleet["airworthiness"], "not_airworthy");
  EXPECT_EQ(fleet["status"], "grounded");
  EXPECT_EQ(pub("/maintenance/due?status=overdue").json()["data"].size(), 1u);
}

TEST_F(MaintenanceTest, CompletingAWorkOrderRebaselinesAndReleasesTheAircraft) {
  auto item = createItem(aircraft_, 1000.0);  // overdue at creation: one alert, aircraft grounded
  EXPECT_EQ(alerts().size(), 1u);
  EXPECT_EQ(pub("/fleet/" + aircraft_).json()["airworthiness"], "not_airworthy");
  auto wos = ops_ + "/maintenance/work-orders";
  auto wo =
      server_->console(owner_, "POST", wos, {{"aircraft_id", aircraft_}, {"title", "100 h inspection"}});
  ASSERT_EQ(wo.status, 201) << wo.body;
  std::string id = wo.json()["id"];
  EXPECT_EQ(wo.json()["number"].get<std::string>().substr(0, 8), "WO-" + today().substr(0, 4) + "-");
  EXPECT_EQ(wo.json()["status"], "open");
  auto task = server_->console(
      owner_, "POST", wos + "/" + id + "/tasks",
      {{"description", "Inspect per AMP"}, {"maintenance_item_id", item["id"]}, {"labour_min", 240}});
  ASSERT_EQ(task.status, 201) << task.body;
  std::string task_id = task.json()["tasks"][0]["id"];
  auto part = server_->console(owner_, "POST", wos + "/" + id + "/parts",
                               {{"part_number", "CH48110-1"},
                                {"description", "Oil filter"},
                                {"quantity", 2},
                                {"unit_cost_minor", 2450}});
  ASSERT_EQ(part.status, 201) << part.body;
  EXPECT_EQ(part.json()["totals"]["parts_total_minor"], 4900);
  EXPECT_EQ(part.json()["totals"]["labour_min"], 240);
  // Unsigned task: 422 naming it.
  auto early = server_->console(owner_, "POST", wos + "/" + id + "/complete");
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_NE(early.json()["detail"].get<std::string>().find("Inspect per AMP"), std::string::npos);
  EXPECT_EQ(server_->console(owner_, "PATCH", wos + "/" + id, {{"status", "in_progress"}}).status, 200);
  EXPECT_EQ(server_->console(owner_, "PATCH", wos + "/" + id, {{"status", "completed"}}).status, 422);
  auto bad_sign = server_->console(owner_, "POST", wos + "/" + id + "/tasks/" + task_id + "/sign-off",
                                   {{"name", "J. Mechanic"}});
  EXPECT_EQ(bad_sign.status, 422);
  EXPECT_EQ(bad_sign.json()["field"], "licence_number") << bad_sign.body;
  auto sign = server_->console(owner_, "POST", wos + "/" + id + "/tasks/" + task_id + "/sign-off",
                               {{"name", "J. Mechanic"}, {"licence_number", "FR.66.1234"}});
  ASSERT_EQ(sign.status, 200) << sign.body;
  EXPECT_EQ(sign.json()["tasks"][0]["signed_off"]["licence_number"], "FR.66.1234");
  auto done = server_->console(owner_, "POST", wos + "/" + id + "/complete");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["status"], "completed");
  EXPECT_EQ(done.json()["completed_on"], today());
  auto fleet = pub("/fleet/" + aircraft_).json();
  EXPECT_EQ(fleet["airworthiness"], "airworthy");
  EXPECT_EQ(fleet["status"], "available");
  auto due = pub("/maintenance/due?aircraft_id=" + aircraft_).json()["data"][0]["items"][0];
  EXPECT_EQ(due["status"], "ok");
  EXPECT_EQ(due["last_done"]["date"], today());
  EXPECT_DOUBLE_EQ(due["last_done"]["meter_hours"].get<double>(), 1000.0);
  EXPECT_DOUBLE_EQ(due["next_due"]["meter_hours"].get<double>(), 1100.0);
  // Final: no more changes; public list and detail carry it.
  EXPECT_EQ(server_->console(owner_, "PATCH", wos + "/" + id, {{"status", "open"}}).status, 409);
  auto detail = pub("/maintenance/work-orders/" + id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.json()["totals"]["currency"].get<std::string>().size(), 3u);
  EXPECT_EQ(pub("/maintenance/work-orders?status=completed").json()["data"].size(), 1u);
  EXPECT_EQ(pub("/maintenance/work-orders?status=open").json()["data"].size(), 0u);
  EXPECT_EQ(pub("/maintenance/work-orders?aircraft_id=" + aircraft_).json()["data"].size(), 1u);
  EXPECT_EQ(alerts().size(), 1u);  // improvement: no alert
}

TEST_F(MaintenanceTest, CalendarSweepAlertsOnceEvenWhenRunTwice) {
  auto r = server_->console(owner_, "POST", ops_ + "/fleet/" + aircraft_ + "/maintenance-items",
                            {{"title", "ELT battery"},
                             {"category", "life_limited"},
                             {"interval", {{"months", 1}}},
                             {"last_done", {{"date", today()}}},
                             {"upcoming", {{"days", 5}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "ok");
  auto& m = server_->app().services().maintenance;
  EXPECT_EQ(m.sweepCalendar(), 0);
  clock_.advance(std::chrono::hours(24 * 28));  // within 5 days of the due date
  EXPECT_EQ(m.sweepCalendar(), 1);
  EXPECT_EQ(m.sweepCalendar(), 0);
  auto a = alerts();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]["data"]["object"]["status"], "upcoming");
  EXPECT_EQ(a[0]["data"]["object"]["registration"], "F-GMNT");
  clock_.advance(std::chrono::hours(24 * 10));  // past the due date
  EXPECT_EQ(m.sweepCalendar(), 1);
  EXPECT_EQ(m.sweepCalendar(), 0);
  EXPECT_EQ(alerts().size(), 2u);
  EXPECT_EQ(pub("/fleet/" + aircraft_).json()["airworthiness"], "not_airworthy");
}

TEST_F(MaintenanceTest, ConsoleValidatesAndChecksRoles) {
  auto items = ops_ + "/fleet/" + aircraft_ + "/maintenance-items";
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"category", "inspection"}, {"interval", {{"days", 30}}}, {"last_done", {{"date", "2026-01-01"}}}},
       "title"},
      {{{"title", "X"},
        {"category", "oil"},
        {"interval", {{"days", 30}}},
        {"last_done", {{"date", "2026-01-01"}}}},
       "category"},
      {{{"title", "X"}, {"category", "inspection"}, {"interval", {{"days", 30}}}}, "last_done.date"},
      {{{"title", "X"}, {"category", "inspection"}, {"interval", nlohmann::json::object()}}, "interval"},
      {{{"title", "X"}, {"category", "inspection"}, {"interval", {{"hours", "ten"}}}}, "interval.hours"},
      {{{"title", "X"},
        {"category", "inspection"},
        {"interval", {{"hours", 50}, {"basis", "odometer"}}},
        {"last_done", {{"meter_hours", 10}}}},
       "interval.basis"},
      {{{"title", "X"}, {"category", "inspection"}, {"interval", {{"days", 30}, {"colour", 1}}}},
       "interval.colour"},
  };
  for (const auto& c : cases) {
    auto r = server_->console(owner_, "POST", items, c.body);
    EXPECT_EQ(r.status, 422) << c.body.dump() << r.body;
    EXPECT_EQ(r.json()["field"], c.field) << r.body;
  }
  auto created = createItem(aircraft_, 1050.0);
  std::string item = items + "/" + created["id"].get<std::string>();
  auto patched = server_->console(owner_, "PATCH", item, {{"title", "50 h check"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["title"], "50 h check");
  EXPECT_EQ(server_->console(owner_, "GET", items).json()["data"].size(), 1u);
  auto board = server_->console(owner_, "GET", ops_ + "/maintenance/board");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.json()["data"][0]["items"].size(), 1u);
  auto next = server_->console(owner_, "GET", ops_ + "/maintenance/next-due?limit=5");
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(next.json()["data"][0]["registration"], "F-GMNT");

  // A member reads but may not write.
  auto& s = server_->app().services();
  auto member = s.identity.createUser("member@school-a.example", "Member", TestServer::kPassword);
  storage::IdentityRepository(server_->app().database().connection())
      .addMembership(org_, member.id, "member", "2026-01-01T00:00:00Z");
  auto session = server_->login("member@school-a.example", TestServer::kPassword);
  EXPECT_EQ(server_->console(session, "GET", items).status, 200);
  EXPECT_EQ(server_->console(session, "GET", ops_ + "/maintenance/board").status, 200);
  EXPECT_EQ(server_->console(session, "PATCH", item, {{"title", "x"}}).status, 403);
  EXPECT_EQ(server_->console(session, "DELETE", item).status, 403);

  EXPECT_EQ(server_->console(owner_, "DELETE", item).status, 204);
  EXPECT_EQ(server_->console(owner_, "GET", item).status, 404);
  EXPECT_EQ(server_->console(owner_, "GET", items).json()["data"].size(), 0u);
}

// A console meter correction crosses a due point like an approval does: one alert, then grounded.
TEST_F(MaintenanceTest, MeterCorrectionReassessesTheAircraft) {
  createItem(aircraft_, 1010.0);  // tach is 1000.0: 10 h remaining, threshold 1 h → ok
  ASSERT_EQ(alerts().size(), 0u);
  auto up = server_->console(owner_, "PATCH", ops_ + "/fleet/" + aircraft_, {{"tach_hours", 1009.5}});
  ASSERT_EQ(up.status, 200) << up.body;
  auto a1 = alerts();
  ASSERT_EQ(a1.size(), 1u);
  EXPECT_EQ(a1[0]["data"]["object"]["status"], "upcoming");
  EXPECT_EQ(a1[0]["data"]["object"]["registration"], "F-GMNT");
  clock_.advance(std::chrono::seconds(60));
  auto over = server_->console(owner_, "PATCH", ops_ + "/fleet/" + aircraft_, {{"tach_hours", 1010.0}});
  ASSERT_EQ(over.status, 200) << over.body;
  EXPECT_EQ(over.json()["airworthiness"], "not_airworthy")
      << "the PATCH answer shows the re-assessed aircraft";
  EXPECT_EQ(alerts().size(), 2u);
}

}  // namespace
}  // namespace gaflight::testing
