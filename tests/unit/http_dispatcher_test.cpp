#include "http/dispatcher.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "observability/metrics.hpp"

namespace gaflight::http {
namespace {

Handler answering(int status) {
  return [status](RequestContext&) {
    Response r;
    r.status = status;
    return r;
  };
}

Request get(std::string path) {
  Request req;
  req.method = "GET";
  req.target = path;
  req.path = std::move(path);
  return req;
}

TEST(RequestId, UniqueAcrossThreadsAndShapedReqThen24Hex) {
  std::vector<std::vector<std::string>> ids(3);
  std::vector<std::thread> threads;
  for (auto& mine : ids) {
    threads.emplace_back([&mine] {
      for (int i = 0; i < 20'000; ++i) mine.push_back(newRequestId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  const std::regex shape("req_[0-9a-f]{24}");
  for (const auto& mine : ids) {
    for (const auto& id : mine) {
      EXPECT_TRUE(std::regex_match(id, shape)) << id;
      all.insert(id);
    }
  }
  EXPECT_EQ(all.size(), 60'000U);
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/read", answering(200), true);
    router.add("POST", "/write", answering(201));
  }
  Router router;
  observability::Metrics metrics;
};

// Where a request runs decides whether it can hold an IO thread: only lock-free reads (SQLite) and
// requests no route matches may; a handler that may wait always goes to the executor.
TEST_F(DispatcherTest, OnlyLockFreeReadsAndUnmatchedRequestsRunInline) {
  Dispatcher sqlite(router, metrics, false, true);
  EXPECT_TRUE(sqlite.runsInline(sqlite.route(get("/read"))));
  Request post = get("/write");
  post.method = "POST";
  EXPECT_FALSE(sqlite.runsInline(sqlite.route(post)));
  EXPECT_TRUE(sqlite.runsInline(sqlite.route(get("/nowhere"))));
  EXPECT_TRUE(sqlite.runsInline(sqlite.route(get("/write"))));  // 405: the path exists, GET does not

  Dispatcher networked(router, metrics, false, false);
  EXPECT_FALSE(networked.runsInline(networked.route(get("/read"))));
  EXPECT_TRUE(networked.runsInline(networked.route(get("/nowhere"))));
}

TEST_F(DispatcherTest, UnmatchedRequestsAnswer404And405WithoutAHandler) {
  Dispatcher d(router, metrics, false, false);
  EXPECT_EQ(d.handle(get("/nowhere")).status, 404);
  Response wrong_method = d.handle(get("/write"));
  EXPECT_EQ(wrong_method.status, 405);
  ASSERT_NE(wrong_method.header("Allow"), nullptr);
  EXPECT_EQ(*wrong_method.header("Allow"), "POST");
  EXPECT_EQ(d.handle(get("/read")).status, 200);
}

}  // namespace
}  // namespace gaflight::http
