// Field handlers of the client requests, one Read/Write pair per request.
#include "core/model.h"
#include "core/protocol/fields.h"

namespace sessioncore::protocol {
namespace {

void ReadClientInfo(FieldReader& reader, ClientInfo& out) {
  reader.Read("sdk", out.sdk);
  reader.Read("version", out.version);
}

}  // namespace

void ReadFields(FieldReader& reader, ConnectRequest& out) {
  reader.Read("sessionId", out.session_id);
  reader.Read("token", out.token);
  reader.Read("connectionEventsSuppressed", out.connection_events_suppressed);
  reader.ReadObject("client", out.client, &ReadClientInfo);
}

void WriteFields(Json& json, const ConnectRequest& message) {
  json["sessionId"] = message.session_id;
  json["token"] = message.token;
  json["connectionEventsSuppressed"] = message.connection_events_suppressed;
  json["client"] = {{"sdk", message.client.sdk},
                    {"version", message.client.version}};
}

void ReadFields(FieldReader& reader, ResumeRequest& out) {
  reader.Read("sessionId", out.session_id);
  reader.Read("connectionId", out.connection_id);
  reader.Read("resumeKey", out.resume_key);
  reader.ReadOptional("lastSeq", out.last_seq, 0);
}

void WriteFields(Json& json, const ResumeRequest& message) {
  json["sessionId"] = message.session_id;
  json["connectionId"] = message.connection_id;
  json["resumeKey"] = message.resume_key;
  if (message.last_seq != 0) json["lastSeq"] = message.last_seq;
}

void ReadFields(FieldReader& reader, HeartbeatRequest& out) {
  reader.ReadOptional("ack", out.ack, 0);
}

void WriteFields(Json& json, const HeartbeatRequest& message) {
  if (message.ack != 0) json["ack"] = message.ack;
}
void ReadFields(FieldReader&, DisconnectRequest&) {}
void WriteFields(Json&, const DisconnectRequest&) {}

void ReadFields(FieldReader& reader, PublishRequest& out) {
  reader.Read("name", out.name);
  reader.Read("hasAudio", out.has_audio);
  reader.Read("hasVideo", out.has_video);
  reader.ReadEnum("videoType", out.video_type, &ParseVideoType,
                  "camera, screen, custom");
  reader.ReadObject("videoDimensions", out.video_dimensions,
                    &ReadVideoDimensions);
  reader.Read("frameRate", out.frame_rate, 1);
}

void WriteFields(Json& json, const PublishRequest& message) {
  json["name"] = message.name;
  json["hasAudio"] = message.has_audio;
  json["hasVideo"] = message.has_video;
  json["videoType"] = VideoTypeName(message.video_type);
  json["videoDimensions"] = VideoDimensionsToJson(message.video_dimensions);
  json["frameRate"] = message.frame_rate;
}

void ReadFields(FieldReader& reader, UnpublishRequest& out) {
  reader.Read("streamId", out.stream_id);
}

void WriteFields(Json& json, const UnpublishRequest& message) {
  json["streamId"] = message.stream_id;
}

void ReadFields(FieldReader& reader, UpdateStreamRequest& out) {
  reader.Read("streamId", out.stream_id);
  ReadStreamProperty(reader, "property", out.property);
  if (reader.ok()) {
    ReadStreamPropertyValue(reader, "value", out.property, out.value);
  }
}

void WriteFields(Json& json, const UpdateStreamRequest& message) {
  json["streamId"] = message.stream_id;
  json["property"] = StreamPropertyName(message.property);
  json["value"] = StreamPropertyValueToJson(message.value);
}

void ReadFields(FieldReader& reader, SubscribeRequest& out) {
  reader.Read("streamId", out.stream_id);
}

void WriteFields(Json& json, const SubscribeRequest& message) {
  json["streamId"] = message.stream_id;
}

void ReadFields(FieldReader& reader, UnsubscribeRequest& out) {
  reader.Read("subscriptionId", out.subscription_id);
}

void WriteFields(Json& json, const UnsubscribeRequest& message) {
  json["subscriptionId"] = message.subscription_id;
}

void ReadFields(FieldReader& reader, SetPreferredLayerRequest& out) {
  reader.Read("subscriptionId", out.subscription_id);
  ReadLayerLimits(reader, out.max_width, out.max_height, out.max_frame_rate);
}

void WriteFields(Json& json, const SetPreferredLayerRequest& message) {
  json["subscriptionId"] = message.subscription_id;
  WriteLayerLimits(json, message.max_width, message.max_height,
                   message.max_frame_rate);
}

void ReadFields(FieldReader& reader, SignalRequest& out) {
  reader.Read("signalType", out.type);
  reader.Read("data", out.data);
  reader.ReadOptional("to", out.to);
}

void WriteFields(Json& json, const SignalRequest& message) {
  json["signalType"] = message.type;
  json["data"] = message.data;
  if (message.to) json["to"] = *message.to;
}

void ReadFields(FieldReader& reader, ForceMuteAllRequest& out) {
  reader.Read("excludedStreamIds", out.excluded_stream_ids);
}

void WriteFields(Json& json, const ForceMuteAllRequest& message) {
  json["excludedStreamIds"] = message.excluded_stream_ids;
}

void ReadFields(FieldReader& reader, ForceMuteStreamRequest& out) {
  reader.Read("streamId", out.stream_id);
}

void WriteFields(Json& json, const ForceMuteStreamRequest& message) {
  json["streamId"] = message.stream_id;
}

void ReadFields(FieldReader&, DisableForceMuteRequest&) {}
void WriteFields(Json&, const DisableForceMuteRequest&) {}

void ReadFields(FieldReader& reader, ForceDisconnectRequest& out) {
  reader.Read("connectionId", out.connection_id);
}

void WriteFields(Json& json, const ForceDisconnectRequest& message) {
  json["connectionId"] = message.connection_id;
}

void ReadFields(FieldReader& reader, ForceUnpublishRequest& out) {
  reader.Read("streamId", out.stream_id);
}

void WriteFields(Json& json, const ForceUnpublishRequest& message) {
  json["streamId"] = message.stream_id;
}

void ReadFields(FieldReader& reader, ReportIssueRequest& out) {
  reader.ReadOptional("description", out.description);
}

void WriteFields(Json& json, const ReportIssueRequest& message) {
  if (message.description) json["description"] = *message.description;
}

}  // namespace sessioncore::protocol
