#include "http/negotiation.hpp"

#include <gtest/gtest.h>

namespace gaflight::http {
namespace {

MediaType exports(std::string_view accept) { return negotiate(accept, Offers::kJsonAndExports); }
MediaType jsonOnly(std::string_view accept) { return negotiate(accept, Offers::kJsonOnly); }

TEST(Negotiate, JsonIsTheDefault) {
  EXPECT_EQ(exports(""), MediaType::kJson);
  EXPECT_EQ(exports("  "), MediaType::kJson);
  EXPECT_EQ(exports("*/*"), MediaType::kJson);
  EXPECT_EQ(exports("application/json"), MediaType::kJson);
  EXPECT_EQ(exports("application/*"), MediaType::kJson);
  EXPECT_EQ(exports("application/json; charset=utf-8"), MediaType::kJson);
  EXPECT_EQ(jsonOnly("*/*"), MediaType::kJson);
}

TEST(Negotiate, ExportTypes) {
  EXPECT_EQ(exports("text/csv"), MediaType::kCsv);
  EXPECT_EQ(exports("TEXT/CSV; charset=utf-8"), MediaType::kCsv);
  EXPECT_EQ(exports("text/*"), MediaType::kCsv);
  EXPECT_EQ(exports("application/x-ndjson"), MediaType::kNdjson);
}

TEST(Negotiate, SpecificBeatsWildcardAtEqualQ) {
  EXPECT_EQ(exports("text/csv, */*"), MediaType::kCsv);
  EXPECT_EQ(exports("*/*, application/x-ndjson"), MediaType::kNdjson);
  EXPECT_EQ(exports("application/*, application/x-ndjson"), MediaType::kNdjson);
}

TEST(Negotiate, EqualMatchesPreferJson) {
  EXPECT_EQ(exports("text/csv, application/json"), MediaType::kJson);
  EXPECT_EQ(exports("application/x-ndjson, text/csv"), MediaType::kNdjson);
}

TEST(Negotiate, QualityValuesDecide) {
  EXPECT_EQ(exports("application/json;q=0.5, text/csv"), MediaType::kCsv);
  EXPECT_EQ(exports("application/json;q=0.9, text/csv;q=0.8"), MediaType::kJson);
  EXPECT_EQ(exports("text/csv;q=0.2, application/x-ndjson;q=0.3"), MediaType::kNdjson);
  EXPECT_EQ(exports("text/csv; charset=utf-8; q=1.000"), MediaType::kCsv);
  EXPECT_EQ(exports("*/*;q=0.1, text/csv"), MediaType::kCsv);
}

TEST(Negotiate, QZeroExcludes) {
  EXPECT_EQ(exports("application/json;q=0"), MediaType::kNotAcceptable);
  EXPECT_EQ(exports("*/*, application/json;q=0"), MediaType::kNdjson);
  EXPECT_EQ(exports("text/csv, */*;q=0"), MediaType::kCsv);
  EXPECT_EQ(jsonOnly("*/*, application/json;q=0"), MediaType::kNotAcceptable);
}

TEST(Negotiate, NothingOfferedMatches) {
  EXPECT_EQ(exports("text/html"), MediaType::kNotAcceptable);
  EXPECT_EQ(exports("image/*"), MediaType::kNotAcceptable);
  EXPECT_EQ(exports("application/xml, text/plain"), MediaType::kNotAcceptable);
  EXPECT_EQ(jsonOnly("text/csv"), MediaType::kNotAcceptable);
  EXPECT_EQ(jsonOnly("application/x-ndjson"), MediaType::kNotAcceptable);
  EXPECT_EQ(jsonOnly("text/csv, application/json;q=0.1"), MediaType::kJson);
}

TEST(Negotiate, MalformedRangesAndQualities) {
  EXPECT_EQ(exports("garbage"), MediaType::kJson);  // no media range at all: ignored like no header
  EXPECT_EQ(exports("garbage, text/csv"), MediaType::kCsv);
  EXPECT_EQ(exports("application/json;q=2"), MediaType::kNotAcceptable);
  EXPECT_EQ(exports("application/json;q=abc, text/csv"), MediaType::kCsv);
  EXPECT_EQ(exports("application/json;q=1.5"), MediaType::kNotAcceptable);
  EXPECT_EQ(exports(",,, application/json ,"), MediaType::kJson);
}

}  // namespace
}  // namespace gaflight::http
