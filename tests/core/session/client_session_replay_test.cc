// Push sequence numbers and the resume that follows a drop: repeated
// pushes are dropped, heartbeats acknowledge the last seq, resume names it,
// events of replayed pushes follow sessionReconnected, and the resume
// snapshot is compared with the registry so that every change made during
// the drop is announced once.
#include <gtest/gtest.h>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class ReplayTest : public SessionTest {
 protected:
  // A's session with B and B's stream SB, as the connect snapshot has it.
  static protocol::Snapshot SessionWithB() {
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.connections = {MakeConnection("B")};
    snapshot.streams = {MakeStream("SB", "B")};
    return snapshot;
  }

  void PushSeq(const protocol::ServerMessage& push, int64_t seq) {
    session_.OnSocketMessage(protocol::EncodePush(push, seq));
  }

  // Connects with SessionWithB() and drops the socket; returns the drop's
  // outputs.
  Outputs ConnectAndDrop(const protocol::Snapshot& snapshot = SessionWithB()) {
    heartbeat_ = TimerWithDelay(Connect(snapshot), 2000);
    return Drop();
  }

  Outputs Drop() {
    session_.OnSocketClosed(1006, "abnormal");
    Outputs drop = Take();
    EXPECT_EQ(session_.state(), SessionState::kReconnecting);
    return drop;
  }

  // Fires the resume attempt armed for `delay_ms` in `drop`, opens the
  // socket and returns the resume request id.
  int64_t StartResume(const Outputs& drop, int64_t delay_ms = 500) {
    session_.OnTimer(TimerWithDelay(drop, delay_ms));
    session_.OnSocketOpen();
    return IdOf(Take(), "resume");
  }

  // Resumes with `snapshot` and returns the events in order.
  std::vector<std::string> ResumeWith(const Outputs& drop,
                                      const protocol::Snapshot& snapshot) {
    Reply(StartResume(drop), snapshot);
    return EventNames(Take());
  }

  int64_t heartbeat_ = 0;
};

TEST_F(ReplayTest, RepeatedSeqIsDropped) {
  Connect(SessionWithB());
  PushSeq(protocol::StreamCreatedPush{MakeStream("SC", "B")}, 1);
  PushSeq(protocol::StreamCreatedPush{MakeStream("SD", "B")}, 1);
  Outputs outputs = Take();
  Outputs created = EventsNamed(outputs, "streamCreated");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0]["payload"]["stream"]["streamId"], "SC");
  PushSeq(protocol::StreamCreatedPush{MakeStream("SE", "B")}, 2);
  EXPECT_EQ(EventsNamed(Take(), "streamCreated").size(), 1u);
}

TEST_F(ReplayTest, HeartbeatAcknowledgesLastSeq) {
  heartbeat_ = TimerWithDelay(Connect(SessionWithB()), 2000);
  PushSeq(protocol::ArchiveStartedPush{{"A-1", "weekly"}}, 1);
  PushSeq(protocol::ArchiveStoppedPush{"A-1"}, 2);
  Take();
  session_.OnTimer(heartbeat_);
  std::optional<protocol::HeartbeatRequest> heartbeat =
      LastSent<protocol::HeartbeatRequest>(Take());
  ASSERT_TRUE(heartbeat.has_value());
  EXPECT_EQ(heartbeat->ack, 2);
}

TEST_F(ReplayTest, ResumeNamesLastSeq) {
  Connect(SessionWithB());
  PushSeq(protocol::ArchiveStartedPush{{"A-1", "weekly"}}, 1);
  PushSeq(protocol::ArchiveStoppedPush{"A-1"}, 2);
  PushSeq(protocol::ArchiveStartedPush{{"A-2", "daily"}}, 3);
  Outputs drop = Drop();
  StartResume(drop);
  std::optional<protocol::ResumeRequest> resume =
      LastSent<protocol::ResumeRequest>(all_);
  ASSERT_TRUE(resume.has_value());
  EXPECT_EQ(resume->last_seq, 3);
}

TEST_F(ReplayTest, ReplayedEventsFollowSessionReconnected) {
  Outputs drop = ConnectAndDrop();
  int64_t resume_id = StartResume(drop);
  Connection connection_c = MakeConnection("C");
  PushSeq(protocol::ConnectionCreatedPush{connection_c}, 1);
  PushSeq(protocol::StreamCreatedPush{MakeStream("SC", "C")}, 2);
  EXPECT_TRUE(OfKind(Take(), "event").empty());
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.connections.push_back(connection_c);
  snapshot.streams.push_back(MakeStream("SC", "C"));
  Reply(resume_id, snapshot);
  EXPECT_EQ(EventNames(Take()),
            (std::vector<std::string>{"session:sessionReconnected",
                                      "session:connectionCreated",
                                      "session:streamCreated"}));
}

TEST_F(ReplayTest, VanishedStreamEndsWithNetworkDisconnected) {
  Outputs drop = ConnectAndDrop();
  Reply(StartResume(drop), MakeSnapshot("A"));
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:sessionReconnected",
                                      "session:streamDestroyed",
                                      "session:connectionDestroyed"}));
  Outputs destroyed = EventsNamed(outputs, "streamDestroyed");
  ASSERT_EQ(destroyed.size(), 1u);
  EXPECT_EQ(destroyed[0]["payload"]["reason"], "networkDisconnected");
  Outputs left = EventsNamed(outputs, "connectionDestroyed");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["payload"]["reason"], "networkDisconnected");
}

TEST_F(ReplayTest, AppearedStreamGetsStreamCreated) {
  Outputs drop = ConnectAndDrop();
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.streams.push_back(MakeStream("SD", "B"));
  Reply(StartResume(drop), snapshot);
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:sessionReconnected",
                                      "session:streamCreated"}));
  EXPECT_EQ(
      EventsNamed(outputs, "streamCreated")[0]["payload"]["stream"]["streamId"],
      "SD");
}

TEST_F(ReplayTest, PropertyDifferenceGetsStreamPropertyChanged) {
  Outputs drop = ConnectAndDrop();
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.streams[0].stream.has_audio = false;
  snapshot.streams[0].stream.video_dimensions = VideoDimensions{320, 240};
  Reply(StartResume(drop), snapshot);
  Outputs changed = EventsNamed(Take(), "streamPropertyChanged");
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0]["payload"]["changedProperty"], "hasAudio");
  EXPECT_EQ(changed[0]["payload"]["oldValue"], true);
  EXPECT_EQ(changed[0]["payload"]["newValue"], false);
  EXPECT_EQ(changed[1]["payload"]["changedProperty"], "videoDimensions");
  EXPECT_EQ(changed[1]["payload"]["newValue"]["width"], 320);
}

TEST_F(ReplayTest, ReplayAndSnapshotAgreeGivesOneEvent) {
  Outputs drop = ConnectAndDrop();
  int64_t resume_id = StartResume(drop);
  PushSeq(
      protocol::StreamPropertyChangedPush{
          "SB", protocol::StreamProperty::kHasVideo, true, false},
      1);
  PushSeq(
      protocol::StreamDestroyedPush{"SB", StreamDestroyedReason::kUnpublished},
      2);
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.streams.clear();
  Reply(resume_id, snapshot);
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:sessionReconnected",
                                      "session:streamPropertyChanged",
                                      "session:streamDestroyed"}));
  Outputs destroyed = EventsNamed(outputs, "streamDestroyed");
  ASSERT_EQ(destroyed.size(), 1u);
  // The replayed push's reason wins over the reconciliation's.
  EXPECT_EQ(destroyed[0]["payload"]["reason"], "unpublished");
}

TEST_F(ReplayTest, ForceMuteDifferenceMutesLocalPublisher) {
  protocol::Snapshot snapshot = SessionWithB();
  Connect(snapshot);
  PublishAs("pub1", "SA", "A", 2);
  Outputs drop = Drop();
  snapshot.streams.push_back(MakeStream("SA", "A"));
  snapshot.force_mute = protocol::ForceMuteState{true, {}};
  Reply(StartResume(drop), snapshot);
  Outputs outputs = Take();
  Outputs muted = EventsNamed(outputs, "muteForced");
  ASSERT_EQ(muted.size(), 2u);
  EXPECT_EQ(muted[0]["target"], "session");
  EXPECT_EQ(muted[0]["payload"]["active"], true);
  EXPECT_EQ(muted[1]["target"], "publisher");
  Outputs media = OfKind(outputs, "media");
  ASSERT_EQ(media.size(), 1u);
  EXPECT_EQ(media[0]["op"], "setAudioEnabled");
  EXPECT_EQ(media[0]["enabled"], false);
}

TEST_F(ReplayTest, ArchiveDifferencesStopAndStart) {
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.archives = {{"A-1", "weekly"}};
  Outputs drop = ConnectAndDrop(snapshot);
  snapshot.archives = {{"A-2", "daily"}};
  Reply(StartResume(drop), snapshot);
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:sessionReconnected",
                                      "session:archiveStopped",
                                      "session:archiveStarted"}));
  EXPECT_EQ(EventsNamed(outputs, "archiveStopped")[0]["payload"]["id"], "A-1");
  EXPECT_EQ(EventsNamed(outputs, "archiveStarted")[0]["payload"]["id"], "A-2");
}

TEST_F(ReplayTest, UnchangedSessionGivesOnlySessionReconnected) {
  Outputs drop = ConnectAndDrop();
  EXPECT_EQ(ResumeWith(drop, SessionWithB()),
            std::vector<std::string>{"session:sessionReconnected"});
}

TEST_F(ReplayTest, RejectedResumeDropsReplayedEvents) {
  Outputs drop = ConnectAndDrop();
  int64_t resume_id = StartResume(drop);
  PushSeq(protocol::StreamCreatedPush{MakeStream("SC", "B")}, 1);
  ReplyError(resume_id, MakeError(ErrorCode::kNotFound, "unknown connection"));
  EXPECT_EQ(EventNames(Take()),
            std::vector<std::string>{"session:sessionDisconnected"});
}

TEST_F(ReplayTest, HeldEventsSurviveAFailedAttempt) {
  Outputs drop = ConnectAndDrop();
  StartResume(drop);
  PushSeq(protocol::StreamCreatedPush{MakeStream("SC", "B")}, 1);
  session_.OnSocketError();
  Outputs failed = Take();
  EXPECT_TRUE(OfKind(failed, "event").empty());
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.streams.push_back(MakeStream("SC", "B"));
  Reply(StartResume(failed, 1000), snapshot);
  EXPECT_EQ(EventNames(Take()),
            (std::vector<std::string>{"session:sessionReconnected",
                                      "session:streamCreated"}));
  std::optional<protocol::ResumeRequest> resume =
      LastSent<protocol::ResumeRequest>(all_);
  ASSERT_TRUE(resume.has_value());
  EXPECT_EQ(resume->last_seq, 1);
}

TEST_F(ReplayTest, NewConnectionStartsSeqAgain) {
  Connect(SessionWithB());
  PushSeq(protocol::ArchiveStartedPush{{"A-1", "weekly"}}, 5);
  session_.Disconnect(3);
  Take();
  session_.OnSocketClosed(1000, "");
  Take();
  Connect(SessionWithB(), 4);
  PushSeq(protocol::ArchiveStartedPush{{"A-1", "weekly"}}, 1);
  EXPECT_EQ(EventsNamed(Take(), "archiveStarted").size(), 1u);
}

}  // namespace
}  // namespace sessioncore::session::testing
