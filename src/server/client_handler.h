// ClientHandler: the protocol side of one client socket.
//
// It decodes each text frame with the shared codec, answers frames that do
// not decode, verifies the token of `connect`, and forwards every request
// to the Room of the session the client joined. It runs on its socket's
// strand; the Room runs on its own strand.
#ifndef SESSIONCORE_SERVER_CLIENT_HANDLER_H_
#define SESSIONCORE_SERVER_CLIENT_HANDLER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "core/protocol/messages.h"
#include "server/client_link.h"

namespace sessioncore::server {

class Room;
class ServerState;

// How a socket ended.
enum class LinkLoss {
  kClosedByServer,  // The server closed it (disconnect, rejected connect).
  kClosedByClient,  // The client sent a close frame with 1000 or 1001.
  kProtocolError,   // The client broke RFC 6455; Beast closed the socket.
  kNetwork,       // Read or write failed, the client went silent, or it sent a
                  // close frame with another code or none.
  kSlowConsumer,  // The outbound queue overflowed.
};

class ClientHandler {
 public:
  ClientHandler(std::shared_ptr<ServerState> state,
                std::weak_ptr<ClientLink> link);

  // Handles one complete text frame.
  void OnFrame(const std::string& text);

  // Answers a frame that the socket layer rejected (oversize, binary) with
  // an error push carrying `status`.
  void OnFrameRejected(const absl::Status& status);

  // Tells the Room that the socket is gone. Called once.
  void OnLinkClosed(LinkLoss loss);

  // Records the connection ID that the Room assigned, for log lines.
  void SetConnectionId(std::string connection_id) {
    connection_id_ = std::move(connection_id);
  }
  const std::string& ConnectionIdForLog() const { return connection_id_; }

 private:
  void OnConnect(int64_t id, protocol::ConnectRequest request);
  void OnResume(int64_t id, protocol::ResumeRequest request);
  void Forward(protocol::ClientRequest request);
  void RejectFrame(const std::string& text, const absl::Status& status);
  void SendError(int64_t id, const absl::Status& status);
  std::shared_ptr<Room> RoomFor(int64_t id, const std::string& session_id);

  std::shared_ptr<ServerState> state_;
  std::weak_ptr<ClientLink> link_;
  std::string link_id_;
  // The Room this socket joined or is joining; every later request goes
  // there, in order, because the Room's strand runs posts in order.
  std::shared_ptr<Room> room_;
  std::string connection_id_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_CLIENT_HANDLER_H_
