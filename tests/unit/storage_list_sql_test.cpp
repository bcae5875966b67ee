// The SQL pieces lists share (storage/list_sql.cpp): placeholders number on from the caller's.
#include <gtest/gtest.h>

#include <string>

#include "storage/list_sql.hpp"

namespace gaflight::storage {
namespace {

TEST(ListSqlTest, ChangeOrderBindsSinceKeysAndLimitAfterTheCallersParameters) {
  std::string sql = "SELECT id FROM t WHERE org_id = ?1";
  Params params{std::string("org")};
  appendChangeOrder(sql, params, "t.", "2026-01-01T00:00:00Z",
                    Keyset{10, {"2026-02-01T00:00:00Z", "42", "id_9"}});
  EXPECT_EQ(
      sql,
      "SELECT id FROM t WHERE org_id = ?1 AND t.updated_at >= ?2 AND (t.updated_at, t.change_seq, t.id) > "
      "(?3, ?4, ?5) ORDER BY t.updated_at, t.change_seq, t.id LIMIT ?6");
  ASSERT_EQ(params.size(), 6u);
  EXPECT_EQ(std::get<std::string>(params[1]), "2026-01-01T00:00:00Z");
  EXPECT_EQ(std::get<int64_t>(params[3]), 42);  // compared as a number, not as text
  EXPECT_EQ(std::get<std::string>(params[4]), "id_9");
  EXPECT_EQ(std::get<int64_t>(params[5]), 11);

  std::string first = "SELECT id FROM t WHERE org_id = ?1";
  Params first_params{std::string("org")};
  appendChangeOrder(first, first_params, "", "2026-01-01T00:00:00Z", Keyset{50, {}});
  EXPECT_EQ(
      first,
      "SELECT id FROM t WHERE org_id = ?1 AND updated_at >= ?2 ORDER BY updated_at, change_seq, id LIMIT ?3");
}

TEST(ListSqlTest, PredicatesAreAddedOnlyForPresentValues) {
  std::string sql = "SELECT id FROM t WHERE org_id = ?1";
  Params params{std::string("org")};
  addPredicate(sql, params, "status =", std::optional<std::string>{});
  addPredicate(sql, params, "status =", std::optional<std::string>{"approved"});
  EXPECT_EQ(sql, "SELECT id FROM t WHERE org_id = ?1 AND status = ?2");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(params[1]), "approved");
}

}  // namespace
}  // namespace gaflight::storage
