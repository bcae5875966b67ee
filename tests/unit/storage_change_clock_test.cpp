// The change clock of migration 6 (ADR 0011) on a real SQLite file: updated_at never goes backwards in
// commit order within an organisation, organisations are independent, and a bulk load of history keeps
// its instants and moves the clock past them.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/change_clock.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "temp_sqlite.hpp"

namespace gaflight::storage {
namespace {

constexpr const char* kOrgA = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";
constexpr const char* kOrgB = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

class ChangeClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* org : {kOrgA, kOrgB}) gaflight::testing::TempSqliteFile::insertOrg(*conn_, org);
  }
  void insertPilot(const std::string& org, const std::string& id, const std::string& at) {
    conn_->run(
        "INSERT INTO pilots(id, org_id, first_name, last_name, roles, status, created_at, updated_at) "
        "VALUES (?1, ?2, 'A', 'B', '[]', 'active', ?3, ?3)",
        {id, org, at});
  }
  void touchPilot(const std::string& id, const std::string& at) {
    conn_->run("UPDATE pilots SET phone = 'x', updated_at = ?2 WHERE id = ?1", {id, at});
  }
  std::string updatedAt(const std::string& id) {
    return conn_->scalarText("SELECT updated_at FROM pilots WHERE id = ?1", {id}).value_or("?");
  }

  gaflight::testing::TempSqliteFile file_{"gaflight-clock"};
  std::unique_ptr<SqliteConnection> conn_ = std::make_unique<SqliteConnection>(file_.path());
};

TEST_F(ChangeClockTest, AWriteStampedBehindTheNewestCommitIsLiftedToIt) {
  insertPilot(kOrgA, "plt_1", "2026-06-01T10:00:05Z");
  // Stamped earlier (its writer read the clock before waiting for the lock), committed later.
  insertPilot(kOrgA, "plt_2", "2026-06-01T10:00:03Z");
  EXPECT_EQ(updatedAt("plt_2"), "2026-06-01T10:00:05Z");
  touchPilot("plt_1", "2026-06-01T09:59:00Z");  // the wall clock stepped back
  EXPECT_EQ(updatedAt("plt_1"), "2026-06-01T10:00:05Z");
  // A stamp ahead of the clock is kept and moves the clock.
  touchPilot("plt_2", "2026-06-01T10:01:00Z");
  EXPECT_EQ(updatedAt("plt_2"), "2026-06-01T10:01:00Z");
  EXPECT_EQ(conn_->scalarText("SELECT stamp FROM org_change_clock WHERE org_id = ?1", {std::string(kOrgA)}),
            "2026-06-01T10:01:00Z");
  // An update that does not set updated_at is not a change and leaves it alone.
  conn_->run("UPDATE pilots SET phone = 'y' WHERE id = 'plt_1'");
  EXPECT_EQ(updatedAt("plt_1"), "2026-06-01T10:00:05Z");
}

TEST_F(ChangeClockTest, EveryWriteTakesTheOrganisationsNextSequenceNumber) {
  auto seq = [&](const std::string& id) {
    return conn_->scalarInt("SELECT change_seq FROM pilots WHERE id = ?1", {id}).value_or(-1);
  };
  insertPilot(kOrgA, "plt_1", "2026-06-01T10:00:00Z");
  insertPilot(kOrgA, "plt_2", "2026-06-01T10:00:00Z");  // the same second: the sequence still orders them
  insertPilot(kOrgB, "plt_b", "2026-06-01T10:00:00Z");
  EXPECT_EQ(seq("plt_1"), 1);
  EXPECT_EQ(seq("plt_2"), 2);
  EXPECT_EQ(seq("plt_b"), 1);  // per organisation
  touchPilot("plt_1", "2026-06-01T10:00:00Z");
  EXPECT_EQ(seq("plt_1"), 3);
  // Other tables share the organisation's sequence.
  conn_->run(
      "INSERT INTO aircraft(id, org_id, registration, icao_type, make, model, seats, status, airworthiness, "
      "hobbs_tenths, tach_tenths, created_at, updated_at) VALUES ('acft_1', ?1, 'F-GAAA', 'C172', 'Cessna', "
      "'172', 4, 'active', 'airworthy', 0, 0, '2026-06-01T10:00:00Z', '2026-06-01T10:00:00Z')",
      {std::string(kOrgA)});
  EXPECT_EQ(conn_->scalarInt("SELECT change_seq FROM aircraft WHERE id = 'acft_1'"), 4);
}

TEST_F(ChangeClockTest, OrganisationsHaveTheirOwnClocks) {
  insertPilot(kOrgA, "plt_a", "2026-06-01T12:00:00Z");
  insertPilot(kOrgB, "plt_b", "2026-06-01T08:00:00Z");
  EXPECT_EQ(updatedAt("plt_b"), "2026-06-01T08:00:00Z");
}

TEST_F(ChangeClockTest, EveryPublicTableCarriesTheTriggersAndTheChangeIndex) {
  for (const char* table : kChangeClockTables) {
    const std::string t(table);
    EXPECT_EQ(conn_->scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 "
                               "AND name IN (?2, ?3)",
                               {t, t + "_change_clock_insert", t + "_change_clock_update"}),
              2)
        << t;
    EXPECT_EQ(conn_->scalarInt("SELECT count(*) FROM pragma_index_info(?1)", {t + "_org_changes"}), 4) << t;
  }
}

TEST_F(ChangeClockTest, ABulkLoadKeepsItsInstantsAndMovesTheClockPastThem) {
  insertPilot(kOrgA, "plt_now", "2026-06-01T10:00:00Z");
  Transaction tx(*conn_, TxMode::kWrite);
  ChangeClock clock(*conn_);
  clock.beginBulkLoad(kOrgB);
  insertPilot(kOrgB, "plt_late", "2026-05-01T00:00:00Z");
  insertPilot(kOrgB, "plt_early", "2025-01-01T00:00:00Z");
  insertPilot(kOrgA, "plt_other", "2026-01-01T00:00:00Z");  // another organisation is not in bulk load
  clock.endBulkLoad(kOrgB);
  tx.commit();
  EXPECT_EQ(updatedAt("plt_early"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(updatedAt("plt_other"), "2026-06-01T10:00:00Z");
  insertPilot(kOrgB, "plt_next", "2026-04-01T00:00:00Z");
  EXPECT_EQ(updatedAt("plt_next"), "2026-05-01T00:00:00Z");
}

}  // namespace
}  // namespace gaflight::storage
