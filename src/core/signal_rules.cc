#include "core/signal_rules.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/utf8.h"

namespace sessioncore {
namespace {

using protocol::QuoteForMessage;

constexpr std::string_view kAllowedTypeCharacters =
    "A-Z, a-z, 0-9, '-', '.', '_' and '~'";

bool IsAllowedTypeCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

// Returns the bytes of the character that starts at `offset`, judged by the
// lead byte only, so that the error message shows a whole character such
// as "é" instead of half of it.
std::string_view CharacterAt(std::string_view text, size_t offset) {
  const auto lead = static_cast<uint8_t>(text[offset]);
  size_t length = 1;
  if (lead >= 0xF0) {
    length = 4;
  } else if (lead >= 0xE0) {
    length = 3;
  } else if (lead >= 0xC0) {
    length = 2;
  }
  return text.substr(offset, length);
}

}  // namespace

absl::Status ValidateSignalType(std::string_view type) {
  for (size_t i = 0; i < type.size(); ++i) {
    if (IsAllowedTypeCharacter(type[i])) continue;
    return MakeError(
        ErrorCode::kInvalidSignalType,
        absl::StrCat("invalid signal type ", QuoteForMessage(type),
                     ": character ", QuoteForMessage(CharacterAt(type, i)),
                     " at byte offset ", i,
                     " is not allowed; a signal type may contain only ",
                     protocol::ToAbsl(kAllowedTypeCharacters)));
  }
  // Every allowed character is one byte, so the size counts characters.
  if (type.size() > kMaxSignalTypeLength) {
    return MakeError(
        ErrorCode::kInvalidSignalType,
        absl::StrCat("invalid signal type ", QuoteForMessage(type), ": ",
                     type.size(), " characters exceed the maximum of ",
                     kMaxSignalTypeLength, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateSignalData(std::string_view data) {
  if (data.size() > kMaxSignalDataBytes) {
    return MakeError(ErrorCode::kSignalTooLong,
                     absl::StrCat("signal data ", QuoteForMessage(data),
                                  " is too long: ", data.size(),
                                  " bytes of UTF-8 exceed the maximum of ",
                                  kMaxSignalDataBytes, " bytes"));
  }
  const size_t invalid = protocol::FindInvalidUtf8(data);
  if (invalid != data.size()) {
    return MakeError(
        ErrorCode::kInvalidParameter,
        absl::StrCat("signal data ", QuoteForMessage(data),
                     " is not valid UTF-8: ill-formed byte at offset ", invalid,
                     "; signal data must be a UTF-8 string"));
  }
  return absl::OkStatus();
}

absl::Status ValidateSignalTarget(std::optional<std::string_view> to) {
  if (!to.has_value() || !to->empty()) return absl::OkStatus();
  return MakeError(ErrorCode::kInvalidParameter,
                   "invalid signal target \"\": `to` must be a connection ID "
                   "or absent to signal every connection");
}

absl::Status ValidateSignal(std::string_view type, std::string_view data,
                            std::optional<std::string_view> to) {
  if (absl::Status status = ValidateSignalType(type); !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateSignalData(data); !status.ok()) {
    return status;
  }
  return ValidateSignalTarget(to);
}

}  // namespace sessioncore
