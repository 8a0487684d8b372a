// libFuzzer target: ParseSessionOptionsJson on arbitrary bytes. Any crash,
// sanitizer report or exception escaping the parser is a failure.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/session_options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sessioncore::ParseSessionOptionsJson(text).status().IgnoreError();
  return 0;
}
