// WebSocketSession: one client WebSocket after the HTTP upgrade, over
// plain TCP or TLS.
//
// It does its own RFC 6455 framing (WsFrameParser, WsOutbox) instead of
// Beast's websocket::stream, so that an idle connection costs little
// memory. A plain socket is read only once it is readable, into a buffer
// that belongs to the thread, so between messages the connection keeps no
// read buffer. A TLS socket reads into a buffer of its own, because the
// TLS stream may hold decrypted bytes that a readiness wait cannot see.
//
// It hands each text message to its ClientHandler and writes outbound
// frames from a bounded queue, several per write when they pile up. All of
// its state lives on the socket's strand. Oversize and binary messages get
// a protocol error instead of a closed socket, so that a client bug shows
// up as an error the client can log. A break of RFC 6455 closes the socket
// with 1002, 1007 or 1009.
#ifndef SESSIONCORE_SERVER_WEBSOCKET_SESSION_H_
#define SESSIONCORE_SERVER_WEBSOCKET_SESSION_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "boost/asio/basic_stream_socket.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/strand.hpp"
#include "boost/beast/core/error.hpp"
#include "server/client_handler.h"
#include "server/client_link.h"
#include "server/server_state.h"
#include "server/transport.h"
#include "server/ws_frame.h"
#include "server/ws_idle_sweep.h"
#include "server/ws_outbox.h"

namespace sessioncore::server {

// `Stream` is PlainStream or TlsStream (instantiated in
// websocket_session.cc); a TLS stream arrives with its handshake done. A
// plain stream gives up its socket, and with it the HTTP timers.
template <typename Stream>
class WebSocketSession
    : public ClientLink,
      public WsIdleClient,
      public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(Stream&& stream, std::shared_ptr<ServerState> state);
  ~WebSocketSession() override;

  // Sends the 101 response for the client's Sec-WebSocket-Key `key`, which
  // HttpSession has checked, and then reads frames. `early_bytes` are
  // bytes the client sent after the upgrade request, already read.
  void Run(std::string_view key, std::string early_bytes);

  void Send(std::shared_ptr<const std::string> frame) override;
  void Close(std::shared_ptr<const std::string> final_frame) override;
  void SetConnectionId(std::string connection_id) override;
  const std::string& LinkId() const override { return link_id_; }

 private:
  // The socket names the strand type, so that Asio stores the executor
  // inline. A type-erased executor holding a strand copies it to the heap
  // for the socket and for each pending operation.
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  using PlainSocket =
      boost::asio::basic_stream_socket<boost::asio::ip::tcp, Strand>;
  using Socket = std::conditional_t<kIsTls<Stream>, TlsStream, PlainSocket>;

  static Socket TakeSocket(Stream&& stream);
  Strand SocketStrand();
  auto& RawSocket();
  void OnUpgradeWritten(boost::beast::error_code ec,
                        std::string_view early_bytes);
  void DoRead();
  void OnReadable(boost::beast::error_code ec);
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  bool Consume(std::string_view bytes);
  void OnEvent(WsEvent event);
  void OnMessage(const WsEvent& event);
  void OnClientClose(uint16_t code);
  void OnViolation(const WsEvent& event);

  void OnSend(std::shared_ptr<const std::string> frame);
  void OnClose(std::shared_ptr<const std::string> final_frame);
  void Enqueue(WsOutFrame frame);
  void QueueClose(uint16_t code);
  void DoWrite();
  void WriteNow();
  void OnWritable(boost::beast::error_code ec);
  void OnWrite(boost::beast::error_code ec, std::size_t bytes);
  void OnQueueWritten();

  void PostIdleTick() override;
  void OnIdleTick();
  void Teardown();
  void CloseSocket();
  void DropSlowConsumer();
  void Fail(boost::beast::error_code ec, const char* what);
  void EndOnce(LinkLoss loss);

  Socket socket_;
  Strand strand_;
  // When the socket closes unless the handshake or the close is done; the
  // epoch value means no deadline.
  std::chrono::steady_clock::time_point deadline_;
  std::shared_ptr<ServerState> state_;
  std::string link_id_;
  std::unique_ptr<ClientHandler> handler_;
  WsFrameParser parser_;
  WsOutbox outbox_;
  std::unique_ptr<char[]> tls_read_buffer_;  // Only for TLS.

  bool closing_ = false;         // New frames from the server are dropped.
  bool close_queued_ = false;    // Our close frame is queued or written.
  bool close_sent_ = false;      // Our close frame is written.
  bool close_received_ = false;  // The client's close frame arrived.
  bool violated_ = false;        // The client broke RFC 6455.
  bool draining_ = false;        // Sending is shut down; reads are dropped.
  bool socket_closed_ = false;
  bool write_scheduled_ = false;  // DoWrite() is posted.
  bool ended_ = false;            // OnLinkClosed() was called.
  int silent_ticks_ = 0;          // Heartbeat periods since the last byte read.
  bool joined_ = false;           // A connect or resume put it in a session.
  int unjoined_ticks_ = 0;        // Heartbeat periods without joining.
};

extern template class WebSocketSession<PlainStream>;
extern template class WebSocketSession<TlsStream>;

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_WEBSOCKET_SESSION_H_
