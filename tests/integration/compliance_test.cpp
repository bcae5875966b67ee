// Compliance records and computed currency against the real server: scopes, filters, pagination,
// tenancy, console writes (medical validity, pilot sync) and currency refreshed by flight approval.
#include <gtest/gtest.h>

#include <set>

#include <chrono>
#include <iostream>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "service/demo.hpp"
#include "storage/sql.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class ComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) = createActiveAppWithKey(*server_, owner_, org_, {"public.compliance:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
    pilot_ = createPilot(ops_, "Camille", "1990-05-20");
    auto ac = console("POST", ops_ + "/fleet",
                      {{"registration", "F-GABC"},
                       {"icao_type", "C172"},
                       {"make", "Cessna"},
                       {"model", "172"},
                       {"seats", 4}});
    ASSERT_EQ(ac.status, 201) << ac.body;
    aircraft_ = ac.json()["id"];
  }

  HttpResult console(const std::string& method, const std::string& path,
                     const nlohmann::json& body = nullptr) {
    return server_->console(owner_, method, path, body);
  }
  std::string createPilot(const std::string& ops, const std::string& name, const std::string& dob) {
    auto r =
        console("POST", ops + "/pilots",
                {{"first_name", name}, {"last_name", "Test"}, {"roles", {"member"}}, {"date_of_birth", dob}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  HttpResult pub(const std::string& path, const std::string& token, const std::string& org) {
    return server_->client().get("/api/v1/public" + path, publicHeaders(token, org));
  }
  HttpResult pub(const std::string& path) { return pub(path, token_, org_); }
  std::string dayOffset(int days) {
    return timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()) + int64_t{days} * 86400);
  }
  HttpResult addRecord(const nlohmann::json& body) { return console("POST", ops_ + "/compliance", body); }

  static nlohmann::json flightBody(const std::string& pilot, const std::string& aircraft,
                                   const std::string& date, int landings) {
    return {{"date", date},
            {"aircraft_id", aircraft},
            {"pilot_id", pilot},
            {"purpose", "rental"},
            {"departure_icao", "LFPN"},
            {"arrival_icao", "LFPN"},
            {"off_block_at", date + "T08:00:00Z"},
            {"takeoff_at", date + "T08:10:00Z"},
            {"landing_at", date + "T09:00:00Z"},
            {"on_block_at", date + "T09:05:00Z"},
            {"landings_day", landings},
            {"hobbs_start_hours", 10.0},
            {"hobbs_end_hours", 11.1},
            {"tach_start_hours", 8.0},
            {"tach_end_hours", 8.9}};
  }
  std::string submitAndApprove(const std::string& ops, const nlohmann::json& flight) {
    auto r = console("POST", ops + "/flights", flight);
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id = r.json()["id"];
    auto a = console("POST", ops + "/flights/" + id + "/approve");
    EXPECT_EQ(a.status, 200) << a.body;
    return id;
  }
  std::string submitAndApprove(const std::string& ops, const std::string& pilot, const std::string& aircraft,
                               const std::string& date, int landings) {
    return submitAndApprove(ops, flightBody(pilot, aircraft, date, landings));
  }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_, pilot_, aircraft_;
};

TEST_F(ComplianceTest, MedicalValidityIsComputedAndSyncedToThePilot) {
  // Born 1990-05-20, examined 2025-03-10 (age 34): EASA class 2 → 60 months.
  auto r = addRecord({{"pilot_id", pilot_},
                      {"type", "medical"},
                      {"code", "EASA-MED-CLASS2"},
                      {"issued_on", "2025-03-10"},
                      {"number", "MED-1"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto rec = r.json();
  EXPECT_EQ(rec["object"], "compliance_record");
  EXPECT_EQ(rec["valid_until"], "2030-03-10");
  EXPECT_EQ(rec["regime"], "easa");
  EXPECT_EQ(rec["subject"], "pilot");
  EXPECT_EQ(rec["aircraft_id"], nullptr);
  EXPECT_EQ(rec["details"]["computed"], true);
  EXPECT_EQ(rec["details"]["age_at_exam"], 34);
  auto pilot = console("GET", ops_ + "/pilots/" + pilot_).json();
  EXPECT_EQ(pilot["medical"]["class"], "class_2");
  EXPECT_EQ(pilot["medical"]["valid_until"], "2030-03-10");
  EXPECT_EQ(pilot["date_of_birth"], "1990-05-20");

  // A newer FAA third-class exam replaces the summary: end of the 60th month after the exam month.
  auto faa = addRecord(
      {{"pilot_id", pilot_}, {"type", "medical"}, {"code", "FAA-MED-3"}, {"issued_on", "2025-04-15"}});
  ASSERT_EQ(faa.status, 201) << faa.body;
  EXPECT_EQ(faa.json()["valid_until"], "2030-04-30");
  pilot = console("GET", ops_ + "/pilots/" + pilot_).json();
  EXPECT_EQ(pilot["medical"]["class"], "class_3");
  EXPECT_EQ(pilot["medical"]["valid_until"], "2030-04-30");

  // Deleting it falls back to the previous medical.
  EXPECT_EQ(console("DELETE", ops_ + "/compliance/" + faa.json()["id"].get<std::string>()).status, 204);
  EXPECT_EQ(console("GET", ops_ + "/pilots/" + pilot_).json()["medical"]["valid_until"], "2030-03-10");
}

TEST_F(ComplianceTest, PatchingAMedicalRecomputesItAndKeepsThePilotInSync) {
  auto r = addRecord(
      {{"pilot_id", pilot_}, {"type", "medical"}, {"code", "EASA-MED-CLASS2"}, {"issued_on", "2025-03-10"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  // Examined at 40 (born 1990-05-20): 24 months.
  auto upd = console("PATCH", ops_ + "/compliance/" + id, {{"issued_on", "2030-06-01"}});
  ASSERT_EQ(upd.status, 200) << upd.body;
  EXPECT_EQ(upd.json()["valid_until"], "2032-06-01");
  EXPECT_EQ(upd.json()["details"]["age_at_exam"], 40);
  EXPECT_EQ(console("GET", ops_ + "/pilots/" + pilot_).json()["medical"]["valid_until"], "2032-06-01");
  // A valid_until given by the client wins.
  auto manual = console("PATCH", ops_ + "/compliance/" + id, {{"valid_until", "2031-01-31"}});
  ASSERT_EQ(manual.status, 200) << manual.body;
  EXPECT_EQ(manual.json()["valid_until"], "2031-01-31");
  EXPECT_EQ(manual.json()["details"]["computed"], false);
  EXPECT_EQ(console("GET", ops_ + "/pilots/" + pilot_).json()["medical"]["valid_until"], "2031-01-31");
  // Type and subject are fixed.
  EXPECT_EQ(console("PATCH", ops_ + "/compliance/" + id, {{"type", "licence"}}).status, 422);
  // updated_since filters on the last change.
  auto later = timefmt::formatInstant(clock_.now() + std::chrono::seconds(5));
  EXPECT_TRUE(pub("/compliance?updated_since=" + later).json()["data"].empty());
  EXPECT_EQ(pub("/compliance?updated_since=2020-01-01T00:00:00Z").json()["data"].size(), 1u);
}

TEST_F(ComplianceTest, InstructorsGetTimeButNotLandings) {
  auto instructor = console("POST", ops_ + "/pilots",
                            {{"first_name", "Ines"}, {"last_name", "Instr"}, {"roles", {"instructor"}}});
  ASSERT_EQ(instructor.status, 201);
  std::string instr = instructor.json()["id"];
  auto f = flightBody(pilot_, aircraft_, dayOffset(-1), 4);
  f["instructor_id"] = instr;
  f["purpose"] = "dual_training";
  submitAndApprove(ops_, f);
  auto statusFor = [&](const std::string& pilot) {
    auto j = pub("/compliance?type=currency&pilot_id=" + pilot).json();
    for (const auto& r : j["data"]) {
      if (r["rule"] == "EASA_FCL060_B1_PAX") return r["status"].get<std::string>();
    }
    return std::string("missing");
  };
  EXPECT_EQ(statusFor(pilot_), "valid");
  EXPECT_EQ(statusFor(instr), "expired");
}

TEST_F(ComplianceTest, ConsoleValidatesInput) {
  auto field = [&](const nlohmann::json& body) {
    auto r = addRecord(body);
    EXPECT_EQ(r.status, 422) << r.body;
    return r.json().value("field", std::string());
  };
  EXPECT_EQ(field({{"type", "medical"}, {"code", "X"}}), "pilot_id");
  EXPECT_EQ(field({{"pilot_id", pilot_}, {"aircraft_id", aircraft_}, {"type", "medical"}, {"code", "X"}}),
            "pilot_id");
  EXPECT_EQ(field({{"aircraft_id", aircraft_}, {"type", "medical"}, {"code", "X"}}), "type");
  EXPECT_EQ(field({{"pilot_id", pilot_}, {"type", "arc"}, {"code", "ARC"}}), "type");
  EXPECT_EQ(field({{"pilot_id", pilot_}, {"type", "currency"}, {"code", "EASA_FCL060_B1_PAX"}}), "type");
  EXPECT_EQ(
      field({{"pilot_id", pilot_}, {"type", "medical"}, {"code", "CLASS9"}, {"issued_on", "2025-01-01"}}),
      "code");
  EXPECT_EQ(field({{"pilot_id", pilot_}, {"type", "medical"}, {"code", "FAA-MED-1"}}), "issued_on");
  EXPECT_EQ(field({{"aircraft_id", aircraft_},
                   {"type", "insurance"},
                   {"code", "HULL"},
                   {"valid_until", "2026-13-01"}}),
            "valid_until");
  EXPECT_EQ(field({{"aircraft_id", "acft_nope"}, {"type", "insurance"}, {"code", "HULL"}}), "aircraft_id");
  EXPECT_EQ(field({{"aircraft_id", aircraft_}, {"type", "insurance"}, {"code", "HULL"}, {"colour", "red"}}),
            "colour");
  // A medical for a pilot without date of birth needs valid_until.
  auto nodob = console("POST", ops_ + "/pilots", {{"first_name", "No"}, {"last_name", "Dob"}}).json()["id"];
  EXPECT_EQ(
      field(
          {{"pilot_id", nodob}, {"type", "medical"}, {"code", "EASA-MED-LAPL"}, {"issued_on", "2025-01-01"}}),
      "valid_until");
  EXPECT_EQ(addRecord({{"pilot_id", nodob},
                       {"type", "medical"},
                       {"code", "EASA-MED-LAPL"},
                       {"issued_on", "2025-01-01"},
                       {"valid_until", "2027-01-01"}})
                .status,
            201);
  // Bad dates of birth are refused on the pilot.
  auto bad = console("PATCH", ops_ + "/pilots/" + pilot_, {{"date_of_birth", "1990-02-30"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["field"], "date_of_birth");
}

TEST_F(ComplianceTest, PublicListNeedsScopeFiltersAndPaginates) {
  // Aircraft documents: one expired, one expiring (today + 30, inclusive), three valid.
  ASSERT_EQ(addRecord({{"aircraft_id", aircraft_},
                       {"type", "insurance"},
                       {"code", "HULL"},
                       {"valid_until", dayOffset(-1)}})
                .status,
            201);
  ASSERT_EQ(
      addRecord(
          {{"aircraft_id", aircraft_}, {"type", "arc"}, {"code", "ARC"}, {"valid_until", dayOffset(30)}})
          .status,
      201);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(addRecord({{"aircraft_id", aircraft_},
                         {"type", "registration"},
                         {"code", "CRS-" + std::to_string(i)},
                         {"valid_until", dayOffset(31 + i)}})
                  .status,
              201);
  }
  auto medical = addRecord({{"pilot_id", pilot_},
                            {"type", "medical"},
                            {"code", "EASA-MED-CLASS2"},
                            {"issued_on", dayOffset(-10)}});
  ASSERT_EQ(medical.status, 201);

  // Scope required.
  auto [other_app, no_scope] = createActiveAppWithKey(*server_, owner_, org_, {"public.pilots:read"});
  auto forbidden = pub("/compliance", no_scope, org_);
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;

  auto all = pub("/compliance");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json()["data"].size(), 6u);

  auto statusOf = [&](const std::string& q) {
    auto r = pub("/compliance?" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> codes;
    auto j = r.json();
    for (const auto& x : j["data"]) codes.push_back(x["code"]);
    return codes;
  };
  EXPECT_EQ(statusOf("status=expired"), std::vector<std::string>{"HULL"});
  EXPECT_EQ(statusOf("status=expiring"), std::vector<std::string>{"ARC"});
  EXPECT_EQ(statusOf("status=valid").size(), 4u);
  EXPECT_EQ(statusOf("type=medical"), std::vector<std::string>{"EASA-MED-CLASS2"});
  EXPECT_EQ(statusOf("pilot_id=" + pilot_).size(), 1u);
  EXPECT_EQ(statusOf("aircraft_id=" + aircraft_).size(), 5u);
  EXPECT_TRUE(statusOf("type=vtr").empty());
  EXPECT_TRUE(statusOf("vtrId=vtr_01JZ3M2A7B9C1D3E5F7G9H1J3K").empty());
  auto expired = pub("/compliance?status=expired").json()["data"][0];
  EXPECT_EQ(expired["status"], "expired");

  // Pagination: 2 + 2 + 2, cursor bound to the filters.
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = pub("/compliance?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    for (const auto& x : j["data"]) seen.push_back(x["id"]);
    cursor = j["cursor"].is_null() ? "" : j["cursor"].get<std::string>();
    if (++pages == 1) {
      EXPECT_EQ(pub("/compliance?limit=2&type=arc&cursor=" + cursor).status, 400);
    }
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 6u);

  // Bad parameters.
  for (const char* q : {"status=soon", "type=passport", "pilot_id=acft_x", "limit=0", "colour=red",
                        "updated_since=yesterday", "vtrId=abc"}) {
    EXPECT_EQ(pub(std::string("/compliance?") + q).status, 400) << q;
  }
  // Get one.
  auto one = pub("/compliance/" + medical.json()["id"].get<std::string>());
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json()["type"], "medical");
  EXPECT_EQ(pub("/compliance/cmp_nope").status, 404);

  // Console expiring list: within 30 days includes the expired and expiring ones.
  auto expiring = console("GET", ops_ + "/compliance?expiring_within_days=30");
  ASSERT_EQ(expiring.status, 200) << expiring.body;
  EXPECT_EQ(expiring.json()["data"].size(), 2u);
  EXPECT_EQ(console("GET", ops_ + "/compliance?expiring_within_days=-1").status, 400);
  EXPECT_EQ(pub("/compliance?expiring_within_days=30").status, 400);  // console only
  auto fleet = console("GET", ops_ + "/fleet/" + aircraft_ + "/compliance");
  EXPECT_EQ(fleet.json()["data"].size(), 5u);
}

TEST_F(ComplianceTest, TenantsAreIsolated) {
  auto rec = addRecord({{"aircraft_id", aircraft_}, {"type", "insurance"}, {"code", "HULL"}});
  ASSERT_EQ(rec.status, 201);
  std::string id = rec.json()["id"];
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-b.example", "School B");
  auto [app_b, token_b] = createActiveAppWithKey(*server_, owner_b, org_b, {"public.compliance:read"});
  EXPECT_EQ(pub("/compliance/" + id, token_b, org_b).status, 404);
  EXPECT_TRUE(pub("/compliance", token_b, org_b).json()["data"].empty());
  EXPECT_TRUE(pub("/compliance?aircraft_id=" + aircraft_, token_b, org_b).json()["data"].empty());
  std::string ops_b = "/api/v1/console/orgs/" + org_b;
  EXPECT_EQ(server_->console(owner_b, "GET", ops_b + "/compliance/" + id).status, 404);
  EXPECT_EQ(server_->console(owner_b, "DELETE", ops_b + "/compliance/" + id).status, 404);
  EXPECT_EQ(server_->console(owner_b, "PATCH", ops_b + "/compliance/" + id, {{"number", "X"}}).status, 404);
  EXPECT_EQ(server_->console(owner_b, "GET", ops_b + "/fleet/" + aircraft_ + "/compliance").status, 404);
  auto foreign = server_->console(owner_b, "POST", ops_b + "/compliance",
                                  {{"aircraft_id", aircraft_}, {"type", "insurance"}, {"code", "HULL"}});
  EXPECT_EQ(foreign.status, 422);
  // Updates are audited and tenant-scoped.
  auto upd = console("PATCH", ops_ + "/compliance/" + id, {{"number", "POL-9"}});
  ASSERT_EQ(upd.status, 200) << upd.body;
  EXPECT_EQ(upd.json()["number"], "POL-9");
}

TEST_F(ComplianceTest, ApprovingAFlightRefreshesCurrency) {
  std::string f1 = submitAndApprove(ops_, pilot_, aircraft_, dayOffset(-2), 3);
  auto list = pub("/compliance?type=currency&pilot_id=" + pilot_);
  ASSERT_EQ(list.status, 200) << list.body;
  nlohmann::json pax;
  auto first = list.json();
  for (const auto& r : first["data"]) {
    if (r["rule"] == "EASA_FCL060_B1_PAX") pax = r;
  }
  ASSERT_TRUE(pax.is_object()) << list.body;
  EXPECT_EQ(pax["status"], "valid");
  EXPECT_EQ(pax["valid_until"], dayOffset(88));
  EXPECT_EQ(pax["satisfied_by"], nlohmann::json::array({f1}));
  EXPECT_EQ(pax["details"]["met"], true);
  EXPECT_EQ(pax["regime"], "easa");

  // A later flight updates the same record (unique per pilot and rule).
  std::string f2 = submitAndApprove(ops_, pilot_, aircraft_, dayOffset(-1), 3);
  auto again = pub("/compliance?type=currency&pilot_id=" + pilot_).json()["data"];
  EXPECT_EQ(again.size(), first["data"].size());
  for (const auto& r : again) {
    if (r["rule"] == "EASA_FCL060_B1_PAX") {
      EXPECT_EQ(r["id"], pax["id"]);
      EXPECT_EQ(r["satisfied_by"], nlohmann::json::array({f2}));
      EXPECT_EQ(r["valid_until"], dayOffset(89));
    }
    if (r["rule"] == "EASA_FCL060_B2_NIGHT_PAX") {
      EXPECT_EQ(r["status"], "expired");
    }
  }
  // Computed records cannot be edited through the console.
  EXPECT_EQ(console("DELETE", ops_ + "/compliance/" + pax["id"].get<std::string>()).status, 409);
  // The expiring list is for documents: the lapsed night currency above is not in it.
  auto expiring = console("GET", ops_ + "/compliance?expiring_within_days=30");
  ASSERT_EQ(expiring.status, 200) << expiring.body;
  auto expiring_body = expiring.json();  // kept alive: a range-for over a temporary's member dangles
  for (const auto& r : expiring_body["data"]) EXPECT_NE(r["type"], "currency") << r.dump();
  EXPECT_GE(console("GET", ops_ + "/compliance?status=expired&type=currency").json()["data"].size(), 1u)
      << "the lapsed currency is still listed when asked for";
}

TEST_F(ComplianceTest, UsOrganisationsGetFaaRules) {
  auto org = console(
      "POST", "/api/v1/console/orgs",
      {{"name", "US School"}, {"time_zone", "America/New_York"}, {"country", "US"}, {"currency", "USD"}});
  ASSERT_EQ(org.status, 201) << org.body;
  std::string us = "/api/v1/console/orgs/" + org.json()["id"].get<std::string>();
  std::string pilot = createPilot(us, "Sam", "1985-01-01");
  auto ac = console("POST", us + "/fleet",
                    {{"registration", "N12345"},
                     {"icao_type", "C172"},
                     {"make", "Cessna"},
                     {"model", "172"},
                     {"seats", 4}});
  ASSERT_EQ(ac.status, 201) << ac.body;
  submitAndApprove(us, pilot, ac.json()["id"], dayOffset(-1), 3);
  auto recs = console("GET", us + "/pilots/" + pilot + "/compliance?type=currency");
  ASSERT_EQ(recs.status, 200) << recs.body;
  std::set<std::string> rules;
  auto recs_json = recs.json();
  for (const auto& r : recs_json["data"]) rules.insert(r["rule"].get<std::string>());
  EXPECT_EQ(rules,
            (std::set<std::string>{"FAA_61_57A_PAX", "FAA_61_57B_NIGHT_PAX", "FAA_61_56_FLIGHT_REVIEW"}));
}

}  // namespace
}  // namespace gaflight::testing

namespace gaflight::testing {
namespace {

// The demo school (220 pilots, 18 months of flights): recomputing everyone's currency stays quick.
// The whole demo school's currency is refreshed in one transaction (as `gaflight demo` does); its speed
// is measured by the demo's run time, not asserted here.
TEST(ComplianceDemo, OrgCurrencyRefreshCoversTheDemoSchool) {
  FakeClock clock;
  TestServer server({}, &clock);
  auto& s = server.app().services();
  auto demo = service::createDemoOrganisation(server.app().database(), clock, s.identity, s.developer,
                                              {s.training, s.billing, s.vtr});
  auto& conn = server.app().database().connection();
  {
    storage::Transaction tx(conn, storage::TxMode::kWrite);
    service::refreshOrgCurrency(conn, demo.org_id, clock.now());
    tx.commit();
  }
  auto count = conn.scalarInt("SELECT count(*) FROM compliance_records WHERE org_id=?1 AND type='currency'",
                              {demo.org_id});
  EXPECT_GE(count.value_or(0), demo.pilots * 2);
  auto met = conn.scalarInt(
      "SELECT count(*) FROM compliance_records WHERE org_id=?1 AND type='currency' AND valid_until >= ?2",
      {demo.org_id, timefmt::formatDate(timefmt::toUnixSeconds(clock.now()))});
  EXPECT_GT(met.value_or(0), 0);
}

}  // namespace
}  // namespace gaflight::testing
