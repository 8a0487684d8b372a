#include "core/session/call_policy.h"

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::session {
namespace {

using S = SessionState;

CallDecision Allow() { return {Admission::kAllow, absl::OkStatus()}; }
CallDecision NoOp() { return {Admission::kNoOpSuccess, absl::OkStatus()}; }
CallDecision Queue() { return {Admission::kQueue, absl::OkStatus()}; }

CallDecision NotConnected(SessionCall call, SessionState state) {
  return {Admission::kReject,
          MakeError(ErrorCode::kNotConnected,
                    absl::StrCat(SessionCallName(call),
                                 "() needs a connected session, but the "
                                 "session is ",
                                 SessionStateName(state)))};
}

CallDecision DecideConnect(SessionState state) {
  if (state == S::kDisconnected || state == S::kDisconnecting) return Allow();
  return {Admission::kReject,
          MakeError(ErrorCode::kIllegalState,
                    absl::StrCat("connect() was called while the session is ",
                                 SessionStateName(state),
                                 "; call disconnect() before connecting "
                                 "again"))};
}

CallDecision DecideDisconnect(SessionState state) {
  if (state == S::kDisconnected || state == S::kDisconnecting) return NoOp();
  return Allow();
}

}  // namespace

std::string_view SessionCallName(SessionCall call) {
  switch (call) {
    case SessionCall::kConnect:
      return "connect";
    case SessionCall::kDisconnect:
      return "disconnect";
    case SessionCall::kSignal:
      return "signal";
    case SessionCall::kPublish:
      return "publish";
    case SessionCall::kUnpublish:
      return "unpublish";
    case SessionCall::kSubscribe:
      return "subscribe";
    case SessionCall::kUnsubscribe:
      return "unsubscribe";
    case SessionCall::kUpdatePublisher:
      return "setPublisherProperty";
    case SessionCall::kForceMuteAll:
      return "forceMuteAll";
    case SessionCall::kForceMuteStream:
      return "forceMuteStream";
    case SessionCall::kDisableForceMute:
      return "disableForceMute";
    case SessionCall::kForceDisconnect:
      return "forceDisconnect";
    case SessionCall::kForceUnpublish:
      return "forceUnpublish";
    case SessionCall::kReportIssue:
      return "reportIssue";
    case SessionCall::kGetCapabilities:
      return "getCapabilities";
    case SessionCall::kSetPreferredLayer:
      return "setPreferredLayer";
  }
  return "unknown";
}

CallDecision DecideCall(SessionCall call, SessionState state) {
  if (call == SessionCall::kConnect) return DecideConnect(state);
  if (call == SessionCall::kDisconnect) return DecideDisconnect(state);
  if (state == S::kConnected) return Allow();
  if (call == SessionCall::kSignal && state == S::kReconnecting) {
    return Queue();
  }
  return NotConnected(call, state);
}

}  // namespace sessioncore::session
