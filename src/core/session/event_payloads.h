// JSON payloads of the events that ClientSession emits, shaped like the
// OpenTok.js objects the application sees: Connection {connectionId,
// creationTime, data} and Stream {streamId, connection, creationTime, name,
// hasAudio, hasVideo, hasCaptions, videoType, videoDimensions, frameRate}.
#ifndef SESSIONCORE_CORE_SESSION_EVENT_PAYLOADS_H_
#define SESSIONCORE_CORE_SESSION_EVENT_PAYLOADS_H_

#include <string_view>

#include "core/json/json.h"
#include "core/model.h"
#include "core/protocol/messages.h"

namespace sessioncore::session {

Json ConnectionJson(const Connection& connection);
Json StreamJson(const protocol::StreamInfo& stream);
Json VideoDimensionsJson(const VideoDimensions& dimensions);
Json StreamPropertyValueJson(const protocol::StreamPropertyValue& value);
Json CapabilitiesJson(const Capabilities& capabilities);

// Payload of connectionCreated: `{connection}`.
Json ConnectionEventPayload(const Connection& connection);
// Payload of connectionDestroyed: `{connection, reason}`.
Json ConnectionDestroyedPayload(const Connection& connection,
                                DisconnectReason reason);
// Payload of streamCreated: `{stream}`.
Json StreamEventPayload(const protocol::StreamInfo& stream);
// Payload of streamDestroyed: `{stream, reason}`.
Json StreamDestroyedPayload(const protocol::StreamInfo& stream,
                            StreamDestroyedReason reason);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_EVENT_PAYLOADS_H_
