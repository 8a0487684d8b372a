// Events from server pushes: participants leaving (unpublish, disconnect,
// network loss), default actions of streamDestroyed, property changes and
// signal routing.
#include <gtest/gtest.h>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class EventsTest : public SessionTest {
 protected:
  // Connects as A with B publishing SB and C publishing nothing, and
  // subscribes sub1 to SB.
  void JoinAndSubscribe() {
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.connections = {MakeConnection("B"), MakeConnection("C")};
    snapshot.streams = {MakeStream("SB", "B")};
    Connect(snapshot);
    session_.Subscribe("sub1", "SB", 2);
    Reply(IdOf(Take(), "subscribe"), protocol::SubscribeResult{"SUB1"});
    Take();
  }
};

TEST_F(EventsTest, UnpublishGivesOneStreamDestroyedOnly) {
  JoinAndSubscribe();
  Push(
      protocol::StreamDestroyedPush{"SB", StreamDestroyedReason::kUnpublished});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"session:streamDestroyed"});
  Json event = OfKind(outputs, "event")[0];
  EXPECT_EQ(event["payload"]["reason"], "unpublished");
  EXPECT_EQ(event["payload"]["stream"]["streamId"], "SB");
  EXPECT_EQ(event["cancelable"], true);
  // The subscriber stays until the glue reports the default action.
  EXPECT_TRUE(OfKind(outputs, "peer").empty());
  session_.DefaultAction(event["eventId"].AsInteger());
  Outputs cleanup = Take();
  ASSERT_EQ(OfKind(cleanup, "peer").size(), 1u);
  EXPECT_EQ(OfKind(cleanup, "peer")[0]["op"], "close");
  EXPECT_EQ(EventNames(cleanup),
            std::vector<std::string>{"subscriber:destroyed"});
  EXPECT_EQ(OfKind(cleanup, "event")[0]["targetId"], "sub1");
  // A repeated push and a second default action change nothing.
  Push(
      protocol::StreamDestroyedPush{"SB", StreamDestroyedReason::kUnpublished});
  session_.DefaultAction(event["eventId"].AsInteger());
  EXPECT_TRUE(Take().empty());
  // Unsubscribing the destroyed subscriber is a silent no-op.
  session_.Unsubscribe("sub1", 3);
  Outputs noop = Take();
  EXPECT_EQ(CompletionCode(noop, 3), 0);
  EXPECT_TRUE(OfKind(noop, "event").empty());
}

TEST_F(EventsTest, PreventDefaultKeepsTheSubscriber) {
  JoinAndSubscribe();
  Push(
      protocol::StreamDestroyedPush{"SB", StreamDestroyedReason::kUnpublished});
  int64_t event_id = OfKind(Take(), "event")[0]["eventId"].AsInteger();
  session_.PreventDefault(event_id);
  session_.DefaultAction(event_id);  // Too late: already prevented.
  EXPECT_TRUE(Take().empty());
  session_.Unsubscribe("sub1", 4);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 4), 0);
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"subscriber:destroyed"});
}

TEST_F(EventsTest, DisconnectDestroysStreamBeforeConnection) {
  JoinAndSubscribe();
  Push(protocol::StreamDestroyedPush{
      "SB", StreamDestroyedReason::kClientDisconnected});
  Push(protocol::ConnectionDestroyedPush{
      "B", DisconnectReason::kClientDisconnected});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:streamDestroyed",
                                      "session:connectionDestroyed"}));
  Outputs events = OfKind(outputs, "event");
  EXPECT_EQ(events[0]["payload"]["reason"], "clientDisconnected");
  EXPECT_EQ(events[1]["payload"]["reason"], "clientDisconnected");
  EXPECT_EQ(events[1]["payload"]["connection"]["connectionId"], "B");
}

TEST_F(EventsTest, ConnectionDestroyedAloneStillEndsItsStreamsFirst) {
  JoinAndSubscribe();
  Push(protocol::ConnectionDestroyedPush{
      "B", DisconnectReason::kNetworkDisconnected});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:streamDestroyed",
                                      "session:connectionDestroyed"}));
  Outputs events = OfKind(outputs, "event");
  EXPECT_EQ(events[0]["payload"]["reason"], "networkDisconnected");
  EXPECT_EQ(events[1]["payload"]["reason"], "networkDisconnected");
  EXPECT_EQ(session_.state(), SessionState::kConnected);
  EXPECT_TRUE(EventsNamed(all_, "sessionReconnecting").empty());
  Push(protocol::ConnectionDestroyedPush{
      "B", DisconnectReason::kNetworkDisconnected});
  EXPECT_TRUE(OfKind(Take(), "event").empty());
}

TEST_F(EventsTest, PropertyChangeOnlyOnRealChange) {
  JoinAndSubscribe();
  Push(protocol::StreamPropertyChangedPush{
      "SB", protocol::StreamProperty::kHasAudio, true, true});
  EXPECT_TRUE(OfKind(Take(), "event").empty());
  Push(protocol::StreamPropertyChangedPush{
      "SB", protocol::StreamProperty::kHasAudio, true, false});
  Outputs outputs = Take();
  ASSERT_EQ(EventNames(outputs),
            std::vector<std::string>{"session:streamPropertyChanged"});
  Json payload = OfKind(outputs, "event")[0]["payload"];
  EXPECT_EQ(payload["changedProperty"], "hasAudio");
  EXPECT_EQ(payload["oldValue"], true);
  EXPECT_EQ(payload["newValue"], false);
  EXPECT_EQ(payload["stream"]["hasAudio"], false);
  Push(protocol::StreamPropertyChangedPush{
      "SB", protocol::StreamProperty::kVideoDimensions,
      VideoDimensions{640, 480}, VideoDimensions{1280, 720}});
  Json dims = OfKind(Take(), "event")[0]["payload"];
  EXPECT_EQ(dims["oldValue"], (Json{{"width", 640}, {"height", 480}}));
  EXPECT_EQ(dims["newValue"], (Json{{"width", 1280}, {"height", 720}}));
}

TEST_F(EventsTest, SignalFiresGenericThenTypedEvent) {
  JoinAndSubscribe();
  Push(protocol::SignalPush{"chat", "1", "B"});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs), (std::vector<std::string>{
                                     "session:signal", "session:signal:chat"}));
  Json payload = OfKind(outputs, "event")[0]["payload"];
  EXPECT_EQ(payload["type"], "chat");
  EXPECT_EQ(payload["data"], "1");
  EXPECT_EQ(payload["from"]["connectionId"], "B");
  EXPECT_EQ(payload["from"]["data"], "name=B");
}

TEST_F(EventsTest, SignalWithoutTypeFiresOnlyGenericEvent) {
  JoinAndSubscribe();
  Push(protocol::SignalPush{"", "", "A"});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs), std::vector<std::string>{"session:signal"});
  Json payload = OfKind(outputs, "event")[0]["payload"];
  EXPECT_EQ(payload["type"], "");
  EXPECT_EQ(payload["data"], "");
  EXPECT_EQ(payload["from"]["connectionId"], "A");  // The sender itself.
}

TEST_F(EventsTest, SignalToOneConnectionCarriesTarget) {
  JoinAndSubscribe();
  session_.Signal(Json{{"type", "chat"}, {"data", "1"}, {"to", "B"}}, 5);
  Outputs outputs = Take();
  std::optional<protocol::SignalRequest> sent =
      LastSent<protocol::SignalRequest>(outputs);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->to, std::optional<std::string>("B"));
  EXPECT_TRUE(CompletionsOf(outputs, 5).empty());
  Reply(IdOf(outputs, "signal"), protocol::EmptyResult{});
  EXPECT_EQ(CompletionCode(Take(), 5), 0);
}

TEST_F(EventsTest, SignalToUnknownConnectionIsNotFound) {
  JoinAndSubscribe();
  Push(protocol::ConnectionDestroyedPush{
      "C", DisconnectReason::kClientDisconnected});
  Take();
  session_.Signal(Json{{"data", "x"}, {"to", "C"}}, 6);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 6), 404);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(EventsTest, FiftySignalsGoOutInOrderAndCompleteOnce) {
  JoinAndSubscribe();
  for (int i = 0; i < 50; ++i) {
    session_.Signal(Json{{"type", "seq"}, {"data", std::to_string(i)}},
                    100 + i);
  }
  Outputs outputs = Take();
  std::vector<protocol::ClientRequest> sent = SentRequests(outputs);
  ASSERT_EQ(sent.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    const auto* signal = std::get_if<protocol::SignalRequest>(&sent[i].message);
    ASSERT_NE(signal, nullptr);
    EXPECT_EQ(signal->data, std::to_string(i));
    Reply(sent[i].id, protocol::EmptyResult{});
  }
  Outputs completions = Take();
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(CompletionCode(completions, 100 + i), 0) << i;
  }
}

TEST_F(EventsTest, ServerErrorPushBecomesExceptionEvent) {
  JoinAndSubscribe();
  Push(protocol::ErrorPush{
      protocol::WireError{ErrorCode::kRateLimitExceeded, "too many signals"}});
  Outputs events = EventsNamed(Take(), "exception");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["payload"]["code"], 429);
  EXPECT_EQ(events[0]["payload"]["name"], "OT_RATE_LIMIT_EXCEEDED");
}

TEST_F(EventsTest, SessionDisconnectedDefaultDestroysMedia) {
  JoinAndSubscribe();
  PublishAs("pub1", "SA", "A", 3);
  session_.Disconnect(4);
  Reply(IdOf(Take(), "disconnect"), protocol::EmptyResult{});
  Outputs outputs = Take();
  EXPECT_EQ(OfKind(outputs, "peer").size(), 1u);  // The subscriber's pc.
  Outputs disconnected = EventsNamed(outputs, "sessionDisconnected");
  ASSERT_EQ(disconnected.size(), 1u);
  session_.DefaultAction(disconnected[0]["eventId"].AsInteger());
  EXPECT_EQ(EventNames(Take()),
            (std::vector<std::string>{"subscriber:destroyed",
                                      "publisher:destroyed"}));
}

}  // namespace
}  // namespace sessioncore::session::testing
