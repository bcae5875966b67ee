// The OpenAPI document and the router must describe the same surface (SPEC §3 "Reference").
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace gaflight::embedded {
std::string_view openapiDocument();
}

namespace gaflight::testing {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DocumentAndRouterAgree) {
  TestServer server;
  auto doc = nlohmann::json::parse(embedded::openapiDocument());
  ASSERT_EQ(doc["openapi"].get<std::string>().substr(0, 3), "3.1");
  std::set<std::string> documented, routed;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      documented.insert(lower(method) + " " + path);
      EXPECT_TRUE(op.contains("operationId")) << method << " " << path;
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
  for (const auto& r : server.app().router().routes()) routed.insert(lower(r.method) + " " + r.pattern);
  for (const auto& r : routed)
    EXPECT_TRUE(documented.count(r)) << "route missing from docs/openapi.json: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented but not routed: " << d;
  EXPECT_GT(routed.size(), 40u);
}

TEST(OpenApi, ServedDocumentIsTheEmbeddedOneAndDocsPageIsStrict) {
  TestServer server;
  auto r = server.client().get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::string(embedded::openapiDocument()));
  auto page = server.client().get("/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos) << "no inline scripts";
  EXPECT_EQ(server.client().get("/docs/docs.js").status, 200);
  EXPECT_EQ(server.client().get("/docs/..%2f..%2fCMakeLists.txt").status, 404);
}

}  // namespace
}  // namespace gaflight::testing
