#include "core/protocol/utf8.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace sessioncore::protocol {
namespace {

// Returns the length of the well-formed sequence at the start of `text`, or
// 0 when it is ill-formed. The second-byte ranges follow Table 3-7 of the
// Unicode Standard, which excludes overlong forms and surrogates.
size_t SequenceLength(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t low = 0x80;
  uint8_t high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

void AppendEscaped(std::string& out, uint8_t byte) {
  switch (byte) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    default:
      break;
  }
  if (byte < 0x20 || byte >= 0x7F) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
    return;
  }
  out += static_cast<char>(byte);
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  size_t offset = 0;
  while (offset < text.size()) {
    const size_t length = SequenceLength(text.substr(offset));
    if (length == 0) return offset;
    offset += length;
  }
  return offset;
}

bool IsValidUtf8(std::string_view text) {
  return FindInvalidUtf8(text) == text.size();
}

std::string QuoteForMessage(std::string_view value, size_t max_chars) {
  std::string out = "\"";
  size_t offset = 0;
  size_t chars = 0;
  while (offset < value.size() && chars < max_chars) {
    const size_t length = SequenceLength(value.substr(offset));
    if (length > 1) {
      out.append(value.substr(offset, length));
      offset += length;
    } else {
      AppendEscaped(out, static_cast<uint8_t>(value[offset]));
      ++offset;
    }
    ++chars;
  }
  out += "\"";
  if (offset < value.size()) {
    absl::StrAppend(&out, "... (", value.size(), " bytes)");
  }
  return out;
}

}  // namespace sessioncore::protocol
