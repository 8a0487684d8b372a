// Which ClientSession calls are allowed in which state, and the error a
// call gets otherwise. One table for every call, so the rule for "publish
// while reconnecting" or "connect twice" lives in one place.
//
// clang-format off
// call        disconnected connecting connected reconnecting disconnecting
// connect     allow        1015       1015      1015         allow (*)
// disconnect  no-op OK     allow      allow     allow        no-op OK
// signal      1010         1010       allow     queue        1010
// other calls 1010         1010       allow     1010         1010
// clang-format on
//
// (*) connect while disconnecting finishes the disconnect first, then
// starts a fresh connection.
#ifndef SESSIONCORE_CORE_SESSION_CALL_POLICY_H_
#define SESSIONCORE_CORE_SESSION_CALL_POLICY_H_

#include <string_view>

#include "absl/status/status.h"
#include "core/session/session_state.h"

namespace sessioncore::session {

// The calls that the table distinguishes.
enum class SessionCall {
  kConnect,
  kDisconnect,
  kSignal,
  kPublish,
  kUnpublish,
  kSubscribe,
  kUnsubscribe,
  kUpdatePublisher,
  kForceMuteAll,
  kForceMuteStream,
  kDisableForceMute,
  kForceDisconnect,
  kForceUnpublish,
  kReportIssue,
  kGetCapabilities,
  kSetPreferredLayer,
};

// Returns the API name of `call`, such as "forceMuteAll".
std::string_view SessionCallName(SessionCall call);

enum class Admission {
  kAllow,        // Go ahead.
  kNoOpSuccess,  // Complete OK at once and change nothing.
  kQueue,        // Hold until the session is connected again.
  kReject,       // Complete with CallDecision::error.
};

struct CallDecision {
  Admission admission = Admission::kAllow;
  absl::Status error;  // Set only for kReject.
};

// Returns what `call` does in `state`, per the table above. Rejections
// carry OT_NOT_CONNECTED (1010) or OT_ILLEGAL_STATE (1015) with a message
// naming the call and the state.
CallDecision DecideCall(SessionCall call, SessionState state);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_CALL_POLICY_H_
