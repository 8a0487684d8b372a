// Heartbeats, loss detection, resume with backoff, queued signals, giving
// up after the reconnect window, and disconnect while reconnecting.
#include <gtest/gtest.h>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class ReconnectTest : public SessionTest {
 protected:
  // Returns the snapshot of A's session with B and B's stream SB, as the
  // connect and an unchanged resume get it.
  static protocol::Snapshot SessionWithB() {
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.connections = {MakeConnection("B")};
    snapshot.streams = {MakeStream("SB", "B")};
    return snapshot;
  }

  // Connects as A with a subscriber on B's stream and returns the
  // heartbeat timer.
  int64_t ConnectWithSubscriber() {
    Outputs outputs = Connect(SessionWithB());
    int64_t heartbeat = TimerWithDelay(outputs, 2000);
    session_.Subscribe("sub1", "SB", 2);
    Reply(IdOf(Take(), "subscribe"), protocol::SubscribeResult{"SUB1"});
    Take();
    return heartbeat;
  }

  // Lets `count` heartbeat intervals pass without any frame from the
  // server; returns the outputs of the last one.
  Outputs SilentHeartbeats(int64_t& timer, int count) {
    Outputs outputs;
    for (int i = 0; i < count; ++i) {
      session_.OnTimer(timer);
      outputs = Take();
      int64_t next = TimerWithDelay(outputs, 2000);
      if (next > 0) timer = next;
    }
    return outputs;
  }

  // Drops the connection by heartbeat silence; returns the outputs of the
  // drop.
  Outputs DropByHeartbeat() {
    int64_t timer = ConnectWithSubscriber();
    return SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  }

  // Fires the pending resume attempt, opens the socket and returns the
  // resume request id.
  int64_t StartResume(const Outputs& drop) {
    int64_t attempt = 0;
    for (const Json& arm : OfKind(drop, "armTimer")) {
      if (arm["delayMs"] != 30000) attempt = arm["timerId"].AsInteger();
    }
    session_.OnTimer(attempt);
    Outputs opening = Take();
    EXPECT_EQ(OfKind(opening, "openSocket").size(), 1u);
    session_.OnSocketOpen();
    return IdOf(Take(), "resume");
  }
};

TEST_F(ReconnectTest, SendsHeartbeatEveryInterval) {
  int64_t timer = ConnectWithSubscriber();
  ASSERT_GT(timer, 0);
  for (int i = 0; i < 10; ++i) {
    session_.OnTimer(timer);
    Outputs outputs = Take();
    EXPECT_EQ(SentTypes(outputs), std::vector<std::string>{"heartbeat"});
    Reply(IdOf(outputs, "heartbeat"), protocol::EmptyResult{});
    timer = TimerWithDelay(outputs, 2000);
    ASSERT_GT(timer, 0);
  }
  EXPECT_EQ(session_.state(), SessionState::kConnected);
  EXPECT_TRUE(EventsNamed(all_, "sessionReconnecting").empty());
}

TEST_F(ReconnectTest, SilenceForThreeIntervalsStartsReconnecting) {
  int64_t timer = ConnectWithSubscriber();
  Outputs quiet = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss - 1);
  EXPECT_EQ(session_.state(), SessionState::kConnected);
  Outputs drop = SilentHeartbeats(timer, 1);
  EXPECT_EQ(session_.state(), SessionState::kReconnecting);
  EXPECT_EQ(EventNames(drop),
            std::vector<std::string>{"session:sessionReconnecting"});
  EXPECT_EQ(OfKind(drop, "closeSocket").size(), 1u);
  EXPECT_GT(TimerWithDelay(drop, 30000), 0);
  EXPECT_GT(TimerWithDelay(drop, 500), 0);
}

TEST_F(ReconnectTest, ResumeRestoresSessionAndRestartsIce) {
  Outputs drop = DropByHeartbeat();
  int64_t resume_id = StartResume(drop);
  ASSERT_GT(resume_id, 0);
  std::optional<protocol::ResumeRequest> resume =
      LastSent<protocol::ResumeRequest>(all_);
  ASSERT_TRUE(resume.has_value());
  EXPECT_EQ(resume->connection_id, "A");
  EXPECT_EQ(resume->resume_key, "resume-secret-1");
  EXPECT_EQ(resume->session_id, kSessionId);
  protocol::Snapshot snapshot = SessionWithB();
  snapshot.resume_key = "resume-secret-2";
  Reply(resume_id, snapshot);
  Outputs outputs = Take();
  EXPECT_EQ(session_.state(), SessionState::kConnected);
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"session:sessionReconnected"});
  Outputs peers = OfKind(outputs, "peer");
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0]["op"], "restartIce");
  EXPECT_GT(TimerWithDelay(outputs, 2000), 0);
  // The window timer is withdrawn, so it can never end the session.
  EXPECT_EQ(EventsNamed(all_, "sessionReconnecting").size(), 1u);
}

TEST_F(ReconnectTest, QueuedSignalsFlushOnceAfterReconnected) {
  Outputs drop = DropByHeartbeat();
  session_.Signal(Json{{"type", "chat"}, {"data", "1"}}, 20);
  session_.Signal(Json{{"type", "chat"}, {"data", "2"}}, 21);
  session_.Signal(
      Json{{"type", "chat"}, {"data", "3"}, {"retryAfterReconnect", false}},
      22);
  Outputs queued = Take();
  EXPECT_TRUE(OfKind(queued, "send").empty());
  EXPECT_EQ(CompletionCode(queued, 22), 1010);
  EXPECT_TRUE(CompletionsOf(queued, 20).empty());
  int64_t resume_id = StartResume(drop);
  Reply(resume_id, MakeSnapshot("A"));
  Outputs outputs = Take();
  std::vector<protocol::ClientRequest> sent = SentRequests(outputs);
  std::vector<std::string> data;
  for (const protocol::ClientRequest& request : sent) {
    if (const auto* signal =
            std::get_if<protocol::SignalRequest>(&request.message)) {
      data.push_back(signal->data);
      Reply(request.id, protocol::EmptyResult{});
    }
  }
  EXPECT_EQ(data, (std::vector<std::string>{"1", "2"}));
  // sessionReconnected comes before the flushed signals go out.
  size_t reconnected_at = outputs.size();
  size_t first_send_at = outputs.size();
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i]["kind"] == "event" &&
        outputs[i]["name"] == "sessionReconnected") {
      reconnected_at = i;
    }
    if (outputs[i]["kind"] == "send" && first_send_at == outputs.size()) {
      first_send_at = i;
    }
  }
  EXPECT_LT(reconnected_at, first_send_at);
  Outputs completions = Take();
  EXPECT_EQ(CompletionCode(completions, 20), 0);
  EXPECT_EQ(CompletionCode(completions, 21), 0);
  EXPECT_EQ(CompletionCode(all_, 20), 0);  // Exactly once overall.
}

TEST_F(ReconnectTest, FailedAttemptsBackOffUpToFourSeconds) {
  Outputs drop = DropByHeartbeat();
  int64_t attempt = TimerWithDelay(drop, 500);
  std::vector<int64_t> delays;
  for (int i = 0; i < 5; ++i) {
    session_.OnTimer(attempt);
    Take();
    session_.OnSocketError();
    Outputs failed = Take();
    Outputs arms = OfKind(failed, "armTimer");
    ASSERT_EQ(arms.size(), 1u);
    delays.push_back(arms[0]["delayMs"].AsInteger());
    attempt = arms[0]["timerId"].AsInteger();
  }
  EXPECT_EQ(delays, (std::vector<int64_t>{1000, 2000, 4000, 4000, 4000}));
  EXPECT_EQ(session_.state(), SessionState::kReconnecting);
  EXPECT_EQ(EventsNamed(all_, "sessionReconnecting").size(), 1u);
}

TEST_F(ReconnectTest, GivesUpAfterTheWindow) {
  Outputs drop = DropByHeartbeat();
  session_.Signal(Json{{"data", "late"}}, 30);
  Take();
  session_.OnTimer(TimerWithDelay(drop, 30000));
  Outputs outputs = Take();
  Outputs disconnected = EventsNamed(outputs, "sessionDisconnected");
  ASSERT_EQ(disconnected.size(), 1u);
  EXPECT_EQ(disconnected[0]["payload"]["reason"], "networkDisconnected");
  EXPECT_EQ(CompletionCode(outputs, 30), 1010);
  EXPECT_EQ(OfKind(outputs, "peer")[0]["op"], "close");
  EXPECT_EQ(session_.state(), SessionState::kDisconnected);
  EXPECT_TRUE(EventsNamed(all_, "sessionReconnected").empty());
  // The attempt timer was cancelled; firing it anyway does nothing.
  session_.OnTimer(TimerWithDelay(drop, 500));
  EXPECT_TRUE(Take().empty());
}

TEST_F(ReconnectTest, DisconnectWhileReconnectingEndsOnce) {
  Outputs drop = DropByHeartbeat();
  session_.Disconnect(40);
  Outputs outputs = Take();
  Outputs disconnected = EventsNamed(outputs, "sessionDisconnected");
  ASSERT_EQ(disconnected.size(), 1u);
  EXPECT_EQ(disconnected[0]["payload"]["reason"], "clientDisconnected");
  EXPECT_EQ(CompletionCode(outputs, 40), 0);
  // Nothing the glue reports later revives the session.
  session_.OnTimer(TimerWithDelay(drop, 500));
  session_.OnSocketOpen();
  session_.OnTimer(TimerWithDelay(drop, 30000));
  EXPECT_TRUE(Take().empty());
  EXPECT_TRUE(EventsNamed(all_, "sessionReconnected").empty());
  EXPECT_EQ(EventsNamed(all_, "sessionDisconnected").size(), 1u);
}

TEST_F(ReconnectTest, DisconnectDuringResumeTellsTheServer) {
  Outputs drop = DropByHeartbeat();
  int64_t resume_id = StartResume(drop);
  session_.Disconnect(41);
  Outputs outputs = Take();
  EXPECT_EQ(SentTypes(outputs), std::vector<std::string>{"disconnect"});
  EXPECT_EQ(EventsNamed(outputs, "sessionDisconnected").size(), 1u);
  session_.OnSocketMessage(
      protocol::EncodeResult(resume_id, MakeSnapshot("A")));
  EXPECT_TRUE(Take().empty());
}

TEST_F(ReconnectTest, RejectedResumeEndsWithNetworkDisconnected) {
  Outputs drop = DropByHeartbeat();
  int64_t resume_id = StartResume(drop);
  ReplyError(resume_id, MakeError(ErrorCode::kNotFound, "unknown connection"));
  Outputs outputs = Take();
  Outputs disconnected = EventsNamed(outputs, "sessionDisconnected");
  ASSERT_EQ(disconnected.size(), 1u);
  EXPECT_EQ(disconnected[0]["payload"]["reason"], "networkDisconnected");
}

TEST_F(ReconnectTest, SocketCloseWhileConnectedStartsReconnecting) {
  ConnectWithSubscriber();
  session_.OnSocketClosed(1006, "abnormal");
  Outputs outputs = Take();
  EXPECT_EQ(session_.state(), SessionState::kReconnecting);
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"session:sessionReconnecting"});
  EXPECT_TRUE(OfKind(outputs, "closeSocket").empty());
}

TEST_F(ReconnectTest, PendingRequestResentWithSameId) {
  int64_t timer = ConnectWithSubscriber();
  session_.ReportIssue("x", 50);
  int64_t report_id = IdOf(Take(), "reportIssue");
  ASSERT_GT(report_id, 0);
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  ASSERT_EQ(session_.state(), SessionState::kReconnecting);
  EXPECT_TRUE(CompletionsOf(all_, 50).empty());
  Reply(StartResume(drop), MakeSnapshot("A"));
  Outputs resumed = Take();
  EXPECT_EQ(IdOf(resumed, "reportIssue"), report_id);
  EXPECT_TRUE(CompletionsOf(resumed, 50).empty());
  Reply(report_id, protocol::ReportIssueResult{"ISSUE-1"});
  Outputs answered = Take();
  ASSERT_EQ(CompletionCode(answered, 50), 0);
  EXPECT_EQ(CompletionsOf(answered, 50)[0]["result"]["issueId"], "ISSUE-1");
  EXPECT_EQ(CompletionCode(all_, 50), 0);  // Exactly once overall.
}

TEST_F(ReconnectTest, HeldRequestsResentBeforeQueuedSignals) {
  int64_t timer = ConnectWithSubscriber();
  session_.ReportIssue("first", 51);
  session_.Signal(Json{{"type", "chat"}, {"data", "sent"}}, 52);
  Outputs before = Take();
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  session_.Signal(Json{{"type", "chat"}, {"data", "queued"}}, 53);
  Reply(StartResume(drop), MakeSnapshot("A"));
  std::vector<protocol::ClientRequest> sent = SentRequests(Take());
  std::vector<int64_t> ids;
  for (const protocol::ClientRequest& request : sent) {
    if (protocol::MessageType(request.message) == "updateStream") continue;
    ids.push_back(request.id);
  }
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], IdOf(before, "reportIssue"));
  EXPECT_EQ(ids[1], IdOf(before, "signal"));
  EXPECT_GT(ids[2], ids[1]);  // The queued signal gets a fresh id.
}

TEST_F(ReconnectTest, HeldRequestSurvivesFailedAttempt) {
  int64_t timer = ConnectWithSubscriber();
  session_.ReportIssue("x", 54);
  int64_t report_id = IdOf(Take(), "reportIssue");
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  StartResume(drop);
  session_.OnSocketError();
  Outputs failed = Take();
  EXPECT_TRUE(CompletionsOf(failed, 54).empty());
  Reply(StartResume(failed), MakeSnapshot("A"));
  EXPECT_EQ(IdOf(Take(), "reportIssue"), report_id);
  EXPECT_TRUE(CompletionsOf(all_, 54).empty());
}

TEST_F(ReconnectTest, HeldRequestFailsOnRejectedResume) {
  int64_t timer = ConnectWithSubscriber();
  session_.ReportIssue("x", 55);
  Take();
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  ReplyError(StartResume(drop),
             MakeError(ErrorCode::kNotFound, "unknown connection"));
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 55), 1010);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(ReconnectTest, HeldRequestFailsWhenWindowEnds) {
  int64_t timer = ConnectWithSubscriber();
  session_.ReportIssue("x", 56);
  Take();
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  session_.OnTimer(TimerWithDelay(drop, 30000));
  EXPECT_EQ(CompletionCode(Take(), 56), 1010);
  EXPECT_EQ(CompletionCode(all_, 56), 1010);
}

TEST_F(ReconnectTest, PendingHeartbeatNotResent) {
  int64_t timer = ConnectWithSubscriber();
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  ASSERT_GT(IdOf(all_, "heartbeat"), 0);
  Reply(StartResume(drop), MakeSnapshot("A"));
  EXPECT_EQ(IdOf(Take(), "heartbeat"), 0);
}

TEST_F(ReconnectTest, ServerForceDisconnectDoesNotReconnect) {
  ConnectWithSubscriber();
  Push(protocol::DisconnectedPush{
      protocol::ServerDisconnectReason::kForceDisconnected, "moderator"});
  Outputs outputs = Take();
  Outputs disconnected = EventsNamed(outputs, "sessionDisconnected");
  ASSERT_EQ(disconnected.size(), 1u);
  EXPECT_EQ(disconnected[0]["payload"]["reason"], "forceDisconnected");
  EXPECT_TRUE(EventsNamed(outputs, "sessionReconnecting").empty());
  session_.OnSocketClosed(1000, "");
  EXPECT_TRUE(Take().empty());
}

TEST_F(ReconnectTest, LogsNeverCarryTokenOrResumeKey) {
  Outputs drop = DropByHeartbeat();
  Reply(StartResume(drop), MakeSnapshot("A"));
  Take();
  for (const Json& log : OfKind(all_, "log")) {
    std::string text = log.Dump();
    EXPECT_EQ(text.find(kToken), std::string::npos) << text;
    EXPECT_EQ(text.find("resume-secret"), std::string::npos) << text;
  }
  EXPECT_FALSE(OfKind(all_, "log").empty());
}

TEST_F(ReconnectTest, AudioChangeDuringReconnectIsSentAfterResume) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  int64_t timer = TimerWithDelay(Connect(snapshot), 2000);
  PublishAs("pub1", "SA", "A", 2);
  SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  ASSERT_EQ(session_.state(), SessionState::kReconnecting);
  EXPECT_TRUE(session_.SetPublisherProperty("pub1", "hasAudio", false).ok());
  EXPECT_TRUE(OfKind(Take(), "send").empty());
  snapshot.streams = {MakeStream("SA", "A")};
  int64_t attempt = 0;
  for (const Json& arm : OfKind(all_, "armTimer")) {
    if (arm["delayMs"] == 500) attempt = arm["timerId"].AsInteger();
  }
  session_.OnTimer(attempt);
  session_.OnSocketOpen();
  Reply(IdOf(Take(), "resume"), snapshot);
  std::optional<protocol::UpdateStreamRequest> update =
      LastSent<protocol::UpdateStreamRequest>(Take());
  ASSERT_TRUE(update.has_value());
  EXPECT_EQ(update->stream_id, "SA");
  EXPECT_EQ(update->property, protocol::StreamProperty::kHasAudio);
  EXPECT_EQ(update->value, protocol::StreamPropertyValue(false));
}

TEST_F(ReconnectTest, DimensionsChangeDuringReconnectSentAfterResume) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  int64_t timer = TimerWithDelay(Connect(snapshot), 2000);
  PublishAs("pub1", "SA", "A", 2);
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  ASSERT_EQ(session_.state(), SessionState::kReconnecting);
  Json dimensions = {{"width", 320}, {"height", 240}};
  EXPECT_TRUE(
      session_.SetPublisherProperty("pub1", "videoDimensions", dimensions)
          .ok());
  EXPECT_TRUE(session_.SetPublisherProperty("pub1", "hasVideo", false).ok());
  EXPECT_TRUE(OfKind(Take(), "send").empty());
  snapshot.streams = {MakeStream("SA", "A")};
  Reply(StartResume(drop), snapshot);
  std::vector<protocol::UpdateStreamRequest> updates;
  for (const protocol::ClientRequest& request : SentRequests(Take())) {
    if (const auto* update =
            std::get_if<protocol::UpdateStreamRequest>(&request.message)) {
      updates.push_back(*update);
    }
  }
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].property, protocol::StreamProperty::kHasVideo);
  EXPECT_EQ(updates[0].value, protocol::StreamPropertyValue(false));
  EXPECT_EQ(updates[1].property, protocol::StreamProperty::kVideoDimensions);
  EXPECT_EQ(updates[1].value,
            protocol::StreamPropertyValue(VideoDimensions{320, 240}));
}

TEST_F(ReconnectTest, UnchangedDimensionsNotSentAfterResume) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  int64_t timer = TimerWithDelay(Connect(snapshot), 2000);
  PublishAs("pub1", "SA", "A", 2);
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  // MakeStream() gives 640x480, so asking for that again changes nothing.
  Json same = {{"width", 640}, {"height", 480}};
  EXPECT_TRUE(
      session_.SetPublisherProperty("pub1", "videoDimensions", same).ok());
  snapshot.streams = {MakeStream("SA", "A")};
  Reply(StartResume(drop), snapshot);
  EXPECT_FALSE(LastSent<protocol::UpdateStreamRequest>(Take()).has_value());
}

TEST_F(ReconnectTest, DimensionsChangeSentOnlyOnceAfterResume) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  int64_t timer = TimerWithDelay(Connect(snapshot), 2000);
  PublishAs("pub1", "SA", "A", 2);
  Outputs drop = SilentHeartbeats(timer, kMissedHeartbeatsBeforeLoss);
  Json dimensions = {{"width", 320}, {"height", 240}};
  ASSERT_TRUE(
      session_.SetPublisherProperty("pub1", "videoDimensions", dimensions)
          .ok());
  snapshot.streams = {MakeStream("SA", "A")};
  Reply(StartResume(drop), snapshot);
  Outputs resumed = Take();
  ASSERT_TRUE(LastSent<protocol::UpdateStreamRequest>(resumed).has_value());
  Reply(IdOf(resumed, "updateStream"), protocol::EmptyResult{});
  // A second drop and resume does not send the old change again.
  int64_t heartbeat = TimerWithDelay(all_, 2000);
  Outputs second = SilentHeartbeats(heartbeat, kMissedHeartbeatsBeforeLoss);
  ASSERT_EQ(session_.state(), SessionState::kReconnecting);
  Reply(StartResume(second), snapshot);
  EXPECT_FALSE(LastSent<protocol::UpdateStreamRequest>(Take()).has_value());
}

TEST_F(ReconnectTest, OtherCallsFailWhileReconnecting) {
  DropByHeartbeat();
  session_.Subscribe("sub2", "SB", 60);
  session_.Publish("pub1", Json::Object(), 61);
  session_.Connect(kToken, 62);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 60), 1010);
  EXPECT_EQ(CompletionCode(outputs, 61), 1010);
  EXPECT_EQ(CompletionCode(outputs, 62), 1015);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_TRUE(OfKind(outputs, "openSocket").empty());
  EXPECT_EQ(session_.GetSessionInfo()["connectionStatus"], "reconnecting");
}

}  // namespace
}  // namespace sessioncore::session::testing
