// Command-line flags of sessioncore-server (declared in config.h).
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/config.h"

namespace sessioncore::server {
namespace {

absl::Status FlagError(std::string_view flag, std::string_view rule) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("flag ", flag, ": ", rule));
}

// Returns the value after `argv[*i]` and advances `*i`, or nullptr when the
// flag is the last argument.
const char* TakeValue(int argc, const char* const* argv, int* i) {
  if (*i + 1 >= argc) return nullptr;
  ++*i;
  return argv[*i];
}

void AddDemoProject(ServerConfig& config) {
  for (const ProjectCredentials& project : config.projects) {
    if (project.api_key == kDemoApiKey) return;
  }
  config.projects.push_back(
      {std::string(kDemoApiKey), std::string(kDemoApiSecret)});
  config.demo_token_endpoint = true;
}

absl::Status ApplyIntFlag(std::string_view flag, const char* value, int min,
                          int max, int* out) {
  int number = 0;
  if (!absl::SimpleAtoi(value, &number) || number < min || number > max) {
    return FlagError(flag, absl::StrCat("expects a whole number from ", min,
                                        " to ", max, ", got \"", value, "\""));
  }
  *out = number;
  return absl::OkStatus();
}

// Applies one flag other than --config; `value` is null for --demo.
absl::Status ApplyFlag(std::string_view flag, const char* value,
                       ServerConfig& config) {
  if (flag == "--listen") {
    config.listen_address = value;
  } else if (flag == "--port") {
    int port = 0;
    absl::Status status = ApplyIntFlag(flag, value, 0, 65535, &port);
    if (!status.ok()) return status;
    config.port = static_cast<uint16_t>(port);
  } else if (flag == "--threads") {
    return ApplyIntFlag(flag, value, 0, 1024, &config.threads);
  } else if (flag == "--static") {
    config.static_root = value;
  } else if (flag == "--db") {
    config.database_path = value;
  } else if (flag == "--tls-cert") {
    config.tls_cert_file = value;
  } else if (flag == "--tls-key") {
    config.tls_key_file = value;
  } else {
    return FlagError(flag, "unknown flag; see --help");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServerConfig> ParseFlags(int argc, const char* const* argv) {
  ServerConfig config;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0) {
      absl::StatusOr<ServerConfig> loaded = LoadConfigFile(argv[i + 1]);
      if (!loaded.ok()) return loaded.status();
      config = *std::move(loaded);
    }
  }
  bool demo = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--demo") {
      demo = true;
      continue;
    }
    const char* value = TakeValue(argc, argv, &i);
    if (value == nullptr) return FlagError(flag, "needs a value");
    if (flag == "--config") continue;
    absl::Status status = ApplyFlag(flag, value, config);
    if (!status.ok()) return status;
  }
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return FlagError(config.tls_cert_file.empty() ? "--tls-key" : "--tls-cert",
                     "needs --tls-cert and --tls-key (or tls.certFile and "
                     "tls.keyFile in the config) together");
  }
  if (demo) AddDemoProject(config);
  return config;
}

std::string_view FlagsUsage() {
  return "usage: sessioncore-server [flags]\n"
         "  --config FILE   JSON configuration (see docs/server.md)\n"
         "  --listen ADDR   address to listen on (default 127.0.0.1)\n"
         "  --port N        TCP port; 0 picks a free port (default 0)\n"
         "  --threads N     I/O threads; 0 means one per core (default 0)\n"
         "  --static DIR    folder served over HTTP at /\n"
         "  --db FILE       SQLite database file (default: in memory)\n"
         "  --tls-cert FILE PEM certificate chain; with --tls-key the server\n"
         "                  serves only https and wss\n"
         "  --tls-key FILE  PEM private key of the --tls-cert certificate\n"
         "  --demo          add the demo project (API key 100) and enable\n"
         "                  POST /v1/demo/token; for local testing only\n";
}

}  // namespace sessioncore::server
