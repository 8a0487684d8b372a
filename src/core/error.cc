#include "core/error.h"

#include <array>

namespace sessioncore {
namespace {

constexpr std::array<ErrorInfo, 26> kErrorTable = {{
    {ErrorCode::kAuthenticationError, "OT_AUTHENTICATION_ERROR", 1004,
     absl::StatusCode::kUnauthenticated},
    {ErrorCode::kInvalidSessionId, "OT_INVALID_SESSION_ID", 1005,
     absl::StatusCode::kInvalidArgument},
    {ErrorCode::kConnectFailed, "OT_CONNECT_FAILED", 1006,
     absl::StatusCode::kUnavailable},
    {ErrorCode::kConnectionTimeout, "OT_CONNECTION_TIMEOUT", 1008,
     absl::StatusCode::kDeadlineExceeded},
    {ErrorCode::kNotConnected, "OT_NOT_CONNECTED", 1010,
     absl::StatusCode::kFailedPrecondition},
    {ErrorCode::kInvalidParameter, "OT_INVALID_PARAMETER", 1011,
     absl::StatusCode::kInvalidArgument},
    {ErrorCode::kIllegalState, "OT_ILLEGAL_STATE", 1015,
     absl::StatusCode::kFailedPrecondition},
    {ErrorCode::kConnectionLimitExceeded, "OT_CONNECTION_LIMIT_EXCEEDED", 1027,
     absl::StatusCode::kResourceExhausted},
    {ErrorCode::kUnableToPublish, "OT_UNABLE_TO_PUBLISH", 1500,
     absl::StatusCode::kPermissionDenied},
    {ErrorCode::kUnableToSubscribe, "OT_UNABLE_TO_SUBSCRIBE", 1501,
     absl::StatusCode::kPermissionDenied},
    {ErrorCode::kStreamDestroyed, "OT_STREAM_DESTROYED", 1502,
     absl::StatusCode::kNotFound},
    {ErrorCode::kUnableToForceDisconnect, "OT_UNABLE_TO_FORCE_DISCONNECT", 1520,
     absl::StatusCode::kPermissionDenied},
    {ErrorCode::kUnableToForceUnpublish, "OT_UNABLE_TO_FORCE_UNPUBLISH", 1530,
     absl::StatusCode::kPermissionDenied},
    {ErrorCode::kStreamNotPublishing, "OT_STREAM_NOT_PUBLISHING", 1535,
     absl::StatusCode::kNotFound},
    {ErrorCode::kUnableToForceMute, "OT_UNABLE_TO_FORCE_MUTE", 1540,
     absl::StatusCode::kPermissionDenied},
    {ErrorCode::kEncryptionUnsupported, "OT_ENCRYPTION_NOT_SUPPORTED", 1600,
     absl::StatusCode::kUnimplemented},
    {ErrorCode::kInternalError, "OT_INTERNAL_ERROR", 2000,
     absl::StatusCode::kInternal},
    {ErrorCode::kUnexpectedServerResponse, "OT_UNEXPECTED_SERVER_RESPONSE",
     2001, absl::StatusCode::kInternal},
    {ErrorCode::kProtocolError, "OT_PROTOCOL_ERROR", 2002,
     absl::StatusCode::kInvalidArgument},
    {ErrorCode::kInvalidSignalType, "OT_INVALID_SIGNAL_TYPE", 400,
     absl::StatusCode::kInvalidArgument},
    {ErrorCode::kPermissionDenied, "OT_PERMISSION_DENIED", 403,
     absl::StatusCode::kPermissionDenied},
    {ErrorCode::kNotFound, "OT_NOT_FOUND", 404, absl::StatusCode::kNotFound},
    {ErrorCode::kSignalTooLong, "OT_SIGNAL_TOO_LONG", 413,
     absl::StatusCode::kInvalidArgument},
    {ErrorCode::kRateLimitExceeded, "OT_RATE_LIMIT_EXCEEDED", 429,
     absl::StatusCode::kResourceExhausted},
    {ErrorCode::kIceWorkflowFailed, "OT_ICE_WORKFLOW_FAILED", 1553,
     absl::StatusCode::kUnavailable},
    {ErrorCode::kSubscriberIceWorkflowFailed, "OT_ICE_WORKFLOW_FAILED", 1554,
     absl::StatusCode::kUnavailable},
}};

// The largest absl::StatusCode value (kUnauthenticated). A raw code above it
// is not canonical, so a legacy number used as a raw code cannot be taken
// for an absl code.
constexpr int kMaxCanonicalCode = 16;

constexpr bool NumbersAreAboveCanonicalCodes() {
  for (const ErrorInfo& info : kErrorTable) {
    if (info.number <= kMaxCanonicalCode) return false;
  }
  return true;
}
static_assert(NumbersAreAboveCanonicalCodes(),
              "a legacy number used as a raw status code would collide with "
              "an absl::StatusCode");

// Returns the only row whose absl code is `code`, or nullptr when no row or
// several rows use it.
const ErrorInfo* FindRowWithOwnStatusCode(absl::StatusCode code) {
  const ErrorInfo* found = nullptr;
  for (const ErrorInfo& info : kErrorTable) {
    if (info.status_code != code) continue;
    if (found != nullptr) return nullptr;
    found = &info;
  }
  return found;
}

}  // namespace

const ErrorInfo& GetErrorInfo(ErrorCode code) {
  for (const ErrorInfo& info : kErrorTable) {
    if (info.code == code) return info;
  }
  // Every enumerator has a row; error_test checks that.
  return GetErrorInfo(ErrorCode::kInternalError);
}

const ErrorInfo* FindErrorByNumber(int number) {
  for (const ErrorInfo& info : kErrorTable) {
    if (info.number == number) return &info;
  }
  return nullptr;
}

const ErrorInfo* FindErrorByName(std::string_view name) {
  for (const ErrorInfo& info : kErrorTable) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

// The error code travels in the status's raw code, not in a payload,
// because absl::Status payloads are absl::Cord values: setting and reading
// one added about 9 KB of code to the browser module.
absl::Status MakeError(ErrorCode code, absl::string_view message) {
  const ErrorInfo& info = GetErrorInfo(code);
  if (FindRowWithOwnStatusCode(info.status_code) == &info) {
    return absl::Status(info.status_code, message);
  }
  return absl::Status(static_cast<absl::StatusCode>(info.number), message);
}

ErrorCode GetErrorCode(const absl::Status& status) {
  const ErrorInfo* info = FindErrorByNumber(status.raw_code());
  if (info == nullptr) info = FindRowWithOwnStatusCode(status.code());
  return info == nullptr ? ErrorCode::kInternalError : info->code;
}

}  // namespace sessioncore
