#include "core/session/signal_request.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/signal_rules.h"

namespace sessioncore::session {
namespace {

absl::Status NotAString(std::string_view key, const nlohmann::json& value) {
  return MakeError(
      ErrorCode::kInvalidParameter,
      absl::StrCat("signal ", key, " is ", value.dump(), " of type ",
                   value.type_name(), "; it must be a string"));
}

// Reads an optional string field; a JSON null counts as missing.
absl::Status ReadString(const nlohmann::json& signal, std::string_view key,
                        std::optional<std::string>& target) {
  auto it = signal.find(std::string(key));
  if (it == signal.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) return NotAString(key, *it);
  target = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadRetry(const nlohmann::json& signal, bool& target) {
  auto it = signal.find("retryAfterReconnect");
  if (it == signal.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_boolean()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("signal retryAfterReconnect is ", it->dump(),
                                  "; it must be true or false"));
  }
  target = it->get<bool>();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ParsedSignal> ParseSignal(const nlohmann::json& signal) {
  ParsedSignal parsed;
  if (signal.is_null()) return parsed;
  if (!signal.is_object()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("signal is ", signal.dump(),
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
