// UTF-8 checks and a quoting helper for error messages, shared by the
// protocol codec and the signal rules.
#ifndef SESSIONCORE_CORE_PROTOCOL_UTF8_H_
#define SESSIONCORE_CORE_PROTOCOL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace sessioncore::protocol {

// Converts to Abseil's string_view, which this build of Abseil keeps
// distinct from std::string_view, for absl::StrCat() and MakeError().
inline absl::string_view ToAbsl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// Returns true when `text` is well-formed UTF-8 as RFC 3629 defines it: no
// overlong forms, no surrogate code points (U+D800..U+DFFF), nothing above
// U+10FFFF and no truncated sequence.
bool IsValidUtf8(std::string_view text);

// Returns the byte offset of the first byte that makes `text` ill-formed
// UTF-8, or text.size() when all of it is well-formed.
size_t FindInvalidUtf8(std::string_view text);

// Returns `value` in double quotes for an error message. At most
// `max_chars` code points are kept, followed by "..." and the total byte
// count when the value is longer. Control characters, quotes, backslashes
// and ill-formed bytes are written as escapes, so a message carries neither
// raw binary nor a whole 8 kB payload.
std::string QuoteForMessage(std::string_view value, size_t max_chars = 40);

}  // namespace sessioncore::protocol

#endif  // SESSIONCORE_CORE_PROTOCOL_UTF8_H_
