// ClientLink: what the session logic needs from one client socket.
//
// WebSocketSession implements it; the session logic (Room, ClientHandler)
// uses only this interface, so it compiles without Beast and tests could
// drive it without a socket.
#ifndef SESSIONCORE_SERVER_CLIENT_LINK_H_
#define SESSIONCORE_SERVER_CLIENT_LINK_H_

#include <memory>
#include <string>
#include <string_view>

namespace sessioncore::server {

class ClientLink {
 public:
  virtual ~ClientLink() = default;

  // Queues one text frame for the client. Thread-safe. When the outbound
  // queue is full, the link logs the reason, closes the socket and reports
  // the loss through ClientHandler::OnLinkClosed(); the frame is dropped.
  virtual void Send(std::shared_ptr<const std::string> frame) = 0;

  // Sends `final_frame` (when not null) after everything already queued and
  // then closes the WebSocket normally. Thread-safe; later Send() calls are
  // ignored.
  virtual void Close(std::shared_ptr<const std::string> final_frame) = 0;

  // Records the connection ID that a Room assigned, for log lines.
  // Thread-safe.
  virtual void SetConnectionId(std::string connection_id) = 0;

  // A short ID for logs, unique per socket in this process ("ws-12").
  virtual const std::string& LinkId() const = 0;
};

// Makes a frame that can be shared by many links without copying.
inline std::shared_ptr<const std::string> MakeFrame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_CLIENT_LINK_H_
