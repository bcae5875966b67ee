#include "service/cursor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/crypto.hpp"

namespace gaflight::service {
namespace {

constexpr const char* kOrgA = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";
constexpr const char* kOrgB = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

class CursorTest : public ::testing::Test {
 protected:
  CursorCodec codec{std::string(32, 'k')};
  std::vector<std::string> keys{"2026-05-28", "flt_01ARZ3NDEKTSV4RRFFQ69G5FAV"};
  std::string token = codec.encode("flights", kOrgA, "status=approved", keys);

  static void expectRefused(const Result<std::vector<std::string>>& r, const std::string& why) {
    ASSERT_FALSE(r.ok()) << why;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidParameter) << why;
    EXPECT_EQ(r.error().field, "cursor") << why;
  }
};

TEST_F(CursorTest, RoundTrip) {
  auto r = codec.decode(token, "flights", kOrgA, "status=approved", 2);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r.value(), keys);
}

TEST_F(CursorTest, TokenIsUrlSafe) {
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
            std::string::npos)
      << token;
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 1);
}

TEST_F(CursorTest, RoundTripsUnusualKeyValues) {
  std::vector<std::string> odd{"", "a.b", "quote\"and\\slash", "\xC3\xA9t\xC3\xA9", "line\nbreak"};
  auto t = codec.encode("pilots", kOrgA, "", odd);
  auto r = codec.decode(t, "pilots", kOrgA, "", odd.size());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), odd);
}

TEST_F(CursorTest, EmptyKeyListRoundTrips) {
  auto t = codec.encode("pilots", kOrgA, "", {});
  auto r = codec.decode(t, "pilots", kOrgA, "", 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().empty());
}

TEST_F(CursorTest, TamperedPayloadRefused) {
  size_t dot = token.find('.');
  for (size_t i = 0; i < dot; i += 3) {
    std::string t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    expectRefused(codec.decode(t, "flights", kOrgA, "status=approved", 2),
                  "payload byte " + std::to_string(i));
  }
}

TEST_F(CursorTest, TamperedMacRefused) {
  size_t dot = token.find('.');
  // Change whole characters in the MAC (not just the unused low bits of the final one).
  for (size_t i = dot + 1; i + 1 < token.size(); ++i) {
    std::string t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    expectRefused(codec.decode(t, "flights", kOrgA, "status=approved", 2), "mac byte " + std::to_string(i));
  }
  expectRefused(codec.decode(token.substr(0, token.size() - 2), "flights", kOrgA, "status=approved", 2),
                "truncated mac");
  expectRefused(codec.decode(token.substr(0, dot + 1), "flights", kOrgA, "status=approved", 2), "empty mac");
  expectRefused(codec.decode(token + "AAAA", "flights", kOrgA, "status=approved", 2), "extended mac");
}

TEST_F(CursorTest, ForgedPayloadWithOldMacRefused) {
  // Re-point the cursor at another organisation but keep the original MAC.
  std::string forged_body = crypto::base64UrlEncode(std::string(R"(["flights",")") + kOrgB +
                                                    R"(","status=approved",["2026-05-28","flt_x"]])");
  std::string t = forged_body + token.substr(token.find('.'));
  expectRefused(codec.decode(t, "flights", kOrgB, "status=approved", 2), "forged body");
}

TEST_F(CursorTest, OtherOrgRefused) {
  expectRefused(codec.decode(token, "flights", kOrgB, "status=approved", 2), "other org");
}

TEST_F(CursorTest, OtherKindRefused) {
  expectRefused(codec.decode(token, "pilots", kOrgA, "status=approved", 2), "other kind");
}

TEST_F(CursorTest, OtherFilterSignatureRefused) {
  expectRefused(codec.decode(token, "flights", kOrgA, "status=rejected", 2), "other filter");
  expectRefused(codec.decode(token, "flights", kOrgA, "", 2), "no filter");
}

TEST_F(CursorTest, WrongKeyCountRefused) {
  expectRefused(codec.decode(token, "flights", kOrgA, "status=approved", 1), "fewer keys");
  expectRefused(codec.decode(token, "flights", kOrgA, "status=approved", 3), "more keys");
}

TEST_F(CursorTest, WrongSecretRefused) {
  CursorCodec other(std::string(32, 'x'));
  expectRefused(other.decode(token, "flights", kOrgA, "status=approved", 2), "other secret");
}

TEST_F(CursorTest, AuthenticPayloadOfWrongShapeRefused) {
  // Correctly MAC'd (same secret) but structurally wrong payloads are still refused.
  const std::string secret(32, 'k');
  auto sign = [&](const std::string& json) {
    std::string body = crypto::base64UrlEncode(json);
    return body + "." + crypto::base64UrlEncode(crypto::hmacSha256(secret, body).substr(0, 16));
  };
  std::string org = kOrgA;
  expectRefused(codec.decode(sign(R"(["flights",")" + org + R"(","",[1,2]])"), "flights", kOrgA, "", 2),
                "non-string keys");
  expectRefused(codec.decode(sign(R"({"kind":"flights"})"), "flights", kOrgA, "", 0), "object payload");
  expectRefused(codec.decode(sign(R"(["flights",")" + org + R"(","","x"])"), "flights", kOrgA, "", 0),
                "keys not an array");
  expectRefused(codec.decode(sign("not json"), "flights", kOrgA, "", 0), "not json");
  // And the helper itself produces accepted tokens, so the refusals above are about the shape.
  auto ok = codec.decode(sign(R"(["flights",")" + org + R"(","",["a","b"]])"), "flights", kOrgA, "", 2);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(CursorTest, MalformedTokensRefused) {
  for (const std::string& t :
       {std::string(""), std::string("."), std::string("abc"), std::string("abc.def.ghi"),
        std::string("!!!.???"), std::string("a b.c"), token + "."}) {
    expectRefused(codec.decode(t, "flights", kOrgA, "status=approved", 2), "'" + t + "'");
  }
}

TEST_F(CursorTest, OverlongInputRefused) {
  std::vector<std::string> big(1, std::string(1500, 'z'));
  std::string t = codec.encode("flights", kOrgA, "", big);
  ASSERT_GT(t.size(), 2048u);
  expectRefused(codec.decode(t, "flights", kOrgA, "", 1), "over 2048 characters");
  expectRefused(codec.decode(std::string(100'000, 'A'), "flights", kOrgA, "", 1), "huge garbage");
}

}  // namespace
}  // namespace gaflight::service
