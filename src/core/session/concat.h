// Concat(): absl::StrCat that also takes std::string_view. Debian's Abseil
// build makes absl::string_view a type of its own, so StrCat does not
// accept std::string_view arguments directly.
#ifndef SESSIONCORE_CORE_SESSION_CONCAT_H_
#define SESSIONCORE_CORE_SESSION_CONCAT_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace sessioncore::session {

inline absl::string_view ToAbslView(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

template <typename T>
const T& ToAbslView(const T& value) {
  return value;
}

template <typename... Args>
std::string Concat(const Args&... args) {
  return absl::StrCat(ToAbslView(args)...);
}

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_CONCAT_H_
