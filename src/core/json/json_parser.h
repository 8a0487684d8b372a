// ParseJson: the strict JSON parser of the session core (RFC 8259).
//
// The parser accepts exactly the JSON grammar of RFC 8259, any value at the
// top level included, and rejects:
//   - bytes that are not well-formed UTF-8 (RFC 3629),
//   - unescaped control characters (U+0000..U+001F) in strings,
//   - escapes other than \" \\ \/ \b \f \n \r \t and \uXXXX, and a \u
//     surrogate that is not part of a high-low pair,
//   - numbers outside the grammar, such as 01, 1., .5, +1 or NaN,
//   - arrays and objects nested deeper than JsonParseOptions::max_depth,
//   - an object with two members of one key (no "last one wins"),
//   - anything but whitespace after the value, and empty text.
// Each error names the byte offset where the rule broke and the rule.
#ifndef SESSIONCORE_CORE_JSON_JSON_PARSER_H_
#define SESSIONCORE_CORE_JSON_JSON_PARSER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "core/json/json.h"

namespace sessioncore {

// The default maximum nesting depth of arrays and objects. A top-level
// object is depth 1; a scalar at the top level is depth 0.
inline constexpr int kDefaultJsonMaxDepth = 32;

struct JsonParseOptions {
  int max_depth = kDefaultJsonMaxDepth;
};

// Parses `text` as one JSON value. On failure returns a kInvalidParameter
// status whose message reads "at offset N: <rule>", so that the caller can
// put in front what it parsed, as in "frame is not valid JSON at offset N:
// ...". N counts bytes from 0.
absl::StatusOr<Json> ParseJson(std::string_view text,
                               const JsonParseOptions& options = {});

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_JSON_JSON_PARSER_H_
