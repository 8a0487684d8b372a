// Field handlers of the server pushes, one Read/Write pair per push.
#include "core/model.h"
#include "core/protocol/fields.h"

namespace sessioncore::protocol {
namespace {

constexpr std::string_view kSubscriptionEndReasons =
    "unsubscribed, streamDestroyed, subscriberDisconnected";

}  // namespace

void ReadFields(FieldReader& reader, ConnectionCreatedPush& out) {
  reader.ReadObject("connection", out.connection, &ReadConnection);
}

void WriteFields(Json& json, const ConnectionCreatedPush& message) {
  json["connection"] = ConnectionToJson(message.connection);
}

void ReadFields(FieldReader& reader, ConnectionDestroyedPush& out) {
  reader.Read("connectionId", out.connection_id);
  reader.ReadEnum("reason", out.reason, &ParseDisconnectReason,
                  "clientDisconnected, forceDisconnected, networkDisconnected");
}

void WriteFields(Json& json, const ConnectionDestroyedPush& message) {
  json["connectionId"] = message.connection_id;
  json["reason"] = DisconnectReasonName(message.reason);
}

void ReadFields(FieldReader& reader, StreamCreatedPush& out) {
  reader.ReadObject("stream", out.stream, &ReadStreamInfo);
}

void WriteFields(Json& json, const StreamCreatedPush& message) {
  json["stream"] = StreamInfoToJson(message.stream);
}

void ReadFields(FieldReader& reader, StreamDestroyedPush& out) {
  reader.Read("streamId", out.stream_id);
  reader.ReadEnum("reason", out.reason, &ParseStreamDestroyedReason,
                  "unpublished, clientDisconnected, forceUnpublished, "
                  "forceDisconnected, networkDisconnected, mediaStopped");
}

void WriteFields(Json& json, const StreamDestroyedPush& message) {
  json["streamId"] = message.stream_id;
  json["reason"] = StreamDestroyedReasonName(message.reason);
}

void ReadFields(FieldReader& reader, StreamPropertyChangedPush& out) {
  reader.Read("streamId", out.stream_id);
  ReadStreamProperty(reader, "property", out.property);
  if (!reader.ok()) return;
  ReadStreamPropertyValue(reader, "oldValue", out.property, out.old_value);
  ReadStreamPropertyValue(reader, "newValue", out.property, out.new_value);
}

void WriteFields(Json& json, const StreamPropertyChangedPush& message) {
  json["streamId"] = message.stream_id;
  json["property"] = StreamPropertyName(message.property);
  json["oldValue"] = StreamPropertyValueToJson(message.old_value);
  json["newValue"] = StreamPropertyValueToJson(message.new_value);
}

void ReadFields(FieldReader& reader, SubscriberJoinedPush& out) {
  reader.Read("subscriptionId", out.subscription_id);
  reader.Read("streamId", out.stream_id);
  reader.Read("subscriberConnectionId", out.subscriber_connection_id);
}

void WriteFields(Json& json, const SubscriberJoinedPush& message) {
  json["subscriptionId"] = message.subscription_id;
  json["streamId"] = message.stream_id;
  json["subscriberConnectionId"] = message.subscriber_connection_id;
}

void ReadFields(FieldReader& reader, SubscriberLeftPush& out) {
  reader.Read("subscriptionId", out.subscription_id);
  reader.ReadEnum("reason", out.reason, &ParseSubscriptionEndReason,
                  kSubscriptionEndReasons);
}

void WriteFields(Json& json, const SubscriberLeftPush& message) {
  json["subscriptionId"] = message.subscription_id;
  json["reason"] = SubscriptionEndReasonName(message.reason);
}

void ReadFields(FieldReader& reader, SubscriptionEndedPush& out) {
  reader.Read("subscriptionId", out.subscription_id);
  reader.ReadEnum("reason", out.reason, &ParseSubscriptionEndReason,
                  kSubscriptionEndReasons);
}

void WriteFields(Json& json, const SubscriptionEndedPush& message) {
  json["subscriptionId"] = message.subscription_id;
  json["reason"] = SubscriptionEndReasonName(message.reason);
}

void ReadFields(FieldReader& reader, SignalPush& out) {
  reader.Read("signalType", out.type);
  reader.Read("data", out.data);
  reader.ReadOptional("from", out.from);
}

void WriteFields(Json& json, const SignalPush& message) {
  json["signalType"] = message.type;
  json["data"] = message.data;
  if (message.from) json["from"] = *message.from;
}

void ReadFields(FieldReader& reader, MuteForcedPush& out) {
  ReadForceMuteState(reader, out.state);
}

void WriteFields(Json& json, const MuteForcedPush& message) {
  WriteForceMuteState(json, message.state);
}

void ReadFields(FieldReader& reader, ArchiveStartedPush& out) {
  ReadArchiveInfo(reader, out.archive);
}

void WriteFields(Json& json, const ArchiveStartedPush& message) {
  WriteArchiveInfo(json, message.archive);
}

void ReadFields(FieldReader& reader, ArchiveStoppedPush& out) {
  reader.Read("archiveId", out.archive_id);
}

void WriteFields(Json& json, const ArchiveStoppedPush& message) {
  json["archiveId"] = message.archive_id;
}

void ReadFields(FieldReader& reader, DisconnectedPush& out) {
  reader.ReadEnum("reason", out.reason, &ParseServerDisconnectReason,
                  "forceDisconnected, slowConsumer, tokenExpired, "
                  "heartbeatTimeout, protocolError, serverShutdown");
  reader.Read("message", out.message);
}

void WriteFields(Json& json, const DisconnectedPush& message) {
  json["reason"] = ServerDisconnectReasonName(message.reason);
  json["message"] = message.message;
}

void ReadFields(FieldReader& reader, PreferredLayerPush& out) {
  reader.Read("subscriptionId", out.subscription_id);
  reader.Read("streamId", out.stream_id);
  ReadLayerLimits(reader, out.max_width, out.max_height, out.max_frame_rate);
}

void WriteFields(Json& json, const PreferredLayerPush& message) {
  json["subscriptionId"] = message.subscription_id;
  json["streamId"] = message.stream_id;
  WriteLayerLimits(json, message.max_width, message.max_height,
                   message.max_frame_rate);
}

void ReadFields(FieldReader& reader, ErrorPush& out) {
  ReadWireError(reader, out.error);
}

void WriteFields(Json& json, const ErrorPush& message) {
  WriteWireError(json, message.error);
}

}  // namespace sessioncore::protocol
