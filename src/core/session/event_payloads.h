// JSON payloads of the events that ClientSession emits, shaped like the
// OpenTok.js objects the application sees: Connection {connectionId,
// creationTime, data} and Stream {streamId, connection, creationTime, name,
// hasAudio, hasVideo, hasCaptions, videoType, videoDimensions, frameRate}.
#ifndef SESSIONCORE_CORE_SESSION_EVENT_PAYLOADS_H_
#define SESSIONCORE_CORE_SESSION_EVENT_PAYLOADS_H_

#include <string_view>

#include "core/model.h"
#include "core/protocol/messages.h"
#include "nlohmann/json.hpp"

namespace sessioncore::session {

nlohmann::json ConnectionJson(const Connection& connection);
nlohmann::json StreamJson(const protocol::StreamInfo& stream);
nlohmann::json VideoDimensionsJson(const VideoDimensions& dimensions);
nlohmann::json StreamPropertyValueJson(
    const protocol::StreamPropertyValue& value);
nlohmann::json CapabilitiesJson(const Capabilities& capabilities);

// Payload of connectionCreated: `{connection}`.
nlohmann::json ConnectionEventPayload(const Connection& connection);
// Payload of connectionDestroyed: `{connection, reason}`.
nlohmann::json ConnectionDestroyedPayload(const Connection& connection,
                                          DisconnectReason reason);
// Payload of streamCreated: `{stream}`.
nlohmann::json StreamEventPayload(const protocol::StreamInfo& stream);
// Payload of streamDestroyed: `{stream, reason}`.
nlohmann::json StreamDestroyedPayload(const protocol::StreamInfo& stream,
                                      StreamDestroyedReason reason);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_EVENT_PAYLOADS_H_
