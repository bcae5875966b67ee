#include "http/message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gaflight::http {
namespace {

Request parse(std::string target) {
  Request r;
  r.method = "GET";
  r.target = std::move(target);
  parseTarget(r);
  return r;
}

TEST(ParseTarget, PathOnly) {
  auto r = parse("/api/v1/public/pilots");
  EXPECT_EQ(r.path, "/api/v1/public/pilots");
  EXPECT_TRUE(r.query.empty());
  EXPECT_FALSE(r.path_malformed);
  EXPECT_FALSE(r.query_malformed);
}

TEST(ParseTarget, PercentDecodesPath) {
  auto r = parse("/files/a%2Fb/%41%62c%20d");
  EXPECT_EQ(r.path, "/files/a/b/Abc d");
  EXPECT_FALSE(r.path_malformed);
}

TEST(ParseTarget, PlusIsLiteralInPathButSpaceInQuery) {
  auto r = parse("/a+b?q=c+d&e%2Bf=g%2Bh");
  EXPECT_EQ(r.path, "/a+b");
  ASSERT_EQ(r.query.size(), 2u);
  EXPECT_EQ(r.query[0], (std::pair<std::string, std::string>{"q", "c d"}));
  EXPECT_EQ(r.query[1], (std::pair<std::string, std::string>{"e+f", "g+h"}));
}

TEST(ParseTarget, QueryPairsInOrderWithDecoding) {
  auto r = parse("/x?limit=10&cursor=abc.def&status=approved&status=rejected&q=%C3%A9t%C3%A9&slash=a%2fb");
  ASSERT_EQ(r.query.size(), 6u);
  EXPECT_EQ(r.query[0].first, "limit");
  EXPECT_EQ(r.query[0].second, "10");
  EXPECT_EQ(r.query[2].second, "approved");
  EXPECT_EQ(r.query[3].second, "rejected");
  EXPECT_EQ(r.query[4].second, "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(r.query[5].second, "a/b");
  EXPECT_FALSE(r.query_malformed);
}

TEST(ParseTarget, EmptyPartsSkippedAndBareKeysHaveEmptyValue) {
  auto r = parse("/x?&&a&b=&=c&");
  ASSERT_EQ(r.query.size(), 3u);
  EXPECT_EQ(r.query[0], (std::pair<std::string, std::string>{"a", ""}));
  EXPECT_EQ(r.query[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(r.query[2], (std::pair<std::string, std::string>{"", "c"}));
  EXPECT_EQ(parse("/x?").query.size(), 0u);
  EXPECT_EQ(parse("/x?").path, "/x");
}

TEST(ParseTarget, ValueMayContainEquals) {
  auto r = parse("/x?cursor=abc==&k=a=b");
  ASSERT_EQ(r.query.size(), 2u);
  EXPECT_EQ(r.query[0].second, "abc==");
  EXPECT_EQ(r.query[1].second, "a=b");
}

TEST(ParseTarget, MalformedQueryEscapesFlaggedAndPairDropped) {
  for (const char* target : {"/x?a=%zz", "/x?a=%0", "/x?a=%", "/x?%zz=1", "/x?a=%G1", "/x?a=%1G"}) {
    auto r = parse(target);
    EXPECT_TRUE(r.query_malformed) << target;
    EXPECT_FALSE(r.path_malformed) << target;
    EXPECT_EQ(r.queryParam("a"), nullptr) << target;
  }
  auto r = parse("/x?ok=1&bad=%zz&also=2");
  EXPECT_TRUE(r.query_malformed);
  ASSERT_EQ(r.query.size(), 2u);
  EXPECT_EQ(*r.queryParam("ok"), "1");
  EXPECT_EQ(*r.queryParam("also"), "2");
}

TEST(ParseTarget, EncodedNulFlagged) {
  auto q = parse("/x?a=b%00c");
  EXPECT_TRUE(q.query_malformed);
  EXPECT_EQ(q.queryParam("a"), nullptr);
  auto p = parse("/x%00/y");
  EXPECT_TRUE(p.path_malformed);
}

// PostgreSQL refuses such bytes in a text parameter: they must never get past the parser.
TEST(ParseTarget, QueryTextThatIsNotUtf8Flagged) {
  for (const char* target :
       {"/x?type=%ff", "/x?type=%c3%28", "/x?%ed%a0%80=1", "/x?q=%f4%90%80%80", "/x?q=%e2%82"}) {
    auto r = parse(target);
    EXPECT_TRUE(r.query_malformed) << target;
    EXPECT_TRUE(r.query.empty()) << target;
  }
  auto ok = parse("/x?q=%c3%a9t%c3%a9&emoji=%f0%9f%9b%a9");
  EXPECT_FALSE(ok.query_malformed);
  EXPECT_EQ(*ok.queryParam("q"), "\xC3\xA9t\xC3\xA9");
}

TEST(ParseTarget, MalformedPathEscapesFlagged) {
  for (const char* target : {"/a%zz", "/a%", "/a%2", "/%%41"}) {
    EXPECT_TRUE(parse(target).path_malformed) << target;
  }
  EXPECT_FALSE(parse("/a%25").path_malformed);
  EXPECT_EQ(parse("/a%25").path, "/a%");
  EXPECT_EQ(parse("/a%2f").path, "/a/") << "lower-case hex digits";
}

TEST(PercentDecode, RawNulRejected) {
  std::string out;
  EXPECT_FALSE(percentDecode(std::string_view("a\0b", 3), out, false));
  EXPECT_TRUE(percentDecode("%7E%7e", out, false));
  EXPECT_EQ(out, "~~");
  EXPECT_TRUE(percentDecode("a+b", out, false));
  EXPECT_EQ(out, "a+b");
  EXPECT_TRUE(percentDecode("a+b", out, true));
  EXPECT_EQ(out, "a b");
  EXPECT_TRUE(percentDecode("%FF", out, false));
  EXPECT_EQ(out, "\xFF");
}

TEST(Request, HeaderLookupIsCaseInsensitive) {
  Request r;
  r.headers = {
      {"content-type", "application/json"}, {"x-request-id", "abc"}, {"accept", "a"}, {"Accept", "b"}};
  ASSERT_NE(r.header("Content-Type"), nullptr);
  EXPECT_EQ(*r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(*r.header("X-Request-Id"), "abc");
  EXPECT_EQ(r.header("content-length"), nullptr);
  EXPECT_EQ(r.header("content-typ"), nullptr);
  EXPECT_EQ(*r.header("ACCEPT"), "a") << "first value wins";
}

TEST(Request, HeaderAndQueryCounts) {
  Request r;
  r.headers = {{"authorization", "Bearer a"}, {"Authorization", "Bearer b"}, {"host", "x"}};
  EXPECT_EQ(r.headerCount("AUTHORIZATION"), 2u);
  EXPECT_EQ(r.headerCount("host"), 1u);
  EXPECT_EQ(r.headerCount("cookie"), 0u);

  auto q = parse("/x?status=a&Status=b&status=c&limit=5");
  EXPECT_EQ(q.queryCount("status"), 2u) << "query names are case-sensitive";
  EXPECT_EQ(q.queryCount("Status"), 1u);
  EXPECT_EQ(q.queryCount("limit"), 1u);
  EXPECT_EQ(q.queryCount("cursor"), 0u);
  EXPECT_EQ(*q.queryParam("status"), "a");
  EXPECT_EQ(q.queryParam("STATUS"), nullptr);
}

TEST(Response, HeaderLookupIsCaseInsensitive) {
  Response res;
  res.set("Retry-After", "3");
  res.set("WWW-Authenticate", "Bearer");
  ASSERT_NE(res.header("retry-after"), nullptr);
  EXPECT_EQ(*res.header("retry-after"), "3");
  EXPECT_EQ(*res.header("www-authenticate"), "Bearer");
  EXPECT_EQ(res.header("allow"), nullptr);
}

TEST(Strings, ToLowerAndIequals) {
  EXPECT_EQ(toLower("Content-TYPE 123"), "content-type 123");
  EXPECT_EQ(toLower("\xC3\x89"), "\xC3\x89") << "non-ASCII bytes untouched";
  EXPECT_TRUE(iequals("Host", "hOST"));
  EXPECT_FALSE(iequals("Host", "Hosts"));
  EXPECT_FALSE(iequals("a", "b"));
  EXPECT_TRUE(iequals("", ""));
}

TEST(ClientAddress, ForwardedForIsBelievedOnlyFromTheTrustedProxy) {
  Request r;
  r.remote_ip = "127.0.0.1";
  r.headers.push_back({"x-forwarded-for", "203.0.113.7"});
  EXPECT_EQ(clientAddress(r, ""), "127.0.0.1") << "no trusted proxy configured";
  EXPECT_EQ(clientAddress(r, "192.0.2.1"), "127.0.0.1") << "the peer is not the trusted proxy";
  EXPECT_EQ(clientAddress(r, "127.0.0.1"), "203.0.113.7");
}

TEST(ClientAddress, TheEntryTheProxyAppendedWins) {
  Request r;
  r.remote_ip = "::1";
  r.headers.push_back({"x-forwarded-for", "198.51.100.1, 10.0.0.1"});
  r.headers.push_back({"x-forwarded-for", "198.51.100.2 ,  2001:DB8::0:1 "});
  EXPECT_EQ(clientAddress(r, "::1"), "2001:db8::1") << "the last entry of the last header, canonical";
  Request bad;
  bad.remote_ip = "::1";
  bad.headers.push_back({"x-forwarded-for", "203.0.113.7, not-an-address"});
  EXPECT_EQ(clientAddress(bad, "::1"), "::1") << "a malformed entry falls back to the peer";
  Request none;
  none.remote_ip = "::1";
  EXPECT_EQ(clientAddress(none, "::1"), "::1");
}

TEST(CanonicalAddress, ParsesBothFamilies) {
  EXPECT_EQ(canonicalAddress("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(canonicalAddress("0:0:0:0:0:0:0:1"), "::1");
  EXPECT_EQ(canonicalAddress("127.1"), "");
  EXPECT_EQ(canonicalAddress(""), "");
  EXPECT_EQ(canonicalAddress("example.com"), "");
}

}  // namespace
}  // namespace gaflight::http
