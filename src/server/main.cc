// sessioncore-server: runs the session server until SIGINT or SIGTERM.
//
//   sessioncore-server --demo --port 8080 --static examples/react-app/dist
//
// prints "listening on http://127.0.0.1:PORT" (https with TLS on) on
// stdout once clients can connect. Flags and the configuration file are
// described in docs/server.md.
#include <cstdio>
#include <cstring>
#include <string>

#include "server/config.h"
#include "server/log.h"
#include "server/server.h"

int main(int argc, char** argv) {
  using namespace sessioncore::server;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0) {
      std::fputs(FlagsUsage().data(), stdout);
      return 0;
    }
  }
  absl::StatusOr<ServerConfig> config = ParseFlags(argc, argv);
  if (!config.ok()) {
    std::fprintf(stderr, "sessioncore-server: %s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }

  Server server(*std::move(config));
  absl::StatusOr<uint16_t> port = server.Start();
  if (!port.ok()) {
    Log(LogLevel::kError, "server_start_failed",
        {{"error", std::string(port.status().message())}});
    return 1;
  }
  // An IPv6 address goes in brackets in a URL: http://[::1]:8080.
  std::string host = server.config().listen_address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  const char* scheme = server.config().tls_cert_file.empty() ? "http" : "https";
  std::printf("listening on %s://%s:%u\n", scheme, host.c_str(),
              static_cast<unsigned>(*port));
  std::fflush(stdout);

  int signal = server.WaitForSignal();
  Log(LogLevel::kInfo, "signal_received", {{"signal", std::to_string(signal)}});
  server.Stop();
  return 0;
}
