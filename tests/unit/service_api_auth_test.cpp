#include "service/api_auth.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "fakes.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {
namespace {

namespace fs = std::filesystem;
using gaflight::testing::FakeClock;

constexpr const char* kOrg = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";
constexpr const char* kAt = "2026-05-28T12:00:00Z";

class ApiAuthCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = storage::openDatabase("sqlite:" + path.string());
    auto& c = db->connection();
    storage::migrate(c);
    c.run(
        "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
        "VALUES (?1, 'Club', 'Europe/Paris', 'FR', 'EUR', ?2, ?2)",
        {std::string(kOrg), std::string(kAt)});
    c.run(
        "INSERT INTO apps(id, org_id, name, description, status, required_scopes, created_at, updated_at) "
        "VALUES ('app_1', ?1, 'App', '', 'active', '[]', ?2, ?2)",
        {std::string(kOrg), std::string(kAt)});
    c.run(
        "INSERT INTO api_keys(id, app_id, org_id, name, prefix, token_hash, status, created_at, updated_at) "
        "VALUES ('key_1', 'app_1', ?1, 'k', 'gaf_pk_real', ?2, 'active', ?3, ?3)",
        {std::string(kOrg), crypto::sha256Hex(token("real")), std::string(kAt)});
  }
  void TearDown() override {
    db.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path.string() + suffix, ec);
  }
  // A well-formed token (prefix + 43 base64url characters) that differs by `tag`.
  static std::string token(const std::string& tag) {
    std::string body = tag + std::string(43, 'A');
    return std::string(ApiAuthenticator::kTokenPrefix) + body.substr(0, 43);
  }
  static std::string bearer(const std::string& t) { return "Bearer " + t; }

  fs::path path = fs::temp_directory_path() / ("gaflight-auth-" + ids::newUlid() + ".db");
  std::unique_ptr<storage::Database> db;
  FakeClock clock;
  AuthCache cache;
  BackgroundQueue background;
};

TEST_F(ApiAuthCacheTest, MadeUpTokensStayWithinTheirBoundAndDoNotEvictRealKeys) {
  ApiAuthenticator auth(*db, clock, cache, background, 100);  // at most 20 unknown tokens
  std::string real = bearer(token("real"));
  ASSERT_TRUE(auth.authenticateKey(&real, 1).ok());
  // The key is now served from the cache: removing its row (without a cache bump) proves it below.
  db->connection().run("DELETE FROM api_keys WHERE id = 'key_1'", {});

  for (int i = 0; i < 1000; ++i) {
    std::string h = bearer(token("x" + std::to_string(i)));
    ASSERT_FALSE(auth.authenticateKey(&h, 1).ok());
    auto sizes = auth.cacheSizes();
    ASSERT_LE(sizes.unknown_keys, 20u) << i;
    ASSERT_LE(sizes.keys, 100u) << i;
  }
  EXPECT_TRUE(auth.authenticateKey(&real, 1).ok()) << "the real key was evicted by the spray";
  background.drain();
}

TEST_F(ApiAuthCacheTest, MadeUpOrganisationsStayWithinTheBound) {
  ApiAuthenticator auth(*db, clock, cache, background, 50);
  std::string real = bearer(token("real"));
  auto key = auth.authenticateKey(&real, 1);
  ASSERT_TRUE(key.ok());
  for (int i = 0; i < 300; ++i) {
    std::string org = ids::newUuid();
    ASSERT_FALSE(auth.authorize(**key, &org, 1, "").ok());
    ASSERT_LE(auth.cacheSizes().installations, 50u) << i;
  }
  background.drain();
}

}  // namespace
}  // namespace gaflight::service
