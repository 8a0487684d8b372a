#include "core/protocol/field_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/utf8.h"

namespace sessioncore::protocol {

FieldReader::FieldReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  known_values_.reserve(object_.size());
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
  Fail(key,
       absl::StrCat("expected ", ToAbsl(expected), ", got ", value.TypeName()));
}

bool FieldReader::Has(std::string_view key) const {
  return object_.Contains(key);
}

const Json* FieldReader::Find(std::string_view key, bool required) {
  if (!ok()) return nullptr;
  const Json* value = object_.Find(key);
  if (value == nullptr) {
    if (required) {
      error_ = MakeError(
          ErrorCode::kProtocolError,
          absl::StrCat("missing required field \"", FieldPath(key), "\""));
    }
    return nullptr;
  }
  known_values_.push_back(value);
  return value;
}

const Json* FieldReader::FindOfType(std::string_view key, Json::Type type,
                                    bool required) {
  const Json* value = Find(key, required);
  if (value == nullptr || value->type() == type) return value;
  switch (type) {
    case Json::Type::kString:
      FailWrongType(key, "a string", *value);
      break;
    case Json::Type::kBool:
      FailWrongType(key, "a boolean", *value);
      break;
    case Json::Type::kArray:
      FailWrongType(key, "an array", *value);
      break;
    default:
      FailWrongType(key, "an object", *value);
      break;
  }
  return nullptr;
}

void FieldReader::Read(std::string_view key, std::string& out) {
  const Json* value = FindOfType(key, Json::Type::kString);
  if (value != nullptr) out = value->AsString();
}

void FieldReader::Read(std::string_view key, bool& out) {
  const Json* value = FindOfType(key, Json::Type::kBool);
  if (value != nullptr) out = value->AsBool();
}

bool FieldReader::ToInteger(std::string_view key, const Json& value,
                            int64_t min, int64_t max, int64_t& out) {
  // An integer outside int64_t range parses as a number that is not an
  // integer, so it fails here like a fraction does.
  if (!value.IsInteger()) {
    FailWrongType(key, "an integer", value);
    return false;
  }
  const int64_t number = value.AsInteger();
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
  const Json* array = FindOfType(key, Json::Type::kArray);
  if (array == nullptr) return;
  out.clear();
  out.reserve(array->size());
  for (size_t i = 0; i < array->size(); ++i) {
    const Json& element = (*array)[i];
    if (!element.IsString()) {
      FailWrongType(absl::StrCat(ToAbsl(key), "[", i, "]"), "a string",
                    element);
      return;
    }
    out.push_back(element.AsString());
  }
}

void FieldReader::ReadOptional(std::string_view key,
                               std::optional<std::string>& out) {
  const Json* value = FindOfType(key, Json::Type::kString, false);
  if (value != nullptr) out = value->AsString();
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
  if (value == nullptr || value->IsNull()) return;
  if (!value->IsString()) {
    FailWrongType(key, "a string or null", *value);
    return;
  }
  out = value->AsString();
}

void FieldReader::ReadNullable(std::string_view key, std::optional<int>& out) {
  const Json* value = Find(key);
  if (value == nullptr || value->IsNull()) return;
  int64_t number = 0;
  if (ToInteger(key, *value, 0, std::numeric_limits<int>::max(), number)) {
    out = static_cast<int>(number);
  }
}

absl::Status FieldReader::Finish() {
  if (!ok()) return error_;
  for (const Json::Member& member : object_.Members()) {
    if (std::find(known_values_.begin(), known_values_.end(), &member.second) ==
        known_values_.end()) {
      return MakeError(ErrorCode::kProtocolError,
                       absl::StrCat("unknown field \"", FieldPath(member.first),
                                    "\": this message does not define it"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sessioncore::protocol
