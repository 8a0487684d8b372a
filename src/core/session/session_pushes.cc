// Inbound frames: responses go to the request tracker, and each server
// push has one handler that updates the registry and emits the events.
#include <algorithm>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "core/session/client_session.h"
#include "core/session/event_payloads.h"
namespace sessioncore::session {
namespace {

StreamDestroyedReason StreamReasonFor(DisconnectReason reason) {
  switch (reason) {
    case DisconnectReason::kClientDisconnected:
      return StreamDestroyedReason::kClientDisconnected;
    case DisconnectReason::kForceDisconnected:
      return StreamDestroyedReason::kForceDisconnected;
    case DisconnectReason::kNetworkDisconnected:
      return StreamDestroyedReason::kNetworkDisconnected;
  }
  return StreamDestroyedReason::kClientDisconnected;
}

protocol::StreamPropertyValue GetProperty(const Stream& stream,
                                          protocol::StreamProperty property) {
  switch (property) {
    case protocol::StreamProperty::kHasAudio:
      return stream.has_audio;
    case protocol::StreamProperty::kHasVideo:
      return stream.has_video;
    case protocol::StreamProperty::kHasCaptions:
      return stream.has_captions;
    case protocol::StreamProperty::kVideoDimensions:
      return stream.video_dimensions;
  }
  return false;
}

void SetProperty(Stream& stream, protocol::StreamProperty property,
                 const protocol::StreamPropertyValue& value) {
  const bool* flag = std::get_if<bool>(&value);
  const auto* dimensions = std::get_if<VideoDimensions>(&value);
  switch (property) {
    case protocol::StreamProperty::kHasAudio:
      if (flag != nullptr) stream.has_audio = *flag;
      return;
    case protocol::StreamProperty::kHasVideo:
      if (flag != nullptr) stream.has_video = *flag;
      return;
    case protocol::StreamProperty::kHasCaptions:
      if (flag != nullptr) stream.has_captions = *flag;
      return;
    case protocol::StreamProperty::kVideoDimensions:
      if (dimensions != nullptr) stream.video_dimensions = *dimensions;
      return;
  }
}

bool IsPush(const protocol::ServerMessage& message) {
  return !std::holds_alternative<protocol::Response>(message);
}

}  // namespace

void ClientSession::OnSocketMessage(std::string_view text) {
  if (socket_ != SocketState::kOpen || destroyed_) return;
  missed_heartbeats_ = 0;
  absl::StatusOr<protocol::ServerFrame> decoded =
      protocol::DecodeServerFrame(text);
  if (!decoded.ok()) {
    LogWarn("dropped a frame from the server that could not be decoded",
            {{"error", ErrorToJson(decoded.status())}});
    out_.Event(EventTarget::kSession, session_id_, "exception",
               ErrorToJson(decoded.status()));
    return;
  }
  if (!AcceptPushSeq(*decoded)) return;
  HandleServerMessage(std::move(decoded->message));
}

// A push numbered at or below the highest seq processed is one the server
// wrote again (a replay the client had already seen) and is dropped.
bool ClientSession::AcceptPushSeq(const protocol::ServerFrame& frame) {
  if (frame.seq == 0) return true;
  if (frame.seq <= last_push_seq_) {
    LogWarn("dropped a push that was already processed",
            {{"seq", frame.seq},
             {"lastSeq", last_push_seq_},
             {"type", protocol::MessageType(frame.message)}});
    return false;
  }
  last_push_seq_ = frame.seq;
  return true;
}

void ClientSession::HandleServerMessage(protocol::ServerMessage message) {
  // Pushes describe a session this client is part of; before the snapshot
  // and after leaving there is nothing to update, except that the server
  // may still say why it closes the socket. While resuming, the server
  // replays the pushes the client missed; they update the registry and
  // their events are held until the resume snapshot.
  bool is_disconnected_push =
      std::holds_alternative<protocol::DisconnectedPush>(message);
  bool resuming =
      state_.Is(SessionState::kReconnecting) && socket_ == SocketState::kOpen;
  if (IsPush(message) && !state_.Is(SessionState::kConnected) && !resuming &&
      !is_disconnected_push) {
    LogWarn("ignored a push outside the connected state",
            {{"type", protocol::MessageType(message)},
             {"state", SessionStateName(state_.state())}});
    return;
  }
  std::visit([this](const auto& typed) { Handle(typed); }, message);
}

void ClientSession::Handle(const protocol::Response& response) {
  absl::StatusOr<protocol::ResponseResult> outcome =
      std::holds_alternative<protocol::WireError>(response.outcome)
          ? absl::StatusOr<protocol::ResponseResult>(protocol::ToStatus(
                std::get<protocol::WireError>(response.outcome)))
          : absl::StatusOr<protocol::ResponseResult>(
                std::get<protocol::ResponseResult>(response.outcome));
  if (!requests_.Resolve(response.id, std::move(outcome))) {
    LogWarn("response to an unknown request id", {{"id", response.id}});
  }
}

void ClientSession::Handle(const protocol::ConnectionCreatedPush& push) {
  AnnounceConnection(push.connection);
}

void ClientSession::AnnounceConnection(const Connection& connection) {
  if (registry_.IsLocalConnection(connection.connection_id)) return;
  if (!registry_.AddConnection(connection)) return;
  if (options_.connection_events_suppressed) return;
  out_.Event(EventTarget::kSession, session_id_, "connectionCreated",
             ConnectionEventPayload(connection));
}

// A connection's streams end before the connection itself, so that
// streamDestroyed always precedes connectionDestroyed.
void ClientSession::Handle(const protocol::ConnectionDestroyedPush& push) {
  for (const std::string& stream_id :
       registry_.StreamIdsOf(push.connection_id)) {
    DestroyStream(stream_id, StreamReasonFor(push.reason));
  }
  std::optional<Connection> removed =
      registry_.RemoveConnection(push.connection_id);
  if (!removed.has_value() || options_.connection_events_suppressed) return;
  out_.Event(EventTarget::kSession, session_id_, "connectionDestroyed",
             ConnectionDestroyedPayload(*removed, push.reason));
}

void ClientSession::Handle(const protocol::StreamCreatedPush& push) {
  AnnounceStream(push.stream);
}

// The local connection's streams are announced by the publish result as a
// Publisher event, never as a Session streamCreated.
void ClientSession::AnnounceStream(const protocol::StreamInfo& info) {
  if (registry_.IsLocalConnection(info.connection.connection_id)) return;
  AnnounceConnection(info.connection);
  protocol::StreamInfo stored = info;
  stored.stream.connection_id = info.connection.connection_id;
  if (!registry_.AddStream(stored)) return;
  out_.Event(EventTarget::kSession, session_id_, "streamCreated",
             StreamEventPayload(stored));
}

void ClientSession::Handle(const protocol::StreamDestroyedPush& push) {
  DestroyStream(push.stream_id, push.reason);
}

void ClientSession::DestroyStream(std::string_view stream_id,
                                  StreamDestroyedReason reason) {
  std::optional<protocol::StreamInfo> removed =
      registry_.RemoveStream(stream_id);
  if (!removed.has_value()) return;
  if (registry_.IsLocalConnection(removed->connection.connection_id)) {
    DestroyLocalStream(*removed, reason);
    return;
  }
  int64_t event_id =
      out_.Event(EventTarget::kSession, session_id_, "streamDestroyed",
                 StreamDestroyedPayload(*removed, reason), /*cancelable=*/true);
  PendingDefault action{PendingDefault::Kind::kDestroySubscribersOfStream,
                        std::string(stream_id),
                        std::string(StreamDestroyedReasonName(reason)),
                        {},
                        {}};
  pending_defaults_[event_id] = std::move(action);
}

void ClientSession::DestroyLocalStream(const protocol::StreamInfo& info,
                                       StreamDestroyedReason reason) {
  PublisherRecord* publisher =
      media_.FindPublisherOfStream(info.stream.stream_id);
  if (publisher == nullptr) return;
  std::string publisher_id = publisher->publisher_id;
  media_.publishers().erase(publisher_id);
  peers_.CloseOwnedBy(publisher_id, out_);
  out_.Event(EventTarget::kPublisher, publisher_id, "streamDestroyed",
             StreamDestroyedPayload(info, reason));
  LogInfo("stopped publishing",
          {{"streamId", info.stream.stream_id},
           {"reason", StreamDestroyedReasonName(reason)}});
}

void ClientSession::Handle(const protocol::StreamPropertyChangedPush& push) {
  protocol::StreamInfo* info = registry_.FindStream(push.stream_id);
  if (info == nullptr) return;
  protocol::StreamPropertyValue old_value =
      GetProperty(info->stream, push.property);
  if (old_value == push.new_value) return;
  SetProperty(info->stream, push.property, push.new_value);
  out_.Event(EventTarget::kSession, session_id_, "streamPropertyChanged",
             {{"stream", StreamJson(*info)},
              {"changedProperty", protocol::StreamPropertyName(push.property)},
              {"oldValue", StreamPropertyValueJson(old_value)},
              {"newValue", StreamPropertyValueJson(push.new_value)}});
  // The server turning off the audio of this client's own stream, which
  // the application did not ask for, is a forced mute (forceMuteStream).
  PublisherRecord* publisher = media_.FindPublisherOfStream(push.stream_id);
  if (publisher != nullptr &&
      push.property == protocol::StreamProperty::kHasAudio &&
      push.new_value == protocol::StreamPropertyValue(false)) {
    ApplyForcedMute(*publisher);
  }
}

void ClientSession::Handle(const protocol::SignalPush& push) {
  Json from = nullptr;
  if (push.from.has_value()) {
    const Connection* sender = registry_.FindConnection(*push.from);
    // With connection events suppressed the sender may be unknown here;
    // its ID is all the session has.
    from = sender != nullptr ? ConnectionJson(*sender)
                             : ConnectionJson(Connection{*push.from, 0, ""});
  }
  Json payload = {{"type", push.type}, {"data", push.data}, {"from", from}};
  out_.Event(EventTarget::kSession, session_id_, "signal", payload);
  if (push.type.empty()) return;
  out_.Event(EventTarget::kSession, session_id_,
             absl::StrCat("signal:", push.type), payload);
}

void ClientSession::Handle(const protocol::MuteForcedPush& push) {
  bool changed = !(registry_.force_mute() == push.state);
  registry_.SetForceMute(push.state);
  if (changed) {
    out_.Event(EventTarget::kSession, session_id_, "muteForced",
               {{"active", push.state.active},
                {"excludedStreamIds", push.state.excluded_stream_ids}});
  }
  if (!push.state.active) return;
  const auto& excluded = push.state.excluded_stream_ids;
  for (auto& [id, publisher] : media_.publishers()) {
    if (publisher.stream_id.empty()) continue;
    if (std::find(excluded.begin(), excluded.end(), publisher.stream_id) !=
        excluded.end()) {
      continue;
    }
    ApplyForcedMute(publisher);
  }
}

void ClientSession::Handle(const protocol::ArchiveStartedPush& push) {
  if (!registry_.AddArchive(push.archive)) return;
  out_.Event(EventTarget::kSession, session_id_, "archiveStarted",
             {{"id", push.archive.archive_id}, {"name", push.archive.name}});
}

void ClientSession::Handle(const protocol::ArchiveStoppedPush& push) {
  std::optional<protocol::ArchiveInfo> removed =
      registry_.RemoveArchive(push.archive_id);
  if (!removed.has_value()) return;
  out_.Event(EventTarget::kSession, session_id_, "archiveStopped",
             {{"id", removed->archive_id}, {"name", removed->name}});
}

void ClientSession::Handle(const protocol::DisconnectedPush& push) {
  OnServerDisconnected(push);
}

void ClientSession::Handle(const protocol::ErrorPush& push) {
  absl::Status error = protocol::ToStatus(push.error);
  LogWarn("the server reported an error", {{"error", ErrorToJson(error)}});
  out_.Event(EventTarget::kSession, session_id_, "exception",
             ErrorToJson(error));
}

}  // namespace sessioncore::session
