// Request dispatch and message delivery of a Room.
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
namespace sessioncore::server {

// Calls the handler of each request type. connect and resume never get
// here: ClientHandler sends them to Join() and Resume().
struct Room::RequestVisitor {
  Room& room;
  Member& member;
  int64_t id;

  void operator()(protocol::ConnectRequest&) {
    room.Reject(member, id, "connect",
                MakeError(ErrorCode::kIllegalState,
                          "this socket is already connected"));
  }
  void operator()(protocol::ResumeRequest&) {
    room.Reject(member, id, "resume",
                MakeError(ErrorCode::kIllegalState,
                          "this socket is already connected"));
  }
  void operator()(protocol::HeartbeatRequest& r) {
    room.OnHeartbeat(member, id, r);
  }
  void operator()(protocol::DisconnectRequest&) {
    room.OnDisconnect(member, id);
  }
  void operator()(protocol::PublishRequest& r) {
    room.OnPublish(member, id, r);
  }
  void operator()(protocol::UnpublishRequest& r) {
    room.OnUnpublish(member, id, r);
  }
  void operator()(protocol::UpdateStreamRequest& r) {
    room.OnUpdateStream(member, id, r);
  }
  void operator()(protocol::SubscribeRequest& r) {
    room.OnSubscribe(member, id, r);
  }
  void operator()(protocol::UnsubscribeRequest& r) {
    room.OnUnsubscribe(member, id, r);
  }
  void operator()(protocol::SdpMessage& r) { room.OnSdp(member, id, r); }
  void operator()(protocol::CandidateMessage& r) {
    room.OnCandidate(member, id, r);
  }
  void operator()(protocol::SignalRequest& r) { room.OnSignal(member, id, r); }
  void operator()(protocol::ForceMuteAllRequest& r) {
    room.OnForceMuteAll(member, id, r);
  }
  void operator()(protocol::ForceMuteStreamRequest& r) {
    room.OnForceMuteStream(member, id, r);
  }
  void operator()(protocol::DisableForceMuteRequest&) {
    room.OnDisableForceMute(member, id);
  }
  void operator()(protocol::ForceDisconnectRequest& r) {
    room.OnForceDisconnect(member, id, r);
  }
  void operator()(protocol::ForceUnpublishRequest& r) {
    room.OnForceUnpublish(member, id, r);
  }
  void operator()(protocol::ReportIssueRequest& r) {
    room.OnReportIssue(member, id, r);
  }
  void operator()(protocol::SetPreferredLayerRequest& r) {
    room.OnSetPreferredLayer(member, id, r);
  }
};

void Room::DoHandle(std::shared_ptr<ClientLink> link,
                    protocol::ClientRequest request) {
  Member* member = FindByLink(link.get());
  if (member == nullptr) {
    absl::Status status =
        MakeError(ErrorCode::kNotConnected,
                  absl::StrCat(protocol::MessageType(request.message),
                               " needs a connected session; connect first"));
    LogRejected(nullptr, protocol::MessageType(request.message), status);
    link->Send(MakeFrame(protocol::EncodeError(request.id, status)));
    return;
  }
  // A request id that already has a response came again after a resume,
  // because the client never received that response. Running the request
  // again could deliver a signal twice, so the cached response is resent.
  if (const Frame* cached = FindCachedResponse(*member, request.id)) {
    Log(LogLevel::kInfo, "cached_response_resent",
        {{"session", session_id_},
         {"connection", member->connection.connection_id},
         {"id", std::to_string(request.id)}});
    return link->Send(*cached);
  }
  // Heartbeats are not remembered: doing one twice changes nothing.
  const bool remember =
      !std::holds_alternative<protocol::HeartbeatRequest>(request.message);
  member->handled_request_id = remember ? request.id : 0;
  std::visit(RequestVisitor{*this, *member, request.id}, request.message);
  if (Member* after = FindByLink(link.get())) after->handled_request_id = 0;
}

// A response for a client that went away is dropped: it is remembered, and
// the client sends its request again after the resume.
void Room::Deliver(Member& member, const Frame& frame) {
  if (member.link != nullptr) member.link->Send(frame);
}

void Room::Push(Member& member, const protocol::ServerMessage& message) {
  DeliverPush(member, protocol::Encode(message));
}

// Leave() erases members, so the members that must leave are collected
// during the loop and leave after it.
void Room::PushToAll(const protocol::ServerMessage& message,
                     const std::string& except_id) {
  const std::string text = protocol::Encode(message);
  std::vector<std::string> overflowed;
  for (const auto& [id, member] : members_) {
    if (id != except_id && !NumberAndSend(*member, text)) {
      overflowed.emplace_back(id);
    }
  }
  for (const std::string& id : overflowed) LeaveOverflowed(id);
}

// connectionCreated and connectionDestroyed skip the clients that asked
// for connectionEventsSuppressed.
void Room::PushConnectionEvent(const protocol::ServerMessage& message,
                               const std::string& except_id) {
  const std::string text = protocol::Encode(message);
  std::vector<std::string> overflowed;
  for (const auto& [id, member] : members_) {
    if (id == except_id || member->connection_events_suppressed) continue;
    if (!NumberAndSend(*member, text)) overflowed.emplace_back(id);
  }
  for (const std::string& id : overflowed) LeaveOverflowed(id);
}

void Room::Reply(Member& member, int64_t id, protocol::ResponseResult result) {
  Frame frame = MakeFrame(protocol::EncodeResult(id, result));
  CacheResponse(member, id, frame);
  Deliver(member, frame);
}

void Room::Reject(Member& member, int64_t id, std::string_view type,
                  const absl::Status& status) {
  LogRejected(&member, type, status);
  Frame frame = MakeFrame(protocol::EncodeError(id, status));
  CacheResponse(member, id, frame);
  Deliver(member, frame);
}

void Room::LogRejected(const Member* member, std::string_view request_type,
                       const absl::Status& status) {
  Log(LogLevel::kWarn, "request_rejected",
      {{"session", session_id_},
       {"connection", member ? member->connection.connection_id : ""},
       {"type", std::string(request_type)},
       {"code", std::to_string(GetErrorInfo(GetErrorCode(status)).number)},
       {"error", std::string(status.message())}});
}

protocol::StreamInfo Room::ToStreamInfo(const Stream& stream) const {
  protocol::StreamInfo info;
  info.stream = stream;
  auto it = members_.find(stream.connection_id);
  if (it != members_.end()) info.connection = it->second->connection;
  return info;
}

}  // namespace sessioncore::server
