// Server side of RFC 6455 framing: a parser for the frames a client sends
// and encoders for the frames the server sends. It does no I/O, so the
// WebSocket session can feed it bytes from any buffer, and tests and the
// fuzzer can drive it directly.
//
// The parser keeps per-connection bytes only for what is incomplete: a
// frame header cut by a read (at most 14 bytes, stored inline), a
// fragmented or partly read message, and a partly read control frame.
// Between messages it owns no heap memory.
#ifndef SESSIONCORE_SERVER_WS_FRAME_H_
#define SESSIONCORE_SERVER_WS_FRAME_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/utf8_validator.h"

namespace sessioncore::server {

// Frame opcodes (RFC 6455 section 5.2). Other values are reserved.
enum class WsOpcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close codes the server sends (RFC 6455 section 7.4.1).
inline constexpr uint16_t kWsCloseNormal = 1000;
inline constexpr uint16_t kWsCloseProtocolError = 1002;
inline constexpr uint16_t kWsCloseInvalidPayload = 1007;
inline constexpr uint16_t kWsClosePolicyViolation = 1008;
inline constexpr uint16_t kWsCloseMessageTooBig = 1009;
// The code reported for a close frame without a body; never sent.
inline constexpr uint16_t kWsCloseNoStatus = 1005;

// Largest header of an unmasked server frame: 2 bytes plus a 64-bit size.
inline constexpr std::size_t kWsMaxServerHeaderBytes = 10;
// Largest payload of a control frame (RFC 6455 section 5.5).
inline constexpr std::size_t kWsMaxControlPayloadBytes = 125;

// One result of WsFrameParser::Next().
struct WsEvent {
  enum class Kind {
    kNeedMore,  // Every input byte was used; no event is complete yet.
    kText,      // A complete text message (valid UTF-8).
    kBinary,    // A complete binary message.
    kPing,      // `payload` is the ping's body, to echo in a pong.
    kPong,
    kClose,      // `code` is the client's close code, or kWsCloseNoStatus.
    kViolation,  // The client broke RFC 6455: send `code` and close.
  };
  Kind kind = Kind::kNeedMore;
  // The message (empty when `size` exceeds the parser's keep limit), the
  // ping body, the close reason, or a description of the violation.
  std::string payload;
  // Size in bytes of the whole message, also when its bytes were dropped.
  std::size_t size = 0;
  uint16_t code = 0;
};

// Parses the frames of one client connection, in order.
class WsFrameParser {
 public:
  // Messages up to `keep_bytes` are returned whole. Larger ones, up to
  // `max_bytes`, are read and dropped, and only their size is returned.
  // A message larger than `max_bytes` is a kWsCloseMessageTooBig violation.
  WsFrameParser(std::size_t keep_bytes, std::size_t max_bytes);

  // Consumes bytes from the front of `input` up to the end of the next
  // event and returns it. Returns kNeedMore when `input` ends first; the
  // bytes already consumed are remembered. After a kViolation, the parser
  // consumes nothing more and returns kNeedMore.
  WsEvent Next(std::string_view& input);

  // Returns true between messages and frames, when the parser keeps no
  // partial frame or message.
  bool Idle() const;

 private:
  bool ReadHeader(std::string_view& input);
  WsEvent CheckHeader();
  WsEvent CheckDataFrame(std::size_t payload_size);
  void ReadPayload(std::string_view& input);
  void KeepMessageBytes(const char* data, std::size_t size);
  void DropMessageBytes(const char* data, std::size_t size);
  void Unmask(const char* data, std::size_t size, char* out);
  WsEvent FinishFrame();
  WsEvent FinishControlFrame();
  WsEvent FinishClose();
  WsEvent FinishMessage();
  WsEvent Fail(uint16_t code, std::string reason);

  const std::size_t keep_bytes_;
  const std::size_t max_bytes_;

  // The frame being read.
  uint8_t header_[14] = {};
  uint8_t header_size_ = 0;  // Header bytes received so far.
  bool in_payload_ = false;  // The header is complete.
  bool fin_ = false;
  WsOpcode opcode_ = WsOpcode::kContinuation;
  uint64_t remaining_ = 0;  // Payload bytes still to read.
  uint8_t mask_[4] = {};
  uint8_t mask_index_ = 0;
  std::string control_;  // Payload of a control frame.

  // The message being read, which may span several frames.
  bool in_message_ = false;
  bool binary_ = false;
  bool dropping_ = false;  // The message exceeds keep_bytes_.
  uint64_t message_size_ = 0;
  std::string message_;
  Utf8Validator utf8_;

  bool failed_ = false;
};

// Writes into `out` the header of an unmasked, final server frame with
// `opcode` and a payload of `payload_size` bytes. Returns the header size
// (2, 4 or 10 bytes).
std::size_t EncodeWsHeader(WsOpcode opcode, uint64_t payload_size,
                           uint8_t out[kWsMaxServerHeaderBytes]);

// Returns the body of a close frame carrying `code` and no reason.
std::string WsClosePayload(uint16_t code);

// True when a client may send `code` in a close frame (RFC 6455 section
// 7.4): 1000-1003, 1007-1014 and 3000-4999.
bool IsValidWsCloseCode(uint16_t code);

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_WS_FRAME_H_
