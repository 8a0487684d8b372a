// Readers and writers of the objects that several messages share.
#include <cstdint>
#include <limits>
#include <string>
#include <variant>

#include "core/error.h"
#include "core/model.h"
#include "core/protocol/fields.h"

namespace sessioncore::protocol {
namespace {

constexpr std::string_view kVideoTypes = "camera, screen, custom";
constexpr std::string_view kRoles =
    "publisher, publisheronly, subscriber, moderator";

void ReadCapabilities(FieldReader& reader, Capabilities& out) {
  reader.Read("publish", out.publish);
  reader.Read("subscribe", out.subscribe);
  reader.Read("forceDisconnect", out.force_disconnect);
  reader.Read("forceUnpublish", out.force_unpublish);
  reader.Read("forceMute", out.force_mute);
}

Json CapabilitiesToJson(const Capabilities& capabilities) {
  return Json{{"publish", capabilities.publish},
              {"subscribe", capabilities.subscribe},
              {"forceDisconnect", capabilities.force_disconnect},
              {"forceUnpublish", capabilities.force_unpublish},
              {"forceMute", capabilities.force_mute}};
}

void ReadForceMuteObject(FieldReader& reader, ForceMuteState& out) {
  ReadForceMuteState(reader, out);
}

void ReadIceServer(FieldReader& reader, IceServer& out) {
  reader.Read("urls", out.urls);
  if (reader.ok() && out.urls.empty()) {
    reader.Fail("urls", "must hold at least one URL");
  }
  reader.ReadOptional("username", out.username);
  reader.ReadOptional("credential", out.credential);
}

Json IceServerToJson(const IceServer& server) {
  Json json{{"urls", server.urls}};
  if (server.username) json["username"] = *server.username;
  if (server.credential) json["credential"] = *server.credential;
  return json;
}

template <typename T>
Json ArrayToJson(const std::vector<T>& items, Json (*to_json)(const T&)) {
  Json array = Json::Array();
  for (const T& item : items) array.push_back(to_json(item));
  return array;
}

Json ArchiveToJson(const ArchiveInfo& archive) {
  Json json = Json::Object();
  WriteArchiveInfo(json, archive);
  return json;
}

}  // namespace

void ReadConnection(FieldReader& reader, Connection& out) {
  reader.Read("connectionId", out.connection_id);
  reader.Read("creationTime", out.creation_time);
  reader.Read("data", out.data);
}

Json ConnectionToJson(const Connection& connection) {
  return Json{{"connectionId", connection.connection_id},
              {"creationTime", connection.creation_time},
              {"data", connection.data}};
}

void ReadVideoDimensions(FieldReader& reader, VideoDimensions& out) {
  reader.Read("width", out.width);
  reader.Read("height", out.height);
}

Json VideoDimensionsToJson(const VideoDimensions& dimensions) {
  return Json{{"width", dimensions.width}, {"height", dimensions.height}};
}

void ReadStreamInfo(FieldReader& reader, StreamInfo& out) {
  Stream& stream = out.stream;
  reader.Read("streamId", stream.stream_id);
  reader.ReadObject("connection", out.connection, &ReadConnection);
  stream.connection_id = out.connection.connection_id;
  reader.Read("creationTime", stream.creation_time);
  reader.Read("name", stream.name);
  reader.Read("hasAudio", stream.has_audio);
  reader.Read("hasVideo", stream.has_video);
  reader.Read("hasCaptions", stream.has_captions);
  reader.ReadEnum("videoType", stream.video_type, &ParseVideoType, kVideoTypes);
  reader.ReadObject("videoDimensions", stream.video_dimensions,
                    &ReadVideoDimensions);
  reader.Read("frameRate", stream.frame_rate, 1);
}

Json StreamInfoToJson(const StreamInfo& info) {
  const Stream& stream = info.stream;
  return Json{
      {"streamId", stream.stream_id},
      {"connection", ConnectionToJson(info.connection)},
      {"creationTime", stream.creation_time},
      {"name", stream.name},
      {"hasAudio", stream.has_audio},
      {"hasVideo", stream.has_video},
      {"hasCaptions", stream.has_captions},
      {"videoType", VideoTypeName(stream.video_type)},
      {"videoDimensions", VideoDimensionsToJson(stream.video_dimensions)},
      {"frameRate", stream.frame_rate}};
}

void ReadForceMuteState(FieldReader& reader, ForceMuteState& out) {
  reader.Read("active", out.active);
  reader.Read("excludedStreamIds", out.excluded_stream_ids);
}

void WriteForceMuteState(Json& json, const ForceMuteState& state) {
  json["active"] = state.active;
  json["excludedStreamIds"] = state.excluded_stream_ids;
}

void ReadArchiveInfo(FieldReader& reader, ArchiveInfo& out) {
  reader.Read("archiveId", out.archive_id);
  reader.Read("name", out.name);
}

void WriteArchiveInfo(Json& json, const ArchiveInfo& archive) {
  json["archiveId"] = archive.archive_id;
  json["name"] = archive.name;
}

void ReadSnapshot(FieldReader& reader, Snapshot& out) {
  reader.ReadObject("connection", out.connection, &ReadConnection);
  reader.ReadEnum("role", out.role, &ParseRole, kRoles);
  reader.ReadObject("capabilities", out.capabilities, &ReadCapabilities);
  reader.ReadArray("connections", out.connections, &ReadConnection);
  reader.ReadArray("streams", out.streams, &ReadStreamInfo);
  reader.ReadObject("forceMute", out.force_mute, &ReadForceMuteObject);
  reader.ReadArray("archives", out.archives, &ReadArchiveInfo);
  reader.ReadArray("iceServers", out.ice_servers, &ReadIceServer);
  reader.Read("heartbeatIntervalMs", out.heartbeat_interval_ms, 1);
  reader.Read("reconnectWindowMs", out.reconnect_window_ms, 0);
  reader.Read("resumeKey", out.resume_key);
}

Json SnapshotToJson(const Snapshot& snapshot) {
  Json force_mute = Json::Object();
  WriteForceMuteState(force_mute, snapshot.force_mute);
  return Json{
      {"connection", ConnectionToJson(snapshot.connection)},
      {"role", RoleName(snapshot.role)},
      {"capabilities", CapabilitiesToJson(snapshot.capabilities)},
      {"connections", ArrayToJson(snapshot.connections, &ConnectionToJson)},
      {"streams", ArrayToJson(snapshot.streams, &StreamInfoToJson)},
      {"forceMute", std::move(force_mute)},
      {"archives", ArrayToJson(snapshot.archives, &ArchiveToJson)},
      {"iceServers", ArrayToJson(snapshot.ice_servers, &IceServerToJson)},
      {"heartbeatIntervalMs", snapshot.heartbeat_interval_ms},
      {"reconnectWindowMs", snapshot.reconnect_window_ms},
      {"resumeKey", snapshot.resume_key}};
}

void ReadWireError(FieldReader& reader, WireError& out) {
  int number = 0;
  std::string name;
  reader.Read("code", number);
  reader.Read("name", name);
  reader.Read("message", out.message);
  if (!reader.ok()) return;
  const ErrorInfo* info = FindErrorByNumber(number);
  if (info == nullptr) {
    reader.Fail("code", std::to_string(number) + " is not a known error code");
  } else if (info->name != name) {
    reader.Fail("name", "\"" + name + "\" does not match code " +
                            std::to_string(number) + ", which is " +
                            std::string(info->name));
  } else {
    out.code = info->code;
  }
}

void WriteWireError(Json& json, const WireError& error) {
  const ErrorInfo& info = GetErrorInfo(error.code);
  json["code"] = info.number;
  json["name"] = info.name;
  json["message"] = error.message;
}

void ReadStreamPropertyValue(FieldReader& reader, std::string_view key,
                             StreamProperty property,
                             StreamPropertyValue& out) {
  if (property == StreamProperty::kVideoDimensions) {
    VideoDimensions dimensions;
    reader.ReadObject(key, dimensions, &ReadVideoDimensions);
    out = dimensions;
    return;
  }
  bool flag = false;
  reader.Read(key, flag);
  out = flag;
}

Json StreamPropertyValueToJson(const StreamPropertyValue& value) {
  if (const auto* dimensions = std::get_if<VideoDimensions>(&value)) {
    return VideoDimensionsToJson(*dimensions);
  }
  return *std::get_if<bool>(&value);
}

void ReadLayerLimits(FieldReader& reader, std::optional<int>& max_width,
                     std::optional<int>& max_height,
                     std::optional<int>& max_frame_rate) {
  constexpr int64_t kMax = std::numeric_limits<int>::max();
  reader.ReadOptional("maxWidth", max_width, 1, kMax);
  reader.ReadOptional("maxHeight", max_height, 1, kMax);
  reader.ReadOptional("maxFrameRate", max_frame_rate, 1, kMax);
}

void WriteLayerLimits(Json& json, const std::optional<int>& max_width,
                      const std::optional<int>& max_height,
                      const std::optional<int>& max_frame_rate) {
  if (max_width) json["maxWidth"] = *max_width;
  if (max_height) json["maxHeight"] = *max_height;
  if (max_frame_rate) json["maxFrameRate"] = *max_frame_rate;
}

void ReadStreamProperty(FieldReader& reader, std::string_view key,
                        StreamProperty& out) {
  reader.ReadEnum(key, out, &ParseStreamProperty,
                  "hasAudio, hasVideo, hasCaptions, videoDimensions");
}

}  // namespace sessioncore::protocol
