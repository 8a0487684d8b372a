// FieldReader: strict, non-throwing reads of the fields of one JSON object,
// used by the message handlers of the codec. Internal to core/protocol.
//
// Every Read records its key as known. The reader keeps the first failure
// (missing field, wrong JSON type, value out of range), and later reads do
// nothing. So a handler reads all of its fields and then calls Finish(),
// which also rejects any key that no Read requested. Error messages name the
// field by its path from the top of the frame, such as "streams[2].videoType".
#ifndef SESSIONCORE_CORE_PROTOCOL_FIELD_READER_H_
#define SESSIONCORE_CORE_PROTOCOL_FIELD_READER_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/json/json.h"

namespace sessioncore::protocol {

class FieldReader {
 public:
  // `object` must be a JSON object and must outlive the reader. `path` is
  // the position of the object in the frame ("" for the frame itself).
  FieldReader(const Json& object, std::string path);

  FieldReader(const FieldReader&) = delete;
  FieldReader& operator=(const FieldReader&) = delete;

  // Required fields of each JSON type.
  void Read(std::string_view key, std::string& out);
  void Read(std::string_view key, bool& out);
  void Read(std::string_view key, int& out, int64_t min = 0,
            int64_t max = std::numeric_limits<int>::max());
  void Read(std::string_view key, int64_t& out,
            int64_t min = std::numeric_limits<int64_t>::min());
  void Read(std::string_view key, std::vector<std::string>& out);

  // An optional string: absent leaves `out` empty; JSON null is rejected.
  void ReadOptional(std::string_view key, std::optional<std::string>& out);

  // An optional integer in [min, max]: absent leaves `out` unchanged, so
  // the caller's default (or nullopt) stays; JSON null is rejected.
  void ReadOptional(std::string_view key, std::optional<int>& out, int64_t min,
                    int64_t max);
  void ReadOptional(std::string_view key, int64_t& out, int64_t min);

  // Fields that must be present but may be JSON null.
  void ReadNullable(std::string_view key, std::optional<std::string>& out);
  void ReadNullable(std::string_view key, std::optional<int>& out);

  // A string naming an enum value. `parse` returns nullopt for unknown
  // names; `allowed` lists the names for the error message.
  template <typename Enum>
  void ReadEnum(std::string_view key, Enum& out,
                std::optional<Enum> (*parse)(std::string_view),
                std::string_view allowed);

  // A nested object read by `read`, which must not call Finish().
  template <typename T>
  void ReadObject(std::string_view key, T& out, void (*read)(FieldReader&, T&));

  // An array of objects, each read by `read`.
  template <typename T>
  void ReadArray(std::string_view key, std::vector<T>& out,
                 void (*read)(FieldReader&, T&));

  // Returns the value of `key` and records the key as known, or nullptr
  // when it is absent (which records a missing-field error when
  // `required`) or when an earlier read failed.
  const Json* Find(std::string_view key, bool required = true);

  // Records a failure of field `key`; `rule` states what was wrong, such as
  // "expected a string, got number". Keeps only the first failure.
  void Fail(std::string_view key, std::string_view rule);

  // Returns true when `key` is present, without recording it as known.
  bool Has(std::string_view key) const;

  bool ok() const { return error_.ok(); }

  // Returns the first failure, or an error naming the first key that no
  // read asked for, or OK.
  absl::Status Finish();

 private:
  std::string FieldPath(std::string_view key) const;
  const Json* FindOfType(std::string_view key, Json::Type type,
                         bool required = true);
  void FailWrongType(std::string_view key, std::string_view expected,
                     const Json& value);
  // Converts `value` to an integer in [min, max], or records a failure.
  bool ToInteger(std::string_view key, const Json& value, int64_t min,
                 int64_t max, int64_t& out);
  // Keeps `status` as the failure unless an earlier one is kept already.
  void Adopt(absl::Status status);

  const Json& object_;
  std::string path_;
  // The values that a Read found, so Finish() can name the other keys.
  std::vector<const Json*> known_values_;
  absl::Status error_;
};

// ---------------------------------------------------------------------------
// Template definitions
// ---------------------------------------------------------------------------

template <typename Enum>
void FieldReader::ReadEnum(std::string_view key, Enum& out,
                           std::optional<Enum> (*parse)(std::string_view),
                           std::string_view allowed) {
  std::string name;
  Read(key, name);
  if (!ok()) return;
  const std::optional<Enum> value = parse(name);
  if (!value.has_value()) {
    Fail(key, "\"" + name + "\" is not one of " + std::string(allowed));
    return;
  }
  out = *value;
}

template <typename T>
void FieldReader::ReadObject(std::string_view key, T& out,
                             void (*read)(FieldReader&, T&)) {
  const Json* value = FindOfType(key, Json::Type::kObject);
  if (value == nullptr) return;
  FieldReader nested(*value, FieldPath(key));
  read(nested, out);
  Adopt(nested.Finish());
}

template <typename T>
void FieldReader::ReadArray(std::string_view key, std::vector<T>& out,
                            void (*read)(FieldReader&, T&)) {
  const Json* array = FindOfType(key, Json::Type::kArray);
  if (array == nullptr) return;
  out.clear();
  out.reserve(array->size());
  for (size_t i = 0; i < array->size() && ok(); ++i) {
    const std::string element_key =
        std::string(key) + "[" + std::to_string(i) + "]";
    const Json& element = (*array)[i];
    if (!element.IsObject()) {
      FailWrongType(element_key, "an object", element);
      return;
    }
    FieldReader nested(element, FieldPath(element_key));
    read(nested, out.emplace_back());
    Adopt(nested.Finish());
  }
}

}  // namespace sessioncore::protocol

#endif  // SESSIONCORE_CORE_PROTOCOL_FIELD_READER_H_
