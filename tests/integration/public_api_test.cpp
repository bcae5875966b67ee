// The public API's contract (SPEC §3) against the real server: auth matrix, tenancy, scopes,
// pagination, filters, rate limits and cache invalidation.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "app/services.hpp"
#include "storage/sql.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

const std::vector<std::string> kOpsScopes = {"public.pilots:read", "public.flights:read",
                                             "public.fleet:read"};

class PublicApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) = createActiveAppWithKey(*server_, owner_, org_, kOpsScopes);
    seedPilots(7);
  }

  void seedPilots(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = server_->console(owner_, "POST", "/api/v1/console/orgs/" + org_ + "/pilots",
                                {{"first_name", "Pilot" + std::to_string(i)},
                                 {"last_name", "Test"},
                                 {"roles", {i == 0 ? "instructor" : "student"}},
                                 {"email", "p" + std::to_string(i) + "@x.example"}});
      ASSERT_EQ(r.status, 201) << r.body;
      pilot_ids_.push_back(r.json()["id"]);
    }
  }

  HttpResult pub(const std::string& path, const std::string& token, const std::string& org) {
    return server_->client().get("/api/v1/public" + path, publicHeaders(token, org));
  }
  HttpResult pub(const std::string& path) { return pub(path, token_, org_); }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_;
  std::vector<std::string> pilot_ids_;
};

void expectProblem(const HttpResult& r, long status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j["code"], code) << r.body;
  EXPECT_EQ(j["status"], status);
  EXPECT_TRUE(j["title"].is_string());
  EXPECT_TRUE(j["detail"].is_string());
  EXPECT_TRUE(j["type"].is_string());
  EXPECT_EQ(j["request_id"], r.header("x-request-id"));
}

TEST_F(PublicApiTest, ListsWithTwoHeadersAndCarriesRateLimitHeaders) {
  auto r = pub("/pilots");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["data"].size(), 7u);
  EXPECT_TRUE(j["cursor"].is_null());
  EXPECT_FALSE(r.header("x-request-id").empty());
  EXPECT_EQ(r.header("ratelimit-limit"), "1000");
  EXPECT_FALSE(r.header("ratelimit-remaining").empty());
  EXPECT_FALSE(r.header("ratelimit-reset").empty());
  const auto& p = j["data"][0];
  for (const char* field : {"id", "first_name", "last_name", "roles", "status", "created_at", "updated_at"}) {
    EXPECT_TRUE(p.contains(field)) << field;
  }
  EXPECT_EQ(p["id"].get<std::string>().rfind("plt_", 0), 0u);
}

TEST_F(PublicApiTest, AuthenticationErrorsFollowTheTable) {
  auto none = server_->client().get("/api/v1/public/pilots", {"X-Org-Id: " + org_});
  expectProblem(none, 401, "unauthenticated");
  EXPECT_NE(none.header("www-authenticate").find("Bearer"), std::string::npos);
  for (const std::string& bad : std::vector<std::string>{"Basic dXNlcjpwYXNz", "Bearer", "Bearer ",
                                                         "Bearer not-a-key", "Token " + token_}) {
    auto r = server_->client().get("/api/v1/public/pilots", {"Authorization: " + bad, "X-Org-Id: " + org_});
    expectProblem(r, 401, "unauthenticated");
  }
  auto unknown = pub("/pilots", "gaf_pk_" + std::string(43, 'A'), org_);
  expectProblem(unknown, 401, "invalid_api_key");
  EXPECT_NE(unknown.header("www-authenticate").find("invalid_token"), std::string::npos);
  auto two = server_->client().get(
      "/api/v1/public/pilots",
      {"Authorization: Bearer " + token_, "Authorization: Bearer " + token_, "X-Org-Id: " + org_});
  expectProblem(two, 401, "unauthenticated");
}

TEST_F(PublicApiTest, OrgHeaderIsValidatedAndTenantsAreIsolated) {
  expectProblem(server_->client().get("/api/v1/public/pilots", {"Authorization: Bearer " + token_}), 400,
                "invalid_org_id");
  expectProblem(pub("/pilots", token_, "not-a-uuid"), 400, "invalid_org_id");
  std::string upper = org_;
  for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  expectProblem(pub("/pilots", token_, upper), 400, "invalid_org_id");
  // An organisation that exists but has not installed the app, and one that does not exist.
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-b.example", "School B");
  expectProblem(pub("/pilots", token_, org_b), 403, "org_not_authorized");
  expectProblem(pub("/pilots", token_, "00000000-0000-4000-8000-000000000000"), 403, "org_not_authorized");
  // Org B's own data is never visible through org A's key, even by id.
  auto rb = server_->console(owner_b, "POST", "/api/v1/console/orgs/" + org_b + "/pilots",
                             {{"first_name", "Bea"}, {"last_name", "B"}});
  ASSERT_EQ(rb.status, 201);
  expectProblem(pub("/pilots/" + rb.json()["id"].get<std::string>()), 404, "not_found");
}

TEST_F(PublicApiTest, InstallationGrantsOnlyChosenScopesAndUninstallCutsAccess) {
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-c.example", "School C");
  auto inst = server_->console(owner_b, "POST", "/api/v1/console/orgs/" + org_b + "/installations",
                               {{"app_id", app_id_}, {"granted_scopes", {"public.pilots:read"}}});
  ASSERT_EQ(inst.status, 201) << inst.body;
  EXPECT_EQ(pub("/pilots", token_, org_b).status, 200);
  auto flights = pub("/flights", token_, org_b);
  expectProblem(flights, 403, "insufficient_scope");
  EXPECT_EQ(flights.json()["required_scope"], "public.flights:read");
  auto del = server_->console(
      owner_b, "DELETE",
      "/api/v1/console/orgs/" + org_b + "/installations/" + inst.json()["id"].get<std::string>());
  ASSERT_EQ(del.status, 200) << del.body;
  expectProblem(pub("/pilots", token_, org_b), 403, "org_not_authorized");
}

TEST_F(PublicApiTest, MissingScopeIsForbiddenAndNamesTheScope) {
  auto [app2, token2] = createActiveAppWithKey(*server_, owner_, org_, {"public.pilots:read"});
  EXPECT_EQ(pub("/pilots", token2, org_).status, 200);
  for (const std::string path : {"/flights", "/fleet", "/fleet/acft_01HGJEGEKGJR51HHPNHY9H3V5X"}) {
    auto r = pub(path, token2, org_);
    expectProblem(r, 403, "insufficient_scope");
    EXPECT_FALSE(r.json()["required_scope"].get<std::string>().empty());
  }
}

TEST_F(PublicApiTest, RevokedKeyAndRevokedAppAreRejectedImmediately) {
  auto base = "/api/v1/console/orgs/" + org_ + "/apps/" + app_id_;
  auto k2 = server_->console(owner_, "POST", base + "/keys", {{"name", "second"}});
  ASSERT_EQ(k2.status, 201);
  std::string token2 = k2.json()["token"];
  ASSERT_EQ(pub("/pilots", token2, org_).status, 200);  // now cached
  auto revoke = server_->console(owner_, "DELETE", base + "/keys/" + k2.json()["id"].get<std::string>());
  ASSERT_EQ(revoke.status, 200) << revoke.body;
  expectProblem(pub("/pilots", token2, org_), 401, "invalid_api_key");
  EXPECT_EQ(pub("/pilots").status, 200) << "revoking one key leaves the others";
  ASSERT_EQ(server_->console(owner_, "POST", base + "/revoke").status, 200);
  expectProblem(pub("/pilots"), 401, "invalid_api_key");
  auto keys = server_->console(owner_, "GET", base + "/keys");
  auto keys_body = keys.json();
  for (const auto& k : keys_body["data"]) EXPECT_EQ(k["status"], "revoked");
}

TEST_F(PublicApiTest, ExpiredKeyIsRejected) {
  auto base = "/api/v1/console/orgs/" + org_ + "/apps/" + app_id_;
  auto expires = timefmt::formatInstant(clock_.now() + std::chrono::hours(1));
  auto k = server_->console(owner_, "POST", base + "/keys", {{"name", "short"}, {"expires_at", expires}});
  ASSERT_EQ(k.status, 201) << k.body;
  std::string token = k.json()["token"];
  EXPECT_EQ(pub("/pilots", token, org_).status, 200);
  clock_.advance(std::chrono::hours(2));
  expectProblem(pub("/pilots", token, org_), 401, "invalid_api_key");
  auto past = server_->console(owner_, "POST", base + "/keys",
                               {{"name", "past"}, {"expires_at", "2020-01-01T00:00:00Z"}});
  EXPECT_EQ(past.status, 422);
}

// The public list renders pilots straight from result rows; the console list builds a Pilot per row.
// Both walk the same pages (natural and change order) with byte-identical items.
TEST_F(PublicApiTest, RowRenderedPilotListMatchesTheConsoleListPageByPage) {
  for (const std::string& query :
       {std::string("limit=3"), std::string("limit=3&updated_since=2000-01-01T00:00:00Z")}) {
    std::string pub_cursor, console_cursor;
    size_t items = 0;
    for (int page = 0; page < 5; ++page) {
      auto pr = pub("/pilots?" + query + (pub_cursor.empty() ? "" : "&cursor=" + pub_cursor));
      auto cr = server_->console(owner_, "GET",
                                 "/api/v1/console/orgs/" + org_ + "/pilots?" + query +
                                     (console_cursor.empty() ? "" : "&cursor=" + console_cursor));
      ASSERT_EQ(pr.status, 200) << pr.body;
      ASSERT_EQ(cr.status, 200) << cr.body;
      auto pj = pr.json(), cj = cr.json();
      ASSERT_EQ(pj["data"], cj["data"]) << query << " page " << page;
      items += pj["data"].size();
      EXPECT_EQ(pj["cursor"].is_null(), cj["cursor"].is_null());
      if (pj["cursor"].is_null()) break;
      pub_cursor = pj["cursor"];
      console_cursor = cj["cursor"];
    }
    EXPECT_EQ(items, 7u) << query;
  }
}

TEST_F(PublicApiTest, CursorPaginationVisitsEveryRowOnceAndRejectsForgeries) {
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = pub("/pilots?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    for (const auto& p : j["data"]) EXPECT_TRUE(seen.insert(p["id"].get<std::string>()).second);
    cursor = j["cursor"].is_null() ? "" : j["cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 4);

  auto first = pub("/pilots?limit=2").json();
  std::string good = first["cursor"];
  std::string forged = good;
  forged[3] = forged[3] == 'A' ? 'B' : 'A';
  expectProblem(pub("/pilots?cursor=" + forged), 400, "invalid_parameter");
  expectProblem(pub("/pilots?cursor=garbage"), 400, "invalid_parameter");
  expectProblem(pub("/flights?cursor=" + good), 400, "invalid_parameter");  // another resource's cursor
  // Another organisation's cursor, replayed against this one.
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-d.example", "School D");
  auto [app_b, token_b] = createActiveAppWithKey(*server_, owner_b, org_b, kOpsScopes);
  for (int i = 0; i < 3; ++i) {
    server_->console(owner_b, "POST", "/api/v1/console/orgs/" + org_b + "/pilots",
                     {{"first_name", "B"}, {"last_name", "B"}});
  }
  std::string foreign = pub("/pilots?limit=1", token_b, org_b).json()["cursor"];
  expectProblem(pub("/pilots?cursor=" + foreign), 400, "invalid_parameter");
}

TEST_F(PublicApiTest, BadParametersAreRejected) {
  for (const std::string q :
       {"limit=0", "limit=201", "limit=-1", "limit=abc", "limit=99999999999999999999", "limit=", "unknown=1",
        "limit=5&limit=6", "updated_since=yesterday", "cursor="}) {
    expectProblem(pub("/pilots?" + q), 400, "invalid_parameter");
  }
  for (const std::string q : {"status=done", "from=2026-02-30", "to=20260101", "pilot_id=123",
                              "aircraft_id=plt_x", "from=2026-05-02&to=2026-05-01"}) {
    expectProblem(pub("/flights?" + q), 400, "invalid_parameter");
  }
  EXPECT_EQ(pub("/pilots?limit=200").status, 200);
  EXPECT_EQ(pub("/pilots?limit=1").status, 200);
  expectProblem(pub("/pilots/plt_doesnotexist"), 404, "not_found");
}

TEST_F(PublicApiTest, FlightFiltersAndUpdatedSince) {
  auto ops = "/api/v1/console/orgs/" + org_;
  auto ac = server_->console(owner_, "POST", ops + "/fleet",
                             {{"registration", "F-GTST"},
                              {"icao_type", "C172"},
                              {"make", "Cessna"},
                              {"model", "172S"},
                              {"seats", 4},
                              {"hobbs_hours", 1200.0},
                              {"tach_hours", 1000.0}});
  ASSERT_EQ(ac.status, 201) << ac.body;
  std::string aircraft = ac.json()["id"];
  auto submit = [&](const std::string& date, int hobbs_start) {
    std::string d = date;
    auto r = server_->console(owner_, "POST", ops + "/flights",
                              {{"date", d},
                               {"aircraft_id", aircraft},
                               {"pilot_id", pilot_ids_[1]},
                               {"instructor_id", pilot_ids_[0]},
                               {"purpose", "dual_training"},
                               {"departure_icao", "LFPN"},
                               {"arrival_icao", "LFPN"},
                               {"off_block_at", d + "T09:00:00Z"},
                               {"takeoff_at", d + "T09:10:00Z"},
                               {"landing_at", d + "T10:00:00Z"},
                               {"on_block_at", d + "T10:05:00Z"},
                               {"hobbs_start_hours", hobbs_start / 10.0},
                               {"hobbs_end_hours", (hobbs_start + 11) / 10.0},
                               {"tach_start_hours", 1000.0},
                               {"tach_end_hours", 1000.9}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  };
  auto f1 = submit("2026-01-10", 12000);
  auto f2 = submit("2026-02-10", 12011);
  auto f3 = submit("2026-03-10", 12022);
  EXPECT_EQ(f1["block_min"], 65);
  EXPECT_EQ(f1["air_min"], 50);
  ASSERT_EQ(
      server_->console(owner_, "POST", ops + "/flights/" + f2["id"].get<std::string>() + "/approve").status,
      200);

  auto all = pub("/flights").json()["data"];
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]["date"], "2026-03-10");  // newest first
  EXPECT_EQ(pub("/flights?status=approved").json()["data"].size(), 1u);
  EXPECT_EQ(pub("/flights?status=submitted").json()["data"].size(), 2u);
  auto range = pub("/flights?from=2026-02-10&to=2026-03-10").json()["data"];
  EXPECT_EQ(range.size(), 2u);
  EXPECT_EQ(pub("/flights?pilot_id=" + pilot_ids_[1]).json()["data"].size(), 3u);
  EXPECT_EQ(pub("/flights?pilot_id=" + pilot_ids_[2]).json()["data"].size(), 0u);
  EXPECT_EQ(pub("/flights?aircraft_id=" + aircraft + "&limit=1").json()["data"].size(), 1u);
  auto detail = pub("/flights/" + f2["id"].get<std::string>()).json();
  EXPECT_EQ(detail["status"], "approved");
  EXPECT_EQ(detail["reviewed_by"], owner_.user_id);
  // Approval moved the aircraft's hobbs forward; the public fleet view sees it at once (cache invalidated).
  EXPECT_DOUBLE_EQ(pub("/fleet/" + aircraft).json()["hobbs_hours"].get<double>(), 1202.2);
  auto future = timefmt::formatInstant(clock_.now() + std::chrono::hours(1));
  EXPECT_EQ(pub("/flights?updated_since=" + future).json()["data"].size(), 0u);
}

TEST_F(PublicApiTest, RateLimitAnswers429WithRetryAfter) {
  TestServer limited([](config::Config& c) { c.rate_limit = "1:3"; });
  auto [owner, org] = limited.createOwnerWithOrg("rl@x.example", "RL");
  auto [app, token] = createActiveAppWithKey(limited, owner, org, kOpsScopes);
  int ok = 0;
  HttpResult last;
  for (int i = 0; i < 6; ++i) {
    last = limited.client().get("/api/v1/public/pilots", publicHeaders(token, org));
    if (last.status == 200)
      ++ok;
    else
      break;
  }
  EXPECT_GE(ok, 3);
  EXPECT_LE(ok, 4);
  expectProblem(last, 429, "rate_limited");
  EXPECT_GE(std::stoi(last.header("retry-after")), 1);
  EXPECT_EQ(last.header("ratelimit-remaining"), "0");
}

TEST_F(PublicApiTest, DatabaseNeverHoldsTokensInPlaintext) {
  pub("/pilots");
  server_->app().database().connection().execScript("PRAGMA wal_checkpoint(FULL)");
  std::string bytes;
  for (const std::string suffix : {"", "-wal"}) {
    std::ifstream in(server_->dbPath() + suffix, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str();
  }
  ASSERT_GT(bytes.size(), 10000u);
  EXPECT_EQ(bytes.find(token_), std::string::npos);
  EXPECT_EQ(bytes.find(token_.substr(7)), std::string::npos);
  EXPECT_NE(bytes.find(token_.substr(0, 13)), std::string::npos) << "the display prefix is stored";
}

}  // namespace
}  // namespace gaflight::testing
