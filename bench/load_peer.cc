#include "load_peer.h"

#include <chrono>
#include <variant>

#include "absl/strings/str_cat.h"
#include "core/protocol/codec.h"
#include "core/protocol/messages.h"
#include "server/auth/token_minter.h"

namespace sessioncore::bench {
namespace {

namespace auth = ::sessioncore::server::auth;

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Returns the Snapshot of the connect response `text`, or the error the
// server sent instead.
absl::StatusOr<protocol::Snapshot> ReadSnapshot(std::string_view text) {
  absl::StatusOr<protocol::ServerMessage> message =
      protocol::DecodeServerMessage(text);
  if (!message.ok()) return message.status();
  const auto* response = std::get_if<protocol::Response>(&*message);
  if (response == nullptr) {
    return absl::InternalError(
        absl::StrCat("expected the connect response, got: ", text));
  }
  if (const auto* error = std::get_if<protocol::WireError>(&response->outcome))
    return protocol::ToStatus(*error);
  const auto& result = std::get<protocol::ResponseResult>(response->outcome);
  const auto* snapshot = std::get_if<protocol::Snapshot>(&result);
  if (snapshot == nullptr) {
    return absl::InternalError("the connect response carries no Snapshot");
  }
  return *snapshot;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LoadPeer>> LoadPeer::Join(
    const LoadTarget& target, const std::string& room, int index) {
  absl::StatusOr<std::unique_ptr<WsClient>> socket =
      WsClient::Open(target.host, target.port, target.path);
  if (!socket.ok()) return socket.status();
  std::unique_ptr<LoadPeer> peer(new LoadPeer(target, *std::move(socket)));
  absl::Status status = target.relay ? peer->JoinRelayRoom(room, index)
                                     : peer->ConnectToSession(target, room);
  if (!status.ok()) return status;
  return peer;
}

absl::Status LoadPeer::ConnectToSession(const LoadTarget& target,
                                        const std::string& session_id) {
  auth::TokenRequest token_request;
  token_request.session_id = session_id;
  token_request.now = NowUnixSeconds();
  absl::StatusOr<std::string> token =
      auth::MintProjectJwt(target.api_key, target.api_secret, token_request);
  if (!token.ok()) return token.status();
  protocol::ConnectRequest connect{
      session_id, *std::move(token), true, {"sessioncore-load", "0.0.0"}};
  absl::Status status = socket_->SendText(
      protocol::Encode(protocol::ClientRequest{next_request_id_++, connect}));
  if (!status.ok()) return status;
  absl::StatusOr<protocol::Snapshot> snapshot =
      absl::InternalError("no connect response");
  // The connect response is the first frame: connection events are
  // suppressed, and nothing else is pushed to a connection this new.
  status = socket_->ReadBlocking(
      [&](std::string_view text) { snapshot = ReadSnapshot(text); });
  if (!status.ok()) return status;
  if (!snapshot.ok()) return snapshot.status();
  id_ = snapshot->connection.connection_id;
  return absl::OkStatus();
}

absl::Status LoadPeer::JoinRelayRoom(const std::string& room, int index) {
  id_ = absl::StrCat("c", index);
  absl::Status status = socket_->SendText(
      absl::StrCat("{\"room\":\"", room, "\",\"id\":\"", id_, "\"}"));
  if (status.ok()) status = SendSignal("join-check", id_);
  bool checked = false;
  while (status.ok() && !checked) {
    status = socket_->ReadBlocking([&](std::string_view text) {
      checked = checked || text.find("join-check") != std::string_view::npos;
    });
  }
  return status;
}

absl::Status LoadPeer::SendSignal(std::string_view type,
                                  const std::optional<std::string>& to) {
  protocol::SignalRequest signal{std::string(type), "x", to};
  return socket_->SendText(
      protocol::Encode(protocol::ClientRequest{next_request_id_++, signal}));
}

absl::Status LoadPeer::SendHeartbeat() {
  if (relay_) return absl::OkStatus();
  protocol::HeartbeatRequest heartbeat{last_seq_};
  return socket_->SendText(
      protocol::Encode(protocol::ClientRequest{next_request_id_++, heartbeat}));
}

void LoadPeer::NoteSeq(std::string_view text) {
  constexpr std::string_view kPrefix = "{\"seq\":";
  if (text.substr(0, kPrefix.size()) != kPrefix) return;
  int64_t seq = 0;
  for (std::size_t i = kPrefix.size(); i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') break;
    seq = seq * 10 + (text[i] - '0');
  }
  last_seq_ = seq;
}

}  // namespace sessioncore::bench
