// Sample messages for the codec tests: one of every client request, server
// push and result kind, each with non-default values in every field so
// that a field the codec drops shows up as a difference.
#ifndef SESSIONCORE_TESTS_CORE_PROTOCOL_SAMPLES_H_
#define SESSIONCORE_TESTS_CORE_PROTOCOL_SAMPLES_H_

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "core/protocol/messages.h"

namespace sessioncore::protocol::testing {

// Each sample has every field set, so a dropped field shows up. Header-only
// because tests/CMakeLists.txt compiles only *_test.cc files.
inline Connection SampleConnection(int n) {
  return Connection{"C-" + std::to_string(n), 1764849600000 + n,
                    "name=User " + std::to_string(n) + " \xc3\xa9"};
}

inline StreamInfo SampleStream(int n) {
  StreamInfo info;
  info.connection = SampleConnection(n);
  info.stream.stream_id = "S-" + std::to_string(n);
  info.stream.connection_id = info.connection.connection_id;
  info.stream.creation_time = 1764849700000 + n;
  info.stream.name = "Camera of user " + std::to_string(n);
  info.stream.has_audio = false;
  info.stream.has_video = true;
  info.stream.has_captions = true;
  info.stream.video_type = VideoType::kScreen;
  info.stream.video_dimensions = {1280, 720};
  info.stream.frame_rate = 15;
  return info;
}

inline Snapshot SampleSnapshot(int stream_count) {
  Snapshot snapshot;
  snapshot.connection = SampleConnection(0);
  snapshot.role = Role::kModerator;
  snapshot.capabilities = CapabilitiesForRole(Role::kModerator);
  for (int i = 1; i <= stream_count; ++i) {
    snapshot.connections.push_back(SampleConnection(i));
    snapshot.streams.push_back(SampleStream(i));
  }
  snapshot.force_mute = {true, {"S-1"}};
  snapshot.archives = {{"A-1", "weekly"}};
  snapshot.ice_servers = {
      {{"turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478"},
       "user",
       "password"},
      {{"stun:127.0.0.1:3478"}, std::nullopt, std::nullopt}};
  snapshot.heartbeat_interval_ms = 2500;
  snapshot.reconnect_window_ms = 45000;
  snapshot.resume_key = "rk-7f3a";
  return snapshot;
}

inline std::vector<ClientMessage> SampleClientMessages() {
  return {
      ConnectRequest{
          "1_MX4xMjM0NX4", "T1==abc", true, {"sessioncore-js", "0.1.0"}},
      ResumeRequest{"1_MX4xMjM0NX4", "C-1", "rk-7f3a", 40},
      HeartbeatRequest{41},
      DisconnectRequest{},
      PublishRequest{"Ada", false, true, VideoType::kCustom, {320, 240}, 24},
      UnpublishRequest{"S-1"},
      UpdateStreamRequest{"S-1", StreamProperty::kVideoDimensions,
                          VideoDimensions{640, 360}},
      SubscribeRequest{"S-2"},
      UnsubscribeRequest{"SUB-9"},
      SdpMessage{"SUB-9", SdpType::kAnswer,
                 "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"},
      CandidateMessage{"SUB-9",
                       "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
                       "0", 1},
      SignalRequest{"chat", "hello \"world\" \xe2\x82\xac", "C-2"},
      ForceMuteAllRequest{{"S-1", "S-2"}},
      ForceMuteStreamRequest{"S-2"},
      DisableForceMuteRequest{},
      ForceDisconnectRequest{"C-3"},
      ForceUnpublishRequest{"S-3"},
      ReportIssueRequest{"audio drops every minute"},
      SetPreferredLayerRequest{"SUB-9", 320, 240, std::nullopt},
  };
}

inline std::vector<ServerMessage> SampleServerMessages() {
  return {
      Response{7, ResponseResult{SubscribeResult{"SUB-9"}}},
      ConnectionCreatedPush{SampleConnection(3)},
      ConnectionDestroyedPush{"C-3", DisconnectReason::kNetworkDisconnected},
      StreamCreatedPush{SampleStream(3)},
      StreamDestroyedPush{"S-3", StreamDestroyedReason::kForceUnpublished},
      StreamPropertyChangedPush{"S-2", StreamProperty::kHasVideo, true, false},
      SubscriberJoinedPush{"SUB-9", "S-1", "C-2"},
      SubscriberLeftPush{"SUB-9",
                         SubscriptionEndReason::kSubscriberDisconnected},
      SubscriptionEndedPush{"SUB-9", SubscriptionEndReason::kUnsubscribed},
      SdpMessage{"SUB-9", SdpType::kOffer, "v=0\r\n"},
      CandidateMessage{"SUB-9", "", std::nullopt, std::nullopt},
      SignalPush{"", "", std::nullopt},
      MuteForcedPush{{true, {"S-1"}}},
      ArchiveStartedPush{{"A-1", "weekly"}},
      ArchiveStoppedPush{"A-1"},
      DisconnectedPush{ServerDisconnectReason::kSlowConsumer,
                       "outbound queue overflowed"},
      ErrorPush{{ErrorCode::kProtocolError, "frame is not valid JSON"}},
      PreferredLayerPush{"SUB-9", "S-1", std::nullopt, std::nullopt, 15},
      Response{1, ResponseResult{SampleSnapshot(3)}},
      Response{2, ResponseResult{PublishResult{SampleStream(1)}}},
      Response{3, ResponseResult{ReportIssueResult{"ISSUE-4"}}},
      Response{4, ResponseResult{EmptyResult{}}},
      Response{5, WireError{ErrorCode::kNotFound, "stream \"S-2\" not found"}},
  };
}

}  // namespace sessioncore::protocol::testing

#endif  // SESSIONCORE_TESTS_CORE_PROTOCOL_SAMPLES_H_
