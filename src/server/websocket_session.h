// WebSocketSession: one client WebSocket after the HTTP upgrade, over
// plain TCP or TLS.
//
// It reads frames one at a time and hands each text frame to its
// ClientHandler, and it writes outbound frames from a bounded queue. All of
// its state lives on the socket's strand. Oversize and binary frames get a
// protocol error instead of a closed socket, so that a client bug shows up
// as an error the client can log.
#ifndef SESSIONCORE_SERVER_WEBSOCKET_SESSION_H_
#define SESSIONCORE_SERVER_WEBSOCKET_SESSION_H_

#include <deque>
#include <memory>
#include <string>

#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/websocket.hpp"
#include "server/client_handler.h"
#include "server/client_link.h"
#include "server/server_state.h"
#include "server/transport.h"

namespace sessioncore::server {

// `Stream` is PlainStream or TlsStream (instantiated in
// websocket_session.cc); a TLS stream arrives with its handshake done.
template <typename Stream>
class WebSocketSession
    : public ClientLink,
      public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(Stream&& stream, std::shared_ptr<ServerState> state);
  ~WebSocketSession() override;

  // Accepts the upgrade request `request` and starts reading.
  void Run(
      boost::beast::http::request<boost::beast::http::string_body> request);

  void Send(std::shared_ptr<const std::string> frame) override;
  void Close(std::shared_ptr<const std::string> final_frame) override;
  void SetConnectionId(std::string connection_id) override;
  const std::string& LinkId() const override { return link_id_; }

 private:
  void OnAccept(boost::beast::error_code ec);
  void DoRead();
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void OnMessageDone();
  void OnSend(std::shared_ptr<const std::string> frame);
  void OnClose(std::shared_ptr<const std::string> final_frame);
  void DoWrite();
  void OnWrite(boost::beast::error_code ec, std::size_t bytes);
  void DoClose();
  void OnCloseDone(boost::beast::error_code ec);
  void DropSlowConsumer();
  LinkLoss ClassifyEnd(boost::beast::error_code ec) const;
  void Fail(boost::beast::error_code ec, const char* what);
  void EndOnce(LinkLoss loss);

  boost::beast::websocket::stream<Stream> ws_;
  std::shared_ptr<ServerState> state_;
  std::string link_id_;
  std::unique_ptr<ClientHandler> handler_;
  boost::beast::flat_buffer buffer_;
  std::size_t message_bytes_ = 0;  // Size of the message being read.
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool closing_ = false;  // Close() ran, so new frames are dropped.
  bool ended_ = false;    // OnLinkClosed() was called.
};

extern template class WebSocketSession<PlainStream>;
extern template class WebSocketSession<TlsStream>;

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_WEBSOCKET_SESSION_H_
