// Repositories ported to PostgreSQL (issue 10), each run on the migrated test schema: the same SQL text
// as on SQLite (ADR 0002), so these tests are what says a repository works on both engines.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "pg_test_support.hpp"
#include "service/identity_service.hpp"
#include "storage/change_clock.hpp"
#include "storage/developer_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/postgres/pg_connection.hpp"
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
  Transaction tx(*conn, true);
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

}  // namespace
}  // namespace gaflight::storage
