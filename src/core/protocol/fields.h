// The field handlers of the codec: one ReadFields / WriteFields pair per
// message struct of core/protocol/messages.h, plus readers and writers of
// the objects that messages share. Internal to core/protocol; codec.cc
// builds its tables of decoders and encoders from these overloads.
//
// ReadFields reads the fields of the message from the top-level object,
// next to `v` and `type`, and leaves unknown-field checks to the caller's
// FieldReader::Finish(). WriteFields adds the fields to `json`, which the
// caller has already given `v` and `type`.
#ifndef SESSIONCORE_CORE_PROTOCOL_FIELDS_H_
#define SESSIONCORE_CORE_PROTOCOL_FIELDS_H_

#include "core/model.h"
#include "core/protocol/field_reader.h"
#include "core/protocol/messages.h"

namespace sessioncore::protocol {

// Shared objects (objects.cc).
void ReadConnection(FieldReader& reader, Connection& out);
Json ConnectionToJson(const Connection& connection);
void ReadVideoDimensions(FieldReader& reader, VideoDimensions& out);
Json VideoDimensionsToJson(const VideoDimensions& dimensions);
void ReadStreamInfo(FieldReader& reader, StreamInfo& out);
Json StreamInfoToJson(const StreamInfo& stream);
void ReadForceMuteState(FieldReader& reader, ForceMuteState& out);
void WriteForceMuteState(Json& json, const ForceMuteState& state);
void ReadArchiveInfo(FieldReader& reader, ArchiveInfo& out);
void WriteArchiveInfo(Json& json, const ArchiveInfo& archive);
void ReadSnapshot(FieldReader& reader, Snapshot& out);
Json SnapshotToJson(const Snapshot& snapshot);
void ReadWireError(FieldReader& reader, WireError& out);
void WriteWireError(Json& json, const WireError& error);

// The optional `maxWidth`, `maxHeight` and `maxFrameRate` of a preferred
// layer, each a positive int when present.
void ReadLayerLimits(FieldReader& reader, std::optional<int>& max_width,
                     std::optional<int>& max_height,
                     std::optional<int>& max_frame_rate);
void WriteLayerLimits(Json& json, const std::optional<int>& max_width,
                      const std::optional<int>& max_height,
                      const std::optional<int>& max_frame_rate);

void ReadStreamProperty(FieldReader& reader, std::string_view key,
                        StreamProperty& out);

// Reads field `key` as a value of the kind that `property` requires.
void ReadStreamPropertyValue(FieldReader& reader, std::string_view key,
                             StreamProperty property, StreamPropertyValue& out);
Json StreamPropertyValueToJson(const StreamPropertyValue& value);

// Client requests (client_fields.cc).
void ReadFields(FieldReader& reader, ConnectRequest& out);
void ReadFields(FieldReader& reader, ResumeRequest& out);
void ReadFields(FieldReader& reader, HeartbeatRequest& out);
void ReadFields(FieldReader& reader, DisconnectRequest& out);
void ReadFields(FieldReader& reader, PublishRequest& out);
void ReadFields(FieldReader& reader, UnpublishRequest& out);
void ReadFields(FieldReader& reader, UpdateStreamRequest& out);
void ReadFields(FieldReader& reader, SubscribeRequest& out);
void ReadFields(FieldReader& reader, UnsubscribeRequest& out);
void ReadFields(FieldReader& reader, SetPreferredLayerRequest& out);
void ReadFields(FieldReader& reader, SignalRequest& out);
void ReadFields(FieldReader& reader, ForceMuteAllRequest& out);
void ReadFields(FieldReader& reader, ForceMuteStreamRequest& out);
void ReadFields(FieldReader& reader, DisableForceMuteRequest& out);
void ReadFields(FieldReader& reader, ForceDisconnectRequest& out);
void ReadFields(FieldReader& reader, ForceUnpublishRequest& out);
void ReadFields(FieldReader& reader, ReportIssueRequest& out);
void WriteFields(Json& json, const ConnectRequest& message);
void WriteFields(Json& json, const ResumeRequest& message);
void WriteFields(Json& json, const HeartbeatRequest& message);
void WriteFields(Json& json, const DisconnectRequest& message);
void WriteFields(Json& json, const PublishRequest& message);
void WriteFields(Json& json, const UnpublishRequest& message);
void WriteFields(Json& json, const UpdateStreamRequest& message);
void WriteFields(Json& json, const SubscribeRequest& message);
void WriteFields(Json& json, const UnsubscribeRequest& message);
void WriteFields(Json& json, const SetPreferredLayerRequest& message);
void WriteFields(Json& json, const SignalRequest& message);
void WriteFields(Json& json, const ForceMuteAllRequest& message);
void WriteFields(Json& json, const ForceMuteStreamRequest& message);
void WriteFields(Json& json, const DisableForceMuteRequest& message);
void WriteFields(Json& json, const ForceDisconnectRequest& message);
void WriteFields(Json& json, const ForceUnpublishRequest& message);
void WriteFields(Json& json, const ReportIssueRequest& message);

// Messages that travel both ways (relay_fields.cc).
void ReadFields(FieldReader& reader, SdpMessage& out);
void ReadFields(FieldReader& reader, CandidateMessage& out);
void WriteFields(Json& json, const SdpMessage& message);
void WriteFields(Json& json, const CandidateMessage& message);

// The response envelope (response_fields.cc).
void ReadFields(FieldReader& reader, Response& out);
void WriteFields(Json& json, const Response& message);

// Server pushes (push_fields.cc).
void ReadFields(FieldReader& reader, ConnectionCreatedPush& out);
void ReadFields(FieldReader& reader, ConnectionDestroyedPush& out);
void ReadFields(FieldReader& reader, StreamCreatedPush& out);
void ReadFields(FieldReader& reader, StreamDestroyedPush& out);
void ReadFields(FieldReader& reader, StreamPropertyChangedPush& out);
void ReadFields(FieldReader& reader, SubscriberJoinedPush& out);
void ReadFields(FieldReader& reader, SubscriberLeftPush& out);
void ReadFields(FieldReader& reader, SubscriptionEndedPush& out);
void ReadFields(FieldReader& reader, SignalPush& out);
void ReadFields(FieldReader& reader, MuteForcedPush& out);
void ReadFields(FieldReader& reader, ArchiveStartedPush& out);
void ReadFields(FieldReader& reader, ArchiveStoppedPush& out);
void ReadFields(FieldReader& reader, DisconnectedPush& out);
void ReadFields(FieldReader& reader, ErrorPush& out);
void ReadFields(FieldReader& reader, PreferredLayerPush& out);
void WriteFields(Json& json, const ConnectionCreatedPush& message);
void WriteFields(Json& json, const ConnectionDestroyedPush& message);
void WriteFields(Json& json, const StreamCreatedPush& message);
void WriteFields(Json& json, const StreamDestroyedPush& message);
void WriteFields(Json& json, const StreamPropertyChangedPush& message);
void WriteFields(Json& json, const SubscriberJoinedPush& message);
void WriteFields(Json& json, const SubscriberLeftPush& message);
void WriteFields(Json& json, const SubscriptionEndedPush& message);
void WriteFields(Json& json, const SignalPush& message);
void WriteFields(Json& json, const MuteForcedPush& message);
void WriteFields(Json& json, const ArchiveStartedPush& message);
void WriteFields(Json& json, const ArchiveStoppedPush& message);
void WriteFields(Json& json, const DisconnectedPush& message);
void WriteFields(Json& json, const ErrorPush& message);
void WriteFields(Json& json, const PreferredLayerPush& message);

}  // namespace sessioncore::protocol

#endif  // SESSIONCORE_CORE_PROTOCOL_FIELDS_H_
