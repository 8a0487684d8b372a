// libFuzzer target: ParseJson on arbitrary bytes. Besides crashes and
// sanitizer reports, it fails (traps) when text that parsed does not survive
// a round trip: Dump() must write text that parses to an equal value and
// dumps to the same text again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/json/json_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<sessioncore::Json> parsed = sessioncore::ParseJson(text);
  if (!parsed.ok()) return 0;
  const std::string dumped = parsed->Dump();
  absl::StatusOr<sessioncore::Json> again = sessioncore::ParseJson(dumped);
  if (!again.ok() || !(*again == *parsed) || again->Dump() != dumped) {
    __builtin_trap();
  }
  return 0;
}
