#include "observability/metrics.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gaflight::observability {
namespace {

size_t countLines(const std::string& text, const std::string& prefix) {
  size_t n = 0, pos = 0;
  while ((pos = text.find("\n" + prefix, pos)) != std::string::npos) {
    ++n;
    ++pos;
  }
  return n;
}

TEST(Metrics, MadeUpMethodsShareOneLabel) {
  Metrics m;
  for (int i = 0; i < 1000; ++i) {
    m.observeRequest("BREW" + std::to_string(i) + std::string(100, 'X'), "(unmatched)", 404, 0.001);
  }
  m.observeRequest("GET", "/healthz", 200, 0.001);
  std::string out = m.render();
  EXPECT_EQ(countLines(out, "gaflight_http_requests_total{"), 2u);
  EXPECT_NE(
      out.find("gaflight_http_requests_total{method=\"OTHER\",route=\"(unmatched)\",status=\"404\"} 1000"),
      std::string::npos)
      << out;
  EXPECT_EQ(out.find("BREW"), std::string::npos);
  EXPECT_LT(out.size(), 4096u);
}

TEST(Metrics, StandardMethodsKeepTheirLabel) {
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    EXPECT_EQ(Metrics::methodLabel(method), method);
  }
  EXPECT_EQ(Metrics::methodLabel("get"), "OTHER");
  EXPECT_EQ(Metrics::methodLabel("PROPFIND"), "OTHER");
}

TEST(Metrics, RouteLabelsAreCapped) {
  Metrics m;
  for (size_t i = 0; i < Metrics::kMaxRoutes + 300; ++i) {
    m.observeRequest("GET", "/r/" + std::to_string(i), 200, 0.001);
  }
  std::string out = m.render();
  EXPECT_EQ(countLines(out, "gaflight_http_request_duration_seconds_count{"), Metrics::kMaxRoutes + 1);
  EXPECT_NE(out.find("gaflight_http_request_duration_seconds_count{route=\"(other)\"} 300"),
            std::string::npos);
}

}  // namespace
}  // namespace gaflight::observability
