// HttpSession: one HTTP connection, plain or TLS. It completes the TLS
// handshake first when there is one, reads requests one at a time, upgrades
// WebSocket requests for the client endpoint to a WebSocketSession over the
// same stream, and passes every other request to the HttpRouter.
#ifndef SESSIONCORE_SERVER_HTTP_SESSION_H_
#define SESSIONCORE_SERVER_HTTP_SESSION_H_

#include <memory>
#include <optional>

#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "server/http_types.h"
#include "server/server_state.h"
#include "server/transport.h"

namespace sessioncore::server {

// The path of the client WebSocket endpoint.
inline constexpr std::string_view kWebSocketPath = "/v1/ws";

// `Stream` is PlainStream or TlsStream (instantiated in http_session.cc).
template <typename Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, std::shared_ptr<ServerState> state);

  // Starts the TLS handshake, if any, and then reads the first request.
  void Run();

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  void OnHandshake(boost::beast::error_code ec);
  void DoRead();
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void Upgrade(Request request);
  void OnRouted(HttpResponse response);
  void OnWrite(bool keep_alive, boost::beast::error_code ec, std::size_t);
  void RejectUpgrade(int status, std::string message);
  void DoClose();
  void Fail(boost::beast::error_code ec, const char* what);

  Stream stream_;
  std::shared_ptr<ServerState> state_;
  boost::beast::flat_buffer buffer_;
  std::optional<
      boost::beast::http::request_parser<boost::beast::http::string_body>>
      parser_;
  std::string remote_address_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
};

extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_HTTP_SESSION_H_
