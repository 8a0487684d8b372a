#include "core/session/session_state.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::session {
namespace {

using S = SessionState;

constexpr std::array<std::pair<S, S>, 9> kAllowedTransitions = {{
    {S::kDisconnected, S::kConnecting},
    {S::kConnecting, S::kConnected},
    {S::kConnecting, S::kDisconnected},
    {S::kConnected, S::kDisconnecting},
    {S::kConnected, S::kReconnecting},
    {S::kConnected, S::kDisconnected},
    {S::kReconnecting, S::kConnected},
    {S::kReconnecting, S::kDisconnected},
    {S::kDisconnecting, S::kDisconnected},
}};

}  // namespace

std::string_view SessionStateName(SessionState state) {
  switch (state) {
    case S::kDisconnected:
      return "disconnected";
    case S::kConnecting:
      return "connecting";
    case S::kConnected:
      return "connected";
    case S::kReconnecting:
      return "reconnecting";
    case S::kDisconnecting:
      return "disconnecting";
  }
  return "disconnected";
}

bool IsTransitionAllowed(SessionState from, SessionState to) {
  for (const auto& [allowed_from, allowed_to] : kAllowedTransitions) {
    if (allowed_from == from && allowed_to == to) return true;
  }
  return false;
}

absl::Status SessionStateMachine::TransitionTo(SessionState to) {
  if (!IsTransitionAllowed(state_, to)) {
    return MakeError(
        ErrorCode::kInternalError,
        absl::StrCat("no transition from ", SessionStateName(state_), " to ",
                     SessionStateName(to)));
  }
  state_ = to;
  return absl::OkStatus();
}

}  // namespace sessioncore::session
