#include "core/protocol/field_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/utf8.h"

namespace sessioncore::protocol {

FieldReader::FieldReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  known_keys_.reserve(object_.size());
}

std::string FieldReader::FieldPath(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return absl::StrCat(path_, ".", ToAbsl(key));
}

void FieldReader::Fail(std::string_view key, std::string_view rule) {
  if (!ok()) return;
  error_ =
      MakeError(ErrorCode::kProtocolError,
                absl::StrCat("field \"", FieldPath(key), "\": ", ToAbsl(rule)));
}

void FieldReader::Adopt(absl::Status status) {
  if (ok()) error_ = std::move(status);
}

void FieldReader::FailWrongType(std::string_view key, std::string_view expected,
                                const Json& value) {
  Fail(key, absl::StrCat("expected ", ToAbsl(expected), ", got ",
                         value.type_name()));
}

bool FieldReader::Has(std::string_view key) const {
  return object_.find(key) != object_.end();
}

const Json* FieldReader::Find(std::string_view key, bool required) {
  if (!ok()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end()) {
    if (required) {
      error_ = MakeError(
          ErrorCode::kProtocolError,
          absl::StrCat("missing required field \"", FieldPath(key), "\""));
    }
    return nullptr;
  }
  known_keys_.push_back(it.key());
  return &it.value();
}

const Json* FieldReader::FindOfType(std::string_view key, Json::value_t type,
                                    bool required) {
  const Json* value = Find(key, required);
  if (value == nullptr || value->type() == type) return value;
  switch (type) {
    case Json::value_t::string:
      FailWrongType(key, "a string", *value);
      break;
    case Json::value_t::boolean:
      FailWrongType(key, "a boolean", *value);
      break;
    case Json::value_t::array:
      FailWrongType(key, "an array", *value);
      break;
    default:
      FailWrongType(key, "an object", *value);
      break;
  }
  return nullptr;
}

void FieldReader::Read(std::string_view key, std::string& out) {
  const Json* value = FindOfType(key, Json::value_t::string);
  if (value != nullptr) out = value->get_ref<const std::string&>();
}

void FieldReader::Read(std::string_view key, bool& out) {
  const Json* value = FindOfType(key, Json::value_t::boolean);
  if (value != nullptr) out = value->get<bool>();
}

bool FieldReader::ToInteger(std::string_view key, const Json& value,
                            int64_t min, int64_t max, int64_t& out) {
  // nlohmann stores a non-negative integer as number_unsigned; one above
  // INT64_MAX cannot be read as int64_t.
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() &&
       value.get<uint64_t>() >
           static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    FailWrongType(key, "an integer", value);
    return false;
  }
  const int64_t number = value.get<int64_t>();
  if (number < min) {
    Fail(key, absl::StrCat(number, " is below the minimum ", min));
    return false;
  }
  if (number > max) {
    Fail(key, absl::StrCat(number, " is above the maximum ", max));
    return false;
  }
  out = number;
  return true;
}

void FieldReader::Read(std::string_view key, int64_t& out, int64_t min) {
  const Json* value = Find(key);
  if (value == nullptr) return;
  ToInteger(key, *value, min, std::numeric_limits<int64_t>::max(), out);
}

void FieldReader::Read(std::string_view key, int& out, int64_t min,
                       int64_t max) {
  const Json* value = Find(key);
  int64_t number = 0;
  if (value != nullptr && ToInteger(key, *value, min, max, number)) {
    out = static_cast<int>(number);
  }
}

void FieldReader::Read(std::string_view key, std::vector<std::string>& out) {
  const Json* array = FindOfType(key, Json::value_t::array);
  if (array == nullptr) return;
  out.clear();
  out.reserve(array->size());
  for (size_t i = 0; i < array->size(); ++i) {
    const Json& element = (*array)[i];
    if (!element.is_string()) {
      FailWrongType(absl::StrCat(ToAbsl(key), "[", i, "]"), "a string",
                    element);
      return;
    }
    out.push_back(element.get_ref<const std::string&>());
  }
}

void FieldReader::ReadOptional(std::string_view key,
                               std::optional<std::string>& out) {
  const Json* value = FindOfType(key, Json::value_t::string, false);
  if (value != nullptr) out = value->get_ref<const std::string&>();
}

void FieldReader::ReadOptional(std::string_view key, std::optional<int>& out,
                               int64_t min, int64_t max) {
  if (!Has(key)) return;
  int value = 0;
  Read(key, value, min, max);
  if (ok()) out = value;
}

void FieldReader::ReadOptional(std::string_view key, int64_t& out,
                               int64_t min) {
  if (Has(key)) Read(key, out, min);
}

void FieldReader::ReadNullable(std::string_view key,
                               std::optional<std::string>& out) {
  const Json* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (!value->is_string()) {
    FailWrongType(key, "a string or null", *value);
    return;
  }
  out = value->get_ref<const std::string&>();
}

void FieldReader::ReadNullable(std::string_view key, std::optional<int>& out) {
  const Json* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  int64_t number = 0;
  if (ToInteger(key, *value, 0, std::numeric_limits<int>::max(), number)) {
    out = static_cast<int>(number);
  }
}

absl::Status FieldReader::Finish() {
  if (!ok()) return error_;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(known_keys_.begin(), known_keys_.end(), it.key()) ==
        known_keys_.end()) {
      return MakeError(ErrorCode::kProtocolError,
                       absl::StrCat("unknown field \"", FieldPath(it.key()),
                                    "\": this message does not define it"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sessioncore::protocol
