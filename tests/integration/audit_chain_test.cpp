// Audit hash chain end to end (issue 8 part 3): console writes chain, the console route and
// `gaflight audit verify` report intact, and tampering with the database file directly — past the
// append-only triggers — is named at the entry it touched.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <regex>
#include <thread>

#include "app/application.hpp"
#include "app/services.hpp"
#include "service/audit.hpp"
#include "storage/identity_repository.hpp"
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

}  // namespace
}  // namespace gaflight::testing
