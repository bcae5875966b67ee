#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace gaflight::ids {
namespace {

bool isLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
int hexNibble(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

TEST(Uuid, ShapeVersionAndVariant) {
  for (int i = 0; i < 200; ++i) {
    std::string u = newUuid();
    ASSERT_EQ(u.size(), 36u) << u;
    for (size_t k = 0; k < u.size(); ++k) {
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        ASSERT_EQ(u[k], '-') << u;
      } else {
        ASSERT_TRUE(isLowerHex(u[k])) << u;
      }
    }
    ASSERT_EQ(u[14], '4') << "version nibble: " << u;
    ASSERT_EQ(hexNibble(u[19]) & 0xC, 0x8) << "RFC 4122 variant (10xx): " << u;
    ASSERT_TRUE(isUuid(u)) << u;
  }
}

TEST(Uuid, Unique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(newUuid());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IsUuid, AcceptsCanonicalLowerCase) {
  EXPECT_TRUE(isUuid("0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a"));
  EXPECT_TRUE(isUuid("00000000-0000-0000-0000-000000000000"));
}

TEST(IsUuid, RejectsUpperCase) {
  EXPECT_FALSE(isUuid("0B9F3C1E-5D4A-4C8E-9A7B-2F6D1E3C4B5A"));
  EXPECT_FALSE(isUuid("0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5A"));
}

TEST(IsUuid, RejectsWrongShapes) {
  EXPECT_FALSE(isUuid(""));
  EXPECT_FALSE(isUuid("0b9f3c1e5d4a4c8e9a7b2f6d1e3c4b5a"));        // no hyphens
  EXPECT_FALSE(isUuid("{0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a}"));  // braces
  EXPECT_FALSE(isUuid("0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5"));     // short
  EXPECT_FALSE(isUuid("0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a0"));   // long
  EXPECT_FALSE(isUuid("0b9f3c1e5-d4a-4c8e-9a7b-2f6d1e3c4b5a"));    // hyphen moved
  EXPECT_FALSE(isUuid("0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5g"));    // non-hex
  EXPECT_FALSE(isUuid("0b9f3c1e-5d4a-4c8e-9a7b 2f6d1e3c4b5a"));    // space for hyphen
  EXPECT_FALSE(isUuid("urn:uuid:0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a"));
  EXPECT_FALSE(isUuid(std::string("0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5\0", 36)));
}

TEST(Ulid, ShapeAndTimestampEncoding) {
  std::string u = newUlid(int64_t{0});
  ASSERT_EQ(u.size(), 26u);
  EXPECT_EQ(u.substr(0, 10), "0000000000");
  // 1469918176385 ms is the timestamp of the ULID spec's example "01ARYZ6S41...".
  EXPECT_EQ(newUlid(int64_t{1469918176385}).substr(0, 10), "01ARYZ6S41");
  for (char c : newUlid()) {
    EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos) << c;
  }
}

TEST(Ulid, OrderedByTime) {
  int64_t base = 1'780'000'000'000;
  std::string prev = newUlid(base);
  for (int64_t step :
       {int64_t{1}, int64_t{2}, int64_t{999}, int64_t{1000}, int64_t{86'400'000}, int64_t{31'536'000'000}}) {
    std::string cur = newUlid(base + step);
    EXPECT_LT(prev, cur) << "step " << step;
    EXPECT_LT(newUlid(base), cur) << "step " << step;
  }
  EXPECT_LT(newUlid(base - 1), newUlid(base));
}

TEST(Ulid, RandomPartDiffersWithinSameMillisecond) {
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) seen.insert(newUlid(int64_t{1'780'000'000'000}));
  EXPECT_EQ(seen.size(), 500u);
}

TEST(Prefixed, HasPrefixAndUlid) {
  std::string id = prefixed("plt_", int64_t{1'780'000'000'000});
  ASSERT_EQ(id.size(), 4u + 26u);
  EXPECT_EQ(id.rfind("plt_", 0), 0u);
  EXPECT_TRUE(isPrefixedId(id, "plt_"));
  EXPECT_TRUE(isPrefixedId(prefixed("flt_"), "flt_"));
  EXPECT_LT(prefixed("flt_", 1000), prefixed("flt_", 2000));
}

TEST(IsPrefixedId, RejectsOtherPrefixAndBadBodies) {
  std::string id = prefixed("plt_", int64_t{1'780'000'000'000});
  EXPECT_FALSE(isPrefixedId(id, "flt_")) << "wrong prefix";
  EXPECT_FALSE(isPrefixedId(id, "plt")) << "prefix without underscore leaves 27 characters";
  EXPECT_FALSE(isPrefixedId(id.substr(4), "plt_")) << "bare ULID";
  EXPECT_FALSE(isPrefixedId(id + "0", "plt_")) << "too long";
  EXPECT_FALSE(isPrefixedId(id.substr(0, id.size() - 1), "plt_")) << "too short";
  EXPECT_FALSE(isPrefixedId("", "plt_"));
  EXPECT_FALSE(isPrefixedId("plt_", "plt_"));

  std::string lower = id;
  for (size_t i = 4; i < lower.size(); ++i) lower[i] = static_cast<char>(tolower(lower[i]));
  if (lower != id) {
    EXPECT_FALSE(isPrefixedId(lower, "plt_")) << "lower-case body";
  }

  // Crockford base32 excludes I, L, O and U.
  for (char bad : {'I', 'L', 'O', 'U', '-', '_', ' ', '%'}) {
    std::string t = id;
    t.back() = bad;
    EXPECT_FALSE(isPrefixedId(t, "plt_")) << "body ending in '" << bad << "'";
  }
  EXPECT_TRUE(isPrefixedId("plt_01ARZ3NDEKTSV4RRFFQ69G5FAV", "plt_"));
  EXPECT_FALSE(isPrefixedId("PLT_01ARZ3NDEKTSV4RRFFQ69G5FAV", "plt_"));
}

}  // namespace
}  // namespace gaflight::ids
