// The connection state of a ClientSession and the table of legal moves
// between states.
//
//   disconnected --Connect--> connecting --snapshot--> connected
//   connecting --error, socket closed, timeout, Disconnect--> disconnected
//   connected --Disconnect--> disconnecting --response, close--> disconnected
//   connected --heartbeat lost, socket closed--> reconnecting
//   connected --server `disconnected` push--> disconnected
//   reconnecting --resumed--> connected
//   reconnecting --window over, resume rejected, Disconnect--> disconnected
//   disconnecting --Connect--> disconnected (then connecting at once)
#ifndef SESSIONCORE_CORE_SESSION_SESSION_STATE_H_
#define SESSIONCORE_CORE_SESSION_SESSION_STATE_H_

#include <string_view>

#include "absl/status/status.h"

namespace sessioncore::session {

enum class SessionState {
  kDisconnected,
  kConnecting,
  kConnected,
  kReconnecting,
  kDisconnecting,
};

// Returns "disconnected", "connecting", "connected", "reconnecting" or
// "disconnecting", the spelling used by getSessionInfo().connectionStatus.
std::string_view SessionStateName(SessionState state);

// Returns true when the table above has a move from `from` to `to`.
bool IsTransitionAllowed(SessionState from, SessionState to);

// Holds the current state and makes every change go through the table.
class SessionStateMachine {
 public:
  SessionState state() const { return state_; }
  bool Is(SessionState state) const { return state_ == state; }

  // Moves to `to`. Returns OT_INTERNAL_ERROR naming both states, and stays
  // put, when the table has no such move; that is a bug in the caller.
  absl::Status TransitionTo(SessionState to);

 private:
  SessionState state_ = SessionState::kDisconnected;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_SESSION_STATE_H_
