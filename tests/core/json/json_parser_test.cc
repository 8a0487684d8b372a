#include "core/json/json_parser.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sessioncore {
namespace {

using ::testing::HasSubstr;

// Returns the message of the error that parsing `text` must produce.
std::string ParseErrorMessage(std::string_view text,
                              const JsonParseOptions& options = {}) {
  absl::StatusOr<Json> parsed = ParseJson(text, options);
  EXPECT_FALSE(parsed.ok()) << "parsed " << text;
  if (parsed.ok()) return "";
  EXPECT_EQ(GetErrorCode(parsed.status()), ErrorCode::kInvalidParameter);
  return std::string(parsed.status().message());
}

Json MustParse(std::string_view text) {
  absl::StatusOr<Json> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status() << " for " << text;
  return parsed.ok() ? *parsed : Json();
}

TEST(JsonParser, ParsesEveryType) {
  Json value = MustParse(
      R"( {"n": null, "t": true, "f": false, "i": -42, "s": "x",
           "a": [1, [], {}], "o": {"k": "v"}} )");
  ASSERT_TRUE(value.IsObject());
  EXPECT_TRUE(value["n"].IsNull());
  EXPECT_TRUE(value["t"].AsBool());
  EXPECT_TRUE(value["f"].IsBool());
  EXPECT_FALSE(value["f"].AsBool());
  EXPECT_EQ(value["i"].AsInteger(), -42);
  EXPECT_EQ(value["s"].AsString(), "x");
  ASSERT_EQ(value["a"].size(), 3u);
  EXPECT_TRUE(value["a"][1].IsArray());
  EXPECT_TRUE(value["a"][2].IsObject());
  EXPECT_EQ(value["o"]["k"], "v");
}

TEST(JsonParser, AcceptsScalarAtTopLevel) {
  EXPECT_EQ(MustParse("7"), Json(7));
  EXPECT_EQ(MustParse(" \"s\" "), Json("s"));
  EXPECT_TRUE(MustParse("null").IsNull());
}

TEST(JsonParser, KeepsIntegersAsInt64) {
  EXPECT_EQ(MustParse("9223372036854775807").AsInteger(), INT64_MAX);
  EXPECT_EQ(MustParse("-9223372036854775808").AsInteger(), INT64_MIN);
  EXPECT_EQ(MustParse("-0").AsInteger(), 0);
  EXPECT_TRUE(MustParse("0").IsInteger());
}

TEST(JsonParser, KeepsBigIntegersAsNumberText) {
  for (std::string_view text :
       {"9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "100000000000000000000000"}) {
    Json value = MustParse(text);
    EXPECT_EQ(value.type(), Json::Type::kNumber) << text;
    EXPECT_FALSE(value.IsInteger()) << text;
    EXPECT_TRUE(value.IsNumber()) << text;
    EXPECT_EQ(value.AsString(), text);
    EXPECT_EQ(value.Dump(), text);
  }
}

TEST(JsonParser, KeepsFractionsAsNumberText) {
  for (std::string_view text : {"1.5", "-0.25", "1e3", "2E-7", "0.0e+1"}) {
    Json value = MustParse(text);
    EXPECT_EQ(value.type(), Json::Type::kNumber) << text;
    EXPECT_STREQ(value.TypeName(), "number");
    EXPECT_EQ(value.Dump(), text);
  }
}

TEST(JsonParser, RejectsNumbersOutsideGrammar) {
  EXPECT_THAT(ParseErrorMessage("01"),
              HasSubstr("at offset 1: a number must not have a leading zero"));
  EXPECT_THAT(ParseErrorMessage("-"),
              HasSubstr("at offset 1: expected a digit after '-'"));
  EXPECT_THAT(ParseErrorMessage("1."),
              HasSubstr("at offset 2: expected a digit after the decimal"));
  EXPECT_THAT(ParseErrorMessage("1e"),
              HasSubstr("at offset 2: expected a digit in the exponent"));
  EXPECT_THAT(ParseErrorMessage("+1"), HasSubstr("at offset 0: expected a "
                                                 "value"));
  EXPECT_THAT(ParseErrorMessage(".5"), HasSubstr("at offset 0: expected a "
                                                 "value"));
  EXPECT_THAT(ParseErrorMessage("NaN"), HasSubstr("at offset 0"));
  EXPECT_THAT(ParseErrorMessage("[-Infinity]"),
              HasSubstr("at offset 2: expected a digit after '-'"));
}

TEST(JsonParser, DecodesEscapes) {
  Json value = MustParse(R"("\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac")");
  EXPECT_EQ(value.AsString(), "\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC");
}

TEST(JsonParser, DecodesSurrogatePair) {
  // U+1F600 is \uD83D\uDE00 in UTF-16 and F0 9F 98 80 in UTF-8.
  EXPECT_EQ(MustParse(R"("\uD83D\uDE00")").AsString(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(MustParse(R"("\udbff\udfff")").AsString(), "\xF4\x8F\xBF\xBF");
}

TEST(JsonParser, RejectsLoneSurrogates) {
  EXPECT_THAT(ParseErrorMessage(R"("\ud800")"),
              HasSubstr("at offset 7: a high surrogate escape must be "
                        "followed by a low surrogate escape"));
  EXPECT_THAT(ParseErrorMessage(R"("\ud800\u0041")"),
              HasSubstr("at offset 7: a high surrogate escape must be "
                        "followed by a low surrogate escape"));
  EXPECT_THAT(ParseErrorMessage(R"("ab\udc00")"),
              HasSubstr("at offset 3: a low surrogate escape must follow a "
                        "high surrogate"));
}

TEST(JsonParser, RejectsInvalidEscapes) {
  EXPECT_THAT(ParseErrorMessage(R"("a\x")"),
              HasSubstr("at offset 2: invalid escape"));
  EXPECT_THAT(ParseErrorMessage(R"("\u12G4")"),
              HasSubstr("at offset 5: a \\u escape needs four hex digits"));
  EXPECT_THAT(ParseErrorMessage(R"("\u12)"),
              HasSubstr("a \\u escape needs four hex digits"));
}

TEST(JsonParser, RejectsUnescapedControlCharacters) {
  EXPECT_THAT(ParseErrorMessage("\"a\nb\""),
              HasSubstr("at offset 2: control character 0x0a must be "
                        "escaped in a string"));
  EXPECT_THAT(ParseErrorMessage(std::string("\"\0\"", 3)),
              HasSubstr("at offset 1: control character 0x00"));
}

TEST(JsonParser, RejectsInvalidUtf8) {
  EXPECT_THAT(ParseErrorMessage("\"ok\xC3\x28\""),
              HasSubstr("at offset 3: ill-formed UTF-8 sequence starting "
                        "with byte 0xc3"));
  // An overlong encoding of '/' and an encoded surrogate (U+D800).
  EXPECT_THAT(ParseErrorMessage("\"\xC0\xAF\""), HasSubstr("at offset 1"));
  EXPECT_THAT(ParseErrorMessage("\"\xED\xA0\x80\""),
              HasSubstr("at offset 1: ill-formed UTF-8"));
}

TEST(JsonParser, AcceptsRawUtf8) {
  EXPECT_EQ(MustParse("\"\xE2\x82\xAC \xF0\x9F\x98\x80\"").AsString(),
            "\xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(JsonParser, RejectsUnterminatedInput) {
  EXPECT_THAT(ParseErrorMessage(""),
              HasSubstr("at offset 0: unexpected end of text, expected a "
                        "value"));
  EXPECT_THAT(ParseErrorMessage("   "), HasSubstr("at offset 3"));
  EXPECT_THAT(ParseErrorMessage(R"("abc)"),
              HasSubstr("at offset 0: unterminated string"));
  EXPECT_THAT(ParseErrorMessage("[1,"),
              HasSubstr("at offset 3: unexpected end of text"));
  EXPECT_THAT(ParseErrorMessage("[1"),
              HasSubstr("at offset 2: expected ',' or ']' after an array "
                        "element"));
  EXPECT_THAT(ParseErrorMessage(R"({"a":1)"),
              HasSubstr("at offset 6: expected ',' or '}' after an object "
                        "member"));
}

TEST(JsonParser, RejectsMalformedObjects) {
  EXPECT_THAT(ParseErrorMessage("{a:1}"),
              HasSubstr("at offset 1: expected a string as the object key"));
  EXPECT_THAT(ParseErrorMessage(R"({"a" 1})"),
              HasSubstr("at offset 5: expected ':' after the object key"));
  EXPECT_THAT(ParseErrorMessage(R"({"a":1,})"),
              HasSubstr("at offset 7: expected a string as the object key"));
  EXPECT_THAT(ParseErrorMessage("[1,]"),
              HasSubstr("at offset 3: expected a value"));
  EXPECT_THAT(ParseErrorMessage("[1 2]"),
              HasSubstr("at offset 3: expected ',' or ']'"));
}

TEST(JsonParser, RejectsBadLiterals) {
  EXPECT_THAT(ParseErrorMessage("tru"),
              HasSubstr("at offset 0: invalid literal, expected true, false "
                        "or null"));
  EXPECT_THAT(ParseErrorMessage("[nul]"), HasSubstr("at offset 1"));
  EXPECT_THAT(ParseErrorMessage("True"), HasSubstr("at offset 0"));
}

TEST(JsonParser, RejectsTrailingText) {
  EXPECT_THAT(ParseErrorMessage("{} {}"),
              HasSubstr("at offset 3: unexpected text after the JSON value"));
  EXPECT_THAT(ParseErrorMessage("1 x"), HasSubstr("at offset 2"));
  EXPECT_TRUE(ParseJson("{}\r\n\t ").ok());
}

TEST(JsonParser, RejectsDuplicateKeys) {
  EXPECT_THAT(ParseErrorMessage(R"({"b":1,"a":2,"b":3})"),
              HasSubstr("at offset 0: duplicate key \"b\" in the object: "
                        "each key may appear once per object"));
  EXPECT_THAT(ParseErrorMessage(R"([0, {"x":{"k":1,"k":1}}])"),
              HasSubstr("at offset 9: duplicate key \"k\""));
  // Keys are compared after unescaping.
  EXPECT_THAT(ParseErrorMessage(R"({"a":1,"\u0061":2})"),
              HasSubstr("duplicate key \"a\""));
}

TEST(JsonParser, EnforcesDepthLimit) {
  const JsonParseOptions options{3};
  EXPECT_TRUE(ParseJson("[[[1]]]", options).ok());
  EXPECT_TRUE(ParseJson(R"({"a":[{"b":1}]})", options).ok());
  EXPECT_THAT(ParseErrorMessage("[[[[1]]]]", options),
              HasSubstr("at offset 3: arrays and objects nest deeper than "
                        "the maximum depth of 3"));
  EXPECT_THAT(ParseErrorMessage(R"({"a":{"b":{"c":{}}}})", options),
              HasSubstr("at offset 15: arrays and objects nest deeper"));
}

TEST(JsonParser, DefaultDepthLimitStopsDeepInput) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(
      ParseErrorMessage(deep),
      HasSubstr("maximum depth of " + std::to_string(kDefaultJsonMaxDepth)));
  const std::string allowed = std::string(kDefaultJsonMaxDepth, '[') +
                              std::string(kDefaultJsonMaxDepth, ']');
  EXPECT_TRUE(ParseJson(allowed).ok());
}

TEST(JsonParser, ParsesManyKeysInKeyOrder) {
  std::string text = "{";
  for (int i = 999; i >= 0; --i) {
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i);
    text += i > 0 ? "," : "}";
  }
  Json value = MustParse(text);
  ASSERT_EQ(value.size(), 1000u);
  EXPECT_EQ(value["k500"].AsInteger(), 500);
  EXPECT_EQ(value.Members().front().first, "k0");
  EXPECT_EQ(value.Members().back().first, "k999");
}

}  // namespace
}  // namespace sessioncore
