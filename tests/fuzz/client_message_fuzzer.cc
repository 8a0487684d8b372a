// libFuzzer target: DecodeClientMessage on arbitrary bytes.
//
// Besides crashes and sanitizer reports, it aborts when a frame that
// decodes does not survive a round trip: encoding the decoded request and
// decoding that again must succeed and encode to the same text. A decoded
// signal also goes through the signal rules.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "core/protocol/codec.h"
#include "core/signal_rules.h"

namespace {

using sessioncore::protocol::ClientRequest;
using sessioncore::protocol::DecodeClientMessage;
using sessioncore::protocol::Encode;
using sessioncore::protocol::SignalRequest;

void CheckRoundTrip(const ClientRequest& request) {
  const std::string first = Encode(request);
  absl::StatusOr<ClientRequest> again = DecodeClientMessage(first);
  if (!again.ok()) {
    std::fprintf(stderr, "re-encoded request failed to decode: %s\n%s\n",
                 std::string(again.status().message()).c_str(), first.c_str());
    std::abort();
  }
  if (Encode(*again) != first) {
    std::fprintf(stderr, "round trip changed the request:\n%s\n",
                 first.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sessioncore::protocol::FindRequestId(text);
  absl::StatusOr<ClientRequest> request = DecodeClientMessage(text);
  if (!request.ok()) return 0;
  CheckRoundTrip(*request);
  if (const auto* signal = std::get_if<SignalRequest>(&request->message)) {
    std::optional<std::string_view> to;
    if (signal->to) to = *signal->to;
    sessioncore::ValidateSignal(signal->type, signal->data, to).IgnoreError();
  }
  return 0;
}
