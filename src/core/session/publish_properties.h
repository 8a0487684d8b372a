// Validation of the properties that the application passes to publish(),
// turned into the publish request of wire protocol v1.
#ifndef SESSIONCORE_CORE_SESSION_PUBLISH_PROPERTIES_H_
#define SESSIONCORE_CORE_SESSION_PUBLISH_PROPERTIES_H_

#include "absl/status/statusor.h"
#include "core/json/json.h"
#include "core/protocol/messages.h"

namespace sessioncore::session {

// Reads `properties` (an object, or null for all defaults):
//   name             string, default ""
//   publishAudio     bool, default true
//   publishVideo     bool, default true
//   videoType        "camera" | "screen" | "custom", default "camera"
//   videoDimensions  {width, height}, positive integers, default 640x480
//   frameRate        positive integer, default 30
// Other keys (insertMode, resolution, ...) belong to the browser glue and
// are ignored. Returns OT_INVALID_PARAMETER naming the property, the value
// and the rule for anything else.
absl::StatusOr<protocol::PublishRequest> ParsePublishProperties(
    const Json& properties);

// Reads a videoDimensions value {width, height} of positive integers;
// `what` names the value in the error message.
absl::StatusOr<VideoDimensions> ParseVideoDimensions(const Json& value,
                                                     std::string_view what);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_PUBLISH_PROPERTIES_H_
