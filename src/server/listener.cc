#include "server/listener.h"

#include "absl/strings/str_cat.h"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/strand.hpp"
#include "core/error.h"
#include "server/http_session.h"
#include "server/log.h"

namespace sessioncore::server {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

Listener::Listener(net::io_context& io, std::shared_ptr<ServerState> state)
    : io_(io), acceptor_(net::make_strand(io)), state_(std::move(state)) {}

absl::StatusOr<uint16_t> Listener::Listen(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  auto failed = [&](const char* step) {
    return MakeError(
        ErrorCode::kInternalError,
        absl::StrCat("cannot ", step, " ", endpoint.address().to_string(), ":",
                     endpoint.port(), ": ", ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return failed("open a socket for");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return failed("set SO_REUSEADDR on");
  acceptor_.bind(endpoint, ec);
  if (ec) return failed("bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen on");
  return acceptor_.local_endpoint().port();
}

void Listener::Run() { DoAccept(); }

void Listener::Stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::DoAccept() {
  // Each connection gets its own strand, so its handlers never run at once.
  acceptor_.async_accept(net::make_strand(io_),
                         [self = shared_from_this()](
                             boost::system::error_code ec, tcp::socket socket) {
                           self->OnAccept(ec, std::move(socket));
                         });
}

void Listener::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted) return;  // Stop() closed us.
  if (ec) {
    Log(LogLevel::kError, "accept_failed", {{"error", ec.message()}});
  } else {
    // Signals and SDP are small frames that must leave at once; with Nagle's
    // algorithm on, a small write waits for the peer's delayed ACK (about
    // 40 ms on Linux) before it is sent.
    boost::system::error_code option_error;
    socket.set_option(tcp::no_delay(true), option_error);
    if (net::ssl::context* tls = state_->tls()) {
      std::make_shared<HttpSession<TlsStream>>(
          TlsStream(std::move(socket), *tls), state_)
          ->Run();
    } else {
      std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)),
                                                 state_)
          ->Run();
    }
  }
  if (acceptor_.is_open()) DoAccept();
}

}  // namespace sessioncore::server
