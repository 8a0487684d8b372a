// Signals, moderation and issue reports: requests whose result the
// session only relays to the caller.
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/session/client_session.h"
#include "core/session/signal_request.h"
namespace sessioncore::session {

void ClientSession::Signal(const Json& signal, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kSignal, handle)) return;
  absl::StatusOr<ParsedSignal> parsed = ParseSignal(signal);
  if (!parsed.ok()) {
    out_.CompleteError(handle, parsed.status());
    return;
  }
  // With connection events suppressed the session does not know every
  // connection, so only the server can tell whether `to` exists.
  const std::optional<std::string>& to = parsed->request.to;
  if (to.has_value() && !options_.connection_events_suppressed &&
      registry_.FindConnection(*to) == nullptr) {
    out_.CompleteError(handle,
                       MakeError(ErrorCode::kNotFound,
                                 absl::StrCat("signal target connection ", *to,
                                              " is not in the session")));
    return;
  }
  if (state_.Is(SessionState::kReconnecting)) {
    if (!parsed->retry_after_reconnect) {
      out_.CompleteError(handle,
                         MakeError(ErrorCode::kNotConnected,
                                   "signal() was called while reconnecting "
                                   "with retryAfterReconnect false"));
      return;
    }
    queued_signals_.push_back(QueuedSignal{std::move(parsed->request), handle});
    return;
  }
  SendSimpleRequest(std::move(parsed->request), handle);
}

void ClientSession::ForceMuteAll(
    const std::vector<std::string>& excluded_stream_ids, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kForceMuteAll, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().force_mute,
                              ErrorCode::kUnableToForceMute, "forceMuteAll",
                              handle)) {
    return;
  }
  SendSimpleRequest(protocol::ForceMuteAllRequest{excluded_stream_ids}, handle);
}

void ClientSession::ForceMuteStream(std::string_view stream_id,
                                    int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kForceMuteStream, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().force_mute,
                              ErrorCode::kUnableToForceMute, "forceMuteStream",
                              handle)) {
    return;
  }
  SendSimpleRequest(protocol::ForceMuteStreamRequest{std::string(stream_id)},
                    handle);
}

void ClientSession::DisableForceMute(int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kDisableForceMute, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().force_mute,
                              ErrorCode::kUnableToForceMute, "disableForceMute",
                              handle)) {
    return;
  }
  SendSimpleRequest(protocol::DisableForceMuteRequest{}, handle);
}

void ClientSession::ForceDisconnect(std::string_view connection_id,
                                    int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kForceDisconnect, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().force_disconnect,
                              ErrorCode::kUnableToForceDisconnect,
                              "forceDisconnect", handle)) {
    return;
  }
  SendSimpleRequest(
      protocol::ForceDisconnectRequest{std::string(connection_id)}, handle);
}

void ClientSession::ForceUnpublish(std::string_view stream_id, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kForceUnpublish, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().force_unpublish,
                              ErrorCode::kUnableToForceUnpublish,
                              "forceUnpublish", handle)) {
    return;
  }
  SendSimpleRequest(protocol::ForceUnpublishRequest{std::string(stream_id)},
                    handle);
}

void ClientSession::ReportIssue(std::string_view description, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kReportIssue, handle)) return;
  protocol::ReportIssueRequest request;
  if (!description.empty()) request.description = std::string(description);
  SendRequest(
      std::move(request),
      [this, handle](absl::StatusOr<protocol::ResponseResult> outcome) {
        const auto* result =
            outcome.ok() ? std::get_if<protocol::ReportIssueResult>(&*outcome)
                         : nullptr;
        if (result != nullptr) {
          out_.CompleteOk(handle, {{"issueId", result->issue_id}});
          return;
        }
        out_.CompleteError(handle,
                           outcome.ok()
                               ? MakeError(ErrorCode::kUnexpectedServerResponse,
                                           "the reportIssue result carries "
                                           "no issueId")
                               : outcome.status());
      });
}

}  // namespace sessioncore::session
