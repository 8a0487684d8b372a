// Calls in the wrong state: connect twice, disconnect twice, calls after
// disconnect, connect again, and connect followed at once by disconnect.
// Every call with a handle must complete exactly once.
#include <gtest/gtest.h>

#include <map>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class MisuseTest : public SessionTest {
 protected:
  // Checks that every handle in `all_` completed exactly once.
  void ExpectEachHandleCompletedOnce() {
    std::map<int64_t, int> counts;
    for (const Json& complete : OfKind(all_, "complete")) {
      ++counts[complete["handle"].AsInteger()];
    }
    for (const auto& [handle, count] : counts) {
      EXPECT_EQ(count, 1) << "handle " << handle;
    }
  }

  // Disconnects a connected session and answers the disconnect request.
  Outputs DisconnectAnswered(int64_t handle) {
    session_.Disconnect(handle);
    int64_t id = IdOf(Take(), "disconnect");
    EXPECT_GT(id, 0);
    Reply(id, protocol::EmptyResult{});
    return Take();
  }
};

TEST_F(MisuseTest, ConnectTwiceWhileConnectingMakesOneConnection) {
  session_.Connect(kToken, 1);
  session_.Connect(kToken, 2);
  Outputs outputs = Take();
  EXPECT_EQ(OfKind(outputs, "openSocket").size(), 1u);
  EXPECT_EQ(CompletionCode(outputs, 2), 1015);
  session_.OnSocketOpen();
  Outputs sent = Take();
  EXPECT_EQ(SentTypes(sent), std::vector<std::string>{"connect"});
  Reply(IdOf(sent, "connect"), MakeSnapshot("A"));
  EXPECT_EQ(CompletionCode(Take(), 1), 0);
  ExpectEachHandleCompletedOnce();
}

TEST_F(MisuseTest, ConnectWhenConnectedIsIllegalState) {
  Connect(MakeSnapshot("A"), 1);
  session_.Connect(kToken, 3);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 3), 1015);
  EXPECT_TRUE(OfKind(outputs, "openSocket").empty());
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_EQ(session_.state(), SessionState::kConnected);
}

TEST_F(MisuseTest, DisconnectTwiceGivesOneSessionDisconnected) {
  Connect(MakeSnapshot("A"));
  session_.Disconnect(2);
  session_.Disconnect(3);
  Outputs first = Take();
  EXPECT_EQ(session_.state(), SessionState::kDisconnecting);
  EXPECT_EQ(CompletionCode(first, 3), 0);  // The second is a no-op.
  EXPECT_TRUE(CompletionsOf(first, 2).empty());
  Reply(IdOf(first, "disconnect"), protocol::EmptyResult{});
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 0);
  Outputs disconnected = EventsNamed(outputs, "sessionDisconnected");
  ASSERT_EQ(disconnected.size(), 1u);
  EXPECT_EQ(disconnected[0]["payload"]["reason"], "clientDisconnected");
  EXPECT_EQ(disconnected[0]["cancelable"], true);
  EXPECT_EQ(OfKind(outputs, "closeSocket").size(), 1u);
  session_.Disconnect(4);
  Outputs later = Take();
  EXPECT_EQ(CompletionCode(later, 4), 0);
  EXPECT_TRUE(OfKind(later, "event").empty());
  EXPECT_TRUE(OfKind(later, "send").empty());
  for (const Json& log : OfKind(all_, "log")) {
    EXPECT_NE(log["level"], "error") << log.Dump();
  }
  ExpectEachHandleCompletedOnce();
}

TEST_F(MisuseTest, DisconnectFinishesWhenServerIsSilent) {
  Connect(MakeSnapshot("A"));
  session_.Disconnect(2);
  int64_t timer = TimerWithDelay(Take(), kDisconnectTimeoutMs);
  ASSERT_GT(timer, 0);
  session_.OnTimer(timer);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 0);
  EXPECT_EQ(EventsNamed(outputs, "sessionDisconnected").size(), 1u);
  // The answer arriving late changes nothing.
  session_.OnSocketClosed(1000, "");
  EXPECT_TRUE(Take().empty());
}

TEST_F(MisuseTest, CallsAfterDisconnectFailNotConnected) {
  Connect(MakeSnapshot("A"));
  Push(protocol::StreamCreatedPush{MakeStream("SB", "B")});
  DisconnectAnswered(2);
  session_.Signal(Json{{"type", "chat"}, {"data", "x"}}, 10);
  session_.Publish("pub1", Json::Object(), 11);
  session_.Subscribe("sub1", "SB", 12);
  session_.Unpublish("pub1", 13);
  session_.Unsubscribe("sub1", 14);
  session_.ForceMuteAll({}, 15);
  session_.ForceMuteStream("SB", 16);
  session_.DisableForceMute(17);
  session_.ForceDisconnect("B", 18);
  session_.ForceUnpublish("SB", 19);
  session_.ReportIssue("", 20);
  Outputs outputs = Take();
  for (int64_t handle = 10; handle <= 20; ++handle) {
    EXPECT_EQ(CompletionCode(outputs, handle), 1010) << "handle " << handle;
  }
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_TRUE(OfKind(outputs, "openSocket").empty());
  EXPECT_TRUE(OfKind(outputs, "event").empty());
  absl::StatusOr<Json> capabilities = session_.GetCapabilities();
  EXPECT_EQ(GetErrorCode(capabilities.status()), ErrorCode::kNotConnected);
  EXPECT_EQ(
      GetErrorCode(session_.SetPublisherProperty("pub1", "hasAudio", true)),
      ErrorCode::kNotConnected);
  EXPECT_TRUE(session_.GetSessionInfo()["connection"].IsNull());
  EXPECT_EQ(session_.GetSessionInfo()["connectionStatus"], "disconnected");
}

TEST_F(MisuseTest, CallsBeforeConnectFailNotConnected) {
  session_.Signal(Json{{"data", "x"}}, 1);
  session_.Publish("pub1", Json::Object(), 2);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 1), 1010);
  EXPECT_EQ(CompletionCode(outputs, 2), 1010);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
  EXPECT_FALSE(session_.GetCapabilities().ok());
}

TEST_F(MisuseTest, ConnectAgainAfterDisconnectIsFresh) {
  protocol::Snapshot first = MakeSnapshot("A1");
  first.connections = {MakeConnection("B")};
  Connect(first, 1);
  DisconnectAnswered(2);
  protocol::Snapshot second = MakeSnapshot("A2");
  second.connections = {MakeConnection("B")};
  Outputs outputs = Connect(second, 3);
  EXPECT_EQ(CompletionCode(outputs, 3), 0);
  Outputs created = EventsNamed(outputs, "connectionCreated");
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0]["payload"]["connection"]["connectionId"], "A2");
  EXPECT_EQ(created[1]["payload"]["connection"]["connectionId"], "B");
  EXPECT_EQ(session_.GetSessionInfo()["connection"]["connectionId"], "A2");
}

TEST_F(MisuseTest, DisconnectRightAfterConnectLeavesNothingBehind) {
  session_.Connect(kToken, 1);
  Outputs connecting = Take();
  int64_t timer = TimerWithDelay(connecting, kConnectTimeoutMs);
  session_.Disconnect(2);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 1), 1006);
  EXPECT_EQ(CompletionCode(outputs, 2), 0);
  EXPECT_TRUE(OfKind(outputs, "event").empty());
  ASSERT_EQ(OfKind(outputs, "cancelTimer").size(), 1u);
  EXPECT_EQ(OfKind(outputs, "cancelTimer")[0]["timerId"], timer);
  EXPECT_EQ(OfKind(outputs, "closeSocket").size(), 1u);
  // Late reports from the glue produce nothing.
  session_.OnTimer(timer);
  session_.OnSocketOpen();
  session_.OnSocketClosed(1006, "");
  EXPECT_TRUE(Take().empty());
  ExpectEachHandleCompletedOnce();
}

TEST_F(MisuseTest, DisconnectAfterSocketOpenTellsTheServer) {
  session_.Connect(kToken, 1);
  session_.OnSocketOpen();
  Take();
  session_.Disconnect(2);
  Outputs outputs = Take();
  EXPECT_EQ(SentTypes(outputs), std::vector<std::string>{"disconnect"});
  EXPECT_EQ(CompletionCode(outputs, 1), 1006);
  EXPECT_EQ(CompletionCode(outputs, 2), 0);
  // The disconnect frame goes before the socket closes.
  size_t send_at = 0;
  size_t close_at = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i]["kind"] == "send") send_at = i;
    if (outputs[i]["kind"] == "closeSocket") close_at = i;
  }
  EXPECT_LT(send_at, close_at);
  // A snapshot that still arrives is ignored.
  session_.OnSocketMessage(
      protocol::EncodeResult(IdOf(all_, "connect"), MakeSnapshot("A")));
  EXPECT_TRUE(OfKind(Take(), "event").empty());
}

TEST_F(MisuseTest, PendingRequestsFailOnDisconnect) {
  Connect(MakeSnapshot("A"));
  session_.Signal(Json{{"data", "x"}}, 2);
  session_.ReportIssue("broken audio", 3);
  Take();
  DisconnectAnswered(4);
  EXPECT_EQ(CompletionCode(all_, 2), 1010);
  EXPECT_EQ(CompletionCode(all_, 3), 1010);
  EXPECT_EQ(CompletionCode(all_, 4), 0);
  ExpectEachHandleCompletedOnce();
}

TEST_F(MisuseTest, DestroyCompletesPendingAndRejectsLaterCalls) {
  Connect(MakeSnapshot("A"));
  session_.Signal(Json{{"data", "x"}}, 2);
  Take();
  session_.Destroy();
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1010);
  EXPECT_TRUE(OfKind(outputs, "event").empty());
  EXPECT_EQ(OfKind(outputs, "closeSocket").size(), 1u);
  session_.Connect(kToken, 3);
  Outputs later = Take();
  EXPECT_EQ(CompletionCode(later, 3), 1010);
  EXPECT_TRUE(OfKind(later, "openSocket").empty());
}

TEST_F(MisuseTest, ConnectWhileDisconnectingStartsFresh) {
  Connect(MakeSnapshot("A"));
  session_.Disconnect(2);
  session_.Connect(kToken, 3);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 0);
  EXPECT_EQ(EventsNamed(outputs, "sessionDisconnected").size(), 1u);
  EXPECT_EQ(OfKind(outputs, "openSocket").size(), 1u);
  EXPECT_EQ(session_.state(), SessionState::kConnecting);
}

}  // namespace
}  // namespace sessioncore::session::testing
