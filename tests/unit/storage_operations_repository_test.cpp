// Stored pilot renderings (ADR 0016) over a real SQLite file: every statement that writes a pilot leaves
// a rendering equal to renderPilot of the row as read back, and a page is always renderPilot's bytes,
// also for rows whose rendering is missing, of another renderer version, or stale.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/render.hpp"
#include "storage/billing_repository.hpp"
#include "storage/compliance_repository.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "temp_sqlite.hpp"

namespace gaflight::storage {
namespace {

constexpr const char* kOrg = "5c0a2e4f-1b3d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr const char* kOtherOrg = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";

domain::Pilot pilot(const std::string& org, const std::string& id, const std::string& last_name) {
  domain::Pilot p;
  p.id = id;
  p.org_id = org;
  p.first_name = "Zoé";
  p.last_name = last_name;
  p.email = id + "@example.org";
  p.roles = {"member"};
  p.status = "active";
  p.licence_type = "PPL";
  p.created_at = p.updated_at = "2026-02-01T08:00:00Z";
  return p;
}

class StoredPilotRenderingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gaflight::testing::TempSqliteFile::insertOrg(*conn_, kOrg);
    gaflight::testing::TempSqliteFile::insertOrg(*conn_, kOtherOrg);
    for (const char* id : {"plt_a", "plt_b", "plt_c", "plt_d"}) ops_.insertPilot(pilot(kOrg, id, "Martin"));
    ops_.insertPilot(pilot(kOtherOrg, "plt_x", "Other"));
  }

  std::optional<std::string> stored(const std::string& id) {
    return conn_->scalarText("SELECT rendered_json FROM pilots WHERE org_id = ?1 AND id = ?2", {kOrg, id});
  }
  std::string expected(const std::string& id) {
    std::string json;
    JsonWriter w(json);
    domain::renderPilot(w, ops_.findPilot(kOrg, id).value());
    return json;
  }
  // The whole list, page by page, as the public API sends it.
  std::vector<std::string> page(int limit, const std::vector<std::string>& after,
                                const std::optional<std::string>& since = std::nullopt) {
    std::vector<std::string> out;
    ops_.visitStoredPilots(kOrg, {limit, after}, since,
                           [&](const domain::StoredJsonRow& r) { out.emplace_back(r.json); });
    return out;
  }
  std::vector<std::string> expectedAll() {
    std::vector<std::string> out;
    for (const char* id : {"plt_a", "plt_b", "plt_c", "plt_d"}) out.push_back(expected(id));
    return out;
  }

  gaflight::testing::TempSqliteFile file_{"gaflight-ops"};
  std::unique_ptr<SqliteConnection> conn_ = std::make_unique<SqliteConnection>(file_.path());
  OperationsRepository ops_{*conn_};
};

TEST_F(StoredPilotRenderingTest, EveryWritePathStoresTheRenderingOfTheRowAsReadBack) {
  EXPECT_EQ(stored("plt_a").value_or("?"), expected("plt_a"));  // insertPilot

  auto p = ops_.findPilot(kOrg, "plt_a").value();
  p.last_name = "Durand \"le grand\"";
  p.home_base = "LFPN";
  p.updated_at = "2026-03-01T09:00:00Z";
  ops_.updatePilot(p);
  EXPECT_EQ(stored("plt_a").value_or("?"), expected("plt_a"));
  EXPECT_NE(stored("plt_a")->find("Durand \\\"le grand\\\""), std::string::npos);

  ComplianceRepository(*conn_).setPilotMedical(kOrg, "plt_b", std::string("class_2"),
                                               std::string("2031-04-30"), "2026-03-02T10:00:00Z");
  EXPECT_EQ(stored("plt_b").value_or("?"), expected("plt_b"));
  EXPECT_NE(stored("plt_b")->find("2031-04-30"), std::string::npos);

  BillingRepository(*conn_).setInstructionRate(kOrg, "plt_c", 4500, "2026-03-03T11:00:00Z");
  EXPECT_EQ(stored("plt_c").value_or("?"), expected("plt_c"));
  EXPECT_NE(stored("plt_c")->find("2026-03-03T11:00:00Z"), std::string::npos);
}

TEST_F(StoredPilotRenderingTest, PagesAreRenderPilotsBytesInBothOrders) {
  EXPECT_EQ(page(50, {}), expectedAll());
  auto first = page(2, {});
  ASSERT_EQ(first.size(), 3U);  // limit + 1
  EXPECT_EQ(page(50, {"plt_b"}), (std::vector<std::string>{expected("plt_c"), expected("plt_d")}));
  auto p = ops_.findPilot(kOrg, "plt_b").value();
  p.updated_at = "2026-04-01T00:00:00Z";
  ops_.updatePilot(p);
  EXPECT_EQ(page(50, {}, "2026-03-01T00:00:00Z"), (std::vector<std::string>{expected("plt_b")}));
}

TEST_F(StoredPilotRenderingTest, ARowWithoutACurrentRenderingIsRenderedFromItsColumns) {
  conn_->run("UPDATE pilots SET rendered_json = NULL WHERE id = 'plt_a'");
  // Another renderer's bytes, never to be sent by this one.
  conn_->run("UPDATE pilots SET rendered_json = '{\"old\":true}', rendered_version = ?1 WHERE id = 'plt_c'",
             {int64_t{domain::kPilotRenderVersion + 1}});
  conn_->run("UPDATE pilots SET rendered_version = NULL WHERE id = 'plt_d'");
  EXPECT_EQ(page(50, {}), expectedAll());
  EXPECT_EQ(page(50, {}, "2000-01-01T00:00:00Z"), expectedAll());
}

TEST_F(StoredPilotRenderingTest, MissingRenderingsAreFilledPerOrganisationOrEverywhere) {
  conn_->run("UPDATE pilots SET rendered_json = NULL, rendered_version = NULL");
  conn_->run("UPDATE pilots SET rendered_json = '{\"old\":true}', rendered_version = ?1 WHERE id = 'plt_b'",
             {int64_t{domain::kPilotRenderVersion + 1}});
  EXPECT_EQ(storeMissingPilotRenderings(*conn_, std::string(kOrg)), 4);
  for (const char* id : {"plt_a", "plt_b", "plt_c", "plt_d"})
    EXPECT_EQ(stored(id).value_or("?"), expected(id));
  EXPECT_FALSE(conn_->scalarText("SELECT rendered_json FROM pilots WHERE id = 'plt_x'").has_value());
  EXPECT_EQ(storeMissingPilotRenderings(*conn_), 1);  // the other organisation's pilot
  EXPECT_EQ(storeMissingPilotRenderings(*conn_), 0);
}

TEST_F(StoredPilotRenderingTest, MigratingAgainFillsRenderingsLeftEmpty) {
  conn_->run("UPDATE pilots SET rendered_json = NULL WHERE id = 'plt_d'");
  migrate(*conn_);
  EXPECT_EQ(stored("plt_d").value_or("?"), expected("plt_d"));
}

}  // namespace
}  // namespace gaflight::storage
