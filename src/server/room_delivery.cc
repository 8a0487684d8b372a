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
  void operator()(protocol::HeartbeatRequest&) {
    room.Reply(member, id, protocol::EmptyResult{});
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
  std::visit(RequestVisitor{*this, *member, request.id}, request.message);
}

void Room::Deliver(Member& member, const Frame& frame) {
  if (member.link != nullptr) return member.link->Send(frame);
  // Away: keep the push for a resume, but only as much as a live socket
  // could have queued.
  if (member.pending.size() >= state_.config().limits.outbound_queue_messages) {
    Log(LogLevel::kWarn, "resume_queue_full",
        {{"session", session_id_},
         {"connection", member.connection.connection_id}});
    return Leave(member.connection.connection_id,
                 DisconnectReason::kNetworkDisconnected);
  }
  member.pending.push_back(frame);
}

void Room::Push(Member& member, const protocol::ServerMessage& message) {
  Deliver(member, MakeFrame(protocol::Encode(message)));
}

// Leave() inside Deliver() may erase members, so the recipients are
// collected by ID first and looked up again one at a time.
void Room::PushToAll(const protocol::ServerMessage& message,
                     const std::string& except_id) {
  Frame frame = MakeFrame(protocol::Encode(message));
  std::vector<std::string> ids;
  for (const auto& [id, member] : members_) {
    if (id != except_id) ids.push_back(id);
  }
  for (const std::string& id : ids) {
    if (Member* member = FindMember(id)) Deliver(*member, frame);
  }
}

// connectionCreated and connectionDestroyed skip the clients that asked
// for connectionEventsSuppressed.
void Room::PushConnectionEvent(const protocol::ServerMessage& message,
                               const std::string& except_id) {
  Frame frame = MakeFrame(protocol::Encode(message));
  std::vector<std::string> ids;
  for (const auto& [id, member] : members_) {
    if (id != except_id && !member->connection_events_suppressed) {
      ids.push_back(id);
    }
  }
  for (const std::string& id : ids) {
    if (Member* member = FindMember(id)) Deliver(*member, frame);
  }
}

void Room::Reply(Member& member, int64_t id, protocol::ResponseResult result) {
  Deliver(member, MakeFrame(protocol::EncodeResult(id, result)));
}

void Room::Reject(Member& member, int64_t id, std::string_view type,
                  const absl::Status& status) {
  LogRejected(&member, type, status);
  Deliver(member, MakeFrame(protocol::EncodeError(id, status)));
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
