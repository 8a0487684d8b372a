#include "core/session/publish_properties.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::session {
namespace {

absl::Status Invalid(std::string_view key, const Json& value,
                     std::string_view rule) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("publish property ", key, " is ", value.Dump(),
                                "; it must be ", rule));
}

bool IsPositiveInteger(const Json& value) {
  return value.IsInteger() && value.AsInteger() > 0 &&
         value.AsInteger() <= 100000;
}

absl::Status ReadBool(const Json& properties, std::string_view key,
                      bool& target) {
  const Json* field = properties.Find(std::string(key));
  if (field == nullptr) return absl::OkStatus();
  if (!field->IsBool()) return Invalid(key, *field, "true or false");
  target = field->AsBool();
  return absl::OkStatus();
}

absl::Status ReadName(const Json& properties, std::string& target) {
  const Json* field = properties.Find("name");
  if (field == nullptr) return absl::OkStatus();
  if (!field->IsString()) return Invalid("name", *field, "a string");
  target = field->AsString();
  return absl::OkStatus();
}

absl::Status ReadVideoType(const Json& properties, VideoType& target) {
  const Json* field = properties.Find("videoType");
  if (field == nullptr) return absl::OkStatus();
  std::optional<VideoType> type;
  if (field->IsString()) type = ParseVideoType(field->AsString());
  if (!type.has_value()) {
    return Invalid("videoType", *field, "\"camera\", \"screen\" or \"custom\"");
  }
  target = *type;
  return absl::OkStatus();
}

absl::Status ReadFrameRate(const Json& properties, int& target) {
  const Json* field = properties.Find("frameRate");
  if (field == nullptr) return absl::OkStatus();
  if (!IsPositiveInteger(*field))
    return Invalid("frameRate", *field, "a positive integer");
  target = static_cast<int>(field->AsInteger());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VideoDimensions> ParseVideoDimensions(const Json& value,
                                                     std::string_view what) {
  if (!value.IsObject() || !value.Contains("width") ||
      !value.Contains("height") || !IsPositiveInteger(value["width"]) ||
      !IsPositiveInteger(value["height"])) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat(what, " is ", value.Dump(),
                                  "; it must be {width, height} with "
                                  "positive integers"));
  }
  return VideoDimensions{static_cast<int>(value["width"].AsInteger()),
                         static_cast<int>(value["height"].AsInteger())};
}

absl::StatusOr<protocol::PublishRequest> ParsePublishProperties(
    const Json& properties) {
  protocol::PublishRequest request;
  request.video_dimensions = VideoDimensions{640, 480};
  if (properties.IsNull()) return request;
  if (!properties.IsObject()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("publish properties are ", properties.Dump(),
                                  "; they must be an object"));
  }
  for (absl::Status status :
       {ReadName(properties, request.name),
        ReadBool(properties, "publishAudio", request.has_audio),
        ReadBool(properties, "publishVideo", request.has_video),
        ReadVideoType(properties, request.video_type),
        ReadFrameRate(properties, request.frame_rate)}) {
    if (!status.ok()) return status;
  }
  const Json* dimensions = properties.Find("videoDimensions");
  if (dimensions != nullptr) {
    absl::StatusOr<VideoDimensions> parsed =
        ParseVideoDimensions(*dimensions, "publish property videoDimensions");
    if (!parsed.ok()) return parsed.status();
    request.video_dimensions = *parsed;
  }
  return request;
}

}  // namespace sessioncore::session
