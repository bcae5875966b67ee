// Console API (SPEC §1, §2, §6): sessions, CSRF, roles, app lifecycle, validation, audit log.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "app/services.hpp"
#include "storage/identity_repository.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

std::string longJustification() { return "We display this data on the school's operations dashboard daily."; }

class ConsoleApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@club.example", "Club");
    apps_ = "/api/v1/console/orgs/" + org_ + "/apps";
  }
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, apps_;
};

TEST_F(ConsoleApiTest, LoginMeLogout) {
  auto bad = server_->client().request("POST", "/api/v1/console/login", {"Content-Type: application/json"},
                                       R"({"email":"owner@club.example","password":"wrong"})");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.json()["code"], "invalid_credentials");
  auto unknown =
      server_->client().request("POST", "/api/v1/console/login", {"Content-Type: application/json"},
                                R"({"email":"nobody@club.example","password":"wrong"})");
  EXPECT_EQ(unknown.json()["code"], "invalid_credentials")
      << "unknown email and wrong password look the same";

  auto login = server_->client().request(
      "POST", "/api/v1/console/login", {"Content-Type: application/json"},
      nlohmann::json{{"email", "OWNER@club.example"}, {"password", TestServer::kPassword}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  auto cookie = login.header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto j = login.json();
  EXPECT_FALSE(j["csrf_token"].get<std::string>().empty());
  ASSERT_EQ(j["orgs"].size(), 1u);
  EXPECT_EQ(j["orgs"][0]["role"], "owner");

  auto me = server_->client().get("/api/v1/console/me", {"Cookie: " + owner_.cookie});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["user"]["email"], "owner@club.example");
  EXPECT_EQ(me.json()["csrf_token"], owner_.csrf);

  EXPECT_EQ(server_->console(owner_, "POST", "/api/v1/console/logout").status, 204);
  auto after = server_->client().get("/api/v1/console/me", {"Cookie: " + owner_.cookie});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.json()["code"], "not_logged_in");
}

// Issue 11 defect 6: behind TLS the session cookie is Secure and __Host- prefixed, and only that
// name is read (a plain `gaf_session` could be planted over HTTP or by a sibling subdomain).
TEST(ConsoleSecureCookie, BehindTlsTheCookieIsSecureAndHostPrefixed) {
  TestServer server([](config::Config& c) { c.secure_cookies = true; });
  auto [owner, org] = server.createOwnerWithOrg("tls@club.example", "Tls");
  auto login = server.client().request(
      "POST", "/api/v1/console/login", {"Content-Type: application/json"},
      nlohmann::json{{"email", "tls@club.example"}, {"password", TestServer::kPassword}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  auto cookie = login.header("set-cookie");
  EXPECT_EQ(cookie.rfind("__Host-gaf_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/;"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos) << cookie;

  ASSERT_EQ(owner.cookie.rfind("__Host-gaf_session=", 0), 0u);
  EXPECT_EQ(server.client().get("/api/v1/console/me", {"Cookie: " + owner.cookie}).status, 200);
  std::string token = owner.cookie.substr(owner.cookie.find('=') + 1);
  EXPECT_EQ(server.client().get("/api/v1/console/me", {"Cookie: gaf_session=" + token}).status, 401)
      << "the unprefixed name is not read when cookies are secure";
  auto logout = server.console(owner, "POST", "/api/v1/console/logout");
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(logout.header("set-cookie").rfind("__Host-gaf_session=;", 0), 0u) << logout.header("set-cookie");
  EXPECT_EQ(server.client().get("/api/v1/console/me", {"Cookie: " + owner.cookie}).status, 401);
}

TEST_F(ConsoleApiTest, WithoutTlsTheCookieIsPlainGafSession) {
  EXPECT_EQ(owner_.cookie.rfind("gaf_session=", 0), 0u);
  auto login = server_->client().request(
      "POST", "/api/v1/console/login", {"Content-Type: application/json"},
      nlohmann::json{{"email", "owner@club.example"}, {"password", TestServer::kPassword}}.dump());
  EXPECT_EQ(login.header("set-cookie").find("Secure"), std::string::npos);
}

TEST_F(ConsoleApiTest, FailedLoginsAreThrottled) {
  HttpResult r;
  for (int i = 0; i < 6; ++i) {
    r = server_->client().request("POST", "/api/v1/console/login", {"Content-Type: application/json"},
                                  R"({"email":"owner@club.example","password":"nope"})");
  }
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.json()["code"], "login_throttled");
  EXPECT_FALSE(r.header("retry-after").empty());
}

HttpResult loginFrom(TestServer& server, const std::string& password, const std::string& forwarded_for) {
  return server.client().request(
      "POST", "/api/v1/console/login",
      {"Content-Type: application/json", "X-Forwarded-For: " + forwarded_for},
      nlohmann::json{{"email", "owner@club.example"}, {"password", password}}.dump());
}

// Issue 11 defect 5: without a configured trusted proxy, X-Forwarded-For is the client's own claim
// and must not choose the throttling key (else an attacker gets five guesses per made-up address).
TEST_F(ConsoleApiTest, ForwardedForIsIgnoredWithoutATrustedProxy) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(loginFrom(*server_, "nope", "203.0.113." + std::to_string(i)).status, 401);
  }
  auto r = loginFrom(*server_, "nope", "203.0.113.99");
  EXPECT_EQ(r.status, 429) << "all came from 127.0.0.1 whatever they claimed";
  EXPECT_EQ(r.json()["code"], "login_throttled");
}

// Behind a trusted proxy, its X-Forwarded-For keys the lockout: locked out from one address, the
// owner still logs in from another.
TEST(ConsoleLoginThrottle, TrustedProxyForwardedAddressKeysTheLockout) {
  TestServer server([](config::Config& c) { c.trusted_proxy = "127.0.0.1"; });
  server.createOwnerWithOrg("owner@club.example", "Club");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(loginFrom(server, "nope", "198.51.100." + std::to_string(i) + ", 203.0.113.1").status, 401);
  }
  EXPECT_EQ(loginFrom(server, TestServer::kPassword, "203.0.113.1").status, 429)
      << "the attacker's address is locked out for this account";
  EXPECT_EQ(loginFrom(server, "nope", "203.0.113.2, 203.0.113.1").status, 429)
      << "an entry the client prepends is not believed: the proxy's (last) entry is";
  auto owner = loginFrom(server, TestServer::kPassword, "198.51.100.200");
  EXPECT_EQ(owner.status, 200) << "the owner, from another address, is not locked out: " << owner.body;
}

// Issue 11 defect 5, as reported: 32 parallel bad logins got 8 password checks against a limit of 5.
TEST_F(ConsoleApiTest, ParallelBadLoginsGetNoMoreChecksThanTheLimit) {
  std::atomic<int> checked{0}, throttled{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      auto r = loginFrom(*server_, "nope", "203.0.113.1");
      if (r.status == 401) ++checked;
      if (r.status == 429) ++throttled;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(checked.load(), 5) << "password checks (401) beyond the limit of 5";
  EXPECT_EQ(throttled.load(), 27);
}

TEST_F(ConsoleApiTest, StateChangesNeedTheCsrfToken) {
  nlohmann::json body = {
      {"name", "X"},
      {"description", ""},
      {"required_scopes", {{{"scope", "public.pilots:read"}, {"justification", longJustification()}}}}};
  auto no_token = server_->client().request(
      "POST", apps_, {"Cookie: " + owner_.cookie, "Content-Type: application/json"}, body.dump());
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(no_token.json()["code"], "csrf_failed");
  auto wrong = server_->client().request(
      "POST", apps_, {"Cookie: " + owner_.cookie, "X-CSRF-Token: forged", "Content-Type: application/json"},
      body.dump());
  EXPECT_EQ(wrong.json()["code"], "csrf_failed");
  auto cross_site =
      server_->client().request("POST", apps_,
                                {"Cookie: " + owner_.cookie, "X-CSRF-Token: " + owner_.csrf,
                                 "Origin: https://evil.example", "Content-Type: application/json"},
                                body.dump());
  EXPECT_EQ(cross_site.json()["code"], "csrf_failed");
  auto listed = server_->console(owner_, "GET", apps_);
  EXPECT_EQ(listed.json()["data"].size(), 0u) << "nothing was created by the refused requests";
  EXPECT_EQ(server_->console(owner_, "POST", apps_, body).status, 201);
}

TEST_F(ConsoleApiTest, JustificationsNeedFortyCharactersAndNameTheScope) {
  std::string j39(39, 'x');
  auto r = server_->console(owner_, "POST", apps_,
                            {{"name", "Short"},
                             {"required_scopes",
                              {{{"scope", "public.pilots:read"}, {"justification", longJustification()}},
                               {{"scope", "public.flights:read"}, {"justification", "   " + j39 + "   "}}}}});
  EXPECT_EQ(r.status, 422) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["code"], "validation_failed");
  EXPECT_EQ(j["scope"], "public.flights:read");
  EXPECT_EQ(j["field"], "required_scopes[1].justification");
  EXPECT_NE(j["detail"].get<std::string>().find("public.flights:read"), std::string::npos);
  auto unknown = server_->console(
      owner_, "POST", apps_,
      {{"name", "X"},
       {"required_scopes", {{{"scope", "admin:all"}, {"justification", longJustification()}}}}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.json()["field"], "required_scopes[0].scope");
  std::string j40(40, 'y');
  EXPECT_EQ(server_
                ->console(owner_, "POST", apps_,
                          {{"name", "Ok"},
                           {"required_scopes", {{{"scope", "public.fleet:read"}, {"justification", j40}}}}})
                .status,
            201);
}

TEST_F(ConsoleApiTest, AppLifecycleAndRevocationCascade) {
  auto created = server_->console(
      owner_, "POST", apps_,
      {{"name", "Dash"},
       {"required_scopes", {{{"scope", "public.pilots:read"}, {"justification", longJustification()}}}}});
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(created.json()["status"], "draft");
  std::string app = apps_ + "/" + created.json()["id"].get<std::string>();
  auto draft_mint = server_->console(owner_, "POST", app + "/keys", {{"name", "k"}});
  EXPECT_EQ(draft_mint.status, 409) << "a draft cannot mint keys";
  ASSERT_EQ(server_->console(owner_, "POST", app + "/activate").status, 200);
  EXPECT_EQ(server_->console(owner_, "POST", app + "/activate").status, 409);
  auto patched = server_->console(owner_, "PATCH", app, {{"description", "new words"}});
  EXPECT_EQ(patched.json()["status"], "active") << "updating metadata keeps an active app active";
  auto k1 = server_->console(owner_, "POST", app + "/keys", {{"name", "one"}});
  auto k2 = server_->console(owner_, "POST", app + "/keys", {{"name", "two"}});
  ASSERT_EQ(k1.status, 201);
  EXPECT_EQ(k1.json()["token"].get<std::string>().rfind("gaf_pk_", 0), 0u);
  EXPECT_GE(k1.json()["token"].get<std::string>().size(), 7u + 43u);
  auto listed = server_->console(owner_, "GET", app + "/keys").json();
  ASSERT_EQ(listed["data"].size(), 2u);
  EXPECT_FALSE(listed["data"][0].contains("token")) << "the token is shown exactly once";

  auto [owner_b, org_b] = server_->createOwnerWithOrg("b@club.example", "B");
  auto inst =
      server_->console(owner_b, "POST", "/api/v1/console/orgs/" + org_b + "/installations",
                       {{"app_id", created.json()["id"]}, {"granted_scopes", {"public.pilots:read"}}});
  ASSERT_EQ(inst.status, 201) << inst.body;

  auto revoked = server_->console(owner_, "POST", app + "/revoke");
  ASSERT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.json()["status"], "revoked");
  auto keys_body = server_->console(owner_, "GET", app + "/keys").json();
  for (const auto& k : keys_body["data"]) EXPECT_EQ(k["status"], "revoked");
  auto insts = server_->console(owner_b, "GET", "/api/v1/console/orgs/" + org_b + "/installations").json();
  EXPECT_EQ(insts["data"][0]["status"], "uninstalled");
  EXPECT_EQ(server_->console(owner_, "POST", app + "/activate").status, 409) << "revocation is permanent";

  auto audit =
      server_->console(owner_, "GET", "/api/v1/console/orgs/" + org_ + "/audit-log?limit=200").json();
  std::vector<std::string> actions;
  for (const auto& e : audit["data"]) actions.push_back(e["action"]);
  for (const char* expected : {"app.created", "app.activated", "app.updated", "key.minted", "app.revoked"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), expected), actions.end()) << expected;
  }
  EXPECT_EQ(audit["data"][0]["action"], "app.revoked") << "newest first";
  EXPECT_EQ(audit["data"][0]["details"]["keys_revoked"], 2);
  EXPECT_FALSE(audit["data"][0]["request_id"].get<std::string>().empty());
}

TEST_F(ConsoleApiTest, InstallersCanReadAnActiveAppsJustificationsBeforeInstalling) {
  auto created = server_->console(
      owner_, "POST", apps_,
      {{"name", "Logbook sync"},
       {"required_scopes", {{{"scope", "public.flights:read"}, {"justification", longJustification()}}}}});
  ASSERT_EQ(created.status, 201);
  std::string id = created.json()["id"];
  auto [other, other_org] = server_->createOwnerWithOrg("installer@club.example", "Installer");
  EXPECT_EQ(server_->console(other, "GET", "/api/v1/console/apps/" + id).status, 404)
      << "a draft is not published";
  ASSERT_EQ(server_->console(owner_, "POST", apps_ + "/" + id + "/activate").status, 200);
  auto seen = server_->console(other, "GET", "/api/v1/console/apps/" + id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["name"], "Logbook sync");
  EXPECT_EQ(seen.json()["required_scopes"][0]["justification"], longJustification());
  EXPECT_EQ(server_->client().get("/api/v1/console/apps/" + id).status, 401) << "logged-in users only";
  EXPECT_EQ(server_->console(other, "GET", "/api/v1/console/apps/app_01HGJEGEKGJR51HHPNHY9H3V5X").status,
            404);
}

TEST_F(ConsoleApiTest, RolesLimitWhatMembersCanDo) {
  auto& s = server_->app().services();
  auto member = s.identity.createUser("member@club.example", "Member", TestServer::kPassword);
  storage::IdentityRepository(server_->app().database().connection())
      .addMembership(org_, member.id, "member", "2026-01-01T00:00:00Z");
  auto session = server_->login("member@club.example", TestServer::kPassword);
  auto apps = server_->console(session, "GET", apps_);
  EXPECT_EQ(apps.status, 403);
  EXPECT_EQ(apps.json()["code"], "forbidden");
  EXPECT_EQ(server_->console(session, "GET", "/api/v1/console/orgs/" + org_ + "/pilots").status, 200);
  EXPECT_EQ(server_
                ->console(session, "POST", "/api/v1/console/orgs/" + org_ + "/pilots",
                          {{"first_name", "A"}, {"last_name", "B"}})
                .status,
            403);
  // Not a member at all: the organisation is invisible.
  auto [other, other_org] = server_->createOwnerWithOrg("other@club.example", "Other");
  EXPECT_EQ(server_->console(other, "GET", apps_).status, 404);
}

TEST_F(ConsoleApiTest, CreatedOrganisationMakesTheCreatorOwner) {
  auto r = server_->console(
      owner_, "POST", "/api/v1/console/orgs",
      {{"name", "Aéro-club du Nord"}, {"time_zone", "Europe/Paris"}, {"country", "FR"}, {"currency", "EUR"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  EXPECT_EQ(id.size(), 36u);
  auto me = server_->console(owner_, "GET", "/api/v1/console/me").json();
  EXPECT_EQ(me["orgs"].size(), 2u);
  auto bad = server_->console(
      owner_, "POST", "/api/v1/console/orgs",
      {{"name", "X"}, {"time_zone", "Europe/Paris"}, {"country", "France"}, {"currency", "EUR"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["field"], "country");
}

TEST_F(ConsoleApiTest, BodiesAreValidatedFieldByField) {
  auto pilots = "/api/v1/console/orgs/" + org_ + "/pilots";
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"first_name", 5}, {"last_name", "B"}}, "first_name"},
      {{{"first_name", "A"}, {"last_name", "B"}, {"email", "not-an-email"}}, "email"},
      {{{"first_name", "A"}, {"last_name", "B"}, {"roles", {"pilot-in-chief"}}}, "roles"},
      {{{"first_name", "A"}, {"last_name", "B"}, {"medical", {{"class", "class_9"}}}}, "medical.class"},
      {{{"first_name", "A"}, {"last_name", "B"}, {"home_base", "Paris"}}, "home_base"},
      {{{"first_name", "A"}, {"last_name", "B"}, {"nickname", "Ace"}}, "nickname"},
  };
  for (const auto& c : cases) {
    auto r = server_->console(owner_, "POST", pilots, c.body);
    EXPECT_EQ(r.status, 422) << c.body.dump() << " " << r.body;
    EXPECT_EQ(r.json()["field"], c.field) << r.body;
  }
  auto not_json = server_->client().request(
      "POST", pilots,
      {"Cookie: " + owner_.cookie, "X-CSRF-Token: " + owner_.csrf, "Content-Type: application/json"},
      "{nope");
  EXPECT_EQ(not_json.json()["code"], "invalid_json");
  auto wrong_type = server_->client().request(
      "POST", pilots,
      {"Cookie: " + owner_.cookie, "X-CSRF-Token: " + owner_.csrf, "Content-Type: text/plain"}, "{}");
  EXPECT_EQ(wrong_type.status, 415);
}

TEST_F(ConsoleApiTest, FlightApprovalQueue) {
  auto ops = "/api/v1/console/orgs/" + org_;
  auto instr =
      server_->console(owner_, "POST", ops + "/pilots",
                       {{"first_name", "Ivy"}, {"last_name", "Instructor"}, {"roles", {"instructor"}}});
  auto student =
      server_->console(owner_, "POST", ops + "/pilots", {{"first_name", "Sam"}, {"last_name", "Student"}});
  auto ac = server_->console(owner_, "POST", ops + "/fleet",
                             {{"registration", "F-HABC"},
                              {"icao_type", "DA40"},
                              {"make", "Diamond"},
                              {"model", "DA40 NG"},
                              {"seats", 4}});
  ASSERT_EQ(ac.status, 201) << ac.body;
  nlohmann::json flight = {{"date", "2026-06-01"},
                           {"aircraft_id", ac.json()["id"]},
                           {"pilot_id", student.json()["id"]},
                           {"purpose", "dual_training"},
                           {"departure_icao", "LFPN"},
                           {"arrival_icao", "LFOB"},
                           {"off_block_at", "2026-06-01T08:00:00Z"},
                           {"takeoff_at", "2026-06-01T08:12:00Z"},
                           {"landing_at", "2026-06-01T09:02:00Z"},
                           {"on_block_at", "2026-06-01T09:10:00Z"},
                           {"hobbs_start_hours", 10.0},
                           {"hobbs_end_hours", 11.2},
                           {"tach_start_hours", 8.0},
                           {"tach_end_hours", 9.0}};
  auto no_instructor = server_->console(owner_, "POST", ops + "/flights", flight);
  EXPECT_EQ(no_instructor.status, 422);
  EXPECT_EQ(no_instructor.json()["field"], "instructor_id");
  flight["instructor_id"] = student.json()["id"];
  EXPECT_EQ(server_->console(owner_, "POST", ops + "/flights", flight).json()["field"], "instructor_id");
  flight["instructor_id"] = instr.json()["id"];
  auto bad_order = flight;
  bad_order["landing_at"] = "2026-06-01T08:05:00Z";
  EXPECT_EQ(server_->console(owner_, "POST", ops + "/flights", bad_order).json()["field"], "landing_at");
  auto created = server_->console(owner_, "POST", ops + "/flights", flight);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["status"], "submitted");
  std::string id = created.json()["id"];
  auto queue = server_->console(owner_, "GET", ops + "/flights?status=submitted").json();
  EXPECT_EQ(queue["data"].size(), 1u);
  EXPECT_EQ(server_->console(owner_, "POST", ops + "/flights/" + id + "/reject", {{"reason", ""}}).status,
            422);
  auto approved = server_->console(owner_, "POST", ops + "/flights/" + id + "/approve");
  ASSERT_EQ(approved.status, 200);
  EXPECT_EQ(approved.json()["status"], "approved");
  EXPECT_EQ(server_->console(owner_, "POST", ops + "/flights/" + id + "/approve").status, 409);
  EXPECT_EQ(server_->console(owner_, "POST", ops + "/flights/" + id + "/reject", {{"reason", "late"}}).status,
            409);
  auto plane = server_->console(owner_, "GET", ops + "/fleet/" + ac.json()["id"].get<std::string>()).json();
  EXPECT_DOUBLE_EQ(plane["hobbs_hours"].get<double>(), 11.2);

  // The overview chart counts the flight's 70 block minutes in the week of 2026-06-01 (a Monday).
  auto stats = server_->console(owner_, "GET", ops + "/stats/weekly-flight-hours?weeks=52");
  ASSERT_EQ(stats.status, 200) << stats.body;
  auto weeks = stats.json()["week_starts"];
  ASSERT_EQ(weeks.size(), 52u);
  ASSERT_EQ(stats.json()["aircraft"].size(), 1u);
  auto row = stats.json()["aircraft"][0];
  EXPECT_EQ(row["registration"], "F-HABC");
  EXPECT_EQ(row["total_block_min"], 70);
  for (size_t i = 0; i < weeks.size(); ++i) {
    EXPECT_EQ(row["block_min"][i], weeks[i] == "2026-06-01" ? 70 : 0) << weeks[i];
  }
  auto bad = server_->console(owner_, "GET", ops + "/stats/weekly-flight-hours?weeks=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["code"], "invalid_parameter");
  auto [other, other_org] = server_->createOwnerWithOrg("other@club.example", "Other club");
  EXPECT_EQ(server_->console(other, "GET", ops + "/stats/weekly-flight-hours").status, 404);
}

}  // namespace
}  // namespace gaflight::testing
