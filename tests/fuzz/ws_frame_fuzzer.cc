// libFuzzer target: the server's WebSocket frame parser on arbitrary bytes.
//
// The first input byte picks how the rest is cut into reads, so split
// headers and payloads are covered. Besides crashes and sanitizer reports,
// it aborts when the parser breaks its own contract. That is a kept message
// larger than the keep limit or a message larger than the maximum. It is
// also a text message that is not valid UTF-8, a close code outside the
// allowed ranges, or a violation with a close code other than 1002, 1007 or
// 1009.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "server/utf8_validator.h"
#include "server/ws_frame.h"

namespace {

using sessioncore::server::IsValidWsCloseCode;
using sessioncore::server::kWsCloseNoStatus;
using sessioncore::server::Utf8Validator;
using sessioncore::server::WsEvent;
using sessioncore::server::WsFrameParser;

constexpr std::size_t kKeepBytes = 256;
constexpr std::size_t kMaxBytes = 4096;

void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "ws_frame_fuzzer: %s\n", what);
  std::abort();
}

void CheckEvent(const WsEvent& event) {
  switch (event.kind) {
    case WsEvent::Kind::kText: {
      Check(event.payload.size() <= kKeepBytes, "kept text over the limit");
      Check(event.size <= kMaxBytes, "message over the maximum");
      Utf8Validator utf8;
      utf8.Feed(event.payload.data(), event.payload.size());
      Check(utf8.Complete(), "text message is not valid UTF-8");
      break;
    }
    case WsEvent::Kind::kBinary:
      Check(event.payload.size() <= kKeepBytes, "kept binary over the limit");
      Check(event.size <= kMaxBytes, "message over the maximum");
      break;
    case WsEvent::Kind::kClose:
      Check(event.code == kWsCloseNoStatus || IsValidWsCloseCode(event.code),
            "close code outside the allowed ranges");
      break;
    case WsEvent::Kind::kViolation:
      Check(event.code == 1002 || event.code == 1007 || event.code == 1009,
            "violation with an unexpected close code");
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t piece = 1 + data[0] % 32;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  WsFrameParser parser(kKeepBytes, kMaxBytes);
  while (!rest.empty()) {
    std::string_view input = rest.substr(0, piece);
    rest.remove_prefix(input.size());
    for (;;) {
      WsEvent event = parser.Next(input);
      if (event.kind == WsEvent::Kind::kNeedMore) break;
      CheckEvent(event);
    }
  }
  return 0;
}
