#include "http/router.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gaflight::http {
namespace {

Handler tagged(int tag) {
  return [tag](RequestContext&) {
    Response r;
    r.status = 200;
    r.body = std::to_string(tag);
    return r;
  };
}

// Calls the matched handler so the test knows *which* route matched, not just that one did.
std::string call(const Router::Match& m) {
  if (!m.route) return "none";
  Request req;
  RequestContext ctx{req, "req-1", m.route->pattern, m.params, {}};
  return m.route->handler(ctx).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/api/v1/public/pilots", tagged(1), true);
    router.add("GET", "/api/v1/public/pilots/{id}", tagged(2), true);
    router.add("GET", "/api/v1/console/orgs/{org}/apps/{app}/keys", tagged(3));
    router.add("POST", "/api/v1/console/orgs/{org}/apps/{app}/keys", tagged(4));
    router.add("DELETE", "/api/v1/console/orgs/{org}/apps/{app}/keys/{key}", tagged(5));
    router.add("GET", "/", tagged(6));
  }
  Router router;
};

TEST_F(RouterTest, StaticRouteMatches) {
  auto m = router.match("GET", "/api/v1/public/pilots");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "1");
  EXPECT_TRUE(m.params.empty());
  EXPECT_TRUE(m.path_known);
  EXPECT_TRUE(m.route->inline_safe);
}

TEST_F(RouterTest, ParamExtraction) {
  auto m = router.match("GET", "/api/v1/public/pilots/plt_01ARZ3NDEKTSV4RRFFQ69G5FAV");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "2");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "plt_01ARZ3NDEKTSV4RRFFQ69G5FAV");
  EXPECT_EQ(m.route->pattern, "/api/v1/public/pilots/{id}");
}

TEST_F(RouterTest, ParamMustBeUtf8) {
  // What percent-decoding can make of a path; none of it is an id, and PostgreSQL cannot compare it.
  for (const char* bad : {"\xFF\xFE", "plt_\xC0\xAE\xC0\xAE", "plt_\xED\xA0\x80", "plt_\xF4\x90\x80\x80",
                          "plt_\xE2\x82", "plt_\x80"}) {
    auto m = router.match("GET", std::string("/api/v1/public/pilots/") + bad);
    EXPECT_EQ(m.route, nullptr) << bad;
    EXPECT_FALSE(m.path_known) << bad;
  }
  auto m = router.match("GET", "/api/v1/public/pilots/plt_\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9B\xA9");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "plt_\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9B\xA9");
}

TEST_F(RouterTest, MultipleParamsInOrder) {
  auto m = router.match("DELETE", "/api/v1/console/orgs/o-1/apps/app_2/keys/key_3");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "5");
  ASSERT_EQ(m.params.size(), 3u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"org", "o-1"}));
  EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"app", "app_2"}));
  EXPECT_EQ(m.params[2], (std::pair<std::string, std::string>{"key", "key_3"}));
}

TEST_F(RouterTest, MethodSelectsRouteOnSamePath) {
  EXPECT_EQ(call(router.match("GET", "/api/v1/console/orgs/o/apps/a/keys")), "3");
  EXPECT_EQ(call(router.match("POST", "/api/v1/console/orgs/o/apps/a/keys")), "4");
}

TEST_F(RouterTest, MethodNotAllowedListsAllowedMethods) {
  auto m = router.match("PUT", "/api/v1/console/orgs/o/apps/a/keys");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allowed_methods, "GET, POST");

  auto single = router.match("POST", "/api/v1/public/pilots/plt_1");
  EXPECT_EQ(single.route, nullptr);
  EXPECT_TRUE(single.path_known);
  EXPECT_EQ(single.allowed_methods, "GET");
}

TEST_F(RouterTest, MethodIsCaseSensitive) {
  auto m = router.match("get", "/api/v1/public/pilots");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
}

TEST_F(RouterTest, UnknownPathIsNotKnown) {
  auto m = router.match("GET", "/api/v1/public/planes");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_known);
  EXPECT_TRUE(m.allowed_methods.empty());
}

TEST_F(RouterTest, ExtraOrMissingSegmentsDoNotMatch) {
  for (const char* path :
       {"/api/v1/public/pilots/plt_1/extra", "/api/v1/public", "/api/v1/console/orgs/o/apps/a",
        "/api/v1/console/orgs/o/apps/a/keys/k/x", "/api/v1/public/pilots/a/b"}) {
    auto m = router.match("GET", path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_FALSE(m.path_known) << path;
  }
}

TEST_F(RouterTest, EmptySegmentDoesNotMatchParam) {
  for (const char* path :
       {"/api/v1/public/pilots/", "/api/v1/console/orgs//apps/a/keys", "/api/v1/console/orgs/o/apps//keys"}) {
    auto m = router.match("GET", path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_FALSE(m.path_known) << path;
  }
}

TEST_F(RouterTest, TrailingSlashOrDoubleSlashIsADifferentPath) {
  EXPECT_EQ(router.match("GET", "/api/v1/public/pilots/").route, nullptr)
      << "the trailing empty segment is not {id}";
  EXPECT_EQ(router.match("GET", "/api/v1//public/pilots").route, nullptr);
  EXPECT_EQ(router.match("GET", "//api/v1/public/pilots").route, nullptr);
}

TEST_F(RouterTest, LiteralSegmentsMustMatchExactly) {
  EXPECT_EQ(router.match("GET", "/api/v1/public/Pilots").route, nullptr);
  EXPECT_EQ(router.match("GET", "/api/v2/public/pilots").route, nullptr);
  EXPECT_EQ(router.match("GET", "/api/v1/public/pilotsx").route, nullptr);
}

TEST_F(RouterTest, RootPath) {
  auto m = router.match("GET", "/");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "6");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, FirstRegisteredRouteWins) {
  Router r;
  r.add("GET", "/pilots/me", tagged(1));
  r.add("GET", "/pilots/{id}", tagged(2));
  EXPECT_EQ(call(r.match("GET", "/pilots/me")), "1");
  auto other = r.match("GET", "/pilots/plt_9");
  EXPECT_EQ(call(other), "2");
  EXPECT_EQ(other.params[0].second, "plt_9");
}

TEST(Router, ParamValueKeptVerbatim) {
  Router r;
  r.add("GET", "/files/{name}", tagged(1));
  auto m = r.match("GET", "/files/a b%2Fc");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "a b%2Fc");
}

TEST(RequestContext, ParamLookup) {
  Request req;
  RequestContext ctx{req, "id", "/x/{a}/{b}", {{"a", "1"}, {"b", "2"}}, {}};
  EXPECT_EQ(ctx.param("a"), "1");
  EXPECT_EQ(ctx.param("b"), "2");
  EXPECT_EQ(ctx.param("c"), "");
}

}  // namespace
}  // namespace gaflight::http
