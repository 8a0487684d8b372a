// Round trips of every message through Encode and Decode.
#include <set>
#include <string>
#include <variant>

#include "core/protocol/codec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "samples.h"

namespace sessioncore::protocol {
namespace {

using ::testing::HasSubstr;
using testing::SampleClientMessages;
using testing::SampleServerMessages;
using testing::SampleSnapshot;
using testing::SampleStream;

TEST(ProtocolCodec, SamplesCoverEveryMessageType) {
  std::set<size_t> client_indices;
  for (const ClientMessage& message : SampleClientMessages()) {
    client_indices.insert(message.index());
  }
  EXPECT_EQ(client_indices.size(), std::variant_size_v<ClientMessage>);
  std::set<size_t> server_indices;
  for (const ServerMessage& message : SampleServerMessages()) {
    server_indices.insert(message.index());
  }
  EXPECT_EQ(server_indices.size(), std::variant_size_v<ServerMessage>);
}

TEST(ProtocolCodec, ClientMessagesRoundTrip) {
  int64_t id = 1;
  for (const ClientMessage& message : SampleClientMessages()) {
    SCOPED_TRACE(std::string(MessageType(message)));
    const std::string text = Encode(ClientRequest{id, message});
    absl::StatusOr<ClientRequest> decoded = DecodeClientMessage(text);
    ASSERT_TRUE(decoded.ok()) << decoded.status() << "\n" << text;
    EXPECT_EQ(decoded->id, id);
    EXPECT_EQ(decoded->message.index(), message.index());
    EXPECT_EQ(Encode(*decoded), text);
    ++id;
  }
}

TEST(ProtocolCodec, ServerMessagesRoundTrip) {
  for (const ServerMessage& message : SampleServerMessages()) {
    SCOPED_TRACE(std::string(MessageType(message)));
    const std::string text = Encode(message);
    absl::StatusOr<ServerMessage> decoded = DecodeServerMessage(text);
    ASSERT_TRUE(decoded.ok()) << decoded.status() << "\n" << text;
    EXPECT_EQ(decoded->index(), message.index());
    EXPECT_EQ(Encode(*decoded), text);
  }
}

TEST(ProtocolCodec, EncodedMessagesCarryVersionAndType) {
  for (const ServerMessage& message : SampleServerMessages()) {
    const nlohmann::json json = nlohmann::json::parse(Encode(message));
    EXPECT_EQ(json["v"], 1);
    EXPECT_EQ(json["type"], MessageType(message));
    EXPECT_EQ(json.contains("id"), std::holds_alternative<Response>(message));
  }
}

TEST(ProtocolCodec, SnapshotRoundTripsFieldByField) {
  const Snapshot snapshot = SampleSnapshot(5);
  absl::StatusOr<ServerMessage> decoded =
      DecodeServerMessage(EncodeResult(1, snapshot));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto* response = std::get_if<Response>(&*decoded);
  ASSERT_NE(response, nullptr);
  const auto* result = std::get_if<ResponseResult>(&response->outcome);
  ASSERT_NE(result, nullptr);
  const auto* decoded_snapshot = std::get_if<Snapshot>(result);
  ASSERT_NE(decoded_snapshot, nullptr);
  EXPECT_TRUE(*decoded_snapshot == snapshot);
  EXPECT_EQ(decoded_snapshot->streams[2].stream.connection_id, "C-3");
  EXPECT_FALSE(decoded_snapshot->ice_servers[1].username.has_value());
}

TEST(ProtocolCodec, ThousandStreamSnapshotFitsServerLimit) {
  const std::string text = EncodeResult(1, SampleSnapshot(1000));
  EXPECT_GT(text.size(), kDefaultMaxFrameBytes);
  absl::StatusOr<ServerMessage> decoded = DecodeServerMessage(text);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto& result =
      std::get<ResponseResult>(std::get<Response>(*decoded).outcome);
  EXPECT_EQ(std::get<Snapshot>(result).streams.size(), 1000u);
}

TEST(ProtocolCodec, StreamConnectionIdComesFromEmbeddedConnection) {
  StreamInfo info = SampleStream(4);
  info.stream.connection_id = "ignored by the encoder";
  absl::StatusOr<ServerMessage> decoded =
      DecodeServerMessage(Encode(StreamCreatedPush{info}));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto& push = std::get<StreamCreatedPush>(*decoded);
  EXPECT_EQ(push.stream.stream.connection_id, "C-4");
  EXPECT_EQ(push.stream.connection.data, info.connection.data);
}

TEST(ProtocolCodec, ErrorResponseCarriesCodeNameAndMessage) {
  const std::string text =
      EncodeError(9, MakeError(ErrorCode::kNotConnected, "not connected yet"));
  const nlohmann::json json = nlohmann::json::parse(text);
  EXPECT_EQ(json["id"], 9);
  EXPECT_EQ(json["error"]["code"], 1010);
  EXPECT_EQ(json["error"]["name"], "OT_NOT_CONNECTED");
  EXPECT_EQ(json["error"]["message"], "not connected yet");
  EXPECT_FALSE(json.contains("result"));
}

TEST(ProtocolCodec, ErrorResponseDecodesToStatus) {
  absl::StatusOr<ServerMessage> decoded = DecodeServerMessage(
      EncodeError(9, MakeError(ErrorCode::kSignalTooLong, "too long")));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto& error = std::get<WireError>(std::get<Response>(*decoded).outcome);
  const absl::Status status = ToStatus(error);
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kSignalTooLong);
  EXPECT_EQ(status.message(), "too long");
}

TEST(ProtocolCodec, ForeignStatusSentAsInternalError) {
  const nlohmann::json json =
      nlohmann::json::parse(EncodeError(3, absl::UnknownError("boom")));
  EXPECT_EQ(json["error"]["name"], "OT_INTERNAL_ERROR");
  EXPECT_EQ(json["error"]["message"], "boom");
}

TEST(ProtocolCodec, EmptyResultIsEmptyObject) {
  const nlohmann::json json =
      nlohmann::json::parse(EncodeResult(4, EmptyResult{}));
  EXPECT_TRUE(json["result"].is_object());
  EXPECT_TRUE(json["result"].empty());
}

TEST(ProtocolCodec, ResultMatchesRequestKind) {
  EXPECT_TRUE(ResultMatchesRequest(ConnectRequest{}, SampleSnapshot(0)));
  EXPECT_TRUE(ResultMatchesRequest(ResumeRequest{}, SampleSnapshot(0)));
  EXPECT_TRUE(ResultMatchesRequest(PublishRequest{}, PublishResult{}));
  EXPECT_TRUE(ResultMatchesRequest(SubscribeRequest{}, SubscribeResult{}));
  EXPECT_TRUE(ResultMatchesRequest(ReportIssueRequest{}, ReportIssueResult{}));
  EXPECT_TRUE(ResultMatchesRequest(HeartbeatRequest{}, EmptyResult{}));
  EXPECT_FALSE(ResultMatchesRequest(ConnectRequest{}, EmptyResult{}));
  EXPECT_FALSE(ResultMatchesRequest(HeartbeatRequest{}, SubscribeResult{}));
}

TEST(ProtocolCodec, UpdateStreamCarriesBooleanValue) {
  const ClientRequest request{
      5, UpdateStreamRequest{"S-1", StreamProperty::kHasAudio, false}};
  absl::StatusOr<ClientRequest> decoded = DecodeClientMessage(Encode(request));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto& update = std::get<UpdateStreamRequest>(decoded->message);
  EXPECT_EQ(update.property, StreamProperty::kHasAudio);
  ASSERT_TRUE(std::holds_alternative<bool>(update.value));
  EXPECT_FALSE(std::get<bool>(update.value));
}

TEST(ProtocolCodec, CandidateNullFieldsRoundTrip) {
  const std::string text =
      Encode(ClientRequest{8, CandidateMessage{"SUB-1", "", {}, {}}});
  EXPECT_THAT(text, HasSubstr("\"sdpMid\":null"));
  EXPECT_THAT(text, HasSubstr("\"sdpMLineIndex\":null"));
  absl::StatusOr<ClientRequest> decoded = DecodeClientMessage(text);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto& candidate = std::get<CandidateMessage>(decoded->message);
  EXPECT_FALSE(candidate.sdp_mid.has_value());
  EXPECT_FALSE(candidate.sdp_m_line_index.has_value());
}

TEST(ProtocolCodec, SignalTypeTravelsAsSignalType) {
  const std::string text =
      Encode(ClientRequest{2, SignalRequest{"chat", "hi", std::nullopt}});
  const nlohmann::json json = nlohmann::json::parse(text);
  EXPECT_EQ(json["type"], "signal");
  EXPECT_EQ(json["signalType"], "chat");
  EXPECT_FALSE(json.contains("to"));
}

TEST(ProtocolCodec, EncoderReplacesIllFormedUtf8) {
  const std::string text =
      Encode(ClientRequest{2, SignalRequest{"chat",
                                            "a\xff"
                                            "b",
                                            std::nullopt}});
  absl::StatusOr<ClientRequest> decoded = DecodeClientMessage(text);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(std::get<SignalRequest>(decoded->message).data,
            "a\xef\xbf\xbd"
            "b");
}

TEST(ProtocolCodec, FindRequestIdReadsIdOfInvalidRequest) {
  EXPECT_EQ(FindRequestId(R"({"v":1,"type":"nope","id":42})"), 42);
  EXPECT_EQ(FindRequestId(R"({"v":1,"type":"nope"})"), std::nullopt);
  EXPECT_EQ(FindRequestId(R"({"v":1,"id":0})"), std::nullopt);
  EXPECT_EQ(FindRequestId(R"({"v":1,"id":"7"})"), std::nullopt);
  EXPECT_EQ(FindRequestId("not json"), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::protocol
