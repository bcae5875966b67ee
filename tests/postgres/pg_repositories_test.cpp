// Repositories ported to PostgreSQL (issue 10), each run on the migrated test schema: the same SQL text
// as on SQLite (ADR 0002), so these tests are what says a repository works on both engines.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/render.hpp"
#include "pg_test_support.hpp"
#include "service/identity_service.hpp"
#include "storage/audit_repository.hpp"
#include "storage/billing_repository.hpp"
#include "storage/change_clock.hpp"
#include "storage/compliance_repository.hpp"
#include "storage/developer_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/maintenance_repository.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/operations_repository.hpp"
#include "storage/planning_repository.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/training_repository.hpp"
#include "storage/vtr_repository.hpp"
#include "storage/webhook_repository.hpp"
#include "support/db_error_kind.hpp"

namespace gaflight::storage {
namespace {

using gaflight::testing::dbErrorKind;

constexpr const char* kAt = "2026-05-28T12:00:00Z";

class PgRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn = std::make_unique<PgConnection>(pgTestUrl(), PgSettings{});
    conn->execScript(kPgResetTestSchema);
    migrate(*conn);
    IdentityRepository(*conn).insertOrg({"org_1", "Club", "Europe/Paris", "FR", "EUR", kAt, kAt});
  }
  std::unique_ptr<PgConnection> conn;
};

TEST_F(PgRepositoryTest, IdentityOrgsUsersMembershipsAndSessions) {
  IdentityRepository repo(*conn);
  ASSERT_TRUE(repo.findOrg("org_1").has_value());
  EXPECT_EQ(repo.findOrg("org_1")->time_zone, "Europe/Paris");
  EXPECT_TRUE(repo.orgExists("org_1"));
  EXPECT_FALSE(repo.orgExists("org_2"));
  repo.insertUser({"usr_1", "ana@example.org", "Ana", kAt, kAt}, "argon2-hash");
  EXPECT_EQ(dbErrorKind([&] {
              repo.insertUser({"usr_2", "ana@example.org", "Other", kAt, kAt}, "h");
            }),
            DbError::Kind::kConstraint);  // email is unique
  auto found = repo.findUserByEmail("ana@example.org");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user.id, "usr_1");
  EXPECT_EQ(found->password_hash, "argon2-hash");
  EXPECT_FALSE(repo.findUserByEmail("nobody@example.org").has_value());
  EXPECT_EQ(repo.findUser("usr_1")->display_name, "Ana");
  repo.addMembership("org_1", "usr_1", "owner", kAt);
  EXPECT_EQ(dbErrorKind([&] { repo.addMembership("org_1", "usr_1", "emperor", kAt); }),
            DbError::Kind::kConstraint);
  EXPECT_EQ(repo.membershipRole("org_1", "usr_1"), "owner");
  auto memberships = repo.membershipsOf("usr_1");
  ASSERT_EQ(memberships.size(), 1U);
  EXPECT_EQ(memberships[0].org_name, "Club");
  repo.insertSession("hash_1", "usr_1", kAt, "2026-05-29T12:00:00Z");
  repo.insertSession("hash_2", "usr_1", kAt, "2026-05-28T13:00:00Z");
  EXPECT_EQ(repo.sessionUser("hash_1", "2026-05-28T12:30:00Z"), "usr_1");
  EXPECT_FALSE(repo.sessionUser("hash_1", "2026-05-29T12:00:00Z").has_value());  // expired
  repo.deleteExpiredSessions("2026-05-28T14:00:00Z");
  EXPECT_FALSE(repo.sessionUser("hash_2", "2026-05-28T12:30:00Z").has_value());
  repo.deleteSession("hash_1");
  EXPECT_FALSE(repo.sessionUser("hash_1", "2026-05-28T12:30:00Z").has_value());
}

TEST_F(PgRepositoryTest, DeveloperAppsKeysAndInstallations) {
  DeveloperRepository repo(*conn);
  domain::App app{
      "app_1", "org_1", "Logbook",    "",          std::nullopt, "draft", {{"flights:read", "lists flights"}},
      kAt,     kAt,     std::nullopt, std::nullopt};
  repo.insertApp(app);
  app.status = "active";
  app.activated_at = "2026-05-28T12:05:00Z";
  repo.insertApp({"app_2", "org_1", "Other", "", "https://example.org", "draft", {}, kAt, kAt, {}, {}});
  repo.updateApp(app);
  auto found = repo.findApp("org_1", "app_1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "active");
  ASSERT_EQ(found->required_scopes.size(), 1U);
  EXPECT_EQ(found->required_scopes[0].scope, "flights:read");
  EXPECT_FALSE(repo.findApp("org_2", "app_1").has_value());
  auto page = repo.listApps("org_1", "", 1);
  ASSERT_EQ(page.size(), 2U);  // limit + 1: the extra row says there is a next page
  EXPECT_EQ(page[0].id, "app_1");
  EXPECT_EQ(repo.listApps("org_1", "app_1", 50).size(), 1U);  // keyset after app_1

  repo.insertKey({"key_1", "app_1", "org_1", "ci", "gaf_pk_abcdef", "active", "usr_1", kAt, kAt, std::nullopt,
                  std::nullopt, std::nullopt},
                 "token-hash-1");
  repo.insertKey({"key_2", "app_1", "org_1", "ci2", "gaf_pk_ghijkl", "active", std::nullopt, kAt, kAt,
                  "2027-01-01T00:00:00Z", std::nullopt, std::nullopt},
                 "token-hash-2");
  auto auth = repo.keyByHash("token-hash-1");
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(auth->key_id, "key_1");
  EXPECT_EQ(auth->app_status, "active");
  EXPECT_EQ(auth->app_scopes, (std::vector<std::string>{"flights:read"}));
  repo.touchKey("key_1", "2026-05-28T12:10:00Z");
  EXPECT_EQ(repo.findKey("app_1", "key_1")->last_used_at, "2026-05-28T12:10:00Z");
  EXPECT_EQ(repo.listKeys("app_1", "", 10).size(), 2U);
  EXPECT_TRUE(repo.revokeKey("app_1", "key_1", "2026-05-28T12:20:00Z"));
  EXPECT_FALSE(repo.revokeKey("app_1", "key_1", "2026-05-28T12:21:00Z"));  // already revoked
  EXPECT_EQ(repo.findKey("app_1", "key_1")->status, "revoked");

  repo.insertInstallation(
      {"inst_1", "org_1", "app_1", "", {"flights:read"}, "active", "usr_1", kAt, kAt, {}});
  EXPECT_EQ(
      dbErrorKind([&] {
        repo.insertInstallation({"inst_2", "org_1", "app_1", "", {}, "active", std::nullopt, kAt, kAt, {}});
      }),
      DbError::Kind::kConstraint);  // one active installation per app and organisation
  EXPECT_EQ(repo.activeInstallation("org_1", "app_1")->id, "inst_1");
  EXPECT_EQ(repo.findInstallation("org_1", "inst_1")->app_name, "Logbook");
  EXPECT_EQ(repo.listInstallations("org_1", "", 10).size(), 1U);
  auto [keys, installations] = repo.cascadeRevoke("app_1", "2026-05-28T13:00:00Z");
  EXPECT_EQ(keys, 1);  // key_2; key_1 was revoked already
  EXPECT_EQ(installations, 1);
  EXPECT_FALSE(repo.activeInstallation("org_1", "app_1").has_value());
  EXPECT_FALSE(repo.uninstall("org_1", "inst_1", "2026-05-28T13:01:00Z"));
}

TEST_F(PgRepositoryTest, ChangeClockBulkLoadStandsAsideThenMovesTheClock) {
  ChangeClock clock(*conn);
  auto insertPilot = [&](const std::string& id, const std::string& updated_at) {
    conn->run(
        "INSERT INTO pilots(id, org_id, first_name, last_name, roles, status, created_at, updated_at) "
        "VALUES (?1, 'org_1', 'A', 'B', '[]', 'active', ?2, ?2)",
        {id, updated_at});
  };
  Transaction tx(*conn, TxMode::kWrite);
  clock.beginBulkLoad("org_1");
  insertPilot("p1", "2025-06-01T00:00:00Z");
  insertPilot("p2", "2025-01-01T00:00:00Z");  // history, out of order: kept as written
  clock.endBulkLoad("org_1");
  tx.commit();
  EXPECT_EQ(conn->scalarText("SELECT updated_at FROM pilots WHERE id = 'p2'"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(conn->scalarInt("SELECT max(change_seq) FROM pilots"), 0);
  EXPECT_EQ(conn->scalarText("SELECT stamp FROM org_change_clock WHERE org_id = 'org_1'"),
            "2025-06-01T00:00:00Z");
  EXPECT_EQ(conn->scalarInt("SELECT bulk_load FROM org_change_clock WHERE org_id = 'org_1'"), 0);
  insertPilot("p3", "2024-01-01T00:00:00Z");  // after the load: sorts after the history
  EXPECT_EQ(conn->scalarText("SELECT updated_at FROM pilots WHERE id = 'p3'"), "2025-06-01T00:00:00Z");
  EXPECT_EQ(conn->scalarInt("SELECT change_seq FROM pilots WHERE id = 'p3'"), 1);
}

domain::Pilot pilot(const std::string& id, const std::string& last_name) {
  domain::Pilot p;
  p.id = id;
  p.org_id = "org_1";
  p.first_name = "Ana";
  p.last_name = last_name;
  p.roles = {"member", "instructor"};
  p.status = "active";
  p.created_at = p.updated_at = kAt;
  return p;
}

domain::Aircraft aircraft(const std::string& id, const std::string& registration) {
  domain::Aircraft a;
  a.id = id;
  a.org_id = "org_1";
  a.registration = registration;
  a.icao_type = "C172";
  a.make = "Cessna";
  a.model = "172S";
  a.seats = 4;
  a.status = "available";
  a.airworthiness = "airworthy";
  a.hobbs_tenths = 12'345;
  a.created_at = a.updated_at = kAt;
  return a;
}

domain::Flight flight(const std::string& id, const std::string& date, const std::string& pilot_id,
                      const std::optional<std::string>& instructor_id, const std::string& purpose) {
  domain::Flight f;
  f.id = id;
  f.org_id = "org_1";
  f.date = date;
  f.aircraft_id = "ac_1";
  f.aircraft_registration = "F-GABC";
  f.pilot_id = pilot_id;
  f.instructor_id = instructor_id;
  f.purpose = purpose;
  f.departure_icao = "LFPN";
  f.arrival_icao = "LFPN";
  f.off_block_at = f.takeoff_at = f.landing_at = f.on_block_at = date + "T10:00:00Z";
  f.block_min = 60;
  f.air_min = 50;
  f.landings_day = 3;
  f.status = "submitted";
  f.submitted_at = f.created_at = f.updated_at = kAt;
  return f;
}

TEST_F(PgRepositoryTest, OperationsPilotsAircraftAndFlights) {
  OperationsRepository repo(*conn);
  repo.insertPilot(pilot("p1", "Alpha"));
  repo.insertPilot(pilot("p2", "Bravo"));
  auto p1 = repo.findPilot("org_1", "p1");
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->roles, (std::vector<std::string>{"member", "instructor"}));
  EXPECT_FALSE(p1->email.has_value());
  p1->email = "ana@example.org";
  p1->updated_at = "2026-05-28T12:30:00Z";
  repo.updatePilot(*p1);
  EXPECT_EQ(repo.findPilot("org_1", "p1")->email, "ana@example.org");
  auto pilots = repo.listPilots("org_1", {1, {}}, std::nullopt);
  ASSERT_EQ(pilots.size(), 2U);  // limit + 1
  EXPECT_EQ(repo.listPilots("org_1", {50, {"p1"}}, std::nullopt).size(), 1U);
  auto changed = repo.listPilots("org_1", {50, {}}, "2026-05-28T12:30:00Z");
  ASSERT_EQ(changed.size(), 1U);  // the change feed: p1 was updated since
  EXPECT_EQ(changed[0].id, "p1");
  EXPECT_GT(changed[0].change_seq, 0);

  // Stored renderings (ADR 0016): a page is renderPilot's bytes, from the stored rendering or, for a
  // row without one, from its columns.
  auto rendered = [&](const std::string& id) {
    std::string json;
    JsonWriter w(json);
    domain::renderPilot(w, *repo.findPilot("org_1", id));
    return json;
  };
  auto page = [&](const std::optional<std::string>& since) {
    std::vector<std::string> out;
    repo.visitStoredPilots("org_1", {50, {}}, since,
                           [&](const domain::StoredJsonRow& r) { out.emplace_back(r.json); });
    return out;
  };
  const std::vector<std::string> both{rendered("p1"), rendered("p2")};
  EXPECT_NE(both[0].find("ana@example.org"), std::string::npos);
  EXPECT_EQ(page(std::nullopt), both);
  conn->run("UPDATE pilots SET rendered_json = NULL WHERE id = 'p1'");
  EXPECT_EQ(page(std::nullopt), both);
  EXPECT_EQ(page("2026-05-28T12:30:00Z"), std::vector<std::string>{both[0]});
  EXPECT_EQ(storeMissingPilotRenderings(*conn, std::string("org_1")), 1);
  EXPECT_EQ(conn->scalarText("SELECT rendered_json FROM pilots WHERE id = 'p1'").value_or("?"), both[0]);

  repo.insertAircraft(aircraft("ac_1", "F-GABC"));
  repo.insertAircraft(aircraft("ac_2", "D-EFGH"));
  EXPECT_TRUE(repo.registrationTaken("org_1", "F-GABC", "ac_2"));
  EXPECT_FALSE(repo.registrationTaken("org_1", "F-GABC", "ac_1"));
  auto ac = repo.findAircraft("org_1", "ac_1");
  ASSERT_TRUE(ac.has_value());
  EXPECT_EQ(ac->hobbs_tenths, 12'345);
  EXPECT_FALSE(ac->year.has_value());
  ac->year = 2004;
  repo.updateAircraft(*ac);
  EXPECT_EQ(repo.findAircraft("org_1", "ac_1")->year, 2004);
  auto names = repo.aircraftNames("org_1");
  ASSERT_EQ(names.size(), 2U);
  EXPECT_EQ(names[0].registration, "D-EFGH");
  EXPECT_EQ(repo.listAircraft("org_1", {50, {}}, std::nullopt).size(), 2U);

  repo.insertFlight(flight("f1", "2026-05-01", "p1", std::nullopt, "local"));
  repo.insertFlight(flight("f2", "2026-05-02", "p1", "p2", "training"));
  repo.insertFlight(flight("f3", "2026-05-02", "p2", std::nullopt, "local"));
  EXPECT_TRUE(repo.reviewFlight("org_1", "f3", "rejected", "usr_1", kAt, std::string("wrong aircraft")));
  EXPECT_FALSE(repo.reviewFlight("org_1", "f3", "approved", "usr_1", kAt, std::nullopt));  // not submitted
  EXPECT_EQ(repo.findFlight("org_1", "f3")->rejection_reason, "wrong aircraft");
  auto newest = repo.listFlights("org_1", {1, {}}, {});
  ASSERT_EQ(newest.size(), 2U);
  EXPECT_EQ(newest[0].id, "f3");  // flight_date DESC, id DESC
  auto after = repo.listFlights("org_1", {50, {"2026-05-02", "f3"}}, {});
  ASSERT_EQ(after.size(), 2U);
  EXPECT_EQ(after[0].id, "f2");
  FlightFilter by_pilot;
  by_pilot.pilot_id = "p1";
  by_pilot.from = "2026-05-02";
  auto filtered = repo.listFlights("org_1", {50, {}}, by_pilot);
  ASSERT_EQ(filtered.size(), 1U);
  EXPECT_EQ(filtered[0].instructor_id, "p2");
  auto minutes = repo.blockMinutesByDay("org_1", "2026-05-01", "2026-05-31");
  EXPECT_EQ(minutes.size(), 2U);  // f3 is rejected
  for (const auto& m : minutes) EXPECT_EQ(m.block_min, 60);
}

TEST_F(PgRepositoryTest, ComplianceRecordsCurrencyAndCurrencyFlights) {
  OperationsRepository ops(*conn);
  ops.insertPilot(pilot("p1", "Alpha"));
  ops.insertPilot(pilot("p2", "Bravo"));
  ops.insertAircraft(aircraft("ac_1", "F-GABC"));
  for (auto f : {flight("f1", "2026-05-01", "p1", std::nullopt, "local"),
                 flight("f2", "2026-05-02", "p2", "p1", "check_ride")}) {
    ops.insertFlight(f);
    ASSERT_TRUE(ops.reviewFlight("org_1", f.id, "approved", "usr_1", kAt, std::nullopt));
  }
  ComplianceRepository repo(*conn);
  // The two halves of the UNION: p1 flew f1, and instructed p2's check ride f2.
  auto flights = repo.currencyFlights("org_1", "p1", "2026-01-01");
  ASSERT_EQ(flights.size(), 2U);
  for (const auto& f : flights) {
    if (f.id == "f1") {
      EXPECT_EQ(f.role, domain::FlightRole::kPilotFlying);
      EXPECT_FALSE(f.with_instructor);
      EXPECT_FALSE(f.check_ride);
    } else {
      EXPECT_EQ(f.role, domain::FlightRole::kInstructor);
      EXPECT_TRUE(f.check_ride);
    }
    EXPECT_EQ(f.landings_day, 3);
  }

  domain::ComplianceRecord medical;
  medical.id = "cr_1";
  medical.org_id = "org_1";
  medical.subject = "pilot";
  medical.pilot_id = "p1";
  medical.type = "medical";
  medical.code = "CLASS_2";
  medical.issued_on = "2026-01-10";
  medical.valid_until = "2026-06-10";
  medical.created_at = medical.updated_at = kAt;
  repo.insert(medical);
  domain::ComplianceRecord rating = medical;
  rating.id = "cr_2";
  rating.type = "rating";
  rating.code = "SEP";
  rating.valid_until = "2027-03-31";
  repo.insert(rating);
  EXPECT_EQ(repo.latestMedical("org_1", "p1")->id, "cr_1");
  EXPECT_EQ(repo.sepRatingExpiry("org_1", "p1"), "2027-03-31");
  repo.setPilotMedical("org_1", "p1", std::string("class_2"), std::string("2026-06-10"), kAt);
  EXPECT_EQ(ops.findPilot("org_1", "p1")->medical_valid_until, "2026-06-10");
  ComplianceFilter expiring;
  expiring.today = "2026-05-28";
  expiring.status = "expiring";
  auto soon = repo.list("org_1", {50, {}}, expiring);
  ASSERT_EQ(soon.size(), 1U);
  EXPECT_EQ(soon[0].id, "cr_1");
  ComplianceFilter valid;
  valid.today = "2026-05-28";
  valid.status = "valid";
  EXPECT_EQ(repo.list("org_1", {50, {}}, valid).size(), 1U);

  domain::ComplianceRecord currency = medical;
  currency.id = "cr_3";
  currency.type = "currency";
  currency.code = "EASA_FCL060_B1_PAX";
  currency.issued_on = std::nullopt;
  currency.valid_until = std::nullopt;
  repo.upsertCurrency(currency);
  currency.id = "cr_other";  // the existing row keeps its id
  currency.valid_until = "2026-08-01";
  currency.updated_at = "2026-05-28T13:00:00Z";
  repo.upsertCurrency(currency);
  auto kept = repo.find("org_1", "cr_3");
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->valid_until, "2026-08-01");
  EXPECT_FALSE(repo.find("org_1", "cr_other").has_value());
  EXPECT_FALSE(repo.softDelete("org_1", "cr_3", kAt));  // computed records stay
  EXPECT_TRUE(repo.softDelete("org_1", "cr_2", "2026-05-28T13:05:00Z"));
  ComplianceFilter since;
  since.today = "2026-05-28";
  since.updated_since = "2026-05-28T13:00:00Z";
  auto feed = repo.list("org_1", {50, {}}, since);
  ASSERT_EQ(feed.size(), 2U);  // the currency update, then the deletion as a tombstone
  EXPECT_EQ(feed[1].id, "cr_2");
  EXPECT_TRUE(feed[1].deleted);
  EXPECT_FALSE(feed[0].deleted);
}

TEST_F(PgRepositoryTest, WebhookDeliveryClaimAndAttemptReplacedOnRetry) {
  WebhookRepository repo(*conn);
  seedEventAndEndpoint(repo, kAt);
  repo.insertDelivery("wd_1", "org_1", "we_1", "evt_1", "flight.approved", 1'000, kAt);
  auto due = repo.dueCandidates(2'000, 10, {"we_other"});
  ASSERT_EQ(due.size(), 1U);
  EXPECT_EQ(due[0].endpoint_id, "we_1");
  auto claimed = repo.claim("wd_1", "worker-a", 2'000, 32'000);
  ASSERT_TRUE(claimed.has_value());
  EXPECT_TRUE(claimed->endpoint_usable);
  EXPECT_EQ(claimed->attempt, 1);
  EXPECT_EQ(claimed->body, R"({"id":"evt_1"})");
  EXPECT_FALSE(repo.claim("wd_1", "worker-b", 3'000, 33'000).has_value());  // leased
  repo.recordAttempt("wd_1", {1, kAt, 500, 120, std::string("oops"), std::nullopt, false});
  // The same attempt number again (a retried write) replaces the row instead of failing.
  repo.recordAttempt("wd_1", {1, kAt, 200, 80, std::string("ok"), std::nullopt, true});
  repo.markSucceeded("wd_1", 1, kAt);
  auto delivery = repo.findDelivery("org_1", "we_1", "wd_1");
  ASSERT_TRUE(delivery.has_value());
  EXPECT_EQ(delivery->status, "succeeded");
  ASSERT_EQ(delivery->attempts.size(), 1U);
  EXPECT_EQ(delivery->attempts[0].status_code, 200);
  EXPECT_TRUE(delivery->attempts[0].succeeded);
}

TEST_F(PgRepositoryTest, VtrPackKeepsEveryByteAndCannotChange) {
  OperationsRepository(*conn).insertPilot(pilot("p1", "Alpha"));
  conn->run(
      "INSERT INTO training_programs(id, org_id, code, name, regime, created_at, updated_at) "
      "VALUES ('prog_1', 'org_1', 'PPL', 'PPL(A)', 'easa', ?1, ?1)",
      {kAt});
  conn->run(
      "INSERT INTO enrollments(id, org_id, student_id, program_id, status, started_on, created_at, "
      "updated_at) "
      "VALUES ('enr_1', 'org_1', 'p1', 'prog_1', 'completed', '2026-01-01', ?1, ?1)",
      {kAt});
  VtrRepository repo(*conn);
  const std::string pack("PK\x03\x04\x00\x00\xff\xfe zip bytes \x00 end", 25);  // zero bytes inside
  domain::Vtr vtr;
  vtr.id = "vtr_1";
  vtr.org_id = "org_1";
  vtr.enrollment_id = "enr_1";
  vtr.student_id = "p1";
  vtr.program_id = "prog_1";
  vtr.status = "verified";
  vtr.issued_at = vtr.created_at = vtr.updated_at = kAt;
  vtr.issued_by = "usr_1";
  vtr.pack_sha256 = "abc";
  vtr.pack_size = static_cast<int64_t>(pack.size());
  repo.insert(vtr, pack);
  EXPECT_EQ(repo.pack("org_1", "vtr_1"), pack);
  EXPECT_EQ(repo.verifiedForEnrollment("org_1", "enr_1")->id, "vtr_1");
  EXPECT_EQ(repo.list("org_1", {50, {}}, {}).size(), 1U);
  EXPECT_EQ(dbErrorKind([&] { conn->run("UPDATE vtrs SET pack = pack || pack WHERE id = 'vtr_1'"); }),
            DbError::Kind::kConstraint);  // the immutability trigger sees the bytea change
  vtr.status = "revoked";
  vtr.revoked_at = vtr.updated_at = "2026-05-28T13:00:00Z";
  EXPECT_TRUE(repo.update(vtr));
  EXPECT_FALSE(repo.update(vtr));  // only a verified VTR changes
  EXPECT_EQ(repo.find("org_1", "vtr_1")->status, "revoked");
  EXPECT_EQ(repo.pack("org_1", "vtr_1"), pack);
}

TEST_F(PgRepositoryTest, AuditAppendListAndChainWalk) {
  AuditRepository repo(*conn);
  EXPECT_FALSE(repo.headHashForAppend("org_1").has_value());
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    repo.append({"aud_" + n, "org_1", std::nullopt, "system", "pilot.create", "pilot", "p" + n, "",
                 "req_" + n, kAt,
                 i == 1 ? std::nullopt : std::optional<std::string>("h" + std::to_string(i - 1)), "h" + n});
  }
  EXPECT_EQ(repo.headHashForAppend("org_1"), "h3");
  auto newest = repo.list("org_1", 0, 1);  // before_seq 0: from the newest
  ASSERT_EQ(newest.size(), 2U);
  EXPECT_EQ(newest[0].second.id, "aud_3");
  EXPECT_EQ(newest[0].second.details_json, "{}");
  auto older = repo.list("org_1", newest[1].first, 10);
  ASSERT_EQ(older.size(), 1U);
  EXPECT_EQ(older[0].second.id, "aud_1");
  std::vector<std::string> walk;
  repo.forEachInOrder("org_1", [&](int64_t, const domain::AuditEntry& e) { walk.push_back(e.id); });
  EXPECT_EQ(walk, (std::vector<std::string>{"aud_1", "aud_2", "aud_3"}));
}

// The console login as the server runs it: a password checked against its Argon2id hash, a session
// stored by hash, then read back and ended.
TEST(PgIdentityService, LoginSessionAndLogout) {
  PgConnection(pgTestUrl(), PgSettings{}).execScript(kPgResetTestSchema);
  auto db = openDatabase(pgTestUrl());
  migrate(db->connection());
  SystemClock clock;
  service::IdentityService identity(*db, clock, std::string(32, 'k'), std::chrono::hours(12));
  auto user = identity.createUser("ana@example.org", "Ana", "correct horse battery staple");
  EXPECT_FALSE(identity.login("ana@example.org", "wrong password", "127.0.0.1").ok());
  auto login = identity.login("ana@example.org", "correct horse battery staple", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->user.id, user.id);
  auto session = identity.session(login->session_token);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.email, "ana@example.org");
  EXPECT_TRUE(identity.csrfValid(*session, login->csrf_token));
  identity.logout(login->session_token);
  EXPECT_FALSE(identity.session(login->session_token).ok());
}

// The new domain's repositories (billing, maintenance, training, planning): the statements whose
// meaning could differ between the engines — numeric order inside text, sums over joins, compare-and-set
// updates, half-open time overlap.
TEST_F(PgRepositoryTest, BillingNumberSeriesBalancesAndSettlement) {
  BillingRepository repo(*conn);
  domain::Account account;
  account.id = "acc_1";
  account.org_id = "org_1";
  account.name = "Member";
  account.currency = "EUR";
  account.created_at = account.updated_at = kAt;
  repo.insertAccount(account);
  int n = 0;
  for (const char* number : {"INV-2026-99999", "INV-2026-100000", "INV-2026-00041", "CRN-2026-00077"}) {
    domain::Invoice inv;
    inv.id = "inv_" + std::to_string(++n);
    inv.org_id = "org_1";
    inv.number = number;
    inv.account_id = "acc_1";
    inv.status = "issued";
    inv.issue_date = "2026-03-01";
    inv.due_date = "2026-03-31";
    inv.currency = "EUR";
    inv.subtotal_minor = inv.total_minor = 10'000;
    inv.created_at = inv.updated_at = kAt;
    repo.insertInvoice(inv);
  }
  EXPECT_EQ(repo.lastNumber("org_1", "INV", 2026).value_or("?"), "INV-2026-100000");  // by value, not text
  EXPECT_EQ(repo.lastNumber("org_1", "CRN", 2026).value_or("?"), "CRN-2026-00077");
  EXPECT_FALSE(repo.lastNumber("org_1", "INV", 2025).has_value());

  domain::Payment pay;
  pay.id = "pay_1";
  pay.org_id = "org_1";
  pay.account_id = "acc_1";
  pay.invoice_id = "inv_1";
  pay.amount_minor = 4'000;
  pay.method = "transfer";
  pay.received_on = "2026-04-02";
  pay.created_at = pay.updated_at = kAt;
  repo.insertPayment(pay);
  repo.updateSettlement("org_1", "inv_1", 4'000, 0, "issued", kAt);
  ASSERT_EQ(repo.payments("org_1", "inv_1").size(), 1U);
  auto inv1 = repo.findInvoice("org_1", "inv_1");
  ASSERT_TRUE(inv1.has_value());
  EXPECT_EQ(inv1->paid_minor, 4'000);
  EXPECT_EQ(domain::balanceMinor(*inv1), 6'000);

  auto accounts = repo.listAccounts("org_1", "2026-05-01");
  ASSERT_EQ(accounts.size(), 1U);
  EXPECT_EQ(accounts[0].invoiced_minor, 40'000);
  EXPECT_EQ(accounts[0].paid_minor, 4'000);
  EXPECT_EQ(accounts[0].balance_minor, 36'000);
  EXPECT_EQ(accounts[0].overdue_minor, 36'000);  // every issued invoice is past its due date
  EXPECT_EQ(repo.listAccounts("org_1", "2026-03-15")[0].overdue_minor, 0);
}

TEST_F(PgRepositoryTest, MaintenanceItemsAlertCompareAndSetAndRebaseline) {
  OperationsRepository(*conn).insertAircraft(aircraft("ac_1", "F-GABC"));
  MaintenanceRepository repo(*conn);
  domain::MaintenanceItem item;
  item.id = "mi_1";
  item.org_id = "org_1";
  item.aircraft_id = "ac_1";
  item.title = "100 h inspection";
  item.category = "inspection";
  item.interval_tenths = 1'000;
  item.interval_months = 12;
  item.created_at = item.updated_at = kAt;
  repo.insertItem(item);
  ASSERT_EQ(repo.itemsOfAircraft("org_1", "ac_1").size(), 1U);
  EXPECT_EQ(repo.aircraftWithItems("org_1"), (std::vector<std::string>{"ac_1"}));
  // The alerting's compare-and-set: only the process that saw the old status moves it.
  EXPECT_TRUE(repo.casAlertedStatus("org_1", "mi_1", "ok", "upcoming", kAt));
  EXPECT_FALSE(repo.casAlertedStatus("org_1", "mi_1", "ok", "upcoming", kAt));
  EXPECT_EQ(repo.findItem("org_1", "mi_1")->alerted_status, "upcoming");
  repo.rebaseline("org_1", "mi_1", "2026-05-20", 12'345, kAt);
  auto done = repo.findItem("org_1", "mi_1");
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->last_done_on.value_or("?"), "2026-05-20");
  EXPECT_EQ(done->last_done_meter_tenths.value_or(-1), 12'345);
  EXPECT_FALSE(repo.findItem("org_2", "mi_1").has_value());  // another organisation sees nothing
}

TEST_F(PgRepositoryTest, TrainingProgramsAndEnrollmentStatusCompareAndSet) {
  OperationsRepository(*conn).insertPilot(pilot("p1", "Alpha"));
  TrainingRepository repo(*conn);
  domain::TrainingProgram program;
  program.id = "tp_1";
  program.org_id = "org_1";
  program.code = "PPL-A";
  program.name = "Private pilot";
  program.created_at = program.updated_at = kAt;
  repo.insertProgram(program);
  EXPECT_TRUE(repo.programCodeTaken("org_1", "PPL-A"));
  EXPECT_FALSE(repo.programCodeTaken("org_1", "LAPL"));
  domain::Enrollment enrollment;
  enrollment.id = "en_1";
  enrollment.org_id = "org_1";
  enrollment.student_id = "p1";
  enrollment.program_id = "tp_1";
  enrollment.started_on = "2026-01-10";
  enrollment.created_at = enrollment.updated_at = kAt;
  repo.insertEnrollment(enrollment);
  EXPECT_TRUE(repo.setEnrollmentStatus("org_1", "en_1", "active", "completed", "2026-05-28", kAt));
  EXPECT_FALSE(repo.setEnrollmentStatus("org_1", "en_1", "active", "withdrawn", std::nullopt, kAt));
  auto found = repo.findEnrollment("org_1", "en_1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "completed");
  EXPECT_EQ(found->completed_on.value_or("?"), "2026-05-28");
  ASSERT_EQ(repo.listPrograms("org_1").size(), 1U);
}

TEST_F(PgRepositoryTest, PlanningOverlapIsHalfOpenAndIgnoresDeletedSessions) {
  OperationsRepository(*conn).insertPilot(pilot("p1", "Alpha"));
  PlanningRepository repo(*conn);
  auto session = [](const std::string& id, const std::string& start, const std::string& end) {
    domain::PlanningSession s;
    s.id = id;
    s.org_id = "org_1";
    s.kind = "ground";
    s.start_at = start;
    s.end_at = end;
    s.instructor_id = "p1";
    s.created_at = s.updated_at = kAt;
    return s;
  };
  repo.insert(session("ps_1", "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z"));
  repo.insert(session("ps_2", "2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z"));
  EXPECT_EQ(
      repo.holdingDuring("org_1", std::nullopt, "p1", "2026-06-01T10:30:00Z", "2026-06-01T11:30:00Z", "")
          .size(),
      2U);
  // [11:00, 12:00) only touches [10:00, 11:00): no overlap; the session itself is left out.
  EXPECT_TRUE(
      repo.holdingDuring("org_1", std::nullopt, "p1", "2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z", "ps_2")
          .empty());
  EXPECT_TRUE(repo.softDelete("org_1", "ps_1", kAt));
  EXPECT_TRUE(
      repo.holdingDuring("org_1", std::nullopt, "p1", "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", "")
          .empty());
  EXPECT_TRUE(repo.find("org_1", "ps_2").has_value());
}

}  // namespace
}  // namespace gaflight::storage
