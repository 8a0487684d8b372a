#include "server/client_handler.h"

#include <chrono>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
#include "server/session_registry.h"

namespace sessioncore::server {
namespace {

auth::UnixSeconds NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ClientHandler::ClientHandler(std::shared_ptr<ServerState> state,
                             std::weak_ptr<ClientLink> link)
    : state_(std::move(state)), link_(std::move(link)) {
  if (auto link_ptr = link_.lock()) link_id_ = link_ptr->LinkId();
}

void ClientHandler::OnFrame(const std::string& text) {
  protocol::DecodeLimits limits;
  limits.max_frame_bytes = state_->config().limits.max_message_bytes;
  absl::StatusOr<protocol::ClientRequest> request =
      protocol::DecodeClientMessage(text, limits);
  if (!request.ok()) return RejectFrame(text, request.status());
  int64_t id = request->id;
  auto& message = request->message;
  if (auto* connect = std::get_if<protocol::ConnectRequest>(&message)) {
    return OnConnect(id, std::move(*connect));
  }
  if (auto* resume = std::get_if<protocol::ResumeRequest>(&message)) {
    return OnResume(id, std::move(*resume));
  }
  Forward(*std::move(request));
}

void ClientHandler::OnFrameRejected(const absl::Status& status) {
  Log(LogLevel::kWarn, "frame_rejected",
      {{"link", link_id_},
       {"connection", connection_id_},
       {"error", std::string(status.message())}});
  if (auto link = link_.lock()) {
    link->Send(MakeFrame(
        protocol::Encode(protocol::ErrorPush{protocol::ToWireError(status)})));
  }
}

// A frame that does not decode still gets an answer: an error response when
// its `id` can be read, so the client's pending request fails at once, and
// an error push otherwise.
void ClientHandler::RejectFrame(const std::string& text,
                                const absl::Status& status) {
  protocol::DecodeLimits limits;
  limits.max_frame_bytes = state_->config().limits.max_message_bytes;
  std::optional<int64_t> id = protocol::FindRequestId(text, limits);
  if (!id.has_value()) return OnFrameRejected(status);
  Log(LogLevel::kWarn, "frame_rejected",
      {{"link", link_id_},
       {"connection", connection_id_},
       {"request_id", std::to_string(*id)},
       {"error", std::string(status.message())}});
  SendError(*id, status);
}

void ClientHandler::SendError(int64_t id, const absl::Status& status) {
  if (auto link = link_.lock()) {
    link->Send(MakeFrame(protocol::EncodeError(id, status)));
  }
}

std::shared_ptr<Room> ClientHandler::RoomFor(int64_t id,
                                             const std::string& session_id) {
  if (room_ != nullptr && room_->session_id() != session_id) {
    SendError(id, MakeError(ErrorCode::kIllegalState,
                            absl::StrCat("this socket already joined session ",
                                         room_->session_id(),
                                         "; open a new socket for session ",
                                         session_id)));
    return nullptr;
  }
  absl::StatusOr<std::shared_ptr<Room>> room =
      state_->sessions().GetOrCreate(session_id);
  if (!room.ok()) {
    SendError(id, room.status());
    return nullptr;
  }
  return *room;
}

// The token is checked here, on the socket's strand, so that signature
// checks never hold up the session's strand. A rejected token ends the
// socket: the client gets the error response, then a normal close.
void ClientHandler::OnConnect(int64_t id, protocol::ConnectRequest request) {
  auto link = link_.lock();
  if (!link) return;
  absl::StatusOr<auth::VerifiedToken> token =
      state_->verifier().VerifySessionToken(request.token, request.session_id,
                                            NowUnixSeconds());
  if (!token.ok()) {
    Log(LogLevel::kWarn, "connect_rejected",
        {{"link", link_id_},
         {"session", request.session_id.substr(0, 200)},
         {"code",
          std::to_string(GetErrorInfo(GetErrorCode(token.status())).number)},
         {"error", std::string(token.status().message())}});
    if (room_ == nullptr) {
      link->Close(MakeFrame(protocol::EncodeError(id, token.status())));
    } else {
      SendError(id, token.status());
    }
    return;
  }
  std::shared_ptr<Room> room = RoomFor(id, request.session_id);
  if (room == nullptr) return;
  room_ = room;
  JoinTicket ticket{*std::move(token), request.connection_events_suppressed,
                    std::move(request.client)};
  room_->Join(std::move(link), id, std::move(ticket));
}

void ClientHandler::OnResume(int64_t id, protocol::ResumeRequest request) {
  auto link = link_.lock();
  if (!link) return;
  std::shared_ptr<Room> room = state_->sessions().Find(request.session_id);
  if (room_ != nullptr && room_ != room) room = nullptr;
  if (room == nullptr) {
    Log(LogLevel::kWarn, "resume_rejected",
        {{"link", link_id_},
         {"session", request.session_id.substr(0, 200)},
         {"connection", request.connection_id.substr(0, 100)},
         {"error", "no live session"}});
    return SendError(
        id,
        MakeError(ErrorCode::kConnectFailed,
                  absl::StrCat("cannot resume connection ",
                               request.connection_id.substr(0, 100),
                               ": session ", request.session_id.substr(0, 200),
                               " has no live connections on this server; "
                               "connect again with a token")));
  }
  room_ = room;
  room_->Resume(std::move(link), id, std::move(request));
}

void ClientHandler::Forward(protocol::ClientRequest request) {
  // A heartbeat without an ack gets its response here, off the Room's
  // strand. One with an ack goes to the Room, which drops the pushes it covers.
  const auto* heartbeat =
      std::get_if<protocol::HeartbeatRequest>(&request.message);
  if (heartbeat != nullptr && heartbeat->ack == 0 && room_ != nullptr) {
    if (auto link = link_.lock()) {
      link->Send(MakeFrame(
          protocol::EncodeResult(request.id, protocol::EmptyResult{})));
    }
    return;
  }
  if (room_ == nullptr) {
    std::string type(protocol::MessageType(request.message));
    Log(LogLevel::kWarn, "request_rejected",
        {{"link", link_id_}, {"type", type}, {"error", "not connected"}});
    return SendError(request.id,
                     MakeError(ErrorCode::kNotConnected,
                               absl::StrCat(type,
                                            " needs a connected session; send "
                                            "connect first")));
  }
  if (auto link = link_.lock())
    room_->Handle(std::move(link), std::move(request));
}

void ClientHandler::OnLinkClosed(LinkLoss loss) {
  if (room_ == nullptr) return;
  if (auto link = link_.lock()) room_->LinkClosed(std::move(link), loss);
}

}  // namespace sessioncore::server
