#include "core/signal_rules.h"

#include <string>

#include "core/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sessioncore {
namespace {

using ::testing::HasSubstr;

TEST(SignalRules, AcceptsEmptyTypeAndData) {
  EXPECT_TRUE(ValidateSignalType("").ok());
  EXPECT_TRUE(ValidateSignalData("").ok());
  EXPECT_TRUE(ValidateSignal("", "").ok());
}

TEST(SignalRules, AcceptsEveryAllowedTypeCharacter) {
  const std::string allowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_TRUE(ValidateSignalType(allowed).ok());
  EXPECT_TRUE(ValidateSignalType("a.b").ok());
}

TEST(SignalRules, AcceptsTypeAtLengthLimit) {
  EXPECT_TRUE(ValidateSignalType(std::string(kMaxSignalTypeLength, 'a')).ok());
}

TEST(SignalRules, RejectsTypeOneCharacterPastLimit) {
  const absl::Status status =
      ValidateSignalType(std::string(kMaxSignalTypeLength + 1, 'a'));
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidSignalType);
  EXPECT_EQ(GetErrorInfo(GetErrorCode(status)).number, 400);
  EXPECT_THAT(status.message(),
              HasSubstr("129 characters exceed the maximum of 128"));
  EXPECT_THAT(status.message(), HasSubstr("... (129 bytes)"));
}

TEST(SignalRules, RejectsTypeWithDisallowedCharacters) {
  for (const std::string type :
       {"a b", "\xc3\xa9", "a/b", "a:b", "a\n", "a,b", "a+b", "a@b"}) {
    SCOPED_TRACE(type);
    const absl::Status status = ValidateSignalType(type);
    EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidSignalType);
    EXPECT_THAT(status.message(), HasSubstr("is not allowed"));
    EXPECT_THAT(status.message(),
                HasSubstr("A-Z, a-z, 0-9, '-', '.', '_' and '~'"));
  }
}

TEST(SignalRules, NamesTheDisallowedCharacter) {
  EXPECT_THAT(ValidateSignalType("a b").message(),
              HasSubstr("invalid signal type \"a b\": character \" \" at byte "
                        "offset 1"));
  EXPECT_THAT(ValidateSignalType("x\xc3\xa9").message(),
              HasSubstr("character \"\xc3\xa9\" at byte offset 1"));
}

TEST(SignalRules, RejectsMultibyteTypeUnderLengthLimit) {
  std::string type;
  for (int i = 0; i < 10; ++i) type += "\xe2\x82\xac";
  EXPECT_EQ(GetErrorCode(ValidateSignalType(type)),
            ErrorCode::kInvalidSignalType);
}

TEST(SignalRules, AcceptsDataAtByteLimit) {
  EXPECT_TRUE(ValidateSignalData(std::string(kMaxSignalDataBytes, 'x')).ok());
}

TEST(SignalRules, RejectsDataOneBytePastLimit) {
  const absl::Status status =
      ValidateSignalData(std::string(kMaxSignalDataBytes + 1, 'x'));
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kSignalTooLong);
  EXPECT_EQ(GetErrorInfo(GetErrorCode(status)).number, 413);
  EXPECT_THAT(status.message(),
              HasSubstr("8193 bytes of UTF-8 exceed the maximum of 8192"));
}

TEST(SignalRules, CountsDataInBytesNotCharacters) {
  // 4096 two-byte characters are exactly 8192 bytes; one more is too long
  // although it is far under 8192 characters.
  std::string data;
  for (int i = 0; i < 4096; ++i) data += "\xc3\xa9";
  EXPECT_TRUE(ValidateSignalData(data).ok());
  data += "\xc3\xa9";
  EXPECT_EQ(GetErrorCode(ValidateSignalData(data)), ErrorCode::kSignalTooLong);
}

TEST(SignalRules, RejectsFourByteCharactersPastByteLimit) {
  std::string data;
  for (int i = 0; i < 2049; ++i) data += "\xf0\x9f\x98\x80";  // 8196 bytes.
  EXPECT_EQ(GetErrorCode(ValidateSignalData(data)), ErrorCode::kSignalTooLong);
}

TEST(SignalRules, RejectsIllFormedUtf8Data) {
  const absl::Status status = ValidateSignalData("ok\xff");
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidParameter);
  EXPECT_THAT(status.message(),
              HasSubstr("is not valid UTF-8: ill-formed byte at offset 2"));
}

TEST(SignalRules, RejectsTruncatedSequenceAtDataEnd) {
  EXPECT_EQ(GetErrorCode(ValidateSignalData("abc\xe2\x82")),
            ErrorCode::kInvalidParameter);
}

TEST(SignalRules, TargetMayBeAbsentOrConnectionId) {
  EXPECT_TRUE(ValidateSignalTarget(std::nullopt).ok());
  EXPECT_TRUE(ValidateSignalTarget("C-1").ok());
  const absl::Status status = ValidateSignalTarget("");
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidParameter);
  EXPECT_THAT(status.message(), HasSubstr("must be a connection ID"));
}

TEST(SignalRules, ValidateSignalReportsTypeFirst) {
  const absl::Status status =
      ValidateSignal("a b", std::string(kMaxSignalDataBytes + 1, 'x'), "");
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidSignalType);
}

TEST(SignalRules, ValidateSignalChecksDataThenTarget) {
  EXPECT_EQ(GetErrorCode(ValidateSignal(
                "chat", std::string(kMaxSignalDataBytes + 1, 'x'), "")),
            ErrorCode::kSignalTooLong);
  EXPECT_EQ(GetErrorCode(ValidateSignal("chat", "hi", "")),
            ErrorCode::kInvalidParameter);
  EXPECT_TRUE(ValidateSignal("chat", "hi", "C-2").ok());
}

TEST(SignalRules, MessageDoesNotCarryWholePayload) {
  const absl::Status status =
      ValidateSignalData(std::string(kMaxSignalDataBytes + 1, 'x'));
  EXPECT_LT(status.message().size(), 200u);
}

}  // namespace
}  // namespace sessioncore
