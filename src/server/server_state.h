// ServerState: what every listener, HTTP session and WebSocket session of
// one server shares: the configuration, the token verifier, the session
// registry, the store, the HTTP router and, with TLS on, the TLS context.
//
// Created once by Server before the first connection and destroyed after
// the last one, so the references it hands out stay valid while any
// connection runs.
#ifndef SESSIONCORE_SERVER_SERVER_STATE_H_
#define SESSIONCORE_SERVER_SERVER_STATE_H_

#include <memory>

#include "boost/asio/io_context.hpp"
#include "server/auth/verifier.h"
#include "server/config.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace sessioncore::server {

class HttpRouter;
class SessionRegistry;
class Store;

class ServerState {
 public:
  ServerState(boost::asio::io_context& io, ServerConfig config,
              auth::Verifier verifier, std::unique_ptr<Store> store,
              std::unique_ptr<boost::asio::ssl::context> tls = nullptr);
  ~ServerState();
  ServerState(const ServerState&) = delete;
  ServerState& operator=(const ServerState&) = delete;

  const ServerConfig& config() const { return config_; }
  boost::asio::io_context& io() { return io_; }
  const auth::Verifier& verifier() const { return verifier_; }
  SessionRegistry& sessions() { return *sessions_; }
  Store& store() { return *store_; }
  HttpRouter& router() { return *router_; }
  // The context of https and wss, or null when the server speaks plain HTTP.
  boost::asio::ssl::context* tls() { return tls_.get(); }

 private:
  boost::asio::io_context& io_;
  const ServerConfig config_;
  const auth::Verifier verifier_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SessionRegistry> sessions_;
  std::unique_ptr<HttpRouter> router_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
};

// Returns the current time in milliseconds since the Unix epoch.
int64_t NowUnixMillis();

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_SERVER_STATE_H_
