// Utf8Validator: checks UTF-8 that arrives in pieces, as the text of a
// WebSocket message does, without keeping the bytes.
#ifndef SESSIONCORE_SERVER_UTF8_VALIDATOR_H_
#define SESSIONCORE_SERVER_UTF8_VALIDATOR_H_

#include <cstddef>
#include <cstdint>

namespace sessioncore::server {

// Validates well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogates (U+D800 to U+DFFF), nothing above U+10FFFF. A sequence may
// be split between calls to Feed().
class Utf8Validator {
 public:
  // Checks `size` more bytes. Returns false at the first byte that cannot
  // continue valid UTF-8; the validator then stays invalid until Reset().
  bool Feed(const char* data, std::size_t size);

  // True when the bytes so far end at a character boundary, so the text
  // is complete and valid.
  bool Complete() const { return valid_ && needed_ == 0; }

  // False once a byte broke UTF-8.
  bool Valid() const { return valid_; }

  void Reset() { *this = Utf8Validator(); }

 private:
  bool StartSequence(uint8_t byte);

  uint8_t needed_ = 0;  // Continuation bytes still expected.
  // The range allowed for the next continuation byte. Only the first one
  // after a lead byte may be narrower than 0x80 to 0xBF.
  uint8_t low_ = 0x80;
  uint8_t high_ = 0xBF;
  bool valid_ = true;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_UTF8_VALIDATOR_H_
