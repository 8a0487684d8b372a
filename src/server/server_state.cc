#include "server/server_state.h"

#include <chrono>

#include "boost/asio/ssl/context.hpp"
#include "server/http_router.h"
#include "server/session_registry.h"
#include "server/store.h"

namespace sessioncore::server {

ServerState::ServerState(boost::asio::io_context& io, ServerConfig config,
                         auth::Verifier verifier, std::unique_ptr<Store> store,
                         std::unique_ptr<boost::asio::ssl::context> tls)
    : io_(io),
      config_(std::move(config)),
      verifier_(std::move(verifier)),
      store_(std::move(store)),
      sessions_(std::make_unique<SessionRegistry>(*this)),
      router_(std::make_unique<HttpRouter>(*this)),
      tls_(std::move(tls)) {}

ServerState::~ServerState() = default;

int64_t NowUnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sessioncore::server
