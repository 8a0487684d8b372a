// Peer-connection orchestration: the publisher side offers per
// subscriberJoined, the subscriber side answers, candidates are relayed,
// and peer connections close with their subscription.
#include <gtest/gtest.h>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class PeersTest : public SessionTest {
 protected:
  void JoinWithRemoteStream() {
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.connections = {MakeConnection("B")};
    snapshot.streams = {MakeStream("SB", "B")};
    Connect(snapshot);
  }
};

TEST_F(PeersTest, PublisherOffersPerSubscriberJoined) {
  JoinWithRemoteStream();
  PublishAs("pub1", "SA", "A", 2);
  Push(protocol::SubscriberJoinedPush{"SUB7", "SA", "B"});
  Outputs outputs = Take();
  Outputs peers = OfKind(outputs, "peer");
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0]["op"], "create");
  EXPECT_EQ(peers[0]["role"], "publisher");
  EXPECT_EQ(peers[0]["streamId"], "SA");
  EXPECT_EQ(peers[0]["subscriptionId"], "SUB7");
  EXPECT_EQ(peers[0]["subscriberConnectionId"], "B");
  EXPECT_TRUE(peers[0]["rtcConfiguration"].IsObject());
  EXPECT_EQ(peers[1]["op"], "createOffer");
  std::string pc_id = peers[0]["pcId"].AsString();
  EXPECT_EQ(peers[1]["pcId"], pc_id);

  session_.OnPeerLocalDescription(pc_id, "offer", "v=0 offer");
  std::optional<protocol::SdpMessage> offer =
      LastSent<protocol::SdpMessage>(Take());
  ASSERT_TRUE(offer.has_value());
  EXPECT_EQ(offer->subscription_id, "SUB7");
  EXPECT_EQ(offer->sdp_type, protocol::SdpType::kOffer);
  EXPECT_EQ(offer->sdp, "v=0 offer");

  Push(protocol::SdpMessage{"SUB7", protocol::SdpType::kAnswer, "v=0 ans"});
  Outputs answer = OfKind(Take(), "peer");
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(answer[0]["op"], "setRemoteDescription");
  EXPECT_EQ(answer[0]["sdpType"], "answer");
  EXPECT_EQ(answer[0]["sdp"], "v=0 ans");

  Push(protocol::SubscriberLeftPush{
      "SUB7", protocol::SubscriptionEndReason::kUnsubscribed});
  Outputs closed = OfKind(Take(), "peer");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0]["op"], "close");
  EXPECT_EQ(closed[0]["pcId"], pc_id);
}

TEST_F(PeersTest, SubscriberAnswersRelayedOffer) {
  JoinWithRemoteStream();
  session_.Subscribe("sub1", "SB", 2);
  Outputs outputs = Take();
  Outputs created = OfKind(outputs, "peer");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0]["role"], "subscriber");
  std::string pc_id = created[0]["pcId"].AsString();
  // A candidate gathered before the subscription ID is known waits.
  session_.OnPeerIceCandidate(pc_id, Json{{"candidate", "candidate:1"},
                                          {"sdpMid", "0"},
                                          {"sdpMLineIndex", 0}});
  EXPECT_TRUE(OfKind(Take(), "send").empty());
  Reply(IdOf(outputs, "subscribe"), protocol::SubscribeResult{"SUB1"});
  Outputs subscribed = Take();
  ASSERT_EQ(CompletionCode(subscribed, 2), 0);
  EXPECT_EQ(CompletionsOf(subscribed, 2)[0]["result"]["subscriptionId"],
            "SUB1");
  std::optional<protocol::CandidateMessage> held =
      LastSent<protocol::CandidateMessage>(subscribed);
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->subscription_id, "SUB1");
  EXPECT_EQ(held->sdp_mid, std::optional<std::string>("0"));

  Push(protocol::SdpMessage{"SUB1", protocol::SdpType::kOffer, "v=0 o"});
  Outputs offer = OfKind(Take(), "peer");
  ASSERT_EQ(offer.size(), 2u);
  EXPECT_EQ(offer[0]["op"], "setRemoteDescription");
  EXPECT_EQ(offer[0]["sdpType"], "offer");
  EXPECT_EQ(offer[1]["op"], "createAnswer");
  session_.OnPeerLocalDescription(pc_id, "answer", "v=0 a");
  std::optional<protocol::SdpMessage> answer =
      LastSent<protocol::SdpMessage>(Take());
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->sdp_type, protocol::SdpType::kAnswer);

  Push(protocol::CandidateMessage{"SUB1", "candidate:2", std::nullopt, 1});
  Outputs remote = OfKind(Take(), "peer");
  ASSERT_EQ(remote.size(), 1u);
  EXPECT_EQ(remote[0]["op"], "addIceCandidate");
  EXPECT_EQ(remote[0]["candidate"], "candidate:2");
  EXPECT_TRUE(remote[0]["sdpMid"].IsNull());
  EXPECT_EQ(remote[0]["sdpMLineIndex"], 1);
}

TEST_F(PeersTest, UnsubscribeClosesPeerAndIsIdempotent) {
  JoinWithRemoteStream();
  session_.Subscribe("sub1", "SB", 2);
  Reply(IdOf(Take(), "subscribe"), protocol::SubscribeResult{"SUB1"});
  Take();
  session_.Unsubscribe("sub1", 3);
  Outputs outputs = Take();
  EXPECT_EQ(SentTypes(outputs), std::vector<std::string>{"unsubscribe"});
  EXPECT_EQ(OfKind(outputs, "peer")[0]["op"], "close");
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"subscriber:destroyed"});
  EXPECT_EQ(CompletionCode(outputs, 3), 0);
  session_.Unsubscribe("sub1", 4);
  Outputs again = Take();
  EXPECT_EQ(CompletionCode(again, 4), 0);
  EXPECT_TRUE(OfKind(again, "send").empty());
  EXPECT_TRUE(OfKind(again, "event").empty());
}

TEST_F(PeersTest, UnsubscribeBeforeResultEndsServerSubscription) {
  JoinWithRemoteStream();
  session_.Subscribe("sub1", "SB", 2);
  int64_t id = IdOf(Take(), "subscribe");
  session_.Unsubscribe("sub1", 3);
  Take();
  Reply(id, protocol::SubscribeResult{"SUB1"});
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1015);
  std::optional<protocol::UnsubscribeRequest> sent =
      LastSent<protocol::UnsubscribeRequest>(outputs);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->subscription_id, "SUB1");
}

TEST_F(PeersTest, SubscribeToGoneStreamFailsCleanly) {
  JoinWithRemoteStream();
  Push(
      protocol::StreamDestroyedPush{"SB", StreamDestroyedReason::kUnpublished});
  Take();
  session_.Subscribe("sub1", "SB", 2);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1502);
  EXPECT_TRUE(OfKind(outputs, "peer").empty());
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_TRUE(OfKind(outputs, "event").empty());
}

TEST_F(PeersTest, SubscribeRacingStreamEndFailsOnce) {
  JoinWithRemoteStream();
  session_.Subscribe("sub1", "SB", 2);
  int64_t id = IdOf(Take(), "subscribe");
  ReplyError(id, MakeError(ErrorCode::kStreamDestroyed, "stream SB ended"));
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1502);
  EXPECT_EQ(OfKind(outputs, "peer")[0]["op"], "close");
  EXPECT_TRUE(EventsNamed(outputs, "exception").empty());
}

TEST_F(PeersTest, UnpublishClosesPeersAndReportsOnce) {
  JoinWithRemoteStream();
  PublishAs("pub1", "SA", "A", 2);
  Push(protocol::SubscriberJoinedPush{"SUB7", "SA", "B"});
  Take();
  session_.Unpublish("pub1", 3);
  Outputs outputs = Take();
  EXPECT_EQ(OfKind(outputs, "peer")[0]["op"], "close");
  int64_t id = IdOf(outputs, "unpublish");
  // The server's own streamDestroyed may arrive before the response.
  Push(
      protocol::StreamDestroyedPush{"SA", StreamDestroyedReason::kUnpublished});
  Reply(id, protocol::EmptyResult{});
  Outputs done = Take();
  EXPECT_EQ(EventNames(done),
            std::vector<std::string>{"publisher:streamDestroyed"});
  EXPECT_EQ(OfKind(done, "event")[0]["payload"]["reason"], "unpublished");
  EXPECT_EQ(CompletionCode(done, 3), 0);
  session_.Unpublish("pub1", 4);
  EXPECT_EQ(CompletionCode(Take(), 4), 0);
}

TEST_F(PeersTest, ForceUnpublishOfOwnStreamIsPublisherEvent) {
  JoinWithRemoteStream();
  PublishAs("pub1", "SA", "A", 2);
  Push(protocol::StreamDestroyedPush{"SA",
                                     StreamDestroyedReason::kForceUnpublished});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"publisher:streamDestroyed"});
  EXPECT_EQ(OfKind(outputs, "event")[0]["payload"]["reason"],
            "forceUnpublished");
}

TEST_F(PeersTest, PublishValidatesProperties) {
  JoinWithRemoteStream();
  session_.Publish("pub1", Json{{"publishAudio", "yes"}}, 2);
  session_.Publish("pub2", Json{{"videoType", "hologram"}}, 3);
  session_.Publish("pub3", Json{{"frameRate", -1}}, 4);
  session_.Publish("pub4", Json::Array(), 5);
  Outputs outputs = Take();
  for (int64_t handle = 2; handle <= 5; ++handle) {
    EXPECT_EQ(CompletionCode(outputs, handle), 1011) << handle;
  }
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  session_.Publish("pub5",
                   Json{{"name", "cam"},
                        {"publishVideo", false},
                        {"videoType", "screen"},
                        {"videoDimensions", {{"width", 1280}, {"height", 720}}},
                        {"insertMode", "append"}},
                   6);
  std::optional<protocol::PublishRequest> sent =
      LastSent<protocol::PublishRequest>(Take());
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->name, "cam");
  EXPECT_FALSE(sent->has_video);
  EXPECT_TRUE(sent->has_audio);
  EXPECT_EQ(sent->video_type, VideoType::kScreen);
  EXPECT_EQ(sent->video_dimensions.width, 1280);
  session_.Publish("pub5", Json::Object(), 7);
  EXPECT_EQ(CompletionCode(Take(), 7), 1015);
}

TEST_F(PeersTest, DisconnectClosesEveryPeer) {
  JoinWithRemoteStream();
  PublishAs("pub1", "SA", "A", 2);
  Push(protocol::SubscriberJoinedPush{"SUB7", "SA", "B"});
  session_.Subscribe("sub1", "SB", 3);
  Take();
  session_.Disconnect(4);
  Reply(IdOf(Take(), "disconnect"), protocol::EmptyResult{});
  Outputs outputs = Take();
  Outputs peers = OfKind(outputs, "peer");
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0]["op"], "close");
  EXPECT_EQ(peers[1]["op"], "close");
  EXPECT_EQ(CompletionCode(outputs, 3), 1010);  // Subscribe never answered.
}

}  // namespace
}  // namespace sessioncore::session::testing
