// ICE restarts of failed peer connections: up to kMaxIceRestarts restarts,
// each with a kIceRestartTimeoutMs timer, then the peer connection closes
// with an OT_ICE_WORKFLOW_FAILED error event while the session stays
// connected.
#include <gtest/gtest.h>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class IceTest : public SessionTest {
 protected:
  // A's session with B and B's stream SB, for the connect and the resume.
  static protocol::Snapshot SessionWithB() {
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.connections = {MakeConnection("B")};
    snapshot.streams = {MakeStream("SB", "B")};
    return snapshot;
  }

  // Connects as A, subscribes sub1 to B's stream SB and returns the pcId.
  std::string SubscribeToRemoteStream() {
    Connect(SessionWithB());
    session_.Subscribe("sub1", "SB", 2);
    Outputs outputs = Take();
    Reply(IdOf(outputs, "subscribe"), protocol::SubscribeResult{"SUB1"});
    Take();
    return OfKind(outputs, "peer")[0]["pcId"].AsString();
  }

  // Reports `state` for `pc_id` and returns the outputs.
  Outputs Report(const std::string& pc_id, const std::string& state) {
    session_.OnPeerStateChange(pc_id, state);
    return Take();
  }

  static Outputs PeerOps(const Outputs& outputs, const std::string& op) {
    Outputs selected;
    for (const Json& peer : OfKind(outputs, "peer")) {
      if (peer["op"] == op) selected.push_back(peer);
    }
    return selected;
  }
};

TEST_F(IceTest, FailedPeerGetsIceRestartAndTimer) {
  std::string pc_id = SubscribeToRemoteStream();
  Outputs outputs = Report(pc_id, "failed");
  Outputs restarts = PeerOps(outputs, "restartIce");
  ASSERT_EQ(restarts.size(), 1u);
  EXPECT_EQ(restarts[0]["pcId"], pc_id);
  EXPECT_GT(TimerWithDelay(outputs, kIceRestartTimeoutMs), 0);
  EXPECT_TRUE(OfKind(outputs, "event").empty());
}

TEST_F(IceTest, ConnectedAfterRestartCancelsTimer) {
  std::string pc_id = SubscribeToRemoteStream();
  int64_t timer = TimerWithDelay(Report(pc_id, "failed"), kIceRestartTimeoutMs);
  Outputs recovered = Report(pc_id, "connected");
  Outputs cancels = OfKind(recovered, "cancelTimer");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0]["timerId"], timer);
  session_.OnTimer(timer);
  EXPECT_TRUE(Take().empty());
  // The count starts again: two more restarts before giving up.
  Outputs again = Report(pc_id, "failed");
  EXPECT_EQ(PeerOps(again, "restartIce").size(), 1u);
  session_.OnTimer(TimerWithDelay(again, kIceRestartTimeoutMs));
  EXPECT_EQ(PeerOps(Take(), "restartIce").size(), 1u);
}

TEST_F(IceTest, FailureDuringRestartWaitsForTimer) {
  std::string pc_id = SubscribeToRemoteStream();
  Report(pc_id, "failed");
  Report(pc_id, "connecting");
  Outputs outputs = Report(pc_id, "failed");
  EXPECT_TRUE(PeerOps(outputs, "restartIce").empty());
  EXPECT_TRUE(OfKind(outputs, "armTimer").empty());
}

TEST_F(IceTest, SubscriberGetsErrorAfterTwoRestarts) {
  std::string pc_id = SubscribeToRemoteStream();
  int64_t first = TimerWithDelay(Report(pc_id, "failed"), kIceRestartTimeoutMs);
  session_.OnTimer(first);
  Outputs second_restart = Take();
  EXPECT_EQ(PeerOps(second_restart, "restartIce").size(), 1u);
  int64_t second = TimerWithDelay(second_restart, kIceRestartTimeoutMs);
  ASSERT_GT(second, 0);
  session_.OnTimer(second);
  Outputs gave_up = Take();
  Outputs closes = PeerOps(gave_up, "close");
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0]["pcId"], pc_id);
  EXPECT_TRUE(PeerOps(gave_up, "restartIce").empty());
  Outputs errors = EventsNamed(gave_up, "error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["target"], "subscriber");
  EXPECT_EQ(errors[0]["targetId"], "sub1");
  EXPECT_EQ(errors[0]["payload"]["name"], "OT_ICE_WORKFLOW_FAILED");
  EXPECT_EQ(errors[0]["payload"]["code"], 1554);
  EXPECT_EQ(errors[0]["payload"]["streamId"], "SB");
  std::optional<protocol::UnsubscribeRequest> unsubscribe =
      LastSent<protocol::UnsubscribeRequest>(gave_up);
  ASSERT_TRUE(unsubscribe.has_value());
  EXPECT_EQ(unsubscribe->subscription_id, "SUB1");
  EXPECT_EQ(session_.state(), SessionState::kConnected);
  EXPECT_TRUE(EventsNamed(all_, "sessionDisconnected").empty());
  EXPECT_TRUE(EventsNamed(all_, "destroyed").empty());
}

TEST_F(IceTest, UnsubscribeAfterGivingUpSendsNothing) {
  std::string pc_id = SubscribeToRemoteStream();
  session_.OnTimer(
      TimerWithDelay(Report(pc_id, "failed"), kIceRestartTimeoutMs));
  session_.OnTimer(TimerWithDelay(Take(), kIceRestartTimeoutMs));
  Take();
  session_.Unsubscribe("sub1", 3);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 3), 0);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_EQ(EventsNamed(outputs, "destroyed").size(), 1u);
}

TEST_F(IceTest, PublisherPeerGivesUpWithPublisherError) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.connections = {MakeConnection("B")};
  Connect(snapshot);
  PublishAs("pub1", "SA", "A", 2);
  Push(protocol::SubscriberJoinedPush{"SUB7", "SA", "B"});
  Push(protocol::SubscriberJoinedPush{"SUB8", "SA", "C"});
  Outputs created = PeerOps(Take(), "create");
  ASSERT_EQ(created.size(), 2u);
  std::string failing = created[0]["pcId"].AsString();
  std::string healthy = created[1]["pcId"].AsString();
  Report(healthy, "connected");
  session_.OnTimer(
      TimerWithDelay(Report(failing, "failed"), kIceRestartTimeoutMs));
  session_.OnTimer(TimerWithDelay(Take(), kIceRestartTimeoutMs));
  Outputs gave_up = Take();
  Outputs closes = PeerOps(gave_up, "close");
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0]["pcId"], failing);
  Outputs errors = EventsNamed(gave_up, "error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["target"], "publisher");
  EXPECT_EQ(errors[0]["targetId"], "pub1");
  EXPECT_EQ(errors[0]["payload"]["code"], 1553);
  EXPECT_EQ(errors[0]["payload"]["subscriptionId"], "SUB7");
  for (const Json& peer : OfKind(all_, "peer")) {
    if (peer["op"] == "restartIce") EXPECT_EQ(peer["pcId"], failing);
  }
  EXPECT_EQ(session_.state(), SessionState::kConnected);
}

TEST_F(IceTest, FailureWhileReconnectingWaitsForResume) {
  std::string pc_id = SubscribeToRemoteStream();
  session_.OnSocketClosed(1006, "abnormal");
  Outputs drop = Take();
  ASSERT_EQ(session_.state(), SessionState::kReconnecting);
  Outputs failed = Report(pc_id, "failed");
  EXPECT_TRUE(PeerOps(failed, "restartIce").empty());
  session_.OnTimer(TimerWithDelay(drop, 500));
  session_.OnSocketOpen();
  Reply(IdOf(Take(), "resume"), SessionWithB());
  Outputs resumed = Take();
  Outputs restarts = PeerOps(resumed, "restartIce");
  ASSERT_EQ(restarts.size(), 1u);
  EXPECT_EQ(restarts[0]["pcId"], pc_id);
  EXPECT_GT(TimerWithDelay(resumed, kIceRestartTimeoutMs), 0);
}

TEST_F(IceTest, HealthyPeerRestartsAfterResumeWithoutTimer) {
  std::string pc_id = SubscribeToRemoteStream();
  Report(pc_id, "connected");
  session_.OnSocketClosed(1006, "abnormal");
  Outputs drop = Take();
  session_.OnTimer(TimerWithDelay(drop, 500));
  session_.OnSocketOpen();
  Reply(IdOf(Take(), "resume"), SessionWithB());
  Outputs resumed = Take();
  EXPECT_EQ(PeerOps(resumed, "restartIce").size(), 1u);
  EXPECT_EQ(TimerWithDelay(resumed, kIceRestartTimeoutMs), 0);
}

}  // namespace
}  // namespace sessioncore::session::testing
