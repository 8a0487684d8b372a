#include "server/server.h"

#include <chrono>
#include <csignal>
#include <future>

#include "absl/strings/str_cat.h"
#include "boost/asio/ip/address.hpp"
#include "boost/asio/signal_set.hpp"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/steady_timer.hpp"
#include "core/error.h"
#include "server/listener.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
#include "server/session_registry.h"
#include "server/store.h"
#include "server/tls_context.h"

namespace sessioncore::server {
namespace {

namespace net = boost::asio;

// Time given to `disconnected` pushes and close frames before Stop() ends
// the threads.
constexpr std::chrono::milliseconds kShutdownDrain{200};

absl::StatusOr<auth::Verifier> MakeVerifier(const ServerConfig& config) {
  auth::Verifier verifier;
  for (const ProjectCredentials& project : config.projects) {
    absl::Status status =
        verifier.AddProject(project.api_key, project.api_secret);
    if (!status.ok()) return status;
  }
  for (const ApplicationCredentials& app : config.applications) {
    absl::Status status =
        verifier.AddApplication(app.application_id, app.public_key_pem);
    if (!status.ok()) return status;
  }
  return verifier;
}

int ThreadCount(const ServerConfig& config) {
  if (config.threads > 0) return config.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

Server::Server(ServerConfig config) : config_(std::move(config)) {}

Server::~Server() { Stop(); }

absl::StatusOr<uint16_t> Server::Start() {
  boost::system::error_code ec;
  net::ip::address address = net::ip::make_address(config_.listen_address, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("listen address \"", config_.listen_address,
                                  "\" is not an IP address"));
  }
  std::unique_ptr<net::ssl::context> tls;
  if (!config_.tls_cert_file.empty()) {
    absl::StatusOr<std::unique_ptr<net::ssl::context>> context =
        MakeTlsContext(config_.tls_cert_file, config_.tls_key_file);
    if (!context.ok()) return context.status();
    tls = *std::move(context);
  }
  absl::StatusOr<auth::Verifier> verifier = MakeVerifier(config_);
  if (!verifier.ok()) return verifier.status();
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open(config_.database_path);
  if (!store.ok()) return store.status();
  state_ = std::make_shared<ServerState>(io_, config_, *std::move(verifier),
                                         *std::move(store), std::move(tls));
  listener_ = std::make_shared<Listener>(io_, state_);
  absl::StatusOr<uint16_t> port =
      listener_->Listen(net::ip::tcp::endpoint(address, config_.port));
  if (!port.ok()) return port.status();
  port_ = *port;
  listener_->Run();
  work_ = std::make_unique<
      net::executor_work_guard<net::io_context::executor_type>>(
      io_.get_executor());
  int threads = ThreadCount(config_);
  for (int i = 0; i < threads; ++i)
    threads_.emplace_back([this] { io_.run(); });
  running_ = true;
  Log(LogLevel::kInfo, "server_started",
      {{"address", config_.listen_address},
       {"port", std::to_string(port_)},
       {"tls", state_->tls() != nullptr ? "on" : "off"},
       {"threads", std::to_string(threads)},
       {"projects", std::to_string(config_.projects.size())},
       {"applications", std::to_string(config_.applications.size())},
       {"database",
        config_.database_path.empty() ? ":memory:" : config_.database_path}});
  return port_;
}

void Server::Stop() {
  if (!running_) return;
  running_ = false;
  listener_->Stop();
  for (const auto& room : state_->sessions().All()) room->Shutdown();
  net::steady_timer drain(io_, kShutdownDrain);
  drain.async_wait([this](boost::system::error_code) { io_.stop(); });
  work_.reset();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  Log(LogLevel::kInfo, "server_stopped", {{"port", std::to_string(port_)}});
}

int Server::WaitForSignal() {
  std::promise<int> received;
  net::signal_set signals(io_, SIGINT, SIGTERM);
  signals.async_wait([&received](boost::system::error_code ec, int signal) {
    received.set_value(ec ? 0 : signal);
  });
  return received.get_future().get();
}

}  // namespace sessioncore::server
