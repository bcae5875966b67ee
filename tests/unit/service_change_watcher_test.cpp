// The change watcher (ADR 0013) over a real SQLite file, with a second connection playing another
// gaflight process: its commits move the auth cache or the page generation at the next poll, and a key's
// last-used stamp moves neither.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "service/change_watcher.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "temp_sqlite.hpp"

namespace gaflight::service {
namespace {

constexpr const char* kOrg = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";
constexpr const char* kAt = "2026-06-01T10:00:00Z";

class ChangeWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gaflight::testing::TempSqliteFile::insertOrg(other_, kOrg);
    other_.run(
        "INSERT INTO apps(id, org_id, name, description, status, required_scopes, created_at, updated_at) "
        "VALUES ('app_1', ?1, 'Sync', 'Mirrors the fleet', 'active', '[]', ?2, ?2)",
        {std::string(kOrg), std::string(kAt)});
    other_.run(
        "INSERT INTO api_keys(id, app_id, org_id, name, prefix, token_hash, status, created_at, updated_at) "
        "VALUES ('key_1', 'app_1', ?1, 'ci', 'gaf_pk_ab', 'hash1', 'active', ?2, ?2)",
        {std::string(kOrg), std::string(kAt)});
  }

  gaflight::testing::TempSqliteFile file_{"gaflight-watch"};
  std::unique_ptr<storage::Database> db_ = storage::openDatabase("sqlite:" + file_.path());
  storage::SqliteConnection other_{file_.path()};  // "another process"
  AuthCache auth_;
  DataGeneration data_;
  ChangeWatcher watcher_{*db_, auth_, data_};
};

TEST_F(ChangeWatcherTest, TheFirstPollDropsBothCachesAndAQuietPollNeither) {
  uint64_t auth0 = auth_.generation(), data0 = data_.value();
  auto first = watcher_.poll();
  EXPECT_TRUE(first.auth);
  EXPECT_TRUE(first.data);
  EXPECT_GT(auth_.generation(), auth0);
  EXPECT_GT(data_.value(), data0);
  uint64_t auth1 = auth_.generation(), data1 = data_.value();
  auto quiet = watcher_.poll();
  EXPECT_FALSE(quiet.auth);
  EXPECT_FALSE(quiet.data);
  EXPECT_EQ(auth_.generation(), auth1);
  EXPECT_EQ(data_.value(), data1);
}

TEST_F(ChangeWatcherTest, AKeyRevokedElsewhereEmptiesTheAuthCacheAtTheNextPoll) {
  watcher_.poll();
  uint64_t before = auth_.generation();
  other_.run("UPDATE api_keys SET status = 'revoked', revoked_at = ?1, updated_at = ?1 WHERE id = 'key_1'",
             {std::string(kAt)});
  auto moved = watcher_.poll();
  EXPECT_TRUE(moved.auth);
  EXPECT_FALSE(moved.data);
  EXPECT_GT(auth_.generation(), before);
}

TEST_F(ChangeWatcherTest, AppAndInstallationChangesElsewhereMoveTheAuthEpoch) {
  watcher_.poll();
  other_.run("UPDATE apps SET required_scopes = '[\"public.pilots:read\"]' WHERE id = 'app_1'");
  EXPECT_TRUE(watcher_.poll().auth);
  other_.run(
      "INSERT INTO installations(id, org_id, app_id, granted_scopes, status, created_at, updated_at) "
      "VALUES ('ins_1', ?1, 'app_1', '[]', 'active', ?2, ?2)",
      {std::string(kOrg), std::string(kAt)});
  EXPECT_TRUE(watcher_.poll().auth);
  other_.run("UPDATE installations SET status = 'uninstalled' WHERE id = 'ins_1'");
  EXPECT_TRUE(watcher_.poll().auth);
  other_.run("DELETE FROM api_keys WHERE id = 'key_1'");
  EXPECT_TRUE(watcher_.poll().auth);
}

TEST_F(ChangeWatcherTest, AKeysLastUsedStampMovesNothing) {
  watcher_.poll();
  uint64_t before = auth_.generation();
  other_.run("UPDATE api_keys SET last_used_at = ?1 WHERE id = 'key_1'", {std::string(kAt)});
  auto moved = watcher_.poll();
  EXPECT_FALSE(moved.auth);
  EXPECT_FALSE(moved.data);
  EXPECT_EQ(auth_.generation(), before);
}

TEST_F(ChangeWatcherTest, APilotWrittenElsewhereDropsCachedPagesButKeepsKeys) {
  watcher_.poll();
  uint64_t data_before = data_.value(), auth_before = auth_.generation();
  other_.run(
      "INSERT INTO pilots(id, org_id, first_name, last_name, roles, status, created_at, updated_at) "
      "VALUES ('plt_1', ?1, 'A', 'B', '[]', 'active', ?2, ?2)",
      {std::string(kOrg), std::string(kAt)});
  auto moved = watcher_.poll();
  EXPECT_TRUE(moved.data);
  EXPECT_FALSE(moved.auth);
  EXPECT_GT(data_.value(), data_before);
  EXPECT_EQ(auth_.generation(), auth_before);
  other_.run("UPDATE pilots SET phone = 'x', updated_at = ?1 WHERE id = 'plt_1'",
             {std::string("2026-06-01T10:00:01Z")});
  EXPECT_TRUE(watcher_.poll().data);
}

}  // namespace
}  // namespace gaflight::service
