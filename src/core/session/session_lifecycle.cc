// Connecting, disconnecting and tearing down a ClientSession.
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/session/client_session.h"
#include "core/session/event_payloads.h"
namespace sessioncore::session {
namespace {

IceServer ToOptionsIceServer(const protocol::IceServer& server) {
  IceServer converted;
  converted.urls = server.urls;
  converted.username = server.username;
  converted.credential = server.credential;
  return converted;
}

DisconnectReason SessionReasonFor(protocol::ServerDisconnectReason reason) {
  // Only a moderator's removal is forceDisconnected. Every other server
  // decision (expired token, slow consumer, shutdown) is reported as
  // networkDisconnected, the reason OpenTok.js gives for a lost connection.
  return reason == protocol::ServerDisconnectReason::kForceDisconnected
             ? DisconnectReason::kForceDisconnected
             : DisconnectReason::kNetworkDisconnected;
}

}  // namespace

void ClientSession::Connect(std::string_view token, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kConnect, handle)) return;
  if (token.empty()) {
    out_.CompleteError(handle,
                       MakeError(ErrorCode::kInvalidParameter,
                                 "token is empty; pass the token that your "
                                 "server generated for this session"));
    return;
  }
  if (state_.Is(SessionState::kDisconnecting)) {
    Finalize(DisconnectReason::kClientDisconnected);
  }
  StartConnect(token, handle);
}

void ClientSession::StartConnect(std::string_view token, int64_t handle) {
  token_ = std::string(token);
  connect_handle_ = handle;
  SetState(SessionState::kConnecting);
  socket_ = SocketState::kOpening;
  out_.OpenSocket(server_url_);
  timers_.Arm(TimerPurpose::kConnectTimeout, kConnectTimeoutMs, out_);
}

void ClientSession::OnSocketOpen() {
  if (socket_ != SocketState::kOpening) return;
  socket_ = SocketState::kOpen;
  if (state_.Is(SessionState::kConnecting)) {
    SendConnectRequest();
  } else if (state_.Is(SessionState::kReconnecting)) {
    SendResumeRequest();
  }
}

void ClientSession::SendConnectRequest() {
  protocol::ConnectRequest request;
  request.session_id = session_id_;
  request.token = std::move(token_);
  token_.clear();
  request.connection_events_suppressed = options_.connection_events_suppressed;
  request.client.version = std::string(kClientVersion);
  SendRequest(std::move(request),
              [this](absl::StatusOr<protocol::ResponseResult> outcome) {
                OnConnectResult(std::move(outcome));
              });
}

void ClientSession::OnConnectResult(
    absl::StatusOr<protocol::ResponseResult> outcome) {
  if (!connect_handle_.has_value()) return;
  if (!outcome.ok()) {
    FailConnect(outcome.status());
    return;
  }
  const auto* snapshot = std::get_if<protocol::Snapshot>(&*outcome);
  if (snapshot == nullptr) {
    FailConnect(MakeError(ErrorCode::kUnexpectedServerResponse,
                          "the connect response carries no session "
                          "snapshot"));
    return;
  }
  timers_.Cancel(TimerPurpose::kConnectTimeout, out_);
  ApplySnapshot(*snapshot);
  SetState(SessionState::kConnected);
  StartHeartbeat();
  EmitJoinEvents(*snapshot);
}

void ClientSession::ApplySnapshot(const protocol::Snapshot& snapshot) {
  ApplySessionSettings(snapshot);
  registry_.SetForceMute(snapshot.force_mute);
}

// Takes what a connect or resume snapshot says about the local connection
// and the server's settings; the session's contents are left alone.
void ClientSession::ApplySessionSettings(const protocol::Snapshot& snapshot) {
  registry_.SetLocal(snapshot.connection, snapshot.role, snapshot.capabilities);
  server_ice_servers_.clear();
  for (const protocol::IceServer& server : snapshot.ice_servers) {
    server_ice_servers_.push_back(ToOptionsIceServer(server));
  }
  heartbeat_interval_ms_ = snapshot.heartbeat_interval_ms;
  reconnect_window_ms_ = snapshot.reconnect_window_ms;
  resume_key_ = snapshot.resume_key;
}

// Order: sessionConnected, the connect completion, connectionCreated for
// the local connection and then for the others in snapshot order, then
// streamCreated per remote stream (each preceded by connectionCreated of
// its connection if that was not announced yet), then archiveStarted.
void ClientSession::EmitJoinEvents(const protocol::Snapshot& snapshot) {
  const Connection& local = snapshot.connection;
  out_.Event(
      EventTarget::kSession, session_id_, "sessionConnected",
      {{"sessionId", session_id_}, {"connection", ConnectionJson(local)}});
  int64_t handle = *connect_handle_;
  connect_handle_.reset();
  out_.CompleteOk(handle,
                  {{"sessionId", session_id_},
                   {"connection", ConnectionJson(local)},
                   {"capabilities", CapabilitiesJson(snapshot.capabilities)}});
  LogInfo("connected", {{"connectionId", local.connection_id}});
  if (!options_.connection_events_suppressed) {
    out_.Event(EventTarget::kSession, session_id_, "connectionCreated",
               ConnectionEventPayload(local));
  }
  for (const Connection& connection : snapshot.connections) {
    AnnounceConnection(connection);
  }
  for (const protocol::StreamInfo& stream : snapshot.streams) {
    AnnounceStream(stream);
  }
  for (const protocol::ArchiveInfo& archive : snapshot.archives) {
    Handle(protocol::ArchiveStartedPush{archive});
  }
}

void ClientSession::FailConnect(const absl::Status& error) {
  if (!connect_handle_.has_value()) return;
  int64_t handle = *connect_handle_;
  connect_handle_.reset();
  LogWarn("connect failed", {{"error", ErrorToJson(error)}});
  Finalize(std::nullopt);
  out_.CompleteError(handle, error);
}

void ClientSession::Disconnect(int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kDisconnect, handle)) return;
  if (state_.Is(SessionState::kConnected)) {
    BeginDisconnect(handle);
    return;
  }
  // Connecting or reconnecting: tell the server when a socket is up so it
  // drops the connection now instead of holding it for the reconnect
  // window, then finish without waiting for its answer.
  if (socket_ == SocketState::kOpen) {
    SendRequest(protocol::DisconnectRequest{},
                [](absl::StatusOr<protocol::ResponseResult>) {});
  }
  disconnect_handles_.push_back(handle);
  Finalize(DisconnectReason::kClientDisconnected);
}

void ClientSession::BeginDisconnect(int64_t handle) {
  SetState(SessionState::kDisconnecting);
  disconnect_handles_.push_back(handle);
  timers_.Cancel(TimerPurpose::kHeartbeat, out_);
  SendRequest(protocol::DisconnectRequest{},
              [this](absl::StatusOr<protocol::ResponseResult>) {
                if (state_.Is(SessionState::kDisconnecting)) {
                  Finalize(DisconnectReason::kClientDisconnected);
                }
              });
  timers_.Arm(TimerPurpose::kDisconnectTimeout, kDisconnectTimeoutMs, out_);
}

void ClientSession::OnSocketClosed(int code, std::string_view reason) {
  if (socket_ == SocketState::kNone) return;
  socket_ = SocketState::kNone;
  HandleSocketLoss(absl::StrCat("the socket closed with code ", code,
                                reason.empty() ? "" : ": ", reason));
}

void ClientSession::OnSocketError() {
  if (socket_ == SocketState::kNone) return;
  // Tell the glue to drop this socket, so its later close event is not
  // mistaken for one of the next socket.
  CloseSocket();
  HandleSocketLoss("the socket reported an error");
}

void ClientSession::HandleSocketLoss(std::string_view cause) {
  switch (state_.state()) {
    case SessionState::kConnecting:
      FailConnect(MakeError(
          ErrorCode::kConnectFailed,
          absl::StrCat("could not connect to ", server_url_, ": ", cause)));
      return;
    case SessionState::kConnected:
      OnConnectionLost(cause);
      return;
    case SessionState::kReconnecting:
      // Only the resume request went out on this socket; the requests
      // held since the drop wait for the next attempt.
      requests_.FailUnheld(MakeError(ErrorCode::kConnectFailed, cause));
      ScheduleResumeAttempt();
      return;
    case SessionState::kDisconnecting:
      Finalize(DisconnectReason::kClientDisconnected);
      return;
    case SessionState::kDisconnected:
      return;
  }
}

void ClientSession::OnServerDisconnected(
    const protocol::DisconnectedPush& push) {
  std::string_view reason = protocol::ServerDisconnectReasonName(push.reason);
  LogWarn("the server ended the connection",
          {{"reason", reason}, {"message", push.message}});
  if (state_.Is(SessionState::kConnecting)) {
    FailConnect(MakeError(ErrorCode::kConnectFailed,
                          absl::StrCat("the server closed the connection (",
                                       reason, "): ", push.message)));
    return;
  }
  Finalize(state_.Is(SessionState::kDisconnecting)
               ? DisconnectReason::kClientDisconnected
               : SessionReasonFor(push.reason));
}

void ClientSession::CloseSocket() {
  if (socket_ == SocketState::kNone) return;
  out_.CloseSocket(1000);
  socket_ = SocketState::kNone;
}

// Ends the session in every state. `event_reason` is the reason for
// sessionDisconnected, which is emitted only when the session had
// connected; nullopt suppresses the event (failed connect, Destroy()).
void ClientSession::Finalize(std::optional<DisconnectReason> event_reason) {
  bool was_connected = state_.Is(SessionState::kConnected) ||
                       state_.Is(SessionState::kReconnecting) ||
                       state_.Is(SessionState::kDisconnecting);
  DropHeldEvents();
  timers_.CancelAll(out_);
  CloseSocket();
  if (!state_.Is(SessionState::kDisconnected)) {
    SetState(SessionState::kDisconnected);
  }

  // The connect handle goes first: failing the pending connect request
  // below must not fail the connect a second time.
  if (connect_handle_.has_value()) {
    int64_t handle = *connect_handle_;
    connect_handle_.reset();
    out_.CompleteError(handle, MakeError(ErrorCode::kConnectFailed,
                                         "the connection attempt was "
                                         "cancelled by disconnect()"));
  }
  absl::Status gone =
      MakeError(ErrorCode::kNotConnected,
                "the session disconnected before the request finished");
  requests_.FailAll(gone);
  FailQueuedSignals(gone);

  peers_.CloseAll(out_);
  PendingDefault cleanup{
      PendingDefault::Kind::kDestroyAllMedia, "", "", {}, {}};
  for (const auto& [id, subscriber] : media_.subscribers()) {
    cleanup.subscriber_ids.push_back(id);
  }
  for (const auto& [id, publisher] : media_.publishers()) {
    cleanup.publisher_ids.push_back(id);
  }
  media_.Clear();
  registry_.Clear();
  resume_key_.clear();
  token_.clear();
  missed_heartbeats_ = 0;
  last_push_seq_ = 0;

  if (was_connected && event_reason.has_value()) {
    std::string_view reason = DisconnectReasonName(*event_reason);
    cleanup.reason = std::string(reason);
    int64_t event_id =
        out_.Event(EventTarget::kSession, session_id_, "sessionDisconnected",
                   {{"reason", reason}}, /*cancelable=*/true);
    pending_defaults_[event_id] = std::move(cleanup);
    LogInfo("disconnected", {{"reason", reason}});
  }

  std::vector<int64_t> handles;
  handles.swap(disconnect_handles_);
  for (int64_t handle : handles) {
    out_.CompleteOk(handle, Json::Object());
  }
}

void ClientSession::SetState(SessionState next) {
  SessionState previous = state_.state();
  absl::Status moved = state_.TransitionTo(next);
  if (!moved.ok()) {
    WriteLog(LogLevel::kError, moved.message(), Json::Object());
    return;
  }
  LogInfo("session state changed", {{"from", SessionStateName(previous)},
                                    {"to", SessionStateName(next)}});
}

Json ClientSession::RtcConfiguration() const {
  return ToRtcConfiguration(options_, server_ice_servers_);
}

}  // namespace sessioncore::session
