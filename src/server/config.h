// Configuration of the session server: listen address, credentials, limits
// and timings, read from a JSON file and command-line flags.
//
// Every field has a default (see docs/server.md), so an empty JSON object is
// a valid configuration: loopback only, an ephemeral port, no projects.
#ifndef SESSIONCORE_SERVER_CONFIG_H_
#define SESSIONCORE_SERVER_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace sessioncore::server {

// A project: the API key and secret that sign tokens and REST JWTs (HS256,
// T1). Both must be non-empty.
struct ProjectCredentials {
  std::string api_key;
  std::string api_secret;
};

// An application that signs RS256 tokens with the private half of
// `public_key_pem`.
struct ApplicationCredentials {
  std::string application_id;
  std::string public_key_pem;
};

// A STUN or TURN server handed to clients in the connect snapshot.
struct IceServerConfig {
  std::vector<std::string> urls;
  std::string username;    // Empty when the server needs none.
  std::string credential;  // Empty when the server needs none.
};

struct ServerLimits {
  // Largest WebSocket message accepted, in bytes; larger frames are rejected
  // with a protocol error.
  std::size_t max_message_bytes = 65536;
  // Messages waiting to be written to one client; a client that lets the
  // queue fill is disconnected with reason slowConsumer.
  std::size_t outbound_queue_messages = 1024;
  std::size_t connections_per_session = 1000;
  std::size_t sessions_per_server = 10000;
  // Token bucket for signals sent by one connection: refilled at
  // `signals_per_second`, holding at most `signal_burst` signals.
  double signals_per_second = 100;
  double signal_burst = 200;
};

struct ServerConfig {
  std::string listen_address = "127.0.0.1";
  uint16_t port = 0;  // 0 picks an ephemeral port; the bound port is logged.
  int threads = 0;    // 0 means std::thread::hardware_concurrency().
  // PEM certificate chain and private key. When both are set the port
  // serves only https and wss; set neither for plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::vector<ProjectCredentials> projects;
  std::vector<ApplicationCredentials> applications;
  ServerLimits limits;
  // How long a dropped client keeps its connection slot for a resume.
  std::chrono::milliseconds resume_grace{30000};
  // Heartbeat period reported to clients; a socket silent for three periods
  // is treated as dropped.
  std::chrono::milliseconds heartbeat_interval{2000};
  std::vector<IceServerConfig> ice_servers;
  std::string database_path;  // SQLite file; empty keeps data in memory.
  std::string static_root;    // Folder served at "/"; empty serves nothing.
  // Origins allowed to open WebSockets, such as "http://localhost:8080".
  // Empty allows any Origin (and requests without one).
  std::vector<std::string> allowed_origins;
  bool demo_token_endpoint = false;  // Enables POST /v1/demo/token.
};

// The credentials that --demo adds, also used by the demo app and tests.
inline constexpr std::string_view kDemoApiKey = "100";
inline constexpr std::string_view kDemoApiSecret =
    "demo-secret-for-local-testing-only";

// Parses a JSON configuration. Unknown keys and wrong types are errors that
// name the key.
absl::StatusOr<ServerConfig> ParseConfigJson(std::string_view text);

// Reads and parses the JSON file at `path`.
absl::StatusOr<ServerConfig> LoadConfigFile(const std::string& path);

// Parses command-line flags: --config FILE first (if given), then --listen
// ADDR, --port N, --threads N, --static DIR, --db FILE, --tls-cert FILE,
// --tls-key FILE and --demo override it. Returns an error naming the flag
// for unknown or malformed flags, and for a certificate without a key or a
// key without a certificate.
absl::StatusOr<ServerConfig> ParseFlags(int argc, const char* const* argv);

// Usage text for --help.
std::string_view FlagsUsage();

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_CONFIG_H_
