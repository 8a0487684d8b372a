#include "core/model.h"

#include <array>
#include <tuple>
#include <utility>

namespace sessioncore {
namespace {

template <typename Enum, size_t N>
std::string_view NameOf(
    const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return {};
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(
    const std::array<std::pair<Enum, std::string_view>, N>& names,
    std::string_view name) {
  for (const auto& [value, candidate] : names) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames = {{
    {Role::kPublisher, "publisher"},
    {Role::kPublisherOnly, "publisheronly"},
    {Role::kSubscriber, "subscriber"},
    {Role::kModerator, "moderator"},
}};

constexpr std::array<std::pair<VideoType, std::string_view>, 3>
    kVideoTypeNames = {{
        {VideoType::kCamera, "camera"},
        {VideoType::kScreen, "screen"},
        {VideoType::kCustom, "custom"},
    }};

constexpr std::array<std::pair<StreamDestroyedReason, std::string_view>, 6>
    kStreamReasonNames = {{
        {StreamDestroyedReason::kUnpublished, "unpublished"},
        {StreamDestroyedReason::kClientDisconnected, "clientDisconnected"},
        {StreamDestroyedReason::kForceUnpublished, "forceUnpublished"},
        {StreamDestroyedReason::kForceDisconnected, "forceDisconnected"},
        {StreamDestroyedReason::kNetworkDisconnected, "networkDisconnected"},
        {StreamDestroyedReason::kMediaStopped, "mediaStopped"},
    }};

constexpr std::array<std::pair<DisconnectReason, std::string_view>, 3>
    kDisconnectReasonNames = {{
        {DisconnectReason::kClientDisconnected, "clientDisconnected"},
        {DisconnectReason::kForceDisconnected, "forceDisconnected"},
        {DisconnectReason::kNetworkDisconnected, "networkDisconnected"},
    }};

}  // namespace

std::string_view RoleName(Role role) { return NameOf(kRoleNames, role); }

std::optional<Role> ParseRole(std::string_view name) {
  return ValueOf(kRoleNames, name);
}

Capabilities CapabilitiesForRole(Role role) {
  Capabilities caps;
  caps.publish = role != Role::kSubscriber;
  caps.subscribe = role != Role::kPublisherOnly;
  const bool moderator = role == Role::kModerator;
  caps.force_disconnect = moderator;
  caps.force_unpublish = moderator;
  caps.force_mute = moderator;
  return caps;
}

bool operator==(const Capabilities& a, const Capabilities& b) {
  return std::tie(a.publish, a.subscribe, a.force_disconnect, a.force_unpublish,
                  a.force_mute) == std::tie(b.publish, b.subscribe,
                                            b.force_disconnect,
                                            b.force_unpublish, b.force_mute);
}

bool operator==(const Connection& a, const Connection& b) {
  return std::tie(a.connection_id, a.creation_time, a.data) ==
         std::tie(b.connection_id, b.creation_time, b.data);
}

bool operator==(const VideoDimensions& a, const VideoDimensions& b) {
  return a.width == b.width && a.height == b.height;
}

bool operator==(const Stream& a, const Stream& b) {
  return std::tie(a.stream_id, a.connection_id, a.creation_time, a.name,
                  a.has_audio, a.has_video, a.has_captions, a.video_type,
                  a.video_dimensions, a.frame_rate) ==
         std::tie(b.stream_id, b.connection_id, b.creation_time, b.name,
                  b.has_audio, b.has_video, b.has_captions, b.video_type,
                  b.video_dimensions, b.frame_rate);
}

std::string_view VideoTypeName(VideoType type) {
  return NameOf(kVideoTypeNames, type);
}

std::optional<VideoType> ParseVideoType(std::string_view name) {
  return ValueOf(kVideoTypeNames, name);
}

std::string_view StreamDestroyedReasonName(StreamDestroyedReason reason) {
  return NameOf(kStreamReasonNames, reason);
}

std::optional<StreamDestroyedReason> ParseStreamDestroyedReason(
    std::string_view name) {
  return ValueOf(kStreamReasonNames, name);
}

std::string_view DisconnectReasonName(DisconnectReason reason) {
  return NameOf(kDisconnectReasonNames, reason);
}

std::optional<DisconnectReason> ParseDisconnectReason(std::string_view name) {
  return ValueOf(kDisconnectReasonNames, name);
}

}  // namespace sessioncore
