// Reading the object that the application passes to signal(): {type?,
// data?, to?, retryAfterReconnect?}.
#ifndef SESSIONCORE_CORE_SESSION_SIGNAL_REQUEST_H_
#define SESSIONCORE_CORE_SESSION_SIGNAL_REQUEST_H_

#include "absl/status/statusor.h"
#include "core/json/json.h"
#include "core/protocol/messages.h"

namespace sessioncore::session {

struct ParsedSignal {
  protocol::SignalRequest request;
  bool retry_after_reconnect = true;
};

// Reads `signal` (an object, or null for an empty signal to everyone) and
// checks it against the signal rules before anything goes on the wire.
// Missing type and data become "". Errors: OT_INVALID_PARAMETER (1011)
// when type or data is not a string, `to` is not a non-empty string or
// retryAfterReconnect is not a bool; OT_INVALID_SIGNAL_TYPE (400) for a
// type over 128 characters or with a character outside [A-Za-z0-9-._~];
// OT_SIGNAL_TOO_LONG (413) for data over 8192 bytes of UTF-8.
absl::StatusOr<ParsedSignal> ParseSignal(const Json& signal);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_SIGNAL_REQUEST_H_
