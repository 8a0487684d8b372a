// The limits a subscriber may ask of its publisher through
// setPreferredLayer: a maximum video size and frame rate, each optional.
#ifndef SESSIONCORE_CORE_SESSION_PREFERRED_LAYER_H_
#define SESSIONCORE_CORE_SESSION_PREFERRED_LAYER_H_

#include <optional>

#include "absl/status/status.h"

namespace sessioncore::session {

inline constexpr int kMaxPreferredWidth = 7680;
inline constexpr int kMaxPreferredHeight = 4320;
inline constexpr int kMaxPreferredFrameRate = 60;

// Checks a preferred layer. Width and height are given together or both
// left out; the width is 1..7680, the height 1..4320 and the frame rate
// 1..60. Returns OT_INVALID_PARAMETER (1011) naming the value and the rule.
absl::Status CheckPreferredLayer(std::optional<int> max_width,
                                 std::optional<int> max_height,
                                 std::optional<int> max_frame_rate);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_PREFERRED_LAYER_H_
