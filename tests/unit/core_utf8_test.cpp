// The one UTF-8 check shared by the router (path parameters), the query parser and the JSON writer.
#include <gtest/gtest.h>

#include <string>

#include "core/utf8.hpp"

namespace gaflight::utf8 {
namespace {

TEST(Utf8, SequenceLengthOfEachWellFormedWidth) {
  EXPECT_EQ(sequenceLength("a", 0), 1U);
  EXPECT_EQ(sequenceLength("\xC3\xA9", 0), 2U);          // é
  EXPECT_EQ(sequenceLength("\xE2\x82\xAC", 0), 3U);      // €
  EXPECT_EQ(sequenceLength("\xF0\x9F\x9B\xA9", 0), 4U);  // 🛩
  EXPECT_EQ(sequenceLength("x\xC3\xA9", 1), 2U);
}

TEST(Utf8, MalformedSequencesHaveNoLength) {
  for (const std::string s :
       {"\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF0\x80\x80\xAF",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE2\x82", "\xC3\x28"}) {
    EXPECT_EQ(sequenceLength(s, 0), 0U) << testing::PrintToString(s);
    EXPECT_FALSE(isValid(s)) << testing::PrintToString(s);
  }
}

TEST(Utf8, WholeStrings) {
  EXPECT_TRUE(isValid(""));
  EXPECT_TRUE(isValid("Cessna 172 \xE2\x80\x94 F-GABC \xF0\x9F\x9B\xA9"));
  EXPECT_TRUE(isValid("\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF"));  // U+D7FF, U+E000, U+10FFFF
  EXPECT_FALSE(isValid("valid then \xFF"));
  EXPECT_FALSE(isValid("truncated at the end \xF0\x9F\x9B"));
}

}  // namespace
}  // namespace gaflight::utf8
