// Server: one sessioncore server, from configuration to running threads.
//
// Start() binds, opens the store and starts the I/O threads; Stop() closes
// every client socket and joins the threads. Tests run a Server in-process
// on an ephemeral loopback port; main() runs one until SIGINT or SIGTERM.
#ifndef SESSIONCORE_SERVER_SERVER_H_
#define SESSIONCORE_SERVER_SERVER_H_

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "server/config.h"

namespace sessioncore::server {

class Listener;
class ServerState;

class Server {
 public:
  explicit Server(ServerConfig config);
  ~Server();  // Calls Stop().
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS certificate and key (when configured) and the
  // credentials, opens the store, binds the listen address and starts the
  // threads. Returns the bound port. Fails with the error of the step that
  // failed (certificate or key file, credentials, store, bind); nothing
  // keeps running then.
  absl::StatusOr<uint16_t> Start();

  // Stops accepting, closes client sockets with a `disconnected` push, and
  // joins the threads. Safe to call more than once.
  void Stop();

  // Blocks until the process gets SIGINT or SIGTERM; returns the signal.
  int WaitForSignal();

  uint16_t port() const { return port_; }
  const ServerConfig& config() const { return config_; }

 private:
  ServerConfig config_;
  boost::asio::io_context io_;
  std::unique_ptr<
      boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      work_;
  std::shared_ptr<ServerState> state_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_SERVER_H_
