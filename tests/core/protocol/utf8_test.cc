#include "core/protocol/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace sessioncore::protocol {
namespace {

TEST(ProtocolUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9"));          // U+00E9
  EXPECT_TRUE(IsValidUtf8("\xe2\x82\xac"));      // U+20AC
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(ProtocolUtf8, RejectsIllFormedText) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // Lone continuation.
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // Truncated.
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // Overlong, 3 bytes.
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // Surrogate U+D800.
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(ProtocolUtf8, FindsOffsetOfFirstIllFormedByte) {
  EXPECT_EQ(FindInvalidUtf8("ab\xc3\xa9\xff"), 4u);
  EXPECT_EQ(FindInvalidUtf8("abc"), 3u);
}

TEST(ProtocolUtf8, QuoteKeepsShortValues) {
  EXPECT_EQ(QuoteForMessage("a b"), "\"a b\"");
  EXPECT_EQ(QuoteForMessage("\xc3\xa9"), "\"\xc3\xa9\"");
}

TEST(ProtocolUtf8, QuoteEscapesControlAndIllFormedBytes) {
  EXPECT_EQ(QuoteForMessage("a\"\\\n\x01\xff"), "\"a\\\"\\\\\\n\\x01\\xff\"");
}

TEST(ProtocolUtf8, QuoteTruncatesByCodePoint) {
  std::string value;
  for (int i = 0; i < 50; ++i) value += "\xc3\xa9";
  const std::string quoted = QuoteForMessage(value, 3);
  EXPECT_EQ(quoted, "\"\xc3\xa9\xc3\xa9\xc3\xa9\"... (100 bytes)");
}

}  // namespace
}  // namespace sessioncore::protocol
