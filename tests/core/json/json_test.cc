#include "core/json/json.h"

#include <cstdint>
#include <string>
#include <vector>

#include "core/json/json_parser.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace sessioncore {
namespace {

TEST(Json, DefaultIsNull) {
  Json value;
  EXPECT_TRUE(value.IsNull());
  EXPECT_STREQ(value.TypeName(), "null");
  EXPECT_EQ(value.Dump(), "null");
  EXPECT_EQ(value.size(), 0u);
}

TEST(Json, ConstructsFromScalars) {
  EXPECT_EQ(Json(true).Dump(), "true");
  EXPECT_EQ(Json(false).Dump(), "false");
  EXPECT_EQ(Json(0).Dump(), "0");
  EXPECT_EQ(Json(-17).Dump(), "-17");
  EXPECT_EQ(Json(INT64_MIN).Dump(), "-9223372036854775808");
  EXPECT_EQ(Json(INT64_MAX).Dump(), "9223372036854775807");
  EXPECT_EQ(Json(size_t{3}).AsInteger(), 3);
  EXPECT_EQ(Json("text").AsString(), "text");
  EXPECT_EQ(Json(std::string_view("view")).AsString(), "view");
  EXPECT_TRUE(Json(nullptr).IsNull());
}

TEST(Json, KeepsUint64AboveInt64AsNumberText) {
  Json value(UINT64_MAX);
  EXPECT_EQ(value.type(), Json::Type::kNumber);
  EXPECT_FALSE(value.IsInteger());
  EXPECT_EQ(value.Dump(), "18446744073709551615");
}

TEST(Json, AccessorsReturnDefaultsOnWrongType) {
  Json text("5");
  EXPECT_EQ(text.AsInteger(), 0);
  EXPECT_FALSE(text.AsBool());
  EXPECT_EQ(Json(5).AsString(), "");
  EXPECT_TRUE(Json(5)["key"].IsNull());
  EXPECT_TRUE(Json(5)[0].IsNull());
  EXPECT_EQ(Json(5).Find("key"), nullptr);
}

TEST(Json, ObjectKeepsKeysSorted) {
  Json object = Json::Object();
  object["zeta"] = 1;
  object["alpha"] = 2;
  object["mid"] = 3;
  EXPECT_EQ(object.Dump(), R"({"alpha":2,"mid":3,"zeta":1})");
  ASSERT_EQ(object.Members().size(), 3u);
  EXPECT_EQ(object.Members()[0].first, "alpha");
}

TEST(Json, InitializerListBuildsObject) {
  Json object{{"b", 1}, {"a", "x"}, {"c", Json{{"d", true}}}};
  EXPECT_TRUE(object.IsObject());
  EXPECT_EQ(object.Dump(), R"({"a":"x","b":1,"c":{"d":true}})");
}

TEST(Json, InitializerListKeepsLastOfEqualKeys) {
  Json object{{"k", 1}, {"other", 0}, {"k", 2}};
  EXPECT_EQ(object.size(), 2u);
  EXPECT_EQ(object["k"].AsInteger(), 2);
}

TEST(Json, IndexInsertsAndConvertsNull) {
  Json value;
  value["a"]["b"] = "c";
  EXPECT_EQ(value.Dump(), R"({"a":{"b":"c"}})");
  Json array;
  array[2] = 7;
  EXPECT_EQ(array.Dump(), "[null,null,7]");
  Json list;
  list.push_back(1);
  list.push_back("two");
  EXPECT_EQ(list.Dump(), R"([1,"two"])");
}

TEST(Json, FindContainsAndErase) {
  Json object{{"a", 1}, {"b", 2}};
  ASSERT_NE(object.Find("a"), nullptr);
  EXPECT_EQ(*object.Find("a"), Json(1));
  EXPECT_TRUE(object.Contains("b"));
  EXPECT_FALSE(object.Contains("c"));
  EXPECT_TRUE(object.Erase("a"));
  EXPECT_FALSE(object.Erase("a"));
  EXPECT_EQ(object.Dump(), R"({"b":2})");
}

TEST(Json, ArrayOfStrings) {
  Json array(std::vector<std::string>{"x", "y"});
  EXPECT_TRUE(array.IsArray());
  EXPECT_EQ(array.Dump(), R"(["x","y"])");
  EXPECT_EQ(array.Elements().size(), 2u);
}

TEST(Json, EqualityComparesValues) {
  EXPECT_EQ(Json({{"a", 1}, {"b", 2}}), Json({{"b", 2}, {"a", 1}}));
  EXPECT_NE(Json(1), Json("1"));
  EXPECT_NE(Json(1), Json(true));
  EXPECT_EQ(Json(), Json(nullptr));
  EXPECT_NE(Json::Array(), Json::Object());
  EXPECT_TRUE(Json("s") == "s");
  EXPECT_TRUE(Json(3) == 3);
}

TEST(JsonDump, EscapesControlCharactersQuoteAndBackslash) {
  const std::string text("\"\\\b\f\n\r\t\x01\x1f\x7f/", 11);
  EXPECT_EQ(Json(text).Dump(), R"("\"\\\b\f\n\r\t\u0001\u001f)"
                               "\x7f"
                               R"(/")");
}

TEST(JsonDump, EscapesNulInsideString) {
  EXPECT_EQ(Json(std::string("a\0b", 3)).Dump(), R"("a\u0000b")");
}

TEST(JsonDump, WritesUtf8Unchanged) {
  const std::string text = "caf\xC3\xA9 \xF0\x9F\x98\x80";
  EXPECT_EQ(Json(text).Dump(), "\"" + text + "\"");
}

TEST(JsonDump, ReplacesIllFormedUtf8) {
  // 0xFF never appears in UTF-8; C3 needs a continuation byte.
  EXPECT_EQ(Json(std::string("a\xFF"
                             "b\xC3"))
                .Dump(),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  EXPECT_EQ(Json({{std::string("k\xFE"), 1}}).Dump(), "{\"k\xEF\xBF\xBD\":1}");
}

TEST(JsonDump, OutputParsesBack) {
  Json value{{"s", std::string("x\x01y\xFFz")}, {"n", -5}};
  absl::StatusOr<Json> again = ParseJson(value.Dump());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)["n"], Json(-5));
  EXPECT_EQ((*again)["s"].AsString(), "x\x01y\xEF\xBF\xBDz");
}

TEST(JsonRoundTrip, ParseThenDumpIsStable) {
  const std::string text =
      R"({"a":[1,-2,3.5e-1,"\u00e9\ud83d\ude00",null,true,false],)"
      R"("b":{"c":{},"d":[]},"e":"tab\tquote\"","f":18446744073709551616})";
  absl::StatusOr<Json> first = ParseJson(text);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string dumped = first->Dump();
  absl::StatusOr<Json> second = ParseJson(dumped);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(second->Dump(), dumped);
}

TEST(JsonRoundTrip, MatchesNlohmannOutput) {
  // nlohmann/json 3.11 keeps object keys in a std::map and writes the same
  // compact text, so the wire text stays byte for byte what it was.
  const std::string text =
      R"({"v":1,"type":"signal","data":"caf\u00e9\n\u0001","to":null,)"
      R"("list":[{"z":0,"a":-9223372036854775808}],"flag":false})";
  absl::StatusOr<Json> ours = ParseJson(text);
  ASSERT_TRUE(ours.ok()) << ours.status();
  EXPECT_EQ(ours->Dump(), nlohmann::json::parse(text).dump());
}

}  // namespace
}  // namespace sessioncore
