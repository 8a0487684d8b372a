// Delivery numbers of pushes (`seq`, `ack`, `lastSeq`) and the preferred
// layer messages: what the codec writes and what it refuses.
#include <string>
#include <variant>

#include "core/error.h"
#include "core/protocol/codec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace sessioncore::protocol {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kSignal =
    R"({"v":1,"type":"signal","signalType":"chat","data":"hi")";

std::string SignalWith(std::string_view extra) {
  return std::string(kSignal) + std::string(extra) + "}";
}

TEST(ProtocolSequence, PushKeepsItsSeqThroughEncodeAndDecode) {
  const std::string text = EncodePush(SignalPush{"chat", "hi", "C-2"}, 41);
  EXPECT_EQ(nlohmann::json::parse(text)["seq"], 41);
  absl::StatusOr<ServerFrame> frame = DecodeServerFrame(text);
  ASSERT_TRUE(frame.ok()) << frame.status();
  EXPECT_EQ(frame->seq, 41);
  ASSERT_TRUE(std::holds_alternative<SignalPush>(frame->message));
  EXPECT_EQ(std::get<SignalPush>(frame->message).data, "hi");
}

TEST(ProtocolSequence, SeqZeroWritesNoField) {
  const std::string text = EncodePush(ArchiveStoppedPush{"A-1"}, 0);
  EXPECT_FALSE(nlohmann::json::parse(text).contains("seq"));
  absl::StatusOr<ServerFrame> frame = DecodeServerFrame(text);
  ASSERT_TRUE(frame.ok()) << frame.status();
  EXPECT_EQ(frame->seq, 0);
}

TEST(ProtocolSequence, DecodeServerMessageAcceptsANumberedPush) {
  EXPECT_TRUE(DecodeServerMessage(SignalWith(R"(,"seq":7)")).ok());
}

TEST(ProtocolSequence, RejectsSeqThatIsNotAPositiveInteger) {
  for (std::string_view bad : {R"(,"seq":0)", R"(,"seq":-3)", R"(,"seq":"7")",
                               R"(,"seq":1.5)", R"(,"seq":null)"}) {
    SCOPED_TRACE(std::string(bad));
    absl::StatusOr<ServerFrame> frame = DecodeServerFrame(SignalWith(bad));
    ASSERT_FALSE(frame.ok());
    EXPECT_EQ(GetErrorCode(frame.status()), ErrorCode::kProtocolError);
    EXPECT_THAT(frame.status().message(), HasSubstr("seq"));
  }
}

TEST(ProtocolSequence, RejectsSeqOnAResponse) {
  absl::StatusOr<ServerFrame> frame = DecodeServerFrame(
      R"({"v":1,"type":"response","id":3,"result":{},"seq":5})");
  ASSERT_FALSE(frame.ok());
  EXPECT_THAT(frame.status().message(), HasSubstr("only a push carries"));
}

TEST(ProtocolSequence, HeartbeatAckAndResumeLastSeqAreOptional) {
  absl::StatusOr<ClientRequest> plain =
      DecodeClientMessage(R"({"v":1,"type":"heartbeat","id":2})");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(std::get<HeartbeatRequest>(plain->message).ack, 0);
  absl::StatusOr<ClientRequest> acked =
      DecodeClientMessage(R"({"v":1,"type":"heartbeat","id":2,"ack":9})");
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(std::get<HeartbeatRequest>(acked->message).ack, 9);
  absl::StatusOr<ClientRequest> resume = DecodeClientMessage(
      R"({"v":1,"type":"resume","id":3,"sessionId":"s","connectionId":"C-1",)"
      R"("resumeKey":"k","lastSeq":12})");
  ASSERT_TRUE(resume.ok()) << resume.status();
  EXPECT_EQ(std::get<ResumeRequest>(resume->message).last_seq, 12);
}

TEST(ProtocolSequence, RejectsNegativeAck) {
  absl::StatusOr<ClientRequest> request =
      DecodeClientMessage(R"({"v":1,"type":"heartbeat","id":2,"ack":-1})");
  ASSERT_FALSE(request.ok());
  EXPECT_THAT(request.status().message(), HasSubstr("ack"));
}

TEST(ProtocolPreferredLayer, AbsentLimitsStayEmpty) {
  absl::StatusOr<ClientRequest> request = DecodeClientMessage(
      R"({"v":1,"type":"setPreferredLayer","id":4,"subscriptionId":"SUB-1",)"
      R"("maxFrameRate":15})");
  ASSERT_TRUE(request.ok()) << request.status();
  const auto& layer = std::get<SetPreferredLayerRequest>(request->message);
  EXPECT_EQ(layer.subscription_id, "SUB-1");
  EXPECT_FALSE(layer.max_width.has_value());
  EXPECT_FALSE(layer.max_height.has_value());
  EXPECT_EQ(layer.max_frame_rate, 15);
}

TEST(ProtocolPreferredLayer, RejectsLimitsBelowOne) {
  for (std::string_view field : {"maxWidth", "maxHeight", "maxFrameRate"}) {
    SCOPED_TRACE(std::string(field));
    const std::string text =
        R"({"v":1,"type":"setPreferredLayer","id":4,"subscriptionId":"S",")" +
        std::string(field) + R"(":0})";
    absl::StatusOr<ClientRequest> request = DecodeClientMessage(text);
    ASSERT_FALSE(request.ok());
    EXPECT_THAT(request.status().message(), HasSubstr(std::string(field)));
  }
}

TEST(ProtocolPreferredLayer, PushWritesOnlyTheGivenLimits) {
  const nlohmann::json json = nlohmann::json::parse(
      Encode(PreferredLayerPush{"SUB-1", "S-1", 320, 240, std::nullopt}));
  EXPECT_EQ(json["maxWidth"], 320);
  EXPECT_EQ(json["maxHeight"], 240);
  EXPECT_FALSE(json.contains("maxFrameRate"));
  EXPECT_EQ(json["streamId"], "S-1");
}

}  // namespace
}  // namespace sessioncore::protocol
