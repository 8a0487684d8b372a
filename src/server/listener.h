// Listener: accepts TCP connections and starts an HttpSession for each,
// over TLS when the server state has a TLS context.
#ifndef SESSIONCORE_SERVER_LISTENER_H_
#define SESSIONCORE_SERVER_LISTENER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/steady_timer.hpp"
#include "server/server_state.h"

namespace sessioncore::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, std::shared_ptr<ServerState> state);

  // Binds and listens on `endpoint`; returns the bound port (useful when
  // the requested port is 0). Fails with kInternalError naming the address
  // and the system error.
  absl::StatusOr<uint16_t> Listen(
      const boost::asio::ip::tcp::endpoint& endpoint);

  // Starts accepting connections.
  void Run();

  // Stops accepting; sessions already open are not affected.
  void Stop();

 private:
  void DoAccept();
  void OnAccept(boost::system::error_code ec,
                boost::asio::ip::tcp::socket socket);
  // Waits before the next accept after `ec`, when accepting again at once
  // would fail the same way (out of descriptors or memory).
  void PauseAfter(boost::system::error_code ec);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer pause_timer_;
  std::shared_ptr<ServerState> state_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_LISTENER_H_
