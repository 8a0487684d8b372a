#include "core/session_options.h"

#include <functional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/error.h"
#include "core/json/json_parser.h"

namespace sessioncore {
namespace {

// Values longer than this are cut in error messages, so that a huge or
// hostile value cannot flood logs.
constexpr size_t kMaxDescribedValueLength = 80;

std::string DescribeValue(const Json& value) {
  std::string text = value.Dump();
  if (text.size() > kMaxDescribedValueLength) {
    text = absl::StrCat(text.substr(0, kMaxDescribedValueLength), "...");
  }
  return text;
}

absl::Status Invalid(std::string_view path, const Json& value,
                     std::string_view rule) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("session option ", path, ": ",
                                DescribeValue(value), " is invalid; ", rule));
}

absl::Status ReadBool(const Json& value, std::string_view path, bool& out) {
  if (!value.IsBool()) {
    return Invalid(path, value, "expected true or false");
  }
  out = value.AsBool();
  return absl::OkStatus();
}

absl::Status ReadString(const Json& value, std::string_view path,
                        std::string& out) {
  if (!value.IsString()) return Invalid(path, value, "expected a string");
  out = value.AsString();
  return absl::OkStatus();
}

// Reads one of `allowed`. An empty list of allowed values is never passed.
absl::Status ReadChoice(const Json& value, std::string_view path,
                        const std::vector<std::string_view>& allowed,
                        std::string& out) {
  std::vector<std::string> quoted;
  for (std::string_view choice : allowed) {
    quoted.push_back(absl::StrCat("\"", choice, "\""));
  }
  const std::string rule =
      absl::StrCat("allowed values: ", absl::StrJoin(quoted, ", "));
  if (!value.IsString()) return Invalid(path, value, rule);
  out = value.AsString();
  for (std::string_view choice : allowed) {
    if (out == choice) return absl::OkStatus();
  }
  return Invalid(path, value, rule);
}

// ICE server URLs follow RFC 7064 (stun:, stuns:) and RFC 7065 (turn:,
// turns:). Anything else, such as an http:// URL, cannot be an ICE server.
bool IsTurnUrl(std::string_view url) {
  return absl::StartsWith(url, "turn:") || absl::StartsWith(url, "turns:");
}

bool IsIceUrl(std::string_view url) {
  const bool has_scheme = IsTurnUrl(url) || absl::StartsWith(url, "stun:") ||
                          absl::StartsWith(url, "stuns:");
  const size_t colon = url.find(':');
  return has_scheme && colon + 1 < url.size() &&
         url.find_first_of(" \t\r\n") == std::string_view::npos;
}

absl::Status ReadIceUrls(const Json& value, const std::string& path,
                         std::vector<std::string>& out) {
  // A bare string is normalised to a one-element list, as RTCIceServer does.
  if (value.IsString()) {
    Json list = Json::Array();
    list.push_back(value);
    return ReadIceUrls(list, path, out);
  }
  if (!value.IsArray() || value.empty()) {
    return Invalid(path, value, "expected a non-empty array of ICE URLs");
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_path = absl::StrCat(path, "[", i, "]");
    std::string url;
    if (absl::Status s = ReadString(value[i], item_path, url); !s.ok()) {
      return s;
    }
    if (!IsIceUrl(url)) {
      return Invalid(item_path, value[i],
                     "expected a stun:, stuns:, turn: or turns: URL");
    }
    out.push_back(std::move(url));
  }
  return absl::OkStatus();
}

absl::Status ReadOptionalString(const Json& server, std::string_view key,
                                const std::string& path,
                                std::optional<std::string>& out) {
  const Json* value = server.Find(key);
  if (value == nullptr) return absl::OkStatus();
  std::string text;
  if (absl::Status s = ReadString(*value, absl::StrCat(path, ".", key), text);
      !s.ok()) {
    return s;
  }
  out = std::move(text);
  return absl::OkStatus();
}

absl::Status CheckKnownKeys(const Json& object, const std::string& path,
                            const std::vector<std::string_view>& known) {
  for (const auto& [key, value] : object.Members()) {
    bool found = false;
    for (std::string_view name : known) found = found || key == name;
    if (!found) {
      return MakeError(
          ErrorCode::kInvalidParameter,
          absl::StrCat("session option ", path, path.empty() ? "" : ".", key,
                       " is not a known option; known options: ",
                       absl::StrJoin(known, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::Status ReadIceServer(const Json& value, const std::string& path,
                           IceServer& out) {
  if (!value.IsObject()) {
    return Invalid(path, value,
                   "expected an object {urls, username?, credential?}");
  }
  if (absl::Status s =
          CheckKnownKeys(value, path, {"urls", "username", "credential"});
      !s.ok()) {
    return s;
  }
  const Json* urls = value.Find("urls");
  if (urls == nullptr) {
    return Invalid(path, value, "an ICE server needs \"urls\"");
  }
  absl::Status s = ReadIceUrls(*urls, path + ".urls", out.urls);
  if (s.ok()) s = ReadOptionalString(value, "username", path, out.username);
  if (s.ok()) s = ReadOptionalString(value, "credential", path, out.credential);
  if (!s.ok()) return s;
  // A TURN server without credentials fails at RTCPeerConnection creation
  // (W3C webrtc-pc, "validate an ICE server"); reject it here with its path.
  for (const std::string& url : out.urls) {
    if (IsTurnUrl(url) && (!out.username || !out.credential)) {
      return Invalid(path, value,
                     "a turn: or turns: server needs username and credential");
    }
  }
  return absl::OkStatus();
}

absl::Status ReadCustomServers(const Json& value, IceConfig& config) {
  absl::StatusOr<std::vector<IceServer>> servers =
      ParseIceServerList(value, "iceConfig.customServers");
  if (!servers.ok()) return servers.status();
  config.custom_servers = *std::move(servers);
  return absl::OkStatus();
}

absl::Status ReadIceConfig(const Json& value, IceConfig& config) {
  if (!value.IsObject()) {
    return Invalid("iceConfig", value, "expected an object");
  }
  absl::Status s =
      CheckKnownKeys(value, "iceConfig",
                     {"includeServers", "transportPolicy", "customServers"});
  std::string choice;
  if (s.ok() && value.Contains("includeServers")) {
    s = ReadChoice(value["includeServers"], "iceConfig.includeServers",
                   {"all", "custom"}, choice);
    config.include_servers =
        choice == "custom" ? IncludeServers::kCustom : IncludeServers::kAll;
  }
  if (s.ok() && value.Contains("transportPolicy")) {
    s = ReadChoice(value["transportPolicy"], "iceConfig.transportPolicy",
                   {"all", "relay"}, choice);
    config.transport_policy =
        choice == "relay" ? TransportPolicy::kRelay : TransportPolicy::kAll;
  }
  if (s.ok() && value.Contains("customServers")) {
    s = ReadCustomServers(value["customServers"], config);
  }
  if (s.ok() && config.include_servers == IncludeServers::kCustom &&
      config.custom_servers.empty()) {
    return Invalid("iceConfig.customServers", Json::Array(),
                   "includeServers \"custom\" needs at least one server");
  }
  return s;
}

absl::Status ReadProxyUrl(const Json& value, SessionOptions& options) {
  std::string url;
  if (absl::Status s = ReadString(value, "proxyUrl", url); !s.ok()) return s;
  const bool has_scheme =
      absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://") ||
      absl::StartsWith(url, "wss://") || absl::StartsWith(url, "ws://");
  if (!has_scheme || url.find_first_of(" \t\r\n") != std::string::npos) {
    return Invalid("proxyUrl", value,
                   "expected an absolute http(s):// or ws(s):// URL");
  }
  options.proxy_url = std::move(url);
  return absl::OkStatus();
}

// An Android-only choice: the empty string means "not set", as the React
// Native reference's own example passes it.
absl::Status ReadAndroidChoice(const Json& value, std::string_view path,
                               const std::vector<std::string_view>& allowed,
                               std::optional<std::string>& out) {
  if (value.IsString() && value.AsString().empty()) {
    return absl::OkStatus();
  }
  std::string choice;
  if (absl::Status s = ReadChoice(value, path, allowed, choice); !s.ok()) {
    return s;
  }
  out = std::move(choice);
  return absl::OkStatus();
}

using OptionReader =
    std::function<absl::Status(const Json& value, SessionOptions& options)>;

struct OptionEntry {
  std::string_view name;
  bool android_only;
  OptionReader read;
};

OptionReader BoolOption(std::string_view name, bool SessionOptions::*field) {
  return [name, field](const Json& value, SessionOptions& options) {
    return ReadBool(value, name, options.*field);
  };
}

const std::vector<OptionEntry>& OptionTable() {
  static const auto* const kTable = new std::vector<OptionEntry>{
      {"connectionEventsSuppressed", false,
       BoolOption("connectionEventsSuppressed",
                  &SessionOptions::connection_events_suppressed)},
      {"iceConfig", false,
       [](const Json& value, SessionOptions& options) {
         return ReadIceConfig(value, options.ice_config);
       }},
      {"ipWhitelist", false,
       BoolOption("ipWhitelist", &SessionOptions::ip_whitelist)},
      {"proxyUrl", false, ReadProxyUrl},
      {"enableStereoOutput", false,
       BoolOption("enableStereoOutput", &SessionOptions::enable_stereo_output)},
      {"enableSinglePeerConnection", false,
       BoolOption("enableSinglePeerConnection",
                  &SessionOptions::enable_single_peer_connection)},
      {"sessionMigration", false,
       BoolOption("sessionMigration", &SessionOptions::session_migration)},
      {"androidZOrder", true,
       [](const Json& value, SessionOptions& options) {
         return ReadAndroidChoice(value, "androidZOrder",
                                  {"mediaOverlay", "onTop"},
                                  options.android_z_order);
       }},
      {"androidOnTop", true,
       [](const Json& value, SessionOptions& options) {
         return ReadAndroidChoice(value, "androidOnTop",
                                  {"publisher", "subscriber"},
                                  options.android_on_top);
       }},
      {"useTextureViews", true,
       BoolOption("useTextureViews", &SessionOptions::use_texture_views)},
      {"isCamera2Capable", true,
       BoolOption("isCamera2Capable", &SessionOptions::is_camera2_capable)},
  };
  return *kTable;
}

const OptionEntry* FindOption(std::string_view name) {
  for (const OptionEntry& entry : OptionTable()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::vector<std::string_view> KnownOptionNames() {
  std::vector<std::string_view> names;
  for (const OptionEntry& entry : OptionTable()) names.push_back(entry.name);
  return names;
}

}  // namespace

absl::StatusOr<std::vector<IceServer>> ParseIceServerList(
    const Json& servers, std::string_view path) {
  if (!servers.IsArray()) {
    return Invalid(path, servers, "expected an array of ICE servers");
  }
  std::vector<IceServer> result(servers.size());
  for (size_t i = 0; i < servers.size(); ++i) {
    if (absl::Status s = ReadIceServer(
            servers[i], absl::StrCat(path, "[", i, "]"), result[i]);
        !s.ok()) {
      return s;
    }
  }
  return result;
}

absl::StatusOr<SessionOptions> ParseSessionOptions(const Json& options) {
  SessionOptions result;
  if (options.IsNull()) return result;
  if (!options.IsObject()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("session options: ", DescribeValue(options),
                                  " is invalid; expected an object"));
  }
  if (absl::Status s = CheckKnownKeys(options, "", KnownOptionNames());
      !s.ok()) {
    return s;
  }
  for (const auto& [key, value] : options.Members()) {
    const OptionEntry* entry = FindOption(key);
    if (absl::Status s = entry->read(value, result); !s.ok()) return s;
    if (entry->android_only) {
      result.warnings.push_back(absl::StrCat(
          "session option ", key, " applies to Android only; ignored"));
    }
  }
  return result;
}

absl::StatusOr<SessionOptions> ParseSessionOptionsJson(
    std::string_view options_json) {
  absl::StatusOr<Json> parsed = ParseJson(options_json);
  if (!parsed.ok()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("session options are not valid JSON ",
                                  parsed.status().message()));
  }
  return ParseSessionOptions(*parsed);
}

Json IceServerToJson(const IceServer& server) {
  Json out = {{"urls", server.urls}};
  if (server.username) out["username"] = *server.username;
  if (server.credential) out["credential"] = *server.credential;
  return out;
}

Json ToRtcConfiguration(const SessionOptions& options,
                        const std::vector<IceServer>& server_ice) {
  Json servers = Json::Array();
  if (options.ice_config.include_servers == IncludeServers::kAll) {
    for (const IceServer& server : server_ice) {
      servers.push_back(IceServerToJson(server));
    }
  }
  for (const IceServer& server : options.ice_config.custom_servers) {
    servers.push_back(IceServerToJson(server));
  }
  const bool relay =
      options.ice_config.transport_policy == TransportPolicy::kRelay;
  return {{"iceServers", servers},
          {"iceTransportPolicy", relay ? "relay" : "all"}};
}

Json SessionOptionsToJson(const SessionOptions& options) {
  Json custom = Json::Array();
  for (const IceServer& server : options.ice_config.custom_servers) {
    custom.push_back(IceServerToJson(server));
  }
  const IceConfig& ice = options.ice_config;
  Json out = {
      {"connectionEventsSuppressed", options.connection_events_suppressed},
      {"iceConfig",
       {{"includeServers",
         ice.include_servers == IncludeServers::kCustom ? "custom" : "all"},
        {"transportPolicy",
         ice.transport_policy == TransportPolicy::kRelay ? "relay" : "all"},
        {"customServers", custom}}},
      {"ipWhitelist", options.ip_whitelist},
      {"enableStereoOutput", options.enable_stereo_output},
      {"enableSinglePeerConnection", options.enable_single_peer_connection},
      {"sessionMigration", options.session_migration},
      {"useTextureViews", options.use_texture_views},
      {"isCamera2Capable", options.is_camera2_capable},
  };
  if (options.proxy_url) out["proxyUrl"] = *options.proxy_url;
  if (options.android_z_order) out["androidZOrder"] = *options.android_z_order;
  if (options.android_on_top) out["androidOnTop"] = *options.android_on_top;
  return out;
}

}  // namespace sessioncore
