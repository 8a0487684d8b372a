// libFuzzer target: DecodeServerMessage on arbitrary bytes.
//
// Besides crashes and sanitizer reports, it aborts when a frame that
// decodes does not survive a round trip: encoding the decoded message and
// decoding that again must succeed and encode to the same text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/protocol/codec.h"

namespace {

using sessioncore::protocol::DecodeServerMessage;
using sessioncore::protocol::Encode;
using sessioncore::protocol::ServerMessage;

void CheckRoundTrip(const ServerMessage& message) {
  const std::string first = Encode(message);
  absl::StatusOr<ServerMessage> again = DecodeServerMessage(first);
  if (!again.ok()) {
    std::fprintf(stderr, "re-encoded message failed to decode: %s\n%s\n",
                 std::string(again.status().message()).c_str(), first.c_str());
    std::abort();
  }
  if (Encode(*again) != first) {
    std::fprintf(stderr, "round trip changed the message:\n%s\n",
                 first.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ServerMessage> message = DecodeServerMessage(text);
  if (message.ok()) CheckRoundTrip(*message);
  return 0;
}
