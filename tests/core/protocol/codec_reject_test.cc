// Every class of frame that the decoders reject, with the field or value
// and the rule named in the error message.
#include <string>

#include "core/error.h"
#include "core/protocol/codec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sessioncore::protocol {
namespace {

using ::testing::HasSubstr;

// Decodes `text` as a client frame and returns the error message, or
// "decoded" when the frame was accepted.
std::string ClientError(const std::string& text,
                        const DecodeLimits& limits = {}) {
  absl::StatusOr<ClientRequest> decoded = DecodeClientMessage(text, limits);
  if (decoded.ok()) return "decoded";
  EXPECT_EQ(GetErrorCode(decoded.status()), ErrorCode::kProtocolError);
  return std::string(decoded.status().message());
}

std::string ServerError(const std::string& text) {
  absl::StatusOr<ServerMessage> decoded = DecodeServerMessage(text);
  if (decoded.ok()) return "decoded";
  EXPECT_EQ(GetErrorCode(decoded.status()), ErrorCode::kProtocolError);
  return std::string(decoded.status().message());
}

constexpr char kSubscribe[] = R"({"v":1,"type":"subscribe","id":3,)";

TEST(ProtocolCodecReject, AcceptsValidBaseline) {
  EXPECT_EQ(ClientError(std::string(kSubscribe) + R"("streamId":"S-1"})"),
            "decoded");
}

TEST(ProtocolCodecReject, UnknownType) {
  EXPECT_THAT(ClientError(R"({"v":1,"type":"fly","id":3})"),
              HasSubstr("field \"type\": \"fly\" is not a client message "
                        "type"));
}

TEST(ProtocolCodecReject, ServerTypeSentByClient) {
  EXPECT_THAT(ClientError(R"({"v":1,"type":"streamCreated","id":3})"),
              HasSubstr("\"streamCreated\" is not a client message type"));
}

TEST(ProtocolCodecReject, UnknownField) {
  EXPECT_THAT(
      ClientError(std::string(kSubscribe) + R"("streamId":"S-1","x":1})"),
      HasSubstr("unknown field \"x\""));
}

TEST(ProtocolCodecReject, UnknownNestedField) {
  const std::string text =
      R"({"v":1,"type":"publish","id":3,"name":"","hasAudio":true,)"
      R"("hasVideo":true,"videoType":"camera","frameRate":30,)"
      R"("videoDimensions":{"width":1,"height":2,"depth":3}})";
  EXPECT_THAT(ClientError(text),
              HasSubstr("unknown field \"videoDimensions.depth\""));
}

TEST(ProtocolCodecReject, WrongFieldType) {
  EXPECT_THAT(ClientError(std::string(kSubscribe) + R"("streamId":5})"),
              HasSubstr("field \"streamId\": expected a string, got number"));
}

TEST(ProtocolCodecReject, MissingField) {
  EXPECT_THAT(ClientError(R"({"v":1,"type":"subscribe","id":3})"),
              HasSubstr("invalid subscribe message: missing required field "
                        "\"streamId\""));
}

TEST(ProtocolCodecReject, MissingVersion) {
  EXPECT_THAT(ClientError(R"({"type":"heartbeat","id":3})"),
              HasSubstr("missing required field \"v\""));
}

TEST(ProtocolCodecReject, WrongVersion) {
  EXPECT_THAT(ClientError(R"({"v":2,"type":"heartbeat","id":3})"),
              HasSubstr("unsupported protocol version 2"));
  EXPECT_THAT(ClientError(R"({"v":2})"),
              HasSubstr("unsupported protocol version 2"));
  EXPECT_THAT(ClientError(R"({"v":"1","type":"heartbeat","id":3})"),
              HasSubstr("field \"v\": expected an integer, got string"));
}

TEST(ProtocolCodecReject, MissingType) {
  EXPECT_THAT(ClientError(R"({"v":1,"id":3})"),
              HasSubstr("missing required field \"type\""));
}

TEST(ProtocolCodecReject, IdMissingZeroOrFractional) {
  EXPECT_THAT(ClientError(R"({"v":1,"type":"heartbeat"})"),
              HasSubstr("missing required field \"id\""));
  EXPECT_THAT(ClientError(R"({"v":1,"type":"heartbeat","id":0})"),
              HasSubstr("field \"id\": 0 is below the minimum 1"));
  EXPECT_THAT(ClientError(R"({"v":1,"type":"heartbeat","id":1.5})"),
              HasSubstr("field \"id\": expected an integer, got number"));
  EXPECT_THAT(
      ClientError(R"({"v":1,"type":"heartbeat","id":18446744073709551615})"),
      HasSubstr("field \"id\": expected an integer"));
}

TEST(ProtocolCodecReject, NotAnObject) {
  EXPECT_THAT(ClientError("[1,2]"),
              HasSubstr("frame must be a JSON object, got array"));
  EXPECT_THAT(ClientError("\"text\""),
              HasSubstr("frame must be a JSON object, got string"));
}

TEST(ProtocolCodecReject, NotJson) {
  EXPECT_THAT(ClientError("{\"v\":1,"), HasSubstr("frame is not valid JSON"));
  EXPECT_THAT(ClientError(""), HasSubstr("frame is not valid JSON"));
}

TEST(ProtocolCodecReject, InvalidUtf8) {
  const std::string text =
      std::string(kSubscribe) + "\"streamId\":\"S-\xc3\x28\"}";
  const size_t offset = text.find('\xc3');
  EXPECT_THAT(ClientError(text),
              HasSubstr("frame is not valid UTF-8: ill-formed sequence "
                        "starting with byte 0xc3 at offset " +
                        std::to_string(offset)));
}

TEST(ProtocolCodecReject, EscapedLoneSurrogate) {
  const std::string text = std::string(kSubscribe) + R"("streamId":"\ud800"})";
  EXPECT_THAT(ClientError(text),
              HasSubstr("frame is not valid JSON at offset " +
                        std::to_string(text.find("\"}")) +
                        ": a high surrogate escape must be followed by a low "
                        "surrogate escape"));
}

TEST(ProtocolCodecReject, DuplicateKey) {
  EXPECT_THAT(ClientError(std::string(kSubscribe) +
                          R"("streamId":"a","streamId":"b"})"),
              HasSubstr("duplicate key \"streamId\""));
}

TEST(ProtocolCodecReject, NestingDeeperThanLimit) {
  const std::string deep = std::string(20, '[') + std::string(20, ']');
  EXPECT_THAT(
      ClientError(std::string(kSubscribe) + R"("streamId":)" + deep + "}"),
      HasSubstr("deeper than the maximum depth of 16"));
}

TEST(ProtocolCodecReject, FrameSizeAtLimitIsAccepted) {
  std::string text = std::string(kSubscribe) + R"("streamId":"")" + "}";
  const size_t padding = kDefaultMaxFrameBytes - text.size();
  text.insert(text.size() - 2, std::string(padding, 'x'));
  ASSERT_EQ(text.size(), kDefaultMaxFrameBytes);
  EXPECT_EQ(ClientError(text), "decoded");
}

TEST(ProtocolCodecReject, FrameSizePastLimitIsRejected) {
  std::string text = std::string(kSubscribe) + R"("streamId":"")" + "}";
  const size_t padding = kDefaultMaxFrameBytes + 1 - text.size();
  text.insert(text.size() - 2, std::string(padding, 'x'));
  ASSERT_EQ(text.size(), kDefaultMaxFrameBytes + 1);
  EXPECT_THAT(ClientError(text),
              HasSubstr("frame of 65537 bytes exceeds the maximum frame size "
                        "of 65536 bytes"));
}

// Returns an archiveStarted frame padded to exactly `size` bytes.
std::string ServerFrameOfSize(size_t size) {
  const std::string empty = Encode(ArchiveStartedPush{{"A-1", ""}});
  ArchiveStartedPush push{{"A-1", std::string(size - empty.size(), 'x')}};
  return Encode(push);
}

TEST(ProtocolCodecReject, ServerFrameSizeAtLimitIsAccepted) {
  const std::string text = ServerFrameOfSize(kDefaultMaxServerFrameBytes);
  ASSERT_EQ(text.size(), kDefaultMaxServerFrameBytes);
  EXPECT_EQ(ServerError(text), "decoded");
}

TEST(ProtocolCodecReject, ServerFrameSizePastLimitIsRejected) {
  const std::string text = ServerFrameOfSize(kDefaultMaxServerFrameBytes + 1);
  EXPECT_THAT(ServerError(text),
              HasSubstr("exceeds the maximum frame size of 4194304 bytes"));
}

TEST(ProtocolCodecReject, ConfiguredFrameSizeLimit) {
  const std::string text = std::string(kSubscribe) + R"("streamId":"S-1"})";
  DecodeLimits limits;
  limits.max_frame_bytes = text.size();
  EXPECT_EQ(ClientError(text, limits), "decoded");
  limits.max_frame_bytes = text.size() - 1;
  EXPECT_THAT(ClientError(text, limits), HasSubstr("exceeds the maximum"));
}

TEST(ProtocolCodecReject, EnumValueNotInList) {
  const std::string text =
      R"({"v":1,"type":"sdp","id":3,"subscriptionId":"x","sdpType":"pranswer",)"
      R"("sdp":""})";
  EXPECT_THAT(ClientError(text),
              HasSubstr("field \"sdpType\": \"pranswer\" is not one of offer, "
                        "answer"));
}

TEST(ProtocolCodecReject, IntegerOutOfRange) {
  const std::string base =
      R"({"v":1,"type":"publish","id":3,"name":"","hasAudio":true,)"
      R"("hasVideo":true,"videoType":"camera",)"
      R"("videoDimensions":{"width":1,"height":2},"frameRate":)";
  EXPECT_THAT(ClientError(base + "0}"),
              HasSubstr("field \"frameRate\": 0 is below the minimum 1"));
  EXPECT_THAT(ClientError(base + "4294967296}"),
              HasSubstr("field \"frameRate\": 4294967296 is above the "
                        "maximum"));
}

TEST(ProtocolCodecReject, UpdateStreamValueOfWrongKind) {
  const std::string text =
      R"({"v":1,"type":"updateStream","id":3,"streamId":"S-1",)"
      R"("property":"videoDimensions","value":true})";
  EXPECT_THAT(ClientError(text),
              HasSubstr("field \"value\": expected an object, got boolean"));
}

TEST(ProtocolCodecReject, NullForOptionalString) {
  EXPECT_THAT(
      ClientError(
          R"({"v":1,"type":"signal","id":3,"signalType":"","data":"","to":null})"),
      HasSubstr("field \"to\": expected a string, got null"));
}

TEST(ProtocolCodecReject, SignalDataNotString) {
  EXPECT_THAT(
      ClientError(
          R"({"v":1,"type":"signal","id":3,"signalType":"","data":{"a":1}})"),
      HasSubstr("field \"data\": expected a string, got object"));
}

TEST(ProtocolCodecReject, PushWithId) {
  EXPECT_THAT(ServerError(R"({"v":1,"type":"archiveStopped","id":2,)"
                          R"("archiveId":"A-1"})"),
              HasSubstr("unknown field \"id\""));
}

TEST(ProtocolCodecReject, ResponseWithBothOrNeitherOutcome) {
  EXPECT_THAT(ServerError(R"({"v":1,"type":"response","id":2})"),
              HasSubstr("exactly one of result and error"));
  EXPECT_THAT(
      ServerError(R"({"v":1,"type":"response","id":2,"result":{},"error":{}})"),
      HasSubstr("exactly one of result and error"));
}

TEST(ProtocolCodecReject, ResultOfUnknownShape) {
  EXPECT_THAT(ServerError(R"({"v":1,"type":"response","id":2,)"
                          R"("result":{"weird":1}})"),
              HasSubstr("unknown field \"result.weird\""));
}

TEST(ProtocolCodecReject, ErrorWithMismatchedName) {
  EXPECT_THAT(
      ServerError(R"({"v":1,"type":"response","id":2,"error":{"code":1010,)"
                  R"("name":"OT_NOT_FOUND","message":""}})"),
      HasSubstr("\"OT_NOT_FOUND\" does not match code 1010, which is "
                "OT_NOT_CONNECTED"));
  EXPECT_THAT(ServerError(R"({"v":1,"type":"error","code":7,)"
                          R"("name":"OT_X","message":""})"),
              HasSubstr("7 is not a known error code"));
}

TEST(ProtocolCodecReject, SnapshotFieldNamedByPath) {
  Snapshot snapshot;
  snapshot.streams.push_back(StreamInfo{});
  snapshot.streams.push_back(StreamInfo{});
  std::string text = EncodeResult(1, snapshot);
  const std::string camera = "\"videoType\":\"camera\"";
  const size_t second = text.find(camera, text.find(camera) + 1);
  ASSERT_NE(second, std::string::npos);
  text.replace(second, camera.size(), "\"videoType\":\"webcam\"");
  EXPECT_THAT(ServerError(text),
              HasSubstr("field \"result.streams[1].videoType\": \"webcam\" is "
                        "not one of camera, screen, custom"));
}

TEST(ProtocolCodecReject, IceServerWithoutUrls) {
  Snapshot snapshot;
  snapshot.ice_servers.push_back(IceServer{});
  EXPECT_THAT(ServerError(EncodeResult(1, snapshot)),
              HasSubstr("field \"result.iceServers[0].urls\": must hold at "
                        "least one URL"));
}

TEST(ProtocolCodecReject, LongValuesAreTruncatedInMessages) {
  const std::string type(5000, 'z');
  const std::string message =
      ClientError(R"({"v":1,"type":")" + type + R"(","id":1})");
  EXPECT_THAT(message, HasSubstr("... (5000 bytes)"));
  EXPECT_LT(message.size(), 200u);
}

}  // namespace
}  // namespace sessioncore::protocol
