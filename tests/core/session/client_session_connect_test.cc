// Connecting a ClientSession: the connect request, the order of the join
// events in a busy session, failures, and suppressed connection events.
#include <gtest/gtest.h>

#include <set>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class ConnectTest : public SessionTest {};

TEST_F(ConnectTest, OpensSocketThenSendsConnectRequest) {
  session_.Connect(kToken, 1);
  Outputs outputs = Take();
  ASSERT_EQ(OfKind(outputs, "openSocket").size(), 1u);
  EXPECT_EQ(OfKind(outputs, "openSocket")[0]["url"], kServerUrl);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_TRUE(OfKind(outputs, "event").empty());
  EXPECT_TRUE(OfKind(outputs, "complete").empty());
  EXPECT_EQ(session_.state(), SessionState::kConnecting);

  session_.OnSocketOpen();
  std::optional<protocol::ConnectRequest> request =
      LastSent<protocol::ConnectRequest>(Take());
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->session_id, kSessionId);
  EXPECT_EQ(request->token, kToken);
  EXPECT_FALSE(request->connection_events_suppressed);
  EXPECT_EQ(request->client.sdk, "sessioncore-js");
}

TEST_F(ConnectTest, CompletesAfterSessionConnectedWithLocalConnection) {
  Outputs outputs = Connect(MakeSnapshot("A"), 5);
  EXPECT_EQ(session_.state(), SessionState::kConnected);
  ASSERT_EQ(CompletionCode(outputs, 5), 0);
  Json result = CompletionsOf(outputs, 5)[0]["result"];
  EXPECT_EQ(result["connection"]["connectionId"], "A");
  EXPECT_EQ(result["capabilities"]["canPublish"], true);
  EXPECT_EQ(session_.GetSessionInfo()["connection"]["connectionId"], "A");
  EXPECT_EQ(session_.GetSessionInfo()["connectionStatus"], "connected");
  // sessionConnected comes before the completion.
  size_t connected_at = 0;
  size_t complete_at = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i]["kind"] == "event" &&
        outputs[i]["name"] == "sessionConnected") {
      connected_at = i;
    }
    if (outputs[i]["kind"] == "complete") complete_at = i;
  }
  EXPECT_LT(connected_at, complete_at);
}

TEST_F(ConnectTest, JoinBusySessionAnnouncesEverythingOnceInOrder) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.connections = {MakeConnection("B"), MakeConnection("C")};
  snapshot.streams = {MakeStream("SB", "B")};
  Outputs outputs = Connect(snapshot);
  std::vector<std::string> expected = {
      "session:sessionConnected", "session:connectionCreated",
      "session:connectionCreated", "session:connectionCreated",
      "session:streamCreated"};
  EXPECT_EQ(EventNames(outputs), expected);
  Outputs created = EventsNamed(outputs, "connectionCreated");
  ASSERT_EQ(created.size(), 3u);
  EXPECT_EQ(created[0]["payload"]["connection"]["connectionId"], "A");
  EXPECT_EQ(created[1]["payload"]["connection"]["connectionId"], "B");
  EXPECT_EQ(created[2]["payload"]["connection"]["connectionId"], "C");
  Outputs streams = EventsNamed(outputs, "streamCreated");
  EXPECT_EQ(streams[0]["payload"]["stream"]["streamId"], "SB");
  EXPECT_EQ(streams[0]["payload"]["stream"]["connection"]["connectionId"], "B");
  EXPECT_EQ(streams[0]["cancelable"], false);
}

TEST_F(ConnectTest, JoinWithTwentyStreamsAnnouncesEachOnce) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  for (int i = 0; i < 20; ++i) {
    std::string id = std::to_string(i);
    snapshot.connections.push_back(MakeConnection("P" + id));
    snapshot.streams.push_back(MakeStream("S" + id, "P" + id));
  }
  Outputs outputs = Connect(snapshot);
  Outputs streams = EventsNamed(outputs, "streamCreated");
  ASSERT_EQ(streams.size(), 20u);
  std::set<std::string> ids;
  for (const Json& event : streams) {
    ids.insert(event["payload"]["stream"]["streamId"].AsString());
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(EventsNamed(outputs, "connectionCreated").size(), 21u);
  // A repeated streamCreated push for a known stream is not announced.
  Push(protocol::StreamCreatedPush{MakeStream("S3", "P3")});
  EXPECT_TRUE(OfKind(Take(), "event").empty());
}

TEST_F(ConnectTest, StreamConnectionAnnouncedBeforeItsStream) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.streams = {MakeStream("SB", "B")};  // B missing from connections.
  Outputs outputs = Connect(snapshot);
  std::vector<std::string> names = EventNames(outputs);
  ASSERT_EQ(names.size(), 4u);
  EXPECT_EQ(names[2], "session:connectionCreated");
  EXPECT_EQ(names[3], "session:streamCreated");
  EXPECT_EQ(
      EventsNamed(
          outputs,
          "connectionCreated")[1]["payload"]["connection"]["connectionId"],
      "B");
  // Later pushes for a new connection's stream keep the same order.
  Push(protocol::StreamCreatedPush{MakeStream("SD", "D")});
  EXPECT_EQ(EventNames(Take()),
            (std::vector<std::string>{"session:connectionCreated",
                                      "session:streamCreated"}));
}

TEST_F(ConnectTest, OwnStreamIsOnlyAPublisherEvent) {
  Connect(MakeSnapshot("A"));
  Outputs outputs = PublishAs("pub1", "SA", "A", 2);
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"publisher:streamCreated"});
  EXPECT_EQ(OfKind(outputs, "event")[0]["targetId"], "pub1");
  EXPECT_EQ(CompletionCode(outputs, 2), 0);
  Push(protocol::StreamCreatedPush{MakeStream("SA", "A")});
  EXPECT_TRUE(OfKind(Take(), "event").empty());
}

TEST_F(ConnectTest, ArchiveInProgressIsAnnouncedAtJoin) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.archives = {protocol::ArchiveInfo{"AR1", "meeting"}};
  Outputs outputs = Connect(snapshot);
  Outputs archives = EventsNamed(outputs, "archiveStarted");
  ASSERT_EQ(archives.size(), 1u);
  EXPECT_EQ(archives[0]["payload"]["id"], "AR1");
  Push(protocol::ArchiveStoppedPush{"AR1"});
  Outputs stopped = EventsNamed(Take(), "archiveStopped");
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0]["payload"]["name"], "meeting");
}

TEST_F(ConnectTest, AuthenticationErrorFailsWithoutEvents) {
  session_.Connect(kToken, 1);
  session_.OnSocketOpen();
  int64_t id = IdOf(Take(), "connect");
  ReplyError(id, MakeError(ErrorCode::kAuthenticationError, "token expired"));
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 1), 1004);
  EXPECT_EQ(CompletionsOf(outputs, 1)[0]["error"]["message"], "token expired");
  EXPECT_TRUE(OfKind(outputs, "event").empty());
  EXPECT_EQ(OfKind(outputs, "closeSocket").size(), 1u);
  EXPECT_EQ(session_.state(), SessionState::kDisconnected);
  // No retry: nothing is armed after the failure.
  EXPECT_TRUE(OfKind(outputs, "armTimer").empty());
  // A second connect on the same session works.
  Outputs again = Connect(MakeSnapshot("A2"), 2);
  EXPECT_EQ(CompletionCode(again, 2), 0);
}

TEST_F(ConnectTest, EmptyTokenFailsBeforeAnyNetwork) {
  session_.Connect("", 1);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 1), 1011);
  EXPECT_TRUE(OfKind(outputs, "openSocket").empty());
  EXPECT_EQ(session_.state(), SessionState::kDisconnected);
}

TEST_F(ConnectTest, SocketClosedWhileConnectingFails) {
  session_.Connect(kToken, 1);
  Take();
  session_.OnSocketClosed(1006, "");
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 1), 1006);
  EXPECT_TRUE(OfKind(outputs, "event").empty());
  EXPECT_EQ(session_.state(), SessionState::kDisconnected);
}

TEST_F(ConnectTest, ConnectTimesOutWithoutSnapshot) {
  session_.Connect(kToken, 1);
  int64_t timer = TimerWithDelay(Take(), kConnectTimeoutMs);
  ASSERT_GT(timer, 0);
  session_.OnSocketOpen();
  Take();
  session_.OnTimer(timer);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 1), 1008);
  EXPECT_EQ(OfKind(outputs, "closeSocket").size(), 1u);
  EXPECT_EQ(session_.state(), SessionState::kDisconnected);
}

TEST_F(ConnectTest, GarbageFrameRaisesExceptionEventOnly) {
  Connect(MakeSnapshot("A"));
  session_.OnSocketMessage("{not json");
  Outputs outputs = Take();
  Outputs exceptions = EventsNamed(outputs, "exception");
  ASSERT_EQ(exceptions.size(), 1u);
  EXPECT_EQ(exceptions[0]["payload"]["code"], 2002);
  EXPECT_EQ(session_.state(), SessionState::kConnected);
}

class SuppressedConnectTest : public SessionTest {
 protected:
  static SessionOptions Suppressed() {
    SessionOptions options;
    options.connection_events_suppressed = true;
    return options;
  }
  SuppressedConnectTest() : SessionTest(Suppressed()) {}
};

TEST_F(SuppressedConnectTest, NoConnectionEventsButStreamsStillArrive) {
  session_.Connect(kToken, 1);
  session_.OnSocketOpen();
  Outputs sent = Take();
  std::optional<protocol::ConnectRequest> request =
      LastSent<protocol::ConnectRequest>(sent);
  ASSERT_TRUE(request.has_value());
  EXPECT_TRUE(request->connection_events_suppressed);
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.streams = {MakeStream("SB", "B")};
  Reply(IdOf(sent, "connect"), snapshot);
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:sessionConnected",
                                      "session:streamCreated"}));
  Push(protocol::ConnectionCreatedPush{MakeConnection("C")});
  Push(protocol::ConnectionDestroyedPush{
      "C", DisconnectReason::kClientDisconnected});
  EXPECT_TRUE(OfKind(Take(), "event").empty());
  Push(protocol::ConnectionDestroyedPush{
      "B", DisconnectReason::kClientDisconnected});
  EXPECT_EQ(EventNames(Take()),
            std::vector<std::string>{"session:streamDestroyed"});
}

TEST_F(SuppressedConnectTest, SignalToStreamConnectionIsSent) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.streams = {MakeStream("SB", "B")};
  Connect(snapshot);
  session_.Signal(Json{{"type", "chat"}, {"data", "hi"}, {"to", "B"}}, 9);
  std::optional<protocol::SignalRequest> sent =
      LastSent<protocol::SignalRequest>(Take());
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->to, std::optional<std::string>("B"));
}

}  // namespace
}  // namespace sessioncore::session::testing
