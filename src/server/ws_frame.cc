#include "server/ws_frame.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sessioncore::server {
namespace {

constexpr uint8_t kFinBit = 0x80;
constexpr uint8_t kReservedBits = 0x70;
constexpr uint8_t kOpcodeBits = 0x0F;
constexpr uint8_t kMaskBit = 0x80;
constexpr uint8_t kLengthBits = 0x7F;
constexpr uint8_t kLength16 = 126;
constexpr uint8_t kLength64 = 127;

// Bytes unmasked at a time when a dropped text message is only validated.
constexpr std::size_t kDropChunkBytes = 1024;

bool IsControl(WsOpcode opcode) { return static_cast<uint8_t>(opcode) >= 8; }

bool IsKnownOpcode(uint8_t value) {
  return value <= 0x2 || (value >= 0x8 && value <= 0xA);
}

// Header size once the second byte is known: 2, plus the extended length,
// plus the 4-byte masking key when the mask bit is set.
std::size_t FullHeaderSize(uint8_t second) {
  uint8_t length = second & kLengthBits;
  std::size_t size = 2;
  if (length == kLength16) size += 2;
  if (length == kLength64) size += 8;
  if (second & kMaskBit) size += 4;
  return size;
}

uint64_t ReadBigEndian(const uint8_t* data, std::size_t size) {
  uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = (value << 8) | data[i];
  return value;
}

}  // namespace

WsFrameParser::WsFrameParser(std::size_t keep_bytes, std::size_t max_bytes)
    : keep_bytes_(keep_bytes), max_bytes_(max_bytes) {}

bool WsFrameParser::Idle() const {
  return !in_message_ && !in_payload_ && header_size_ == 0;
}

WsEvent WsFrameParser::Next(std::string_view& input) {
  while (!failed_) {
    if (!in_payload_) {
      if (!ReadHeader(input)) return {};
      WsEvent checked = CheckHeader();
      if (checked.kind != WsEvent::Kind::kNeedMore) return checked;
      in_payload_ = true;
    }
    ReadPayload(input);
    if (remaining_ > 0) return {};
    in_payload_ = false;
    header_size_ = 0;
    WsEvent finished = FinishFrame();
    if (finished.kind != WsEvent::Kind::kNeedMore) return finished;
  }
  return {};
}

// Copies header bytes until the whole header is in header_; returns false
// when `input` ends first.
bool WsFrameParser::ReadHeader(std::string_view& input) {
  std::size_t needed = header_size_ < 2 ? 2 : FullHeaderSize(header_[1]);
  while (header_size_ < needed) {
    if (input.empty()) return false;
    header_[header_size_++] = static_cast<uint8_t>(input.front());
    input.remove_prefix(1);
    if (header_size_ == 2) needed = FullHeaderSize(header_[1]);
  }
  return true;
}

// Applies the rules of RFC 6455 section 5 to a complete header.
WsEvent WsFrameParser::CheckHeader() {
  uint8_t first = header_[0];
  uint8_t second = header_[1];
  uint8_t opcode = first & kOpcodeBits;
  if (first & kReservedBits) {
    return Fail(kWsCloseProtocolError,
                "reserved bits set in a frame header; no extension was "
                "negotiated");
  }
  if (!IsKnownOpcode(opcode)) {
    return Fail(kWsCloseProtocolError,
                absl::StrCat("reserved opcode ", opcode));
  }
  if (!(second & kMaskBit)) {
    return Fail(kWsCloseProtocolError, "client frame is not masked");
  }
  fin_ = (first & kFinBit) != 0;
  opcode_ = static_cast<WsOpcode>(opcode);
  uint8_t length = second & kLengthBits;
  std::size_t key_offset = 2;
  uint64_t size = length;
  if (length == kLength16) {
    size = ReadBigEndian(header_ + 2, 2);
    key_offset = 4;
    if (size < kLength16) {
      return Fail(kWsCloseProtocolError,
                  absl::StrCat("payload size ", size,
                               " uses the 16-bit form; sizes below 126 fit "
                               "in the first length field"));
    }
  } else if (length == kLength64) {
    size = ReadBigEndian(header_ + 2, 8);
    key_offset = 10;
    if (size >> 63) {
      return Fail(kWsCloseProtocolError,
                  "payload size has its most significant bit set");
    }
    if (size <= 0xFFFF) {
      return Fail(kWsCloseProtocolError,
                  absl::StrCat("payload size ", size,
                               " uses the 64-bit form; sizes below 65536 fit "
                               "in the 16-bit form"));
    }
  }
  std::copy(header_ + key_offset, header_ + key_offset + 4, mask_);
  mask_index_ = 0;
  remaining_ = size;
  if (IsControl(opcode_)) {
    if (!fin_) {
      return Fail(kWsCloseProtocolError, "control frame is fragmented");
    }
    if (size > kWsMaxControlPayloadBytes) {
      return Fail(kWsCloseProtocolError,
                  absl::StrCat("control frame payload of ", size,
                               " bytes exceeds the maximum of 125 bytes"));
    }
    return {};
  }
  return CheckDataFrame(size);
}

// A data frame starts a message or continues the one in progress.
WsEvent WsFrameParser::CheckDataFrame(std::size_t payload_size) {
  bool continuation = opcode_ == WsOpcode::kContinuation;
  if (continuation && !in_message_) {
    return Fail(kWsCloseProtocolError,
                "continuation frame without a message to continue");
  }
  if (!continuation && in_message_) {
    return Fail(kWsCloseProtocolError,
                "new data frame before the fragmented message ended");
  }
  if (!continuation) {
    in_message_ = true;
    binary_ = opcode_ == WsOpcode::kBinary;
    dropping_ = false;
    message_size_ = 0;
    utf8_.Reset();
  }
  if (payload_size >
      max_bytes_ - std::min<uint64_t>(message_size_, max_bytes_)) {
    return Fail(
        kWsCloseMessageTooBig,
        absl::StrCat("message of at least ", message_size_ + payload_size,
                     " bytes exceeds the limit of ", max_bytes_, " bytes"));
  }
  return {};
}

void WsFrameParser::ReadPayload(std::string_view& input) {
  std::size_t size =
      static_cast<std::size_t>(std::min<uint64_t>(remaining_, input.size()));
  if (size == 0) return;
  if (IsControl(opcode_)) {
    std::size_t start = control_.size();
    control_.resize(start + size);
    Unmask(input.data(), size, control_.data() + start);
  } else if (dropping_ || message_size_ + size > keep_bytes_) {
    DropMessageBytes(input.data(), size);
  } else {
    KeepMessageBytes(input.data(), size);
  }
  remaining_ -= size;
  input.remove_prefix(size);
}

void WsFrameParser::KeepMessageBytes(const char* data, std::size_t size) {
  std::size_t start = message_.size();
  message_.resize(start + size);
  Unmask(data, size, message_.data() + start);
  message_size_ += size;
  if (!binary_) utf8_.Feed(message_.data() + start, size);
}

// Past keep_bytes_ the message is counted and, for text, still validated,
// because invalid UTF-8 ends the connection whatever the message's size.
void WsFrameParser::DropMessageBytes(const char* data, std::size_t size) {
  if (!dropping_) {
    dropping_ = true;
    message_ = std::string();
  }
  message_size_ += size;
  if (binary_) {
    mask_index_ = static_cast<uint8_t>((mask_index_ + size) % 4);
    return;
  }
  char chunk[kDropChunkBytes];
  for (std::size_t done = 0; done < size; done += kDropChunkBytes) {
    std::size_t part = std::min(kDropChunkBytes, size - done);
    Unmask(data + done, part, chunk);
    utf8_.Feed(chunk, part);
  }
}

void WsFrameParser::Unmask(const char* data, std::size_t size, char* out) {
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<char>(data[i] ^ mask_[mask_index_]);
    mask_index_ = (mask_index_ + 1) & 3;
  }
}

WsEvent WsFrameParser::FinishFrame() {
  if (IsControl(opcode_)) return FinishControlFrame();
  // Invalid UTF-8 fails as soon as it is seen; an incomplete character
  // may still be completed by the next fragment.
  if (!binary_ && !utf8_.Valid()) {
    return Fail(kWsCloseInvalidPayload, "invalid utf8 in a text message");
  }
  if (!fin_) return {};
  return FinishMessage();
}

WsEvent WsFrameParser::FinishControlFrame() {
  WsEvent event;
  if (opcode_ == WsOpcode::kClose) return FinishClose();
  event.kind =
      opcode_ == WsOpcode::kPing ? WsEvent::Kind::kPing : WsEvent::Kind::kPong;
  event.payload = std::exchange(control_, std::string());
  event.size = event.payload.size();
  return event;
}

// RFC 6455 section 5.5.1: an empty body, or a 2-byte code and a UTF-8
// reason.
WsEvent WsFrameParser::FinishClose() {
  std::string body = std::exchange(control_, std::string());
  WsEvent event;
  event.kind = WsEvent::Kind::kClose;
  event.code = kWsCloseNoStatus;
  if (body.empty()) return event;
  if (body.size() == 1) {
    return Fail(kWsCloseProtocolError, "close frame body of 1 byte");
  }
  event.code = static_cast<uint16_t>(
      ReadBigEndian(reinterpret_cast<const uint8_t*>(body.data()), 2));
  if (!IsValidWsCloseCode(event.code)) {
    return Fail(kWsCloseProtocolError,
                absl::StrCat("close code ", event.code, " is not allowed"));
  }
  Utf8Validator reason;
  if (!reason.Feed(body.data() + 2, body.size() - 2) || !reason.Complete()) {
    return Fail(kWsCloseInvalidPayload, "invalid utf8 in the close reason");
  }
  event.payload = body.substr(2);
  return event;
}

WsEvent WsFrameParser::FinishMessage() {
  if (!binary_ && !utf8_.Complete()) {
    return Fail(kWsCloseInvalidPayload,
                "text message ends inside a utf8 character");
  }
  WsEvent event;
  event.kind = binary_ ? WsEvent::Kind::kBinary : WsEvent::Kind::kText;
  event.size = static_cast<std::size_t>(message_size_);
  event.payload = std::exchange(message_, std::string());
  in_message_ = false;
  dropping_ = false;
  message_size_ = 0;
  return event;
}

WsEvent WsFrameParser::Fail(uint16_t code, std::string reason) {
  failed_ = true;
  message_ = std::string();
  control_ = std::string();
  WsEvent event;
  event.kind = WsEvent::Kind::kViolation;
  event.code = code;
  event.payload = std::move(reason);
  return event;
}

std::size_t EncodeWsHeader(WsOpcode opcode, uint64_t payload_size,
                           uint8_t out[kWsMaxServerHeaderBytes]) {
  out[0] = kFinBit | static_cast<uint8_t>(opcode);
  if (payload_size < kLength16) {
    out[1] = static_cast<uint8_t>(payload_size);
    return 2;
  }
  std::size_t length_bytes = payload_size <= 0xFFFF ? 2 : 8;
  out[1] = length_bytes == 2 ? kLength16 : kLength64;
  for (std::size_t i = 0; i < length_bytes; ++i) {
    out[1 + length_bytes - i] = static_cast<uint8_t>(payload_size >> (8 * i));
  }
  return 2 + length_bytes;
}

std::string WsClosePayload(uint16_t code) {
  return {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
}

bool IsValidWsCloseCode(uint16_t code) {
  if (code >= 1000 && code <= 1003) return true;
  if (code >= 1007 && code <= 1014) return true;
  return code >= 3000 && code <= 4999;
}

}  // namespace sessioncore::server
