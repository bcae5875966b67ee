#include "service/paging.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace gaflight::service {
namespace {

// A keyset source over sorted ids: what a repository does with "id > after ORDER BY id LIMIT n".
struct Source {
  std::vector<std::string> ids;

  std::vector<std::string> after(const std::vector<std::string>& keys, int limit) const {
    std::vector<std::string> out;
    for (const auto& id : ids) {
      if ((keys.empty() || id > keys[0]) && out.size() < static_cast<size_t>(limit) + 1) out.push_back(id);
    }
    return out;
  }
};

struct View {
  std::string_view id;
};

class PagingTest : public ::testing::Test {
 protected:
  CursorCodec codec{std::string(32, 'k')};
  ListSpec spec{"pilots", "org_1"};
  Source source{{"a", "b", "c", "d", "e"}};

  // One page through streamPage: the ids emitted and the next cursor. Rows are passed as views into a
  // buffer that is overwritten for the next row, as a database row would be.
  std::pair<std::vector<std::string>, std::string> streamed(const PageQuery& q) {
    std::vector<std::string> emitted;
    auto cursor = streamPage(
        codec, spec, q,
        [&](const std::vector<std::string>& after, const auto& on_row) {
          std::string buffer;
          for (const auto& id : source.after(after, q.limit)) {
            buffer = id;
            on_row(View{buffer});
          }
        },
        [](const View& v) { return std::vector<std::string>{std::string(v.id)}; },
        [&](const View& v) { emitted.emplace_back(v.id); });
    EXPECT_TRUE(cursor.ok());
    return {emitted, cursor.ok() ? cursor.value() : "?"};
  }

  std::pair<std::vector<std::string>, std::string> fetched(const PageQuery& q) {
    auto page = fetchPage<std::string>(
        codec, spec, q, [&](const std::vector<std::string>& after) { return source.after(after, q.limit); },
        [](const std::string& id) { return std::vector<std::string>{id}; });
    EXPECT_TRUE(page.ok());
    return {page->items, page->next_cursor};
  }
};

TEST_F(PagingTest, StreamedPagesWalkEveryRowOnceWithTheSameCursorsAsFetchedPages) {
  PageQuery q{2, {}};
  std::vector<std::string> walked;
  int pages = 0;
  for (;;) {
    auto [ids, cursor] = streamed(q);
    auto [fetched_ids, fetched_cursor] = fetched(q);
    EXPECT_EQ(ids, fetched_ids);
    EXPECT_EQ(cursor, fetched_cursor);
    walked.insert(walked.end(), ids.begin(), ids.end());
    ++pages;
    if (cursor.empty()) break;
    q.cursor = cursor;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(walked, source.ids);
  EXPECT_EQ(pages, 3);
}

TEST_F(PagingTest, APageThatEndsExactlyAtTheLastRowHasNoCursor) {
  auto [ids, cursor] = streamed({5, {}});
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(cursor, "");
  auto [four, next] = streamed({4, {}});
  EXPECT_EQ(four.size(), 4u);
  EXPECT_NE(next, "");
}

TEST_F(PagingTest, AForeignCursorIsRefusedBeforeAnyRowIsRead) {
  std::string other_org = codec.encode("pilots", "org_2", "", {"b"});
  bool read = false;
  auto r = streamPage(
      codec, spec, PageQuery{2, other_org}, [&](const auto&, const auto&) { read = true; },
      [](const View& v) { return std::vector<std::string>{std::string(v.id)}; }, [](const View&) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidParameter);
  EXPECT_FALSE(read);
}

TEST_F(PagingTest, ChangeOrderCursorsAreBoundToThatOrder) {
  ListSpec changed = inChangeOrder(spec);
  EXPECT_EQ(changed.key_count, 3u);
  std::string token = codec.encode(changed.kind, changed.owner, changed.filter_sig, {"t", "1", "a"});
  EXPECT_FALSE(codec.decode(token, spec.kind, spec.owner, spec.filter_sig, 3).ok());
  EXPECT_TRUE(codec.decode(token, changed.kind, changed.owner, changed.filter_sig, 3).ok());
}

}  // namespace
}  // namespace gaflight::service
