#include "core/session/preferred_layer.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::session {
namespace {

absl::Status CheckRange(std::string_view name, std::optional<int> value,
                        int max) {
  if (!value.has_value() || (*value >= 1 && *value <= max)) {
    return absl::OkStatus();
  }
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat(name, " is ", *value, "; it must be 1 to ", max,
                                ", or null for no limit"));
}

}  // namespace

absl::Status CheckPreferredLayer(std::optional<int> max_width,
                                 std::optional<int> max_height,
                                 std::optional<int> max_frame_rate) {
  if (max_width.has_value() != max_height.has_value()) {
    return MakeError(
        ErrorCode::kInvalidParameter,
        absl::StrCat("the preferred resolution has ",
                     max_width.has_value() ? "a width but no height"
                                           : "a height but no width",
                     "; give both, or neither for no limit"));
  }
  absl::Status status = CheckRange("width", max_width, kMaxPreferredWidth);
  if (status.ok()) {
    status = CheckRange("height", max_height, kMaxPreferredHeight);
  }
  if (status.ok()) {
    status = CheckRange("frame rate", max_frame_rate, kMaxPreferredFrameRate);
  }
  return status;
}

}  // namespace sessioncore::session
