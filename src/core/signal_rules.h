// The rules a signal must follow, shared by the client (which checks early
// so that bad input fails before anything goes on the wire) and the server
// (which enforces them on every signal it receives).
//
//   type  at most 128 characters, each one of A-Z a-z 0-9 - . _ ~;
//         empty allowed. Error: kInvalidSignalType (OT_INVALID_SIGNAL_TYPE,
//         400).
//   data  at most 8192 bytes of UTF-8, counted in bytes on both sides;
//         empty allowed. Too long: kSignalTooLong (OT_SIGNAL_TOO_LONG,
//         413). Not valid UTF-8: kInvalidParameter.
//   to    when present, a non-empty connection ID. Error: kInvalidParameter.
//         Whether the connection exists is the server's check.
#ifndef SESSIONCORE_CORE_SIGNAL_RULES_H_
#define SESSIONCORE_CORE_SIGNAL_RULES_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace sessioncore {

inline constexpr size_t kMaxSignalTypeLength = 128;  // Characters.
inline constexpr size_t kMaxSignalDataBytes = 8192;  // Bytes of UTF-8.

// Returns OK when `type` follows the type rule, else kInvalidSignalType
// with a message that quotes the type (truncated) and names the rule.
absl::Status ValidateSignalType(std::string_view type);

// Returns OK when `data` follows the data rule, else kSignalTooLong or
// kInvalidParameter with a message that gives the size or the offset of
// the ill-formed byte.
absl::Status ValidateSignalData(std::string_view data);

// Returns OK when `to`, if present, is a non-empty connection ID, else
// kInvalidParameter.
absl::Status ValidateSignalTarget(std::optional<std::string_view> to);

// Applies the type, data and target rules in that order and returns the
// first failure.
absl::Status ValidateSignal(std::string_view type, std::string_view data,
                            std::optional<std::string_view> to = std::nullopt);

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_SIGNAL_RULES_H_
