#include "server/http_session.h"

#include <algorithm>
#include <chrono>

#include "boost/asio/dispatch.hpp"
#include "boost/asio/ssl/stream_base.hpp"
#include "boost/beast/ssl.hpp"
#include "boost/beast/websocket.hpp"
#include "server/http_router.h"
#include "server/log.h"
#include "server/websocket_session.h"
#include "server/ws_handshake.h"

namespace sessioncore::server {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

// Largest REST request body accepted, in bytes.
constexpr std::size_t kMaxRequestBodyBytes = 1 << 20;
constexpr std::chrono::seconds kHttpTimeout{30};

// The request headers that the router reads; others are not copied.
constexpr const char* kCopiedHeaders[] = {
    "content-type", "x-opentok-auth", "authorization", "origin", "user-agent"};

HttpRequest ToHttpRequest(const http::request<http::string_body>& request,
                          const std::string& remote_address) {
  HttpRequest result;
  result.method = std::string(request.method_string());
  result.target = std::string(request.target());
  for (const char* name : kCopiedHeaders) {
    auto it = request.find(name);
    if (it != request.end()) result.headers[name] = std::string(it->value());
  }
  result.body = request.body();
  result.remote_address = remote_address;
  return result;
}

http::response<http::string_body> ToBeastResponse(HttpResponse response,
                                                  unsigned version,
                                                  bool keep_alive) {
  http::response<http::string_body> result{
      static_cast<http::status>(response.status), version};
  result.set(http::field::server, "sessioncore");
  if (!response.content_type.empty()) {
    result.set(http::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) result.set(name, value);
  result.body() = std::move(response.body);
  result.keep_alive(keep_alive);
  result.prepare_payload();
  return result;
}

bool IsNormalEnd(beast::error_code ec) {
  return ec == http::error::end_of_stream ||
         ec == net::error::operation_aborted || ec == beast::error::timeout ||
         ec == net::ssl::error::stream_truncated;
}

}  // namespace

template <typename Stream>
HttpSession<Stream>::HttpSession(Stream&& stream,
                                 std::shared_ptr<ServerState> state)
    : stream_(std::move(stream)), state_(std::move(state)) {
  beast::error_code ec;
  auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  if (!ec) remote_address_ = endpoint.address().to_string();
}

template <typename Stream>
void HttpSession<Stream>::Run() {
  auto self = this->shared_from_this();
  if constexpr (kIsTls<Stream>) {
    // The handshake gets the same deadline as a request head, so a client
    // that opens TCP and never speaks TLS is closed like a slow HTTP one.
    beast::get_lowest_layer(stream_).expires_after(kHttpTimeout);
    stream_.async_handshake(
        net::ssl::stream_base::server,
        beast::bind_front_handler(&HttpSession::OnHandshake, self));
  } else {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::DoRead, self));
  }
}

template <typename Stream>
void HttpSession<Stream>::OnHandshake(beast::error_code ec) {
  if (ec) return Fail(ec, "tls handshake");
  DoRead();
}

template <typename Stream>
void HttpSession<Stream>::DoRead() {
  parser_.emplace();
  parser_->body_limit(kMaxRequestBodyBytes);
  beast::get_lowest_layer(stream_).expires_after(kHttpTimeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnRead,
                                             this->shared_from_this()));
}

template <typename Stream>
void HttpSession<Stream>::OnRead(beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) {
    keep_alive_ = false;
    return OnRouted(JsonError(413, "request body exceeds 1048576 bytes"));
  }
  if (ec) return Fail(ec, "read");
  Request request = parser_->release();
  version_ = request.version();
  keep_alive_ = request.keep_alive();
  if (beast::websocket::is_upgrade(request)) {
    return Upgrade(std::move(request));
  }
  state_->router().Handle(
      ToHttpRequest(request, remote_address_),
      [self = this->shared_from_this()](HttpResponse response) {
        net::post(self->stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::OnRouted, self,
                                            std::move(response)));
      });
}

// Beast does not check Origin, so a page on any site could open a socket
// with the user's cookies; the allow list closes that hole when configured.
template <typename Stream>
void HttpSession<Stream>::Upgrade(Request request) {
  std::string path(request.target().substr(0, request.target().find('?')));
  if (path != kWebSocketPath) {
    return RejectUpgrade(404, "WebSocket endpoint is /v1/ws, not " + path);
  }
  const auto& allowed = state_->config().allowed_origins;
  std::string origin(request[http::field::origin]);
  if (!allowed.empty() &&
      std::find(allowed.begin(), allowed.end(), origin) == allowed.end()) {
    return RejectUpgrade(403, "origin \"" + origin + "\" is not allowed");
  }
  beast::string_view version_field =
      request[http::field::sec_websocket_version];
  beast::string_view key_field = request[http::field::sec_websocket_key];
  std::string_view version(version_field.data(), version_field.size());
  std::string_view key(key_field.data(), key_field.size());
  if (absl::Status headers = CheckWsUpgradeHeaders(version, key);
      !headers.ok()) {
    return RejectUpgrade(version == kWsVersion ? 400 : 426,
                         std::string(headers.message()));
  }
  beast::get_lowest_layer(stream_).expires_never();
  // Bytes after the request head, if the client sent any, are its first
  // frames.
  std::string early_bytes = beast::buffers_to_string(buffer_.data());
  std::make_shared<WebSocketSession<Stream>>(std::move(stream_), state_)
      ->Run(key, std::move(early_bytes));
}

template <typename Stream>
void HttpSession<Stream>::RejectUpgrade(int status, std::string message) {
  Log(LogLevel::kWarn, "websocket_upgrade_rejected",
      {{"remote", remote_address_},
       {"status", std::to_string(status)},
       {"message", message}});
  keep_alive_ = false;
  HttpResponse response = JsonError(status, std::move(message));
  // RFC 6455 4.4: a 426 names the versions the server speaks, so that the
  // client can retry with one of them.
  if (status == 426) {
    response.headers.emplace_back("Sec-WebSocket-Version",
                                  std::string(kWsVersion));
  }
  OnRouted(std::move(response));
}

template <typename Stream>
void HttpSession<Stream>::OnRouted(HttpResponse response) {
  auto message = std::make_shared<http::response<http::string_body>>(
      ToBeastResponse(std::move(response), version_, keep_alive_));
  http::async_write(
      stream_, *message,
      [self = this->shared_from_this(), message, keep_alive = keep_alive_](
          beast::error_code ec, std::size_t bytes) {
        self->OnWrite(keep_alive, ec, bytes);
      });
}

template <typename Stream>
void HttpSession<Stream>::OnWrite(bool keep_alive, beast::error_code ec,
                                  std::size_t) {
  if (ec) return Fail(ec, "write");
  if (!keep_alive) return DoClose();
  DoRead();
}

template <typename Stream>
void HttpSession<Stream>::DoClose() {
  if constexpr (kIsTls<Stream>) {
    // close_notify first, so the client can tell the end of the response
    // from a truncation attack.
    beast::get_lowest_layer(stream_).expires_after(kHttpTimeout);
    stream_.async_shutdown(
        [self = this->shared_from_this()](beast::error_code) {});
  } else {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  }
}

template <typename Stream>
void HttpSession<Stream>::Fail(beast::error_code ec, const char* what) {
  if (IsNormalEnd(ec)) return;
  Log(LogLevel::kInfo, "http_connection_lost",
      {{"remote", remote_address_}, {"step", what}, {"error", ec.message()}});
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace sessioncore::server
