// The session options model: every option that `OT.initSession()` and the
// React `OTSession` accept, their defaults, and their validation.
//
// ParseSessionOptions() takes the options object as JSON (the browser glue
// passes `JSON.stringify(options)`) and either returns a fully defaulted
// SessionOptions or an OT_INVALID_PARAMETER error that names the option, the
// value and what is allowed. It never falls back to a default for a value it
// does not understand: a typo in `transportPolicy` must not silently allow
// non-relay candidates.
#ifndef SESSIONCORE_CORE_SESSION_OPTIONS_H_
#define SESSIONCORE_CORE_SESSION_OPTIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/json/json.h"

namespace sessioncore {

// One ICE server, shaped like the W3C RTCIceServer dictionary.
struct IceServer {
  std::vector<std::string> urls;  // stun:, turn: or turns: URLs.
  std::optional<std::string> username;
  std::optional<std::string> credential;
};

enum class IncludeServers { kAll, kCustom };
enum class TransportPolicy { kAll, kRelay };

// The `iceConfig` option.
struct IceConfig {
  IncludeServers include_servers = IncludeServers::kAll;
  TransportPolicy transport_policy = TransportPolicy::kAll;
  std::vector<IceServer> custom_servers;
};

// Validated session options with every default filled in.
struct SessionOptions {
  bool connection_events_suppressed = false;
  IceConfig ice_config;
  bool ip_whitelist = false;
  std::optional<std::string> proxy_url;
  bool enable_stereo_output = false;
  // Only meaningful in routed sessions; relayed sessions always use one peer
  // connection per subscription.
  bool enable_single_peer_connection = false;
  bool session_migration = false;

  // Android-only options: validated, then ignored by the web client.
  std::optional<std::string> android_z_order;  // "mediaOverlay" or "onTop".
  std::optional<std::string> android_on_top;   // "publisher" or "subscriber".
  bool use_texture_views = false;
  bool is_camera2_capable = false;

  // One message per Android-only option that was set, for the glue to log
  // once as a warning.
  std::vector<std::string> warnings;
};

// Parses and validates `options`, a JSON object (or null for "no options").
// Errors: OT_INVALID_PARAMETER for an unknown key, a wrong type or a value
// outside the allowed set, with the option's path (such as
// "iceConfig.customServers[0].urls[1]") in the message.
absl::StatusOr<SessionOptions> ParseSessionOptions(const Json& options);

// Parses `options_json`, the text of a JSON object, then validates it as
// ParseSessionOptions() does. Malformed JSON is OT_INVALID_PARAMETER too.
absl::StatusOr<SessionOptions> ParseSessionOptionsJson(
    std::string_view options_json);

// Parses a list of RTCIceServer-shaped objects, such as the TURN list that
// the session server hands out, with the rules of `iceConfig.customServers`.
// `path` names the list in error messages.
absl::StatusOr<std::vector<IceServer>> ParseIceServerList(
    const Json& servers, std::string_view path);

// Builds the RTCConfiguration dictionary for the browser's
// RTCPeerConnection: `iceServers` and `iceTransportPolicy`. `server_ice` is
// the ICE server list that the session server hands out; it is used unless
// `includeServers` is "custom".
Json ToRtcConfiguration(const SessionOptions& options,
                        const std::vector<IceServer>& server_ice);

// Converts between IceServer and its RTCIceServer JSON shape.
Json IceServerToJson(const IceServer& server);

// Serialises the options back to their JSON shape, defaults included.
Json SessionOptionsToJson(const SessionOptions& options);

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_SESSION_OPTIONS_H_
