// Audit hash chain end to end (issue 8 part 3): console writes chain, the console route and
// `gaflight audit verify` report intact, and tampering with the database file directly — past the
// append-only triggers — is named at the entry it touched.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <regex>
#include <thread>

#include "app/application.hpp"
#include "app/services.hpp"
#include "core/crypto.hpp"
#include "service/audit.hpp"
#include "storage/audit_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sql.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    std::tie(owner_, org_) = server_->createOwnerWithOrg("audit@club.example", "Chain Club");
    // A few audited console writes: org created, app created/activated, key minted.
    createActiveAppWithKey(*server_, owner_, org_, {"public.pilots:read"});
    createActiveAppWithKey(*server_, owner_, org_, {"public.flights:read"});
    base_ = "/api/v1/console/orgs/" + org_;
  }

  nlohmann::json auditLog() { return server_->console(owner_, "GET", base_ + "/audit-log?limit=200").json(); }
  nlohmann::json verify() {
    auto r = server_->console(owner_, "GET", base_ + "/audit/verify");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // Runs SQL on the database file through a connection of the test's own, as someone with file
  // access would: the server's append-only triggers are dropped first.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(server_->dbPath().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    std::string script =
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql;
    EXPECT_EQ(sqlite3_exec(db, script.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  int cli(const std::string& org, std::string* out = nullptr) {
    config::Config cfg;
    cfg.db_url = "sqlite:" + server_->dbPath();
    ::testing::internal::CaptureStdout();
    int rc = app::runAuditVerify(cfg, org);
    std::string text = ::testing::internal::GetCapturedStdout();
    if (out) *out = text;
    return rc;
  }

  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, base_;
};

TEST_F(AuditChainTest, ConsoleWritesProduceALinkedChain) {
  auto data = auditLog()["data"];
  ASSERT_GE(data.size(), 7u);
  const std::regex hex12("[0-9a-f]{12}");
  for (size_t i = 0; i < data.size(); ++i) {
    SCOPED_TRACE(data[i]["action"].get<std::string>());
    ASSERT_TRUE(data[i]["chain_hash_prefix"].is_string());
    EXPECT_TRUE(std::regex_match(data[i]["chain_hash_prefix"].get<std::string>(), hex12));
    // Newest first: each entry's prev is the next row's hash; the oldest links to genesis.
    if (i + 1 < data.size())
      EXPECT_EQ(data[i]["prev_hash_prefix"], data[i + 1]["chain_hash_prefix"]);
    else
      EXPECT_EQ(data[i]["prev_hash_prefix"], "000000000000");
  }
  EXPECT_EQ(data.back()["action"], "org.created");
}

TEST_F(AuditChainTest, VerifyRouteReportsIntactWithTheHead) {
  auto log = auditLog()["data"];
  auto v = verify();
  EXPECT_EQ(v["object"], "audit_chain_verification");
  EXPECT_EQ(v["status"], "intact");
  EXPECT_EQ(v["entries"], log.size());
  EXPECT_EQ(v["legacy_entries"], 0);
  EXPECT_TRUE(v["first_broken"].is_null());
  EXPECT_EQ(v["head_hash_prefix"], log[0]["chain_hash_prefix"]);
  EXPECT_EQ(v["head_hash"].get<std::string>().substr(0, 12), v["head_hash_prefix"]);
}

TEST_F(AuditChainTest, EachOrganisationHasItsOwnChain) {
  auto [other, other_org] = server_->createOwnerWithOrg("other@club.example", "Other Club");
  auto theirs =
      server_->console(other, "GET", "/api/v1/console/orgs/" + other_org + "/audit-log").json()["data"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["prev_hash_prefix"], "000000000000") << "a new organisation starts at genesis";
  EXPECT_EQ(verify()["status"], "intact");
  EXPECT_EQ(server_->console(other, "GET", base_ + "/audit/verify").status, 404) << "not a member";
}

TEST_F(AuditChainTest, VerifyNeedsTheAuditLogPermission) {
  auto& s = server_->app().services();
  auto member = s.identity.createUser("member@club.example", "Member", TestServer::kPassword);
  storage::IdentityRepository(server_->app().database().connection())
      .addMembership(org_, member.id, "member", "2026-01-01T00:00:00Z");
  auto session = server_->login("member@club.example", TestServer::kPassword);
  auto r = server_->console(session, "GET", base_ + "/audit/verify");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(server_->console(owner_, "GET", base_ + "/audit/verify?x=1").status, 400) << "unknown parameter";
}

TEST_F(AuditChainTest, ConcurrentWritersNeverForkTheChain) {
  auto app = createActiveAppWithKey(*server_, owner_, org_, {"public.pilots:read"}).first;
  std::atomic<int> minted{0};
  std::vector<std::thread> minters;
  for (int t = 0; t < 8; ++t)
    minters.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        auto r = server_->console(owner_, "POST", base_ + "/apps/" + app + "/keys",
                                  {{"name", "k" + std::to_string(t) + "-" + std::to_string(i)}});
        if (r.status == 201) minted++;
      }
    });
  for (auto& th : minters) th.join();
  EXPECT_EQ(minted.load(), 24);
  auto v = verify();
  EXPECT_EQ(v["status"], "intact") << v.dump();
  EXPECT_EQ(v["entries"], auditLog()["data"].size());
}

TEST_F(AuditChainTest, CliReportsIntactAndExitsZero) {
  std::string out;
  EXPECT_EQ(cli(org_, &out), 0) << out;
  EXPECT_NE(out.find("chain intact"), std::string::npos) << out;
  EXPECT_NE(out.find(std::to_string(auditLog()["data"].size()) + " chained entries"), std::string::npos)
      << out;
}

TEST_F(AuditChainTest, CliCannotVerifyAnUnknownOrganisationOrMissingFile) {
  EXPECT_EQ(cli("org_01HGJEGEKGJR51HHPNHY9H3V5X"), 2);
  config::Config cfg;
  cfg.db_url = "sqlite:" + server_->dbPath() + ".missing";
  EXPECT_EQ(app::runAuditVerify(cfg, org_), 2);
  EXPECT_FALSE(std::filesystem::exists(server_->dbPath() + ".missing")) << "verify never creates a database";
}

TEST_F(AuditChainTest, AChangedDetailIsNamedAtThatEntry) {
  auto log = auditLog()["data"];
  const std::string victim = log[log.size() / 2]["id"];
  tamper("UPDATE audit_log SET details = '{\"name\":\"forged\"}' WHERE id = '" + victim + "';");

  auto v = verify();
  EXPECT_EQ(v["status"], "broken");
  ASSERT_TRUE(v["first_broken"].is_object()) << v.dump();
  EXPECT_EQ(v["first_broken"]["entry_id"], victim);
  EXPECT_EQ(v["first_broken"]["fault"], "hash_mismatch");
  EXPECT_EQ(v["first_broken"]["found_prefix"], log[log.size() / 2]["chain_hash_prefix"]);

  std::string out;
  EXPECT_EQ(cli(org_, &out), 1) << out;
  EXPECT_NE(out.find("BROKEN at entry " + victim), std::string::npos) << out;
  EXPECT_NE(out.find("hash mismatch"), std::string::npos) << out;

  auto direct = service::verifyAuditChain(server_->app().database(), org_);
  ASSERT_TRUE(direct.first_broken);
  EXPECT_EQ(direct.first_broken->entry_id, victim);
}

TEST_F(AuditChainTest, ADeletedEntryIsNamedAtItsSuccessor) {
  auto log = auditLog()["data"];  // newest first
  const size_t gone = log.size() / 2;
  tamper("DELETE FROM audit_log WHERE id = '" + log[gone]["id"].get<std::string>() + "';");
  auto v = verify();
  EXPECT_EQ(v["status"], "broken");
  EXPECT_EQ(v["first_broken"]["entry_id"], log[gone - 1]["id"]) << v.dump();
  EXPECT_EQ(v["first_broken"]["fault"], "prev_link_mismatch");
  std::string out;
  EXPECT_EQ(cli(org_, &out), 1);
  EXPECT_NE(out.find("prev link mismatch"), std::string::npos) << out;
}

TEST_F(AuditChainTest, NewEntriesAfterATamperedOneStillLinkToTheStoredHead) {
  // The writer links to the stored head hash, not a recomputed one: tampering stays visible.
  auto log = auditLog()["data"];
  tamper("UPDATE audit_log SET actor_label = 'mallory' WHERE id = '" + log[0]["id"].get<std::string>() +
         "';");
  createActiveAppWithKey(*server_, owner_, org_, {"public.pilots:read"});
  auto v = verify();
  EXPECT_EQ(v["first_broken"]["entry_id"], log[0]["id"]);
}

// A database that already had an audit log before schema v5: those entries precede the chain, the first
// entry written after the upgrade links to genesis, and the whole log verifies.
TEST(AuditChainUpgrade, EntriesWrittenBeforeV5PrecedeTheChain) {
  auto dir =
      std::filesystem::temp_directory_path() / ("gaflight-audit-up-" + crypto::toHex(crypto::randomBytes(6)));
  std::filesystem::create_directories(dir);
  {
    auto db = storage::openDatabase("sqlite:" + (dir / "up.db").string());
    auto& conn = db->connection();
    conn.execScript(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT "
        "NOT "
        "NULL)");
    for (const auto& m : storage::allMigrations()) {
      if (m.version >= storage::kAuditChainSchemaVersion) break;
      conn.execScript(m.sql);
      conn.run("INSERT INTO schema_migrations VALUES (?1, ?2, '2026-01-01T00:00:00Z')",
               {int64_t{m.version}, m.name});
    }
    const std::string org = "3f1c0c9e-5d2a-4b7e-9c1d-2a6b8e4f0a11";
    conn.run(
        "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) VALUES "
        "(?1, 'Old Club', 'Europe/Paris', 'FR', 'EUR', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        {org});
    for (int i = 0; i < 3; ++i)
      conn.run(
          "INSERT INTO audit_log(id, org_id, actor_label, action, target_type, target_id, request_id, "
          "created_at) "
          "VALUES (?1, ?2, 'system', 'app.created', 'app', 'app_x', 'req', '2026-01-02T00:00:00Z')",
          {"aud_legacy" + std::to_string(i), org});

    storage::migrate(conn);
    service::Actor actor{std::nullopt, "system", "req_up"};
    auto id = service::recordAudit(conn, org, actor, "app.updated", "app", "app_x", {{"name", "n"}},
                                   "2026-02-01T00:00:00Z");
    service::recordAudit(conn, org, actor, "app.revoked", "app", "app_x", nullptr, "2026-02-02T00:00:00Z");

    auto r = service::verifyAuditChain(*db, org);
    EXPECT_TRUE(r.intact());
    EXPECT_EQ(r.legacy_entries, 3);
    EXPECT_EQ(r.entries, 2);
    EXPECT_EQ(conn.scalarText("SELECT prev_hash FROM audit_log WHERE id = ?1", {id}).value_or(""),
              domain::kAuditGenesisHash);

    // A second successor of the same link (a fork, as two writers that read the same head would make)
    // is refused by the database.
    domain::AuditEntry fork;
    fork.id = "aud_fork";
    fork.org_id = org;
    fork.actor_label = "system";
    fork.action = "app.created";
    fork.target_type = "app";
    fork.target_id = "app_y";
    fork.details_json = "{}";
    fork.request_id = "req";
    fork.created_at = "2026-02-03T00:00:00Z";
    domain::sealAuditEntry(fork, std::nullopt);
    try {
      storage::AuditRepository(conn).append(fork);
      ADD_FAILURE() << "a second entry linked to genesis was accepted";
    } catch (const storage::DbError& e) {
      EXPECT_EQ(e.kind(), storage::DbError::Kind::kConstraint) << e.what();
    }

    config::Config cfg;
    cfg.db_url = "sqlite:" + (dir / "up.db").string();
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(app::runAuditVerify(cfg, org), 0);
    auto out = ::testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("after 3 entries written before the chain"), std::string::npos) << out;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace gaflight::testing
