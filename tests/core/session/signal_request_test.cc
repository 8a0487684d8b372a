// The signal() argument checks: type and data limits, allowed characters,
// empty values, wrong types, and that nothing is sent when a check fails.
#include "core/session/signal_request.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "session_test_util.h"

namespace sessioncore::session {
namespace {

using json = ::sessioncore::Json;

ErrorCode CodeOf(const json& signal) {
  absl::StatusOr<ParsedSignal> parsed = ParseSignal(signal);
  return parsed.ok() ? ErrorCode::kInternalError
                     : GetErrorCode(parsed.status());
}

TEST(ParseSignal, TypeLimitIs128Characters) {
  EXPECT_TRUE(ParseSignal(json{{"type", std::string(128, 'a')}}).ok());
  EXPECT_EQ(CodeOf(json{{"type", std::string(129, 'a')}}),
            ErrorCode::kInvalidSignalType);
}

TEST(ParseSignal, TypeCharacters) {
  for (const char* bad : {"a b", "\xC3\xA9", "a/b"}) {
    EXPECT_EQ(CodeOf(json{{"type", bad}}), ErrorCode::kInvalidSignalType)
        << bad;
  }
  for (const char* good : {"a.b", "A-z_0~9", ""}) {
    EXPECT_TRUE(ParseSignal(json{{"type", good}}).ok()) << good;
  }
}

TEST(ParseSignal, DataLimitIs8192Bytes) {
  absl::StatusOr<ParsedSignal> exact =
      ParseSignal(json{{"data", std::string(8192, 'x')}});
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->request.data.size(), 8192u);
  EXPECT_EQ(CodeOf(json{{"data", std::string(8193, 'x')}}),
            ErrorCode::kSignalTooLong);
  std::string multibyte;
  for (int i = 0; i < 3000; ++i) multibyte += "\xE2\x82\xAC";  // 9000 bytes.
  EXPECT_EQ(CodeOf(json{{"data", multibyte}}), ErrorCode::kSignalTooLong);
}

TEST(ParseSignal, EmptyValuesAreAccepted) {
  absl::StatusOr<ParsedSignal> empty = ParseSignal(Json::Object());
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->request.type, "");
  EXPECT_EQ(empty->request.data, "");
  EXPECT_FALSE(empty->request.to.has_value());
  EXPECT_TRUE(empty->retry_after_reconnect);
  EXPECT_TRUE(ParseSignal(json{{"type", ""}, {"data", ""}}).ok());
  EXPECT_TRUE(ParseSignal(json()).ok());
}

TEST(ParseSignal, NullDataMeansEmptyData) {
  absl::StatusOr<ParsedSignal> parsed = ParseSignal(json{{"data", nullptr}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->request.data, "");
}

TEST(ParseSignal, NonStringDataIsInvalidParameter) {
  for (const json& data :
       {json(42), json{{"a", 1}}, Json::Array(), json(true)}) {
    absl::StatusOr<ParsedSignal> parsed = ParseSignal(json{{"data", data}});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(GetErrorCode(parsed.status()), ErrorCode::kInvalidParameter);
    EXPECT_NE(parsed.status().message().find("data"), absl::string_view::npos);
  }
  EXPECT_EQ(CodeOf(json{{"type", 7}}), ErrorCode::kInvalidParameter);
  EXPECT_EQ(CodeOf(json{{"to", 7}}), ErrorCode::kInvalidParameter);
  EXPECT_EQ(CodeOf(json{{"to", ""}}), ErrorCode::kInvalidParameter);
  EXPECT_EQ(CodeOf(json{{"retryAfterReconnect", "no"}}),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(CodeOf(json("text")), ErrorCode::kInvalidParameter);
}

class SignalSendTest : public testing::SessionTest {};

TEST_F(SignalSendTest, InvalidSignalPutsNothingOnTheWire) {
  Connect(testing::MakeSnapshot("A"));
  session_.Signal(json{{"type", std::string(129, 'a')}}, 2);
  session_.Signal(json{{"data", std::string(8193, 'x')}}, 3);
  session_.Signal(json{{"data", 12}}, 4);
  testing::Outputs outputs = Take();
  EXPECT_EQ(testing::CompletionCode(outputs, 2), 400);
  EXPECT_EQ(testing::CompletionCode(outputs, 3), 413);
  EXPECT_EQ(testing::CompletionCode(outputs, 4), 1011);
  EXPECT_TRUE(testing::OfKind(outputs, "send").empty());
}

TEST_F(SignalSendTest, LimitValuesAreSentIntact) {
  Connect(testing::MakeSnapshot("A"));
  std::string data(8192, 'z');
  session_.Signal(json{{"type", std::string(128, 'T')}, {"data", data}}, 2);
  std::optional<protocol::SignalRequest> sent =
      LastSent<protocol::SignalRequest>(Take());
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->data, data);
  EXPECT_EQ(sent->type.size(), 128u);
}

}  // namespace
}  // namespace sessioncore::session
