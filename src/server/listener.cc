#include "server/listener.h"

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/strand.hpp"
#include "core/error.h"
#include "server/http_session.h"
#include "server/log.h"

namespace sessioncore::server {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

// How long the listener waits before accepting again when the process is out
// of descriptors or memory. The connection that could not be accepted stays
// in the listen backlog, so accepting again at once fails the same way, and
// a loop without the pause takes a whole core and floods the log.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

bool IsResourceShortage(boost::system::error_code ec) {
  return ec == net::error::no_descriptors ||
         ec == boost::system::errc::too_many_files_open_in_system ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

}  // namespace

Listener::Listener(net::io_context& io, std::shared_ptr<ServerState> state)
    : io_(io),
      acceptor_(net::make_strand(io)),
      pause_timer_(acceptor_.get_executor()),
      state_(std::move(state)) {}

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
    self->pause_timer_.cancel();
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
    if (IsResourceShortage(ec)) return PauseAfter(ec);
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

void Listener::PauseAfter(boost::system::error_code ec) {
  Log(LogLevel::kWarn, "accept_paused",
      {{"error", ec.message()}, {"ms", std::to_string(kAcceptPause.count())}});
  pause_timer_.expires_after(kAcceptPause);
  pause_timer_.async_wait(
      [self = shared_from_this()](boost::system::error_code wait_ec) {
        if (wait_ec || !self->acceptor_.is_open()) return;
        self->DoAccept();
      });
}

}  // namespace sessioncore::server
