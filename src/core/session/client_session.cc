// Construction, request plumbing, queries, timers and default actions of
// ClientSession. The other parts live in session_lifecycle.cc,
// session_reconnect.cc, session_pushes.cc, session_media.cc and
// session_calls.cc.
#include "core/session/client_session.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/protocol/codec.h"
#include "core/session/event_payloads.h"

namespace sessioncore::session {

ClientSession::ClientSession(std::string session_id, std::string api_key,
                             SessionOptions options, std::string server_url,
                             LogSink* log_sink)
    : session_id_(std::move(session_id)),
      api_key_(std::move(api_key)),
      options_(std::move(options)),
      server_url_(std::move(server_url)),
      log_sink_(log_sink) {}

Json ClientSession::GetSessionInfo() const {
  const auto& local = registry_.local_connection();
  return {{"sessionId", session_id_},
          {"connection", local.has_value() ? ConnectionJson(*local) : Json()},
          {"connectionStatus", SessionStateName(state_.state())}};
}

absl::StatusOr<Json> ClientSession::GetCapabilities() const {
  CallDecision decision =
      DecideCall(SessionCall::kGetCapabilities, state_.state());
  if (decision.admission == Admission::kReject) return decision.error;
  return CapabilitiesJson(registry_.capabilities());
}

void ClientSession::OnTimer(int64_t timer_id) {
  std::optional<FiredTimer> fired = timers_.Fire(timer_id);
  if (!fired.has_value()) return;
  switch (fired->purpose) {
    case TimerPurpose::kConnectTimeout:
      FailConnect(
          MakeError(ErrorCode::kConnectionTimeout,
                    absl::StrCat("no session snapshot from ", server_url_,
                                 " within ", kConnectTimeoutMs, " ms")));
      return;
    case TimerPurpose::kHeartbeat:
      OnHeartbeatTimer();
      return;
    case TimerPurpose::kReconnectAttempt:
      OnResumeAttemptTimer();
      return;
    case TimerPurpose::kReconnectWindow:
      LogWarn("reconnect window ended without a resume",
              {{"reconnectWindowMs", reconnect_window_ms_}});
      Finalize(DisconnectReason::kNetworkDisconnected);
      return;
    case TimerPurpose::kDisconnectTimeout:
      Finalize(DisconnectReason::kClientDisconnected);
      return;
    case TimerPurpose::kIceRestart:
      OnIceRestartTimer(fired->subject);
      return;
  }
}

void ClientSession::PreventDefault(int64_t event_id) {
  pending_defaults_.erase(event_id);
}

void ClientSession::DefaultAction(int64_t event_id) {
  auto it = pending_defaults_.find(event_id);
  if (it == pending_defaults_.end()) return;
  PendingDefault action = std::move(it->second);
  pending_defaults_.erase(it);
  RunDefault(action);
}

void ClientSession::Destroy() {
  if (destroyed_) return;
  if (!state_.Is(SessionState::kDisconnected)) Finalize(std::nullopt);
  pending_defaults_.clear();
  destroyed_ = true;
}

void ClientSession::SendRequest(protocol::ClientMessage message,
                                ResponseCallback on_response) {
  std::string type(protocol::MessageType(message));
  int64_t id = requests_.Start(type, std::move(on_response));
  std::string frame =
      protocol::Encode(protocol::ClientRequest{id, std::move(message)});
  requests_.KeepFrame(id, frame);
  out_.Send(std::move(frame));
}

void ClientSession::SendSimpleRequest(protocol::ClientMessage message,
                                      int64_t handle) {
  SendRequest(std::move(message),
              [this, handle](absl::StatusOr<protocol::ResponseResult> result) {
                if (result.ok()) {
                  out_.CompleteOk(handle, Json::Object());
                } else {
                  out_.CompleteError(handle, result.status());
                }
              });
}

bool ClientSession::RejectIfNotAllowed(SessionCall call, int64_t handle) {
  if (destroyed_) {
    out_.CompleteError(
        handle, MakeError(ErrorCode::kNotConnected,
                          absl::StrCat(SessionCallName(call),
                                       "() was called after Destroy()")));
    return true;
  }
  CallDecision decision = DecideCall(call, state_.state());
  if (decision.admission == Admission::kReject) {
    out_.CompleteError(handle, decision.error);
    return true;
  }
  if (decision.admission == Admission::kNoOpSuccess) {
    out_.CompleteOk(handle, Json::Object());
    return true;
  }
  return false;
}

bool ClientSession::RejectWithoutCapability(bool capable, ErrorCode code,
                                            std::string_view call,
                                            int64_t handle) {
  if (capable) return false;
  std::string role(RoleName(registry_.role().value_or(Role::kPublisher)));
  out_.CompleteError(
      handle, MakeError(code, absl::StrCat(call,
                                           "() is not allowed for the "
                                           "role ",
                                           role, " of this connection")));
  return true;
}

void ClientSession::LogInfo(std::string_view message, Json context) {
  WriteLog(LogLevel::kInfo, message, std::move(context));
}

void ClientSession::LogWarn(std::string_view message, Json context) {
  WriteLog(LogLevel::kWarn, message, std::move(context));
}

// A sink gets one field per context key: strings as they are, other values
// as JSON text.
void ClientSession::WriteLog(LogLevel level, std::string_view message,
                             Json context) {
  if (!context.IsObject()) context = Json::Object();
  context["sessionId"] = session_id_;
  if (log_sink_ == nullptr) {
    out_.Log(LogLevelName(level), message, std::move(context));
    return;
  }
  RedactLogContext(context);
  std::vector<LogField> fields;
  for (const auto& [key, value] : context.Members()) {
    fields.push_back({key, value.IsString() ? value.AsString() : value.Dump()});
  }
  Logger(log_sink_, "session").LogFields(level, message, std::move(fields));
}

}  // namespace sessioncore::session
