#include "core/session/publish_properties.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::session {
namespace {

absl::Status Invalid(std::string_view key, const nlohmann::json& value,
                     std::string_view rule) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("publish property ", key, " is ", value.dump(),
                                "; it must be ", rule));
}

bool IsPositiveInteger(const nlohmann::json& value) {
  return value.is_number_integer() && value.get<int64_t>() > 0 &&
         value.get<int64_t>() <= 100000;
}

absl::Status ReadBool(const nlohmann::json& properties, std::string_view key,
                      bool& target) {
  auto it = properties.find(std::string(key));
  if (it == properties.end()) return absl::OkStatus();
  if (!it->is_boolean()) return Invalid(key, *it, "true or false");
  target = it->get<bool>();
  return absl::OkStatus();
}

absl::Status ReadName(const nlohmann::json& properties, std::string& target) {
  auto it = properties.find("name");
  if (it == properties.end()) return absl::OkStatus();
  if (!it->is_string()) return Invalid("name", *it, "a string");
  target = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadVideoType(const nlohmann::json& properties,
                           VideoType& target) {
  auto it = properties.find("videoType");
  if (it == properties.end()) return absl::OkStatus();
  std::optional<VideoType> type;
  if (it->is_string()) type = ParseVideoType(it->get<std::string>());
  if (!type.has_value()) {
    return Invalid("videoType", *it, "\"camera\", \"screen\" or \"custom\"");
  }
  target = *type;
  return absl::OkStatus();
}

absl::Status ReadFrameRate(const nlohmann::json& properties, int& target) {
  auto it = properties.find("frameRate");
  if (it == properties.end()) return absl::OkStatus();
  if (!IsPositiveInteger(*it))
    return Invalid("frameRate", *it, "a positive integer");
  target = it->get<int>();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VideoDimensions> ParseVideoDimensions(
    const nlohmann::json& value, std::string_view what) {
  if (!value.is_object() || !value.contains("width") ||
      !value.contains("height") || !IsPositiveInteger(value["width"]) ||
      !IsPositiveInteger(value["height"])) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat(what, " is ", value.dump(),
                                  "; it must be {width, height} with "
                                  "positive integers"));
  }
  return VideoDimensions{value["width"].get<int>(), value["height"].get<int>()};
}

absl::StatusOr<protocol::PublishRequest> ParsePublishProperties(
    const nlohmann::json& properties) {
  protocol::PublishRequest request;
  request.video_dimensions = VideoDimensions{640, 480};
  if (properties.is_null()) return request;
  if (!properties.is_object()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("publish properties are ", properties.dump(),
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
  auto dimensions = properties.find("videoDimensions");
  if (dimensions != properties.end()) {
    absl::StatusOr<VideoDimensions> parsed =
        ParseVideoDimensions(*dimensions, "publish property videoDimensions");
    if (!parsed.ok()) return parsed.status();
    request.video_dimensions = *parsed;
  }
  return request;
}

}  // namespace sessioncore::session
