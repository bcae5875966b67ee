// Migrations on PostgreSQL, and the two engines' schemas compared object by object (issue 10, ADR 0014):
// a fresh SQLite file and the test server's schema are migrated from the same source, then described
// from each engine's own catalogue (storage::describeSchema) and compared line by line.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "pg_test_support.hpp"
#include "storage/change_clock.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/migrations/schema_catalog.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace gaflight::storage {
namespace {

std::vector<std::string> onlyIn(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& l : v) out += "\n  " + l;
  return out;
}

class PgSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pg = std::make_unique<PgConnection>(pgTestUrl(), PgSettings{});
    pg->execScript(kPgResetTestSchema);
    sqlite = std::make_unique<SqliteConnection>(sqlite_path);
  }
  void TearDown() override {
    sqlite.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path + suffix, ec);
  }
  // Both engines migrated; the differences that remain, each way.
  void migrateBoth() {
    migrate(*pg);
    migrate(*sqlite);
  }
  void expectSameSchema() {
    auto s = describeSchema(*sqlite);
    auto p = describeSchema(*pg);
    // The one deliberate difference (migration 9, ADR 0016): a SQLite index holding each pilot's
    // rendering, which PostgreSQL's 2.7 kB cap on an index entry rules out there.
    for (const std::string only_sqlite :
         {"index pilots.pilots_org_rendered (org_id,id,rendered_version,rendered_json)"}) {
      auto it = std::find(s.begin(), s.end(), only_sqlite);
      ASSERT_NE(it, s.end()) << only_sqlite << lines(s);
      s.erase(it);
    }
    EXPECT_EQ(onlyIn(s, p), std::vector<std::string>{}) << "only in SQLite:" << lines(onlyIn(s, p));
    EXPECT_EQ(onlyIn(p, s), std::vector<std::string>{}) << "only in PostgreSQL:" << lines(onlyIn(p, s));
  }
  void insertOrg(Connection& c) {
    c.run(
        "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
        "VALUES ('org_1', 'Club', 'Europe/Paris', 'FR', 'EUR', '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:00:00Z')");
  }

  const std::string sqlite_path =
      (std::filesystem::temp_directory_path() / ("gaflight-pgschema-" + ids::newUlid() + ".db")).string();
  std::unique_ptr<PgConnection> pg;
  std::unique_ptr<SqliteConnection> sqlite;
};

TEST_F(PgSchemaTest, FreshSchemaHasVersionZero) { EXPECT_EQ(currentSchemaVersion(*pg), 0); }

TEST_F(PgSchemaTest, MigrateTwiceAppliesOnce) {
  const int total = static_cast<int>(allMigrations().size());
  EXPECT_EQ(migrate(*pg), total);
  EXPECT_EQ(currentSchemaVersion(*pg), latestSchemaVersion());
  EXPECT_EQ(migrate(*pg), 0);
  EXPECT_EQ(pg->scalarInt("SELECT count(*) FROM schema_migrations"), total);
  EXPECT_FALSE(pg->inTransaction());
}

TEST_F(PgSchemaTest, ServersMigratingTogetherApplyEachVersionOnce) {
  // PostgreSQL's BEGIN locks nothing: without migrate's advisory lock both would run the DDL.
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      PgConnection mine(pgTestUrl(), PgSettings{});
      applied += migrate(mine);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied.load(), static_cast<int>(allMigrations().size()));
  EXPECT_EQ(currentSchemaVersion(*pg), latestSchemaVersion());
}

TEST_F(PgSchemaTest, BothEnginesHaveTheSameSchemaObjectByObject) {
  migrateBoth();
  auto p = describeSchema(*pg);
  // Not vacuous: every kind of object is there to compare.
  for (const char* kind :
       {"table ", "column ", "primary key ", "unique ", "index ", "foreign key ", "checks ", "trigger "})
    EXPECT_TRUE(std::any_of(p.begin(), p.end(), [&](const std::string& l) { return l.rfind(kind, 0) == 0; }))
        << kind;
  EXPECT_GT(p.size(), 500U);
  expectSameSchema();
}

// Keyset cursors and change order compare text: every text column orders bytes as SQLite does, whatever
// the server's locale (a locale collation would sort "plt_a" and "pltB" differently on each server).
TEST_F(PgSchemaTest, EveryTextColumnComparesBytes) {
  migrate(*pg);
  const std::string columns =
      "FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'text'";
  EXPECT_GT(pg->scalarInt("SELECT count(*) " + columns).value_or(0), 100);
  EXPECT_EQ(pg->scalarInt("SELECT count(*) " + columns + " AND collation_name IS DISTINCT FROM 'C'"), 0);
}

TEST_F(PgSchemaTest, TheComparisonSeesWhatIsMissingOnEitherSide) {
  migrateBoth();
  pg->execScript(
      "DROP INDEX flights_org_date; ALTER TABLE pilots DROP COLUMN home_base; DROP TABLE webhook_attempts;"
      "ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;");
  sqlite->execScript("DROP INDEX apps_org; DROP TRIGGER audit_log_no_delete;");
  auto s = describeSchema(*sqlite);
  auto p = describeSchema(*pg);
  const std::vector<std::string> only_sqlite = {
      "checks memberships 1",
      "checks webhook_attempts 0",
      "column pilots.home_base text null",
      "column webhook_attempts.attempt integer not null",
      "foreign key webhook_attempts (delivery_id) -> webhook_deliveries (id)",
      "index flights.flights_org_date (org_id,flight_date desc,id desc)",
      "primary key webhook_attempts (delivery_id,attempt)",
      "table webhook_attempts",
  };
  auto missing = onlyIn(s, p);
  for (const auto& l : only_sqlite)
    EXPECT_NE(std::find(missing.begin(), missing.end(), l), missing.end()) << l << " in" << lines(missing);
  EXPECT_EQ(onlyIn(p, s), (std::vector<std::string>{"checks memberships 0", "index apps.apps_org (org_id,id)",
                                                    "trigger audit_log.audit_log_no_delete"}));
}

TEST_F(PgSchemaTest, RaiseTriggersRefuseAsConstraintViolations) {
  migrate(*pg);
  insertOrg(*pg);
  pg->run(
      "INSERT INTO audit_log(id, org_id, actor_label, action, target_type, target_id, request_id, "
      "created_at) "
      "VALUES ('aud_1', 'org_1', 'ana', 'app.created', 'app', 'app_1', 'req-1', '2026-05-28T12:00:00Z')");
  for (const char* sql : {"UPDATE audit_log SET action = 'app.deleted'", "DELETE FROM audit_log"}) {
    try {
      pg->run(sql);
      ADD_FAILURE() << sql << " succeeded";
    } catch (const DbError& e) {
      EXPECT_EQ(e.kind(), DbError::Kind::kConstraint) << e.what();
      EXPECT_NE(std::string(e.what()).find("audit_log is append-only"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(pg->scalarInt("SELECT seq FROM audit_log WHERE id = 'aud_1'"), 1);  // the identity column
  EXPECT_EQ(pg->scalarText("SELECT details FROM audit_log"), "{}");
}

TEST_F(PgSchemaTest, ChangeClockAndAuthEpochTriggersMoveTheirCounters) {
  migrate(*pg);
  insertOrg(*pg);
  ChangeClock clock(*pg);
  auto before = clock.epochs();
  auto insertPilot = [&](const char* id, const char* updated_at) {
    pg->run(
        "INSERT INTO pilots(id, org_id, first_name, last_name, roles, status, created_at, updated_at) "
        "VALUES (?1, 'org_1', 'A', 'B', '[]', 'active', ?2, ?2)",
        {std::string(id), std::string(updated_at)});
  };
  insertPilot("p1", "2026-03-01T00:00:00Z");
  insertPilot("p2", "2026-02-01T00:00:00Z");  // written later with an older stamp: raised to the newest
  pg->run("UPDATE pilots SET first_name = 'C' WHERE id = 'p1'");  // updated_at untouched: no tick
  pg->run("UPDATE pilots SET updated_at = '2026-01-01T00:00:00Z' WHERE id = 'p1'");
  std::vector<std::string> rows;
  pg->run("SELECT id, updated_at, change_seq FROM pilots ORDER BY id", {}, [&](const RowView& r) {
    rows.push_back(r.str(0) + " " + r.str(1) + " " + std::to_string(r.integer(2)));
  });
  EXPECT_EQ(rows, (std::vector<std::string>{"p1 2026-03-01T00:00:00Z 3", "p2 2026-03-01T00:00:00Z 2"}));
  pg->run(
      "INSERT INTO apps(id, org_id, name, description, status, required_scopes, created_at, updated_at) "
      "VALUES ('app_1', 'org_1', 'App', '', 'draft', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  auto after = clock.epochs();
  EXPECT_EQ(after.data - before.data, 3);
  EXPECT_EQ(after.auth - before.auth, 1);
}

}  // namespace
}  // namespace gaflight::storage
