// Tests of the small parts of the session core: outputs, the state table,
// the call policy, timers, the request tracker, the registry and the
// resume schedule.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/session/call_policy.h"
#include "core/session/output.h"
#include "core/session/reconnect_schedule.h"
#include "core/session/registry.h"
#include "core/session/request_tracker.h"
#include "core/session/session_state.h"
#include "core/session/timer_table.h"

namespace sessioncore::session {
namespace {

using S = SessionState;

TEST(OutputQueue, SerializesEveryKind) {
  OutputQueue out;
  out.OpenSocket("wss://x");
  out.Send("{}");
  out.CloseSocket(1000);
  out.ArmTimer(3, 500);
  out.CancelTimer(3);
  out.Event(EventTarget::kPublisher, "pub1", "streamCreated", {{"a", 1}}, true);
  out.CompleteOk(7, {{"b", 2}});
  out.CompleteError(8, MakeError(ErrorCode::kNotConnected, "not now"));
  out.Peer("create", "pc1", {{"role", "subscriber"}});
  out.Media("setAudioEnabled", "pub1", false);
  out.Log("info", "hello", {{"k", "v"}});
  std::vector<Output> outputs = out.Take();
  ASSERT_EQ(outputs.size(), 11u);
  EXPECT_EQ(outputs[0].ToJson(),
            (Json{{"kind", "openSocket"}, {"url", "wss://x"}}));
  EXPECT_EQ(outputs[1].ToJson()["text"], "{}");
  EXPECT_EQ(outputs[2].ToJson()["code"], 1000);
  EXPECT_EQ(outputs[3].ToJson(),
            (Json{{"kind", "armTimer"}, {"timerId", 3}, {"delayMs", 500}}));
  EXPECT_EQ(outputs[4].ToJson()["kind"], "cancelTimer");
  Json event = outputs[5].ToJson();
  EXPECT_EQ(event["target"], "publisher");
  EXPECT_EQ(event["targetId"], "pub1");
  EXPECT_EQ(event["cancelable"], true);
  EXPECT_EQ(event["eventId"], 1);
  EXPECT_EQ(outputs[6].ToJson()["result"]["b"], 2);
  Json error = outputs[7].ToJson()["error"];
  EXPECT_EQ(error["name"], "OT_NOT_CONNECTED");
  EXPECT_EQ(error["code"], 1010);
  EXPECT_EQ(error["message"], "not now");
  EXPECT_EQ(outputs[8].ToJson()["op"], "create");
  EXPECT_EQ(outputs[8].ToJson()["pcId"], "pc1");
  EXPECT_EQ(outputs[9].ToJson()["enabled"], false);
  EXPECT_EQ(outputs[10].ToJson()["subsystem"], "session");
  EXPECT_TRUE(out.Take().empty());
}

TEST(OutputQueue, RedactsSecretsInLogContext) {
  OutputQueue out;
  out.Log("info", "x",
          {{"token", "abc"},
           {"resumeKey", "k"},
           {"other", "T1==secret"},
           {"nested", {{"credential", "c"}}},
           {"fine", "visible"}});
  Json context = out.Take()[0].ToJson()["context"];
  EXPECT_EQ(context["token"], "[redacted]");
  EXPECT_EQ(context["resumeKey"], "[redacted]");
  EXPECT_EQ(context["other"], "[redacted]");
  EXPECT_EQ(context["nested"]["credential"], "[redacted]");
  EXPECT_EQ(context["fine"], "visible");
}

TEST(SessionStateMachine, FollowsTheTable) {
  SessionStateMachine machine;
  EXPECT_TRUE(machine.Is(S::kDisconnected));
  EXPECT_TRUE(machine.TransitionTo(S::kConnecting).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kConnected).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kReconnecting).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kConnected).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kDisconnecting).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kDisconnected).ok());
}

TEST(SessionStateMachine, RejectsMovesOutsideTheTable) {
  SessionStateMachine machine;
  absl::Status status = machine.TransitionTo(S::kConnected);
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInternalError);
  EXPECT_NE(status.message().find("disconnected to connected"),
            absl::string_view::npos);
  EXPECT_TRUE(machine.Is(S::kDisconnected));
  EXPECT_FALSE(IsTransitionAllowed(S::kDisconnecting, S::kConnected));
  EXPECT_FALSE(IsTransitionAllowed(S::kReconnecting, S::kDisconnecting));
  EXPECT_FALSE(IsTransitionAllowed(S::kDisconnected, S::kDisconnected));
}

TEST(CallPolicy, ConnectIsIllegalWhileActive) {
  EXPECT_EQ(DecideCall(SessionCall::kConnect, S::kDisconnected).admission,
            Admission::kAllow);
  EXPECT_EQ(DecideCall(SessionCall::kConnect, S::kDisconnecting).admission,
            Admission::kAllow);
  for (S state : {S::kConnecting, S::kConnected, S::kReconnecting}) {
    CallDecision decision = DecideCall(SessionCall::kConnect, state);
    EXPECT_EQ(decision.admission, Admission::kReject);
    EXPECT_EQ(GetErrorCode(decision.error), ErrorCode::kIllegalState);
  }
}

TEST(CallPolicy, DisconnectIsNoOpWhenAlreadyLeaving) {
  EXPECT_EQ(DecideCall(SessionCall::kDisconnect, S::kDisconnected).admission,
            Admission::kNoOpSuccess);
  EXPECT_EQ(DecideCall(SessionCall::kDisconnect, S::kDisconnecting).admission,
            Admission::kNoOpSuccess);
  for (S state : {S::kConnecting, S::kConnected, S::kReconnecting}) {
    EXPECT_EQ(DecideCall(SessionCall::kDisconnect, state).admission,
              Admission::kAllow);
  }
}

TEST(CallPolicy, SignalQueuesOnlyWhileReconnecting) {
  EXPECT_EQ(DecideCall(SessionCall::kSignal, S::kReconnecting).admission,
            Admission::kQueue);
  EXPECT_EQ(DecideCall(SessionCall::kSignal, S::kConnected).admission,
            Admission::kAllow);
  for (S state : {S::kDisconnected, S::kConnecting, S::kDisconnecting}) {
    CallDecision decision = DecideCall(SessionCall::kSignal, state);
    EXPECT_EQ(GetErrorCode(decision.error), ErrorCode::kNotConnected);
  }
}

TEST(CallPolicy, OtherCallsNeedConnected) {
  for (SessionCall call :
       {SessionCall::kPublish, SessionCall::kSubscribe, SessionCall::kUnpublish,
        SessionCall::kForceMuteAll, SessionCall::kReportIssue,
        SessionCall::kGetCapabilities, SessionCall::kSetPreferredLayer}) {
    EXPECT_EQ(DecideCall(call, S::kConnected).admission, Admission::kAllow);
    for (S state : {S::kDisconnected, S::kConnecting, S::kReconnecting,
                    S::kDisconnecting}) {
      CallDecision decision = DecideCall(call, state);
      EXPECT_EQ(decision.admission, Admission::kReject);
      EXPECT_EQ(GetErrorCode(decision.error), ErrorCode::kNotConnected);
      EXPECT_NE(
          decision.error.message().find(std::string(SessionCallName(call))),
          absl::string_view::npos);
    }
  }
}

TEST(TimerTable, IgnoresCancelledAndRearmedTimers) {
  OutputQueue out;
  TimerTable timers;
  timers.Arm(TimerPurpose::kHeartbeat, 2000, out);
  timers.Arm(TimerPurpose::kHeartbeat, 2000, out);
  std::vector<Output> outputs = out.Take();
  ASSERT_EQ(outputs.size(), 3u);  // arm, cancel, arm
  int64_t first = outputs[0].fields["timerId"].AsInteger();
  int64_t second = outputs[2].fields["timerId"].AsInteger();
  EXPECT_EQ(outputs[1].fields["timerId"], first);
  EXPECT_FALSE(timers.Fire(first).has_value());
  std::optional<FiredTimer> fired = timers.Fire(second);
  ASSERT_TRUE(fired.has_value());
  EXPECT_EQ(fired->purpose, TimerPurpose::kHeartbeat);
  EXPECT_EQ(fired->subject, "");
  EXPECT_FALSE(timers.Fire(second).has_value());
}

TEST(TimerTable, KeepsOneTimerPerSubject) {
  OutputQueue out;
  TimerTable timers;
  timers.ArmFor(TimerPurpose::kIceRestart, "pc1", 10, out);
  timers.ArmFor(TimerPurpose::kIceRestart, "pc2", 10, out);
  EXPECT_TRUE(timers.IsArmed(TimerPurpose::kIceRestart, "pc1"));
  EXPECT_FALSE(timers.IsArmed(TimerPurpose::kIceRestart));
  std::vector<Output> armed = out.Take();
  ASSERT_EQ(armed.size(), 2u);
  timers.CancelFor(TimerPurpose::kIceRestart, "pc1", out);
  EXPECT_FALSE(timers.IsArmed(TimerPurpose::kIceRestart, "pc1"));
  std::optional<FiredTimer> fired =
      timers.Fire(armed[1].fields["timerId"].AsInteger());
  ASSERT_TRUE(fired.has_value());
  EXPECT_EQ(fired->purpose, TimerPurpose::kIceRestart);
  EXPECT_EQ(fired->subject, "pc2");
}

TEST(TimerTable, CancelAllCancelsEveryArmedTimer) {
  OutputQueue out;
  TimerTable timers;
  timers.Arm(TimerPurpose::kHeartbeat, 1, out);
  timers.Arm(TimerPurpose::kReconnectWindow, 2, out);
  out.Take();
  timers.CancelAll(out);
  EXPECT_EQ(out.Take().size(), 2u);
  EXPECT_FALSE(timers.IsArmed(TimerPurpose::kHeartbeat));
}

TEST(RequestTracker, RunsEachContinuationOnce) {
  RequestTracker tracker;
  int calls = 0;
  int64_t id = tracker.Start("heartbeat", [&](auto) { ++calls; });
  EXPECT_EQ(tracker.TypeOf(id), "heartbeat");
  EXPECT_TRUE(tracker.Resolve(id, protocol::ResponseResult{}));
  EXPECT_FALSE(tracker.Resolve(id, protocol::ResponseResult{}));
  EXPECT_EQ(calls, 1);
}

TEST(RequestTracker, FailAllKeepsRequestsStartedByContinuations) {
  RequestTracker tracker;
  std::vector<ErrorCode> seen;
  tracker.Start("a", [&](absl::StatusOr<protocol::ResponseResult> r) {
    seen.push_back(GetErrorCode(r.status()));
    tracker.Start("b", [](auto) {});
  });
  tracker.FailAll(MakeError(ErrorCode::kNotConnected, "gone"));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], ErrorCode::kNotConnected);
  EXPECT_EQ(tracker.pending(), 1u);
}

TEST(RequestTracker, HeldRequestsSurviveFailUnheldAndReleaseInIdOrder) {
  RequestTracker tracker;
  int failed = 0;
  int64_t first = tracker.Start("signal", [&](auto) { ++failed; });
  tracker.KeepFrame(first, "frame-1");
  int64_t second = tracker.Start("reportIssue", [&](auto) { ++failed; });
  tracker.KeepFrame(second, "frame-2");
  tracker.HoldAll();
  tracker.Start("resume", [&](auto) { ++failed; });
  tracker.FailUnheld(MakeError(ErrorCode::kConnectFailed, "socket lost"));
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(tracker.held(), 2u);
  EXPECT_EQ(tracker.ReleaseHeld(),
            (std::vector<std::string>{"frame-1", "frame-2"}));
  EXPECT_EQ(tracker.held(), 0u);
  EXPECT_EQ(tracker.pending(), 2u);
  EXPECT_TRUE(tracker.Resolve(second, protocol::ResponseResult{}));
}

TEST(RequestTracker, FailTypeFailsOnlyThatType) {
  RequestTracker tracker;
  std::vector<std::string> failed;
  tracker.Start("heartbeat", [&](auto) { failed.push_back("heartbeat"); });
  tracker.Start("signal", [&](auto) { failed.push_back("signal"); });
  tracker.FailType("heartbeat", MakeError(ErrorCode::kNotConnected, "lost"));
  EXPECT_EQ(failed, std::vector<std::string>{"heartbeat"});
  EXPECT_EQ(tracker.pending(), 1u);
}

TEST(SessionRegistry, KeepsOrderAndRejectsDuplicates) {
  SessionRegistry registry;
  registry.SetLocal(Connection{"A", 1, ""}, Role::kPublisher,
                    CapabilitiesForRole(Role::kPublisher));
  EXPECT_FALSE(registry.AddConnection(Connection{"A", 1, ""}));
  EXPECT_TRUE(registry.AddConnection(Connection{"C", 1, ""}));
  EXPECT_TRUE(registry.AddConnection(Connection{"B", 1, ""}));
  EXPECT_FALSE(registry.AddConnection(Connection{"B", 2, ""}));
  ASSERT_EQ(registry.connections().size(), 2u);
  EXPECT_EQ(registry.connections()[0].connection_id, "C");
  protocol::StreamInfo stream;
  stream.stream.stream_id = "S1";
  stream.stream.connection_id = "B";
  EXPECT_TRUE(registry.AddStream(stream));
  EXPECT_FALSE(registry.AddStream(stream));
  EXPECT_EQ(registry.StreamIdsOf("B"), std::vector<std::string>{"S1"});
  EXPECT_TRUE(registry.RemoveStream("S1").has_value());
  EXPECT_FALSE(registry.RemoveStream("S1").has_value());
  registry.Clear();
  EXPECT_FALSE(registry.local_connection().has_value());
}

TEST(ResumeBackoff, DoublesUpToFourSeconds) {
  EXPECT_EQ(ResumeBackoffMs(0), 500);
  EXPECT_EQ(ResumeBackoffMs(1), 1000);
  EXPECT_EQ(ResumeBackoffMs(2), 2000);
  EXPECT_EQ(ResumeBackoffMs(3), 4000);
  EXPECT_EQ(ResumeBackoffMs(4), 4000);
  EXPECT_EQ(ResumeBackoffMs(1000), 4000);
}

}  // namespace
}  // namespace sessioncore::session
