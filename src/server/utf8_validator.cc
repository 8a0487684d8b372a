#include "server/utf8_validator.h"

namespace sessioncore::server {

bool Utf8Validator::Feed(const char* data, std::size_t size) {
  if (!valid_) return false;
  for (std::size_t i = 0; i < size; ++i) {
    auto byte = static_cast<uint8_t>(data[i]);
    if (needed_ == 0) {
      if (byte < 0x80) continue;
      if (!StartSequence(byte)) return valid_ = false;
      continue;
    }
    if (byte < low_ || byte > high_) return valid_ = false;
    --needed_;
    low_ = 0x80;
    high_ = 0xBF;
  }
  return true;
}

// The narrower ranges after E0, ED, F0 and F4 exclude overlong forms,
// surrogates and code points above U+10FFFF (RFC 3629 section 4).
bool Utf8Validator::StartSequence(uint8_t byte) {
  if (byte >= 0xC2 && byte <= 0xDF) {
    needed_ = 1;
  } else if (byte >= 0xE0 && byte <= 0xEF) {
    needed_ = 2;
    if (byte == 0xE0) low_ = 0xA0;
    if (byte == 0xED) high_ = 0x9F;
  } else if (byte >= 0xF0 && byte <= 0xF4) {
    needed_ = 3;
    if (byte == 0xF0) low_ = 0x90;
    if (byte == 0xF4) high_ = 0x8F;
  } else {
    return false;
  }
  return true;
}

}  // namespace sessioncore::server
