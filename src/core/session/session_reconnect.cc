// Heartbeats, loss detection and resuming a ClientSession after a dropped
// connection.
//
// A heartbeat request goes out every heartbeatIntervalMs (2 s by default).
// Any frame from the server counts as a sign of life; after
// kMissedHeartbeatsBeforeLoss intervals without one (about 6 s) the
// connection counts as lost. The session then emits sessionReconnecting
// once, and retries resume on a fresh socket after 0.5, 1, 2, then every
// 4 s until reconnectWindowMs (30 s by default) has passed since the loss.
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/session/client_session.h"
#include "core/session/reconnect_schedule.h"
namespace sessioncore::session {

void ClientSession::StartHeartbeat() {
  missed_heartbeats_ = 0;
  timers_.Arm(TimerPurpose::kHeartbeat, heartbeat_interval_ms_, out_);
}

void ClientSession::OnHeartbeatTimer() {
  if (!state_.Is(SessionState::kConnected)) return;
  ++missed_heartbeats_;
  if (missed_heartbeats_ >= kMissedHeartbeatsBeforeLoss) {
    OnConnectionLost(absl::StrCat(
        "no frame from the server for ", missed_heartbeats_,
        " heartbeat intervals of ", heartbeat_interval_ms_, " ms"));
    return;
  }
  SendRequest(protocol::HeartbeatRequest{last_push_seq_},
              [](absl::StatusOr<protocol::ResponseResult>) {});
  timers_.Arm(TimerPurpose::kHeartbeat, heartbeat_interval_ms_, out_);
}

void ClientSession::OnConnectionLost(std::string_view cause) {
  LogWarn("connection lost", {{"cause", cause}});
  timers_.Cancel(TimerPurpose::kHeartbeat, out_);
  CloseSocket();
  SetState(SessionState::kReconnecting);
  // A request in flight may or may not have reached the server. It stays
  // pending and goes out again with the same id after the resume; the
  // server answers an id it has seen from memory. Heartbeats are not worth
  // resending.
  requests_.FailType(
      "heartbeat",
      MakeError(ErrorCode::kNotConnected,
                absl::StrCat("the connection was lost (", cause, ")")));
  requests_.HoldAll();
  if (reconnect_window_ms_ <= 0 || resume_key_.empty()) {
    Finalize(DisconnectReason::kNetworkDisconnected);
    return;
  }
  out_.Event(EventTarget::kSession, session_id_, "sessionReconnecting",
             Json::Object());
  resume_attempt_ = 0;
  timers_.Arm(TimerPurpose::kReconnectWindow, reconnect_window_ms_, out_);
  ScheduleResumeAttempt();
}

void ClientSession::ScheduleResumeAttempt() {
  if (!state_.Is(SessionState::kReconnecting)) return;
  int64_t delay_ms = ResumeBackoffMs(resume_attempt_++);
  timers_.Arm(TimerPurpose::kReconnectAttempt, delay_ms, out_);
}

void ClientSession::OnResumeAttemptTimer() {
  if (!state_.Is(SessionState::kReconnecting)) return;
  LogInfo("resume attempt", {{"attempt", resume_attempt_}});
  socket_ = SocketState::kOpening;
  out_.OpenSocket(server_url_);
}

void ClientSession::SendResumeRequest() {
  protocol::ResumeRequest request;
  request.session_id = session_id_;
  request.connection_id = registry_.local_connection().has_value()
                              ? registry_.local_connection()->connection_id
                              : std::string();
  request.resume_key = resume_key_;
  request.last_seq = last_push_seq_;
  out_.HoldEvents();
  SendRequest(std::move(request),
              [this](absl::StatusOr<protocol::ResponseResult> outcome) {
                OnResumeResult(std::move(outcome));
              });
}

void ClientSession::OnResumeResult(
    absl::StatusOr<protocol::ResponseResult> outcome) {
  if (!state_.Is(SessionState::kReconnecting)) return;
  if (!outcome.ok()) {
    // A lost socket fails the request with kConnectFailed; HandleSocketLoss
    // schedules the next attempt. Any other error is the server's answer:
    // it no longer holds the connection.
    if (GetErrorCode(outcome.status()) == ErrorCode::kConnectFailed) return;
    LogWarn("resume rejected", {{"error", ErrorToJson(outcome.status())}});
    Finalize(DisconnectReason::kNetworkDisconnected);
    return;
  }
  const auto* snapshot = std::get_if<protocol::Snapshot>(&*outcome);
  if (snapshot == nullptr) {
    LogWarn("resume response carries no session snapshot");
    Finalize(DisconnectReason::kNetworkDisconnected);
    return;
  }
  FinishResume(*snapshot);
}

// Order: sessionReconnected, the events of the pushes replayed before the
// snapshot, then the events for the differences between the snapshot and
// the registry that the replay did not cover.
void ClientSession::FinishResume(const protocol::Snapshot& snapshot) {
  timers_.Cancel(TimerPurpose::kReconnectWindow, out_);
  timers_.Cancel(TimerPurpose::kReconnectAttempt, out_);
  ApplySessionSettings(snapshot);
  SetState(SessionState::kConnected);
  StartHeartbeat();
  std::vector<Output> replayed = out_.ReleaseHeldEvents();
  out_.Event(EventTarget::kSession, session_id_, "sessionReconnected",
             Json::Object());
  out_.AppendAll(std::move(replayed));
  ReconcileWithSnapshot(snapshot);
  LogInfo("reconnected", {{"attempts", resume_attempt_},
                          {"resentRequests", requests_.held()}});
  for (std::string& frame : requests_.ReleaseHeld()) {
    out_.Send(std::move(frame));
  }
  RestartIceAfterResume();
  SyncPublishersAfterResume();
  FlushQueuedSignals();
}

// Discards the events of replayed pushes when the resume does not finish:
// the session ends and its registry is cleared.
void ClientSession::DropHeldEvents() {
  for (const Output& event : out_.ReleaseHeldEvents()) {
    pending_defaults_.erase(event.fields["eventId"].AsInteger());
  }
}

// Sends the stream properties (audio, video, video dimensions) that the
// application changed while the session was reconnecting and that differ
// from the stream as the server has it now.
void ClientSession::SyncPublishersAfterResume() {
  for (auto& [id, publisher] : media_.publishers()) {
    std::optional<VideoDimensions> dimensions;
    dimensions.swap(publisher.pending_dimensions);
    const protocol::StreamInfo* info =
        registry_.FindStream(publisher.stream_id);
    if (info == nullptr) continue;
    const Stream& stream = info->stream;
    if (publisher.has_audio != stream.has_audio) {
      SendStreamUpdate(publisher.stream_id, protocol::StreamProperty::kHasAudio,
                       publisher.has_audio);
    }
    if (publisher.has_video != stream.has_video) {
      SendStreamUpdate(publisher.stream_id, protocol::StreamProperty::kHasVideo,
                       publisher.has_video);
    }
    if (dimensions.has_value() && !(*dimensions == stream.video_dimensions)) {
      SendStreamUpdate(publisher.stream_id,
                       protocol::StreamProperty::kVideoDimensions, *dimensions);
    }
  }
}

void ClientSession::SendStreamUpdate(const std::string& stream_id,
                                     protocol::StreamProperty property,
                                     protocol::StreamPropertyValue value) {
  SendRequest(
      protocol::UpdateStreamRequest{stream_id, property, std::move(value)},
      [this](absl::StatusOr<protocol::ResponseResult> outcome) {
        if (outcome.ok()) return;
        LogWarn("the server rejected a stream property change",
                {{"error", ErrorToJson(outcome.status())}});
      });
}

void ClientSession::FlushQueuedSignals() {
  std::vector<QueuedSignal> queued;
  queued.swap(queued_signals_);
  for (QueuedSignal& signal : queued) {
    SendSimpleRequest(std::move(signal.request), signal.handle);
  }
}

void ClientSession::FailQueuedSignals(const absl::Status& error) {
  std::vector<QueuedSignal> queued;
  queued.swap(queued_signals_);
  for (const QueuedSignal& signal : queued) {
    out_.CompleteError(signal.handle, error);
  }
}

}  // namespace sessioncore::session
