#include "core/protocol/messages.h"

#include <array>
#include <utility>

namespace sessioncore::protocol {
namespace {

template <typename Enum, size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, size_t N>
std::string_view NameOf(const NameTable<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return {};
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(const NameTable<Enum, N>& names,
                            std::string_view name) {
  for (const auto& [value, candidate] : names) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

constexpr NameTable<StreamProperty, 4> kStreamPropertyNames = {{
    {StreamProperty::kHasAudio, "hasAudio"},
    {StreamProperty::kHasVideo, "hasVideo"},
    {StreamProperty::kHasCaptions, "hasCaptions"},
    {StreamProperty::kVideoDimensions, "videoDimensions"},
}};

constexpr NameTable<SdpType, 2> kSdpTypeNames = {{
    {SdpType::kOffer, "offer"},
    {SdpType::kAnswer, "answer"},
}};

constexpr NameTable<SubscriptionEndReason, 3> kSubscriptionEndReasonNames = {{
    {SubscriptionEndReason::kUnsubscribed, "unsubscribed"},
    {SubscriptionEndReason::kStreamDestroyed, "streamDestroyed"},
    {SubscriptionEndReason::kSubscriberDisconnected, "subscriberDisconnected"},
}};

constexpr NameTable<ServerDisconnectReason, 6> kServerDisconnectReasonNames = {{
    {ServerDisconnectReason::kForceDisconnected, "forceDisconnected"},
    {ServerDisconnectReason::kSlowConsumer, "slowConsumer"},
    {ServerDisconnectReason::kTokenExpired, "tokenExpired"},
    {ServerDisconnectReason::kHeartbeatTimeout, "heartbeatTimeout"},
    {ServerDisconnectReason::kProtocolError, "protocolError"},
    {ServerDisconnectReason::kServerShutdown, "serverShutdown"},
}};

}  // namespace

std::string_view StreamPropertyName(StreamProperty property) {
  return NameOf(kStreamPropertyNames, property);
}

std::optional<StreamProperty> ParseStreamProperty(std::string_view name) {
  return ValueOf(kStreamPropertyNames, name);
}

std::string_view SdpTypeName(SdpType type) {
  return NameOf(kSdpTypeNames, type);
}

std::optional<SdpType> ParseSdpType(std::string_view name) {
  return ValueOf(kSdpTypeNames, name);
}

std::string_view SubscriptionEndReasonName(SubscriptionEndReason reason) {
  return NameOf(kSubscriptionEndReasonNames, reason);
}

std::optional<SubscriptionEndReason> ParseSubscriptionEndReason(
    std::string_view name) {
  return ValueOf(kSubscriptionEndReasonNames, name);
}

std::string_view ServerDisconnectReasonName(ServerDisconnectReason reason) {
  return NameOf(kServerDisconnectReasonNames, reason);
}

std::optional<ServerDisconnectReason> ParseServerDisconnectReason(
    std::string_view name) {
  return ValueOf(kServerDisconnectReasonNames, name);
}

bool operator==(const StreamInfo& a, const StreamInfo& b) {
  return a.stream == b.stream && a.connection == b.connection;
}

bool operator==(const ForceMuteState& a, const ForceMuteState& b) {
  return a.active == b.active && a.excluded_stream_ids == b.excluded_stream_ids;
}

bool operator==(const ArchiveInfo& a, const ArchiveInfo& b) {
  return a.archive_id == b.archive_id && a.name == b.name;
}

bool operator==(const IceServer& a, const IceServer& b) {
  return a.urls == b.urls && a.username == b.username &&
         a.credential == b.credential;
}

bool operator==(const Snapshot& a, const Snapshot& b) {
  return a.connection == b.connection && a.role == b.role &&
         a.capabilities == b.capabilities && a.connections == b.connections &&
         a.streams == b.streams && a.force_mute == b.force_mute &&
         a.archives == b.archives && a.ice_servers == b.ice_servers &&
         a.heartbeat_interval_ms == b.heartbeat_interval_ms &&
         a.reconnect_window_ms == b.reconnect_window_ms &&
         a.resume_key == b.resume_key;
}

bool operator==(const WireError& a, const WireError& b) {
  return a.code == b.code && a.message == b.message;
}

}  // namespace sessioncore::protocol
