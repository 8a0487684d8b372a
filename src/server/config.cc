#include "server/config.h"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "nlohmann/json.hpp"

namespace sessioncore::server {
namespace {

using nlohmann::json;

// Writes whole numbers without an exponent, so that a bound such as
// 16777216 reads as it would be written in the configuration.
std::string FormatNumber(double number) {
  if (std::abs(number) < 9.0e15 && number == std::trunc(number)) {
    return absl::StrCat(static_cast<int64_t>(number));
  }
  return absl::StrCat(number);
}

absl::Status ConfigError(std::string_view path, std::string_view rule) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("config ", path, ": ", rule));
}

// Reads the members of one JSON object and rejects keys it was never asked
// about, so that a misspelt key is an error instead of a silent default.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path)
      : object_(object), path_(std::move(path)) {}

  absl::Status String(std::string_view key, std::string* out) {
    const json* value = Find(key);
    if (value == nullptr) return absl::OkStatus();
    if (!value->is_string()) return TypeError(key, "a string");
    *out = value->get<std::string>();
    return absl::OkStatus();
  }

  absl::Status Bool(std::string_view key, bool* out) {
    const json* value = Find(key);
    if (value == nullptr) return absl::OkStatus();
    if (!value->is_boolean()) return TypeError(key, "true or false");
    *out = value->get<bool>();
    return absl::OkStatus();
  }

  absl::Status Number(std::string_view key, double min, double max,
                      double* out) {
    const json* value = Find(key);
    if (value == nullptr) return absl::OkStatus();
    if (!value->is_number()) return TypeError(key, "a number");
    double number = value->get<double>();
    if (number < min || number > max) {
      return ConfigError(
          Path(key),
          absl::StrCat("must be between ", FormatNumber(min), " and ",
                       FormatNumber(max), ", got ", FormatNumber(number)));
    }
    *out = number;
    return absl::OkStatus();
  }

  template <typename Int>
  absl::Status Integer(std::string_view key, double min, double max, Int* out) {
    double number = static_cast<double>(*out);
    absl::Status status = Number(key, min, max, &number);
    if (!status.ok()) return status;
    if (number != static_cast<double>(static_cast<int64_t>(number))) {
      return ConfigError(Path(key), "must be a whole number");
    }
    *out = static_cast<Int>(number);
    return absl::OkStatus();
  }

  absl::Status StringList(std::string_view key, std::vector<std::string>* out);

  // Returns the array or object at `key`, or nullptr when absent.
  const json* Find(std::string_view key) {
    known_.insert(std::string(key));
    auto it = object_.find(std::string(key));
    return it == object_.end() ? nullptr : &*it;
  }

  // Returns an error for the first key that no accessor asked for.
  absl::Status RejectUnknownKeys() const {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (known_.count(it.key()) == 0) {
        return ConfigError(Path(it.key()), "unknown key");
      }
    }
    return absl::OkStatus();
  }

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
  }

 private:
  absl::Status TypeError(std::string_view key, std::string_view expected) {
    return ConfigError(Path(key), absl::StrCat("must be ", expected));
  }

  const json& object_;
  std::string path_;
  std::set<std::string> known_;
};

absl::Status ObjectReader::StringList(std::string_view key,
                                      std::vector<std::string>* out) {
  const json* value = Find(key);
  if (value == nullptr) return absl::OkStatus();
  if (!value->is_array()) return TypeError(key, "an array of strings");
  out->clear();
  for (const json& item : *value) {
    if (!item.is_string()) return TypeError(key, "an array of strings");
    out->push_back(item.get<std::string>());
  }
  return absl::OkStatus();
}

#define RETURN_IF_ERROR(expr)          \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (false)

// Calls `parse_item(reader, index)` for each object in the array at `key`.
template <typename ParseItem>
absl::Status ForEachObject(ObjectReader& parent, std::string_view key,
                           ParseItem parse_item) {
  const json* array = parent.Find(key);
  if (array == nullptr) return absl::OkStatus();
  if (!array->is_array()) {
    return ConfigError(parent.Path(key), "must be an array of objects");
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string path = absl::StrCat(parent.Path(key), "[", i, "]");
    if (!(*array)[i].is_object()) return ConfigError(path, "must be an object");
    ObjectReader reader((*array)[i], path);
    RETURN_IF_ERROR(parse_item(reader, path));
    RETURN_IF_ERROR(reader.RejectUnknownKeys());
  }
  return absl::OkStatus();
}

absl::Status RequireNonEmpty(const std::string& value,
                             const std::string& path) {
  if (value.empty()) return ConfigError(path, "is required and not empty");
  return absl::OkStatus();
}

absl::Status ParseProjects(ObjectReader& root, ServerConfig& config) {
  return ForEachObject(
      root, "projects", [&](ObjectReader& item, const std::string& path) {
        ProjectCredentials project;
        RETURN_IF_ERROR(item.String("apiKey", &project.api_key));
        RETURN_IF_ERROR(item.String("apiSecret", &project.api_secret));
        RETURN_IF_ERROR(RequireNonEmpty(project.api_key, path + ".apiKey"));
        RETURN_IF_ERROR(
            RequireNonEmpty(project.api_secret, path + ".apiSecret"));
        config.projects.push_back(std::move(project));
        return absl::OkStatus();
      });
}

absl::Status ParseApplications(ObjectReader& root, ServerConfig& config) {
  return ForEachObject(
      root, "applications", [&](ObjectReader& item, const std::string& path) {
        ApplicationCredentials app;
        RETURN_IF_ERROR(item.String("applicationId", &app.application_id));
        RETURN_IF_ERROR(item.String("publicKeyPem", &app.public_key_pem));
        RETURN_IF_ERROR(
            RequireNonEmpty(app.application_id, path + ".applicationId"));
        RETURN_IF_ERROR(
            RequireNonEmpty(app.public_key_pem, path + ".publicKeyPem"));
        config.applications.push_back(std::move(app));
        return absl::OkStatus();
      });
}

absl::Status ParseIceServers(ObjectReader& root, ServerConfig& config) {
  return ForEachObject(
      root, "iceServers", [&](ObjectReader& item, const std::string& path) {
        IceServerConfig server;
        RETURN_IF_ERROR(item.StringList("urls", &server.urls));
        RETURN_IF_ERROR(item.String("username", &server.username));
        RETURN_IF_ERROR(item.String("credential", &server.credential));
        if (server.urls.empty()) {
          return ConfigError(path + ".urls", "must list at least one URL");
        }
        config.ice_servers.push_back(std::move(server));
        return absl::OkStatus();
      });
}

absl::Status ParseLimits(ObjectReader& root, ServerLimits& limits) {
  const json* object = root.Find("limits");
  if (object == nullptr) return absl::OkStatus();
  if (!object->is_object()) return ConfigError("limits", "must be an object");
  ObjectReader reader(*object, "limits");
  RETURN_IF_ERROR(reader.Integer("maxMessageBytes", 1024, 16 << 20,
                                 &limits.max_message_bytes));
  RETURN_IF_ERROR(reader.Integer("outboundQueueMessages", 1, 1 << 20,
                                 &limits.outbound_queue_messages));
  RETURN_IF_ERROR(reader.Integer("connectionsPerSession", 1, 1 << 20,
                                 &limits.connections_per_session));
  RETURN_IF_ERROR(reader.Integer("sessionsPerServer", 1, 1 << 24,
                                 &limits.sessions_per_server));
  RETURN_IF_ERROR(reader.Number("signalsPerSecond", 0.001, 1e6,
                                &limits.signals_per_second));
  RETURN_IF_ERROR(reader.Number("signalBurst", 1, 1e6, &limits.signal_burst));
  return reader.RejectUnknownKeys();
}

absl::Status ParseDurations(ObjectReader& root, ServerConfig& config) {
  int64_t grace_ms = config.resume_grace.count();
  int64_t heartbeat_ms = config.heartbeat_interval.count();
  RETURN_IF_ERROR(root.Integer("resumeGraceMs", 0, 3600e3, &grace_ms));
  RETURN_IF_ERROR(
      root.Integer("heartbeatIntervalMs", 100, 600e3, &heartbeat_ms));
  config.resume_grace = std::chrono::milliseconds(grace_ms);
  config.heartbeat_interval = std::chrono::milliseconds(heartbeat_ms);
  return absl::OkStatus();
}

absl::Status ParseTls(ObjectReader& root, ServerConfig& config) {
  const json* object = root.Find("tls");
  if (object == nullptr) return absl::OkStatus();
  if (!object->is_object()) return ConfigError("tls", "must be an object");
  ObjectReader reader(*object, "tls");
  RETURN_IF_ERROR(reader.String("certFile", &config.tls_cert_file));
  RETURN_IF_ERROR(reader.String("keyFile", &config.tls_key_file));
  RETURN_IF_ERROR(reader.RejectUnknownKeys());
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return ConfigError("tls", "needs both certFile and keyFile");
  }
  return absl::OkStatus();
}

absl::Status ParseRoot(ObjectReader& root, ServerConfig& config) {
  RETURN_IF_ERROR(root.String("listen", &config.listen_address));
  RETURN_IF_ERROR(root.Integer("port", 0, 65535, &config.port));
  RETURN_IF_ERROR(root.Integer("threads", 0, 1024, &config.threads));
  RETURN_IF_ERROR(ParseTls(root, config));
  RETURN_IF_ERROR(ParseProjects(root, config));
  RETURN_IF_ERROR(ParseApplications(root, config));
  RETURN_IF_ERROR(ParseLimits(root, config.limits));
  RETURN_IF_ERROR(ParseDurations(root, config));
  RETURN_IF_ERROR(ParseIceServers(root, config));
  RETURN_IF_ERROR(root.String("databasePath", &config.database_path));
  RETURN_IF_ERROR(root.String("staticRoot", &config.static_root));
  RETURN_IF_ERROR(root.StringList("allowedOrigins", &config.allowed_origins));
  RETURN_IF_ERROR(root.Bool("demoTokenEndpoint", &config.demo_token_endpoint));
  return root.RejectUnknownKeys();
}

}  // namespace

absl::StatusOr<ServerConfig> ParseConfigJson(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return ConfigError("file", "is not valid JSON");
  }
  if (!root.is_object()) return ConfigError("file", "must be a JSON object");
  ServerConfig config;
  ObjectReader reader(root, "");
  RETURN_IF_ERROR(ParseRoot(reader, config));
  return config;
}

absl::StatusOr<ServerConfig> LoadConfigFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("cannot open config file ", path));
  }
  std::ostringstream text;
  text << file.rdbuf();
  absl::StatusOr<ServerConfig> config = ParseConfigJson(text.str());
  if (!config.ok()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat(path, ": ", config.status().message()));
  }
  return config;
}

}  // namespace sessioncore::server
