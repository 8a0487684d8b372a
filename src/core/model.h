// The session data model shared by the protocol codec, the client session
// core and the server: connections, streams, roles and capabilities.
//
// Field names and units follow OpenTok.js: times are milliseconds since the
// Unix epoch, IDs are opaque strings assigned by the server.
#ifndef SESSIONCORE_CORE_MODEL_H_
#define SESSIONCORE_CORE_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sessioncore {

// The role a token grants. The server enforces it on every request.
enum class Role {
  kPublisher,      // Publish, subscribe and signal (the default).
  kPublisherOnly,  // Publish and signal; cannot subscribe.
  kSubscriber,     // Subscribe and signal; cannot publish.
  kModerator,      // Everything a publisher can, plus force disconnect,
                   // force unpublish and force mute.
};

// Returns the token spelling of `role`: "publisher", "publisheronly",
// "subscriber" or "moderator".
std::string_view RoleName(Role role);

// Parses a token role name; returns nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);

// The rights of the local connection, as `Session.capabilities` reports them.
struct Capabilities {
  bool publish = false;
  bool subscribe = false;
  bool force_disconnect = false;
  bool force_unpublish = false;
  bool force_mute = false;
};

// Returns the capabilities that `role` grants.
Capabilities CapabilitiesForRole(Role role);

// A client connected to a session.
struct Connection {
  std::string connection_id;
  int64_t creation_time = 0;  // ms since the Unix epoch.
  std::string data;           // The token's connection data, at most 1000
                              // characters.
};

struct VideoDimensions {
  int width = 0;
  int height = 0;
};

// The source of a stream's video, as OpenTok.js reports it.
enum class VideoType { kCamera, kScreen, kCustom };

std::string_view VideoTypeName(VideoType type);
std::optional<VideoType> ParseVideoType(std::string_view name);

// A published stream.
struct Stream {
  std::string stream_id;
  std::string connection_id;  // The publisher's connection.
  int64_t creation_time = 0;  // ms since the Unix epoch.
  std::string name;
  bool has_audio = true;
  bool has_video = true;
  bool has_captions = false;
  VideoType video_type = VideoType::kCamera;
  VideoDimensions video_dimensions;
  int frame_rate = 30;
};

// The reason a stream ended, as `streamDestroyed.reason` reports it.
enum class StreamDestroyedReason {
  kUnpublished,
  kClientDisconnected,
  kForceUnpublished,
  kForceDisconnected,
  kNetworkDisconnected,
  kMediaStopped,
};

// The reason a connection ended, as `connectionDestroyed.reason` and
// `sessionDisconnected.reason` report it.
enum class DisconnectReason {
  kClientDisconnected,
  kForceDisconnected,
  kNetworkDisconnected,
};

bool operator==(const Capabilities& a, const Capabilities& b);
bool operator==(const Connection& a, const Connection& b);
bool operator==(const VideoDimensions& a, const VideoDimensions& b);
bool operator==(const Stream& a, const Stream& b);

std::string_view StreamDestroyedReasonName(StreamDestroyedReason reason);
std::optional<StreamDestroyedReason> ParseStreamDestroyedReason(
    std::string_view name);
std::string_view DisconnectReasonName(DisconnectReason reason);
std::optional<DisconnectReason> ParseDisconnectReason(std::string_view name);

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_MODEL_H_
