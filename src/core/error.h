// Error codes of sessioncore and the absl::Status values that carry them.
//
// Every failure the core reports is an absl::Status made by MakeError(). The
// status carries one ErrorCode, and the table in error.cc maps each code to
// the OpenTok.js error name (`OT_*`) and the legacy numeric code, so the
// JavaScript layer turns any core error into the same `OT_*` error
// mechanically, and the server sends the same numbers on the wire.
//
// The status carries the code in its raw code, without a payload, so read
// it with GetErrorCode(), not with status.code(). MakeError() states which
// code() a status has.
#ifndef SESSIONCORE_CORE_ERROR_H_
#define SESSIONCORE_CORE_ERROR_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sessioncore {

enum class ErrorCode {
  kAuthenticationError,       // OT_AUTHENTICATION_ERROR 1004
  kInvalidSessionId,          // OT_INVALID_SESSION_ID 1005
  kConnectFailed,             // OT_CONNECT_FAILED 1006
  kConnectionTimeout,         // OT_CONNECTION_TIMEOUT 1008
  kNotConnected,              // OT_NOT_CONNECTED 1010
  kInvalidParameter,          // OT_INVALID_PARAMETER 1011
  kIllegalState,              // OT_ILLEGAL_STATE 1015
  kConnectionLimitExceeded,   // OT_CONNECTION_LIMIT_EXCEEDED 1027
  kUnableToPublish,           // OT_UNABLE_TO_PUBLISH 1500
  kUnableToSubscribe,         // OT_UNABLE_TO_SUBSCRIBE 1501
  kStreamDestroyed,           // OT_STREAM_DESTROYED 1502
  kUnableToForceDisconnect,   // OT_UNABLE_TO_FORCE_DISCONNECT 1520
  kUnableToForceUnpublish,    // OT_UNABLE_TO_FORCE_UNPUBLISH 1530
  kStreamNotPublishing,       // OT_STREAM_NOT_PUBLISHING 1535
  kUnableToForceMute,         // OT_UNABLE_TO_FORCE_MUTE 1540
  kEncryptionUnsupported,     // OT_ENCRYPTION_NOT_SUPPORTED 1600
  kInternalError,             // OT_INTERNAL_ERROR 2000
  kUnexpectedServerResponse,  // OT_UNEXPECTED_SERVER_RESPONSE 2001
  kInvalidSignalType,         // OT_INVALID_SIGNAL_TYPE 400
  kPermissionDenied,          // OT_PERMISSION_DENIED 403
  kNotFound,                  // OT_NOT_FOUND 404
  kSignalTooLong,             // OT_SIGNAL_TOO_LONG 413
  kRateLimitExceeded,         // OT_RATE_LIMIT_EXCEEDED 429
  kProtocolError,             // OT_PROTOCOL_ERROR 2002
  // A peer connection stayed failed after its ICE restarts. OpenTok.js
  // gives both sides the name OT_ICE_WORKFLOW_FAILED and tells them apart
  // by number, so these two rows are the only ones that share a name.
  kIceWorkflowFailed,            // OT_ICE_WORKFLOW_FAILED 1553, publisher
  kSubscriberIceWorkflowFailed,  // OT_ICE_WORKFLOW_FAILED 1554, subscriber
};

// One row of the error table.
struct ErrorInfo {
  ErrorCode code;
  std::string_view name;  // The OpenTok.js name, such as "OT_NOT_CONNECTED".
  int number;             // The legacy numeric code, such as 1010.
  // The absl code of the error. Several rows share most absl codes.
  absl::StatusCode status_code;
};

// Returns the table row for `code`.
const ErrorInfo& GetErrorInfo(ErrorCode code);

// Returns the table row whose `number` matches, or nullptr. Numbers are
// unique across the table.
const ErrorInfo* FindErrorByNumber(int number);

// Returns the table row whose `name` matches, or nullptr.
// For OT_ICE_WORKFLOW_FAILED it returns the publisher row (1553).
const ErrorInfo* FindErrorByName(std::string_view name);

// Makes a status that carries `code` and `message`, with `message` as it is.
// The message should name the value that failed and the rule it broke.
//
// When no other row shares the row's absl code (kUnauthenticated,
// kDeadlineExceeded, kUnimplemented), the status has that code. Otherwise
// its raw_code() is the legacy number, such as 1011, and absl reports
// code() as kUnknown for it.
absl::Status MakeError(ErrorCode code, absl::string_view message);

// Returns the ErrorCode carried by `status`: the row whose legacy number is
// status.raw_code(), else the only row with status.code(), else
// kInternalError. So a plain absl status maps to kInternalError unless its
// code belongs to one row only (absl::UnauthenticatedError() maps to
// kAuthenticationError). Must not be called with an OK status.
ErrorCode GetErrorCode(const absl::Status& status);

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_ERROR_H_
