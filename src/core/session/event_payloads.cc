#include "core/session/event_payloads.h"

#include <variant>

namespace sessioncore::session {

Json ConnectionJson(const Connection& connection) {
  return {{"connectionId", connection.connection_id},
          {"creationTime", connection.creation_time},
          {"data", connection.data}};
}

Json VideoDimensionsJson(const VideoDimensions& dimensions) {
  return {{"width", dimensions.width}, {"height", dimensions.height}};
}

Json StreamJson(const protocol::StreamInfo& info) {
  const Stream& stream = info.stream;
  return {{"streamId", stream.stream_id},
          {"connection", ConnectionJson(info.connection)},
          {"creationTime", stream.creation_time},
          {"name", stream.name},
          {"hasAudio", stream.has_audio},
          {"hasVideo", stream.has_video},
          {"hasCaptions", stream.has_captions},
          {"videoType", VideoTypeName(stream.video_type)},
          {"videoDimensions", VideoDimensionsJson(stream.video_dimensions)},
          {"frameRate", stream.frame_rate}};
}

Json StreamPropertyValueJson(const protocol::StreamPropertyValue& value) {
  if (const bool* flag = std::get_if<bool>(&value)) return *flag;
  return VideoDimensionsJson(std::get<VideoDimensions>(value));
}

Json CapabilitiesJson(const Capabilities& capabilities) {
  // Both spellings: `Session.capabilities` uses the short names and
  // getCapabilities() the `can*` names.
  return {{"publish", capabilities.publish},
          {"subscribe", capabilities.subscribe},
          {"forceDisconnect", capabilities.force_disconnect},
          {"forceUnpublish", capabilities.force_unpublish},
          {"forceMute", capabilities.force_mute},
          {"canPublish", capabilities.publish},
          {"canSubscribe", capabilities.subscribe},
          {"canForceDisconnect", capabilities.force_disconnect},
          {"canForceUnpublish", capabilities.force_unpublish},
          {"canForceMute", capabilities.force_mute}};
}

Json ConnectionEventPayload(const Connection& connection) {
  return {{"connection", ConnectionJson(connection)}};
}

Json ConnectionDestroyedPayload(const Connection& connection,
                                DisconnectReason reason) {
  return {{"connection", ConnectionJson(connection)},
          {"reason", DisconnectReasonName(reason)}};
}

Json StreamEventPayload(const protocol::StreamInfo& stream) {
  return {{"stream", StreamJson(stream)}};
}

Json StreamDestroyedPayload(const protocol::StreamInfo& stream,
                            StreamDestroyedReason reason) {
  return {{"stream", StreamJson(stream)},
          {"reason", StreamDestroyedReasonName(reason)}};
}

}  // namespace sessioncore::session
