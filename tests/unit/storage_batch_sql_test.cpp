#include "storage/batch_sql.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

namespace gaflight::storage {
namespace {

std::vector<std::pair<size_t, size_t>> runs(size_t n, size_t max_run) {
  std::vector<std::pair<size_t, size_t>> out;
  forEachBatchRun(n, max_run, [&](size_t offset, size_t length) { out.emplace_back(offset, length); });
  return out;
}

TEST(BatchSql, RunsArePowersOfTwoCoveringTheBatchInOrder) {
  EXPECT_TRUE(runs(0, 64).empty());
  EXPECT_EQ(runs(1, 64), (std::vector<std::pair<size_t, size_t>>{{0, 1}}));
  EXPECT_EQ(runs(7, 64), (std::vector<std::pair<size_t, size_t>>{{0, 4}, {4, 2}, {6, 1}}));
  EXPECT_EQ(runs(150, 64),
            (std::vector<std::pair<size_t, size_t>>{{0, 64}, {64, 64}, {128, 16}, {144, 4}, {148, 2}}));
}

TEST(BatchSql, AnyBatchUsesAtMostLog2MaxRunPlusOneDistinctLengths) {
  std::set<size_t> lengths;
  for (size_t n = 1; n <= 300; ++n) {
    for (auto [offset, length] : runs(n, 64)) lengths.insert(length);
  }
  EXPECT_EQ(lengths, (std::set<size_t>{1, 2, 4, 8, 16, 32, 64}));
}

TEST(BatchSql, PlaceholdersAreNumberedFromTheFirstFree) {
  EXPECT_EQ(placeholderList(3, 1), "?3");
  EXPECT_EQ(placeholderList(4, 3), "?4,?5,?6");
  EXPECT_EQ(placeholderRows(1, 2, 3), "(?1,?2,?3),(?4,?5,?6)");
}

}  // namespace
}  // namespace gaflight::storage
