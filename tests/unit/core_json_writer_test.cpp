#include "core/json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace gaflight {
namespace {

std::string encode(std::string_view v) {
  std::string out;
  appendJsonString(out, v);
  return out;
}

// Parses `json` strictly (nlohmann validates UTF-8 inside strings) and returns the string value.
std::string decodeString(const std::string& json) {
  auto j = nlohmann::json::parse(json);
  return j.get<std::string>();
}

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

TEST(JsonString, PlainAsciiUnchanged) {
  EXPECT_EQ(encode(""), "\"\"");
  EXPECT_EQ(encode("hello world"), "\"hello world\"");
  EXPECT_EQ(encode("/path/ok"), "\"/path/ok\"");
}

TEST(JsonString, EscapesQuoteAndBackslash) {
  EXPECT_EQ(encode("a\"b"), R"("a\"b")");
  EXPECT_EQ(encode("a\\b"), R"("a\\b")");
  EXPECT_EQ(encode("\"\\\""), R"("\"\\\"")");
}

TEST(JsonString, EscapesControlCharacters) {
  EXPECT_EQ(encode("\n\r\t"), R"("\n\r\t")");
  EXPECT_EQ(encode("\x01"), R"("\u0001")");
  EXPECT_EQ(encode("\x1f"), R"("\u001f")");
  EXPECT_EQ(encode("\b\f"), R"("\u0008\u000c")");
  EXPECT_EQ(encode(std::string_view("a\0b", 3)), R"("a\u0000b")");
}

TEST(JsonString, EveryAsciiByteRoundTripsThroughParser) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(decodeString(encode(all)), all);
}

// The plain-run scan goes sixteen (or eight) bytes at a time with a padded tail: a byte to escape must
// be found at every offset of a block, at every string length around the block size.
TEST(JsonString, EscapeFoundAtEveryOffset) {
  const std::pair<char, std::string> specials[] = {
      {'"', "\\\""},     {'\\', "\\\\"},         {'\n', "\\n"},    {'\x1f', "\\u001f"},
      {'\0', "\\u0000"}, {'\x80', kReplacement}, {'\x7f', "\x7f"}, {' ', " "}};
  for (size_t len = 1; len <= 40; ++len) {
    for (size_t at = 0; at < len; ++at) {
      for (const auto& [byte, escaped] : specials) {
        std::string v(len, 'x');
        v[at] = byte;
        std::string expected = "\"" + std::string(at, 'x') + escaped + std::string(len - at - 1, 'x') + "\"";
        ASSERT_EQ(encode(v), expected) << "length " << len << ", byte " << int(byte) << " at " << at;
      }
    }
  }
}

TEST(JsonString, ValidMultiByteUtf8Preserved) {
  const std::string samples[] = {
      "A\xC3\xA9roclub",                                                           // é (2 bytes)
      "\xE2\x82\xAC 12",                                                           // € (3 bytes)
      "\xF0\x9F\x9B\xA9 ok",                                                       // 🛩 (4 bytes)
      "\xE6\x97\xA5\xE6\x9C\xAC",                                                  // 日本
      "\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF",  // range edges
  };
  for (const auto& s : samples) {
    std::string enc = encode(s);
    EXPECT_EQ(enc, "\"" + s + "\"");
    EXPECT_EQ(decodeString(enc), s);
  }
}

TEST(JsonString, InvalidLeadAndContinuationBytesReplaced) {
  EXPECT_EQ(encode("a\xFF"
                   "b"),
            "\"a" + kReplacement + "b\"");
  EXPECT_EQ(encode("\x80"), "\"" + kReplacement + "\"");                     // lone continuation
  EXPECT_EQ(encode("\xC3"), "\"" + kReplacement + "\"");                     // truncated 2-byte
  EXPECT_EQ(encode("\xE2\x82"), "\"" + kReplacement + kReplacement + "\"");  // truncated 3-byte
  EXPECT_EQ(encode("\xC3(x"), "\"" + kReplacement + "(x\"");                 // bad continuation
  for (const char* s : {"a\xFF"
                        "b",
                        "\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x9B", "\xC3(x"}) {
    EXPECT_TRUE(nlohmann::json::accept(encode(s))) << encode(s);
  }
}

// The writer promises valid UTF-8 output. Sequences that have the right shape but are not valid
// UTF-8 (RFC 3629 §3/§4) must be replaced too, or a strict client parser rejects the whole page.
TEST(JsonString, NonShortestFormsSurrogatesAndOutOfRangeReplaced) {
  const std::pair<const char*, const char*> cases[] = {
      {"\xC0\x80", "overlong NUL"},
      {"\xC1\xBF", "overlong 2-byte"},
      {"\xE0\x80\xAF", "overlong 3-byte '/'"},
      {"\xED\xA0\x80", "UTF-16 surrogate U+D800"},
      {"\xF0\x80\x80\xAF", "overlong 4-byte"},
      {"\xF4\x90\x80\x80", "above U+10FFFF"},
      {"\xF5\x80\x80\x80", "lead byte F5"},
  };
  for (const auto& [bytes, what] : cases) {
    std::string enc = encode(bytes);
    EXPECT_NE(enc.find(kReplacement), std::string::npos) << what;
    EXPECT_TRUE(nlohmann::json::accept(enc)) << what;
  }
}

TEST(JsonWriter, ObjectArrayAndSeparators) {
  std::string out;
  JsonWriter w(out);
  w.beginObject()
      .field("id", "plt_1")
      .field("seats", 4)
      .field("big", int64_t{9'007'199'254'740'993})
      .field("ok", true)
      .field("none", std::optional<std::string>{})
      .field("some", std::optional<std::string>{"x"})
      .field("n", std::optional<int64_t>{})
      .key("list")
      .beginArray()
      .num(1)
      .str("two")
      .null()
      .boolean(false)
      .beginObject()
      .endObject()
      .beginArray()
      .endArray()
      .endArray()
      .key("raw")
      .raw(R"({"a":[1]})")
      .endObject();
  EXPECT_EQ(out,
            R"({"id":"plt_1","seats":4,"big":9007199254740993,"ok":true,"none":null,"some":"x","n":null,)"
            R"("list":[1,"two",null,false,{},[]],"raw":{"a":[1]}})");
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["big"].get<int64_t>(), 9'007'199'254'740'993);
  EXPECT_EQ(j["list"].size(), 6u);
}

TEST(JsonWriter, ArrayOfObjects) {
  std::string out;
  JsonWriter w(out);
  w.beginArray();
  for (int i = 0; i < 3; ++i) w.beginObject().field("i", i).endObject();
  w.endArray();
  EXPECT_EQ(out, R"([{"i":0},{"i":1},{"i":2}])");
}

TEST(JsonWriter, KeysAreEscaped) {
  std::string out;
  JsonWriter(out).beginObject().field("we\"ird\n", "v").endObject();
  EXPECT_EQ(out, R"({"we\"ird\n":"v"})");
  EXPECT_EQ(nlohmann::json::parse(out)["we\"ird\n"], "v");
}

// Short plain values (and key-value pairs) take a one-append path: the bytes must be what the escaping path
// writes, at every length around its limit and with a byte to escape anywhere.
TEST(JsonWriter, ShortValuesAndKeysMatchTheEscapingPath) {
  for (size_t len = 0; len <= 70; ++len) {
    for (const std::string& odd :
         {std::string(), std::string("\""), std::string("\n"), std::string("\xC3\xA9")}) {
      for (size_t at : {size_t{0}, len / 2, len}) {
        std::string v(len, 'a');
        if (!odd.empty()) v.insert(std::min(at, v.size()), odd);
        std::string out;
        JsonWriter(out).beginObject().key(v).str(v).field(v, v).field("k", v).field(v, "k").endObject();
        const std::string e = encode(v);
        EXPECT_EQ(out, "{" + e + ":" + e + "," + e + ":" + e + ",\"k\":" + e + "," + e + ":\"k\"}") << len;
      }
    }
  }
}

TEST(JsonWriter, NumbersIncludingExtremes) {
  std::string out;
  JsonWriter(out).beginArray().num(0).num(-1).num(INT64_MAX).num(INT64_MIN).endArray();
  EXPECT_EQ(out, "[0,-1,9223372036854775807,-9223372036854775808]");
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j[3].get<int64_t>(), INT64_MIN);
}

std::string tenths(int64_t v) {
  std::string out;
  JsonWriter(out).tenths(v);
  return out;
}

TEST(JsonWriter, Tenths) {
  EXPECT_EQ(tenths(0), "0.0");
  EXPECT_EQ(tenths(1), "0.1");
  EXPECT_EQ(tenths(10), "1.0");
  EXPECT_EQ(tenths(12345), "1234.5");
  EXPECT_EQ(tenths(-1), "-0.1");
  EXPECT_EQ(tenths(-12345), "-1234.5");
  EXPECT_EQ(tenths(-10), "-1.0");
  EXPECT_EQ(tenths(INT64_MAX), "922337203685477580.7");
}

TEST(JsonWriter, TenthsParseAsNumbers) {
  std::string out;
  JsonWriter(out).beginObject().key("hobbs").tenths(12345).key("neg").tenths(-5).endObject();
  auto j = nlohmann::json::parse(out);
  EXPECT_DOUBLE_EQ(j["hobbs"].get<double>(), 1234.5);
  EXPECT_DOUBLE_EQ(j["neg"].get<double>(), -0.5);
}

TEST(JsonWriter, AppendsToExistingBuffer) {
  std::string out = "prefix:";
  JsonWriter(out).str("x");
  EXPECT_EQ(out, "prefix:\"x\"");
}

}  // namespace
}  // namespace gaflight
