// Concat(): joins strings, string views and numbers into one std::string.
//
// absl::StrCat does not take std::string_view with Debian's Abseil (its
// absl::string_view is a distinct type), and the server's messages mix
// both, so the server builds its messages with this helper instead.
#ifndef SESSIONCORE_SERVER_TEXT_H_
#define SESSIONCORE_SERVER_TEXT_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace sessioncore::server {
namespace text_internal {

inline void Append(std::string& out, std::string_view piece) {
  out.append(piece);
}
#ifndef ABSL_USES_STD_STRING_VIEW
// Only where absl::string_view is its own type (Debian's libabsl-dev); the
// project's Abseil build makes it std::string_view.
inline void Append(std::string& out, absl::string_view piece) {
  out.append(piece.data(), piece.size());
}
#endif
inline void Append(std::string& out, const char* piece) { out.append(piece); }
inline void Append(std::string& out, const std::string& piece) {
  out.append(piece);
}

template <typename Number,
          typename = std::enable_if_t<std::is_arithmetic_v<Number>>>
void Append(std::string& out, Number number) {
  if constexpr (std::is_floating_point_v<Number>) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%g", static_cast<double>(number));
    out.append(buffer);
  } else {
    out.append(std::to_string(number));
  }
}

}  // namespace text_internal

template <typename... Pieces>
std::string Concat(const Pieces&... pieces) {
  std::string out;
  (text_internal::Append(out, pieces), ...);
  return out;
}

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_TEXT_H_
