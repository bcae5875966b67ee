// Invoice numbering over a real SQLite file: the last number of a series is found numerically, also
// once a year passes 99,999 invoices and the numbers grow a digit.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/ids.hpp"
#include "domain/billing.hpp"
#include "storage/billing_repository.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "temp_sqlite.hpp"

namespace gaflight::storage {
namespace {

constexpr const char* kOrg = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";

class BillingRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gaflight::testing::TempSqliteFile::insertOrg(*conn_, kOrg);
    conn_->run(
        "INSERT INTO accounts(id, org_id, name, currency, created_at, updated_at) "
        "VALUES ('acc_1', ?1, 'Member', 'EUR', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        {std::string(kOrg)});
  }
  void insertInvoice(const std::string& number) {
    conn_->run(
        "INSERT INTO invoices(id, org_id, number, account_id, status, issue_date, due_date, currency, "
        "subtotal_minor, tax_minor, total_minor, created_at, updated_at) VALUES (?1, ?2, ?3, 'acc_1', "
        "'issued', "
        "'2026-03-01', '2026-03-31', 'EUR', 100, 0, 100, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
        {"inv_" + ids::newUlid(), std::string(kOrg), number});
  }

  gaflight::testing::TempSqliteFile file_{"gaflight-billing"};
  std::unique_ptr<SqliteConnection> conn_ = std::make_unique<SqliteConnection>(file_.path());
};

TEST_F(BillingRepositoryTest, AnEmptySeriesHasNoLastNumber) {
  BillingRepository repo(*conn_);
  EXPECT_FALSE(repo.lastNumber(kOrg, "INV", 2026).has_value());
}

TEST_F(BillingRepositoryTest, TheLastNumberIsTheGreatestOfItsSeriesOnly) {
  for (const char* n : {"INV-2026-00041", "INV-2026-00009", "INV-2025-00500", "CRN-2026-00077"})
    insertInvoice(n);
  BillingRepository repo(*conn_);
  EXPECT_EQ(repo.lastNumber(kOrg, "INV", 2026).value_or("?"), "INV-2026-00041");
  EXPECT_EQ(repo.lastNumber(kOrg, "CRN", 2026).value_or("?"), "CRN-2026-00077");
  EXPECT_EQ(repo.lastNumber(kOrg, "INV", 2025).value_or("?"), "INV-2025-00500");
}

TEST_F(BillingRepositoryTest, PastNinetyNineThousandNineHundredNinetyNineTheWiderNumberIsTheLast) {
  for (const char* n : {"INV-2026-99998", "INV-2026-99999", "INV-2026-100000", "INV-2026-100001"})
    insertInvoice(n);
  BillingRepository repo(*conn_);
  auto last = repo.lastNumber(kOrg, "INV", 2026);
  EXPECT_EQ(last.value_or("?"), "INV-2026-100001");
  EXPECT_EQ(domain::nextInvoiceNumber("INV", 2026, last), "INV-2026-100002");
}

}  // namespace
}  // namespace gaflight::storage
