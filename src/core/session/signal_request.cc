#include "core/session/signal_request.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/signal_rules.h"

namespace sessioncore::session {
namespace {

absl::Status NotAString(std::string_view key, const Json& value) {
  return MakeError(
      ErrorCode::kInvalidParameter,
      absl::StrCat("signal ", key, " is ", value.Dump(), " of type ",
                   value.TypeName(), "; it must be a string"));
}

// Reads an optional string field; a JSON null counts as missing.
absl::Status ReadString(const Json& signal, std::string_view key,
                        std::optional<std::string>& target) {
  const Json* value = signal.Find(std::string(key));
  if (value == nullptr || value->IsNull()) return absl::OkStatus();
  if (!value->IsString()) return NotAString(key, *value);
  target = value->AsString();
  return absl::OkStatus();
}

absl::Status ReadRetry(const Json& signal, bool& target) {
  const Json* value = signal.Find("retryAfterReconnect");
  if (value == nullptr || value->IsNull()) return absl::OkStatus();
  if (!value->IsBool()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("signal retryAfterReconnect is ",
                                  value->Dump(), "; it must be true or false"));
  }
  target = value->AsBool();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ParsedSignal> ParseSignal(const Json& signal) {
  ParsedSignal parsed;
  if (signal.IsNull()) return parsed;
  if (!signal.IsObject()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("signal is ", signal.Dump(),
                                  "; it must be an object {type, data, to}"));
  }
  std::optional<std::string> type;
  std::optional<std::string> data;
  std::optional<std::string> to;
  for (absl::Status status :
       {ReadString(signal, "type", type), ReadString(signal, "data", data),
        ReadString(signal, "to", to),
        ReadRetry(signal, parsed.retry_after_reconnect)}) {
    if (!status.ok()) return status;
  }
  parsed.request.type = type.value_or("");
  parsed.request.data = data.value_or("");
  parsed.request.to = to;
  absl::Status rules = ValidateSignal(
      parsed.request.type, parsed.request.data,
      to.has_value() ? std::optional<std::string_view>(*to) : std::nullopt);
  if (!rules.ok()) return rules;
  return parsed;
}

}  // namespace sessioncore::session
