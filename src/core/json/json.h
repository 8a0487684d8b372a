// Json: the JSON value type of the session core, with a strict parser
// (core/json/json_parser.h) and a serializer (Json::Dump).
//
// The core uses its own small type instead of a general JSON library
// because the browser downloads the core as WebAssembly. This type has no
// floating point: an integer that fits int64_t is stored as an integer, and
// any other number (a fraction, an exponent, or an integer out of int64_t
// range) is kept as its source text with type kNumber. Reading or writing
// such a number never calls strtod or printf.
//
// Objects keep their members sorted by key (bytewise), so Dump() writes
// the same text for equal values and the keys come out in the order that
// std::map would give. An object never contains two members with the same key.
#ifndef SESSIONCORE_CORE_JSON_JSON_H_
#define SESSIONCORE_CORE_JSON_JSON_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sessioncore {

class Json {
 public:
  enum class Type { kNull, kBool, kInteger, kNumber, kString, kArray, kObject };

  // One member of an object: its key and its value.
  using Member = std::pair<std::string, Json>;

  // Null.
  Json() = default;
  Json(std::nullptr_t) {}  // NOLINT: implicit, like the JSON literal null.
  Json(bool value) : type_(Type::kBool), bool_(value) {}  // NOLINT

  // An integer of any integral type except bool. A uint64_t above
  // INT64_MAX is stored as kNumber text so that its value is not lost.
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                             int> = 0>
  Json(T value) {  // NOLINT: implicit, so `json["width"] = 640` works.
    SetInteger(value);
  }

  Json(const char* value) : Json(std::string(value)) {}       // NOLINT
  Json(std::string_view value) : Json(std::string(value)) {}  // NOLINT
  Json(std::string value)                                     // NOLINT
      : type_(Type::kString), string_(std::move(value)) {}

  // An array of strings.
  Json(const std::vector<std::string>& values);  // NOLINT

  // An object with the given members. When two members have one key, the
  // last one wins.
  Json(std::initializer_list<Member> members);

  // An empty object and an empty array.
  static Json Object();
  static Json Array();

  // A number that is not an integer, kept as its JSON text. Dump() writes
  // `text` unchanged, so it must match the number grammar of RFC 8259. In
  // the core only the parser calls this, with text it has checked.
  static Json NumberText(std::string text);

  Type type() const { return type_; }
  // Returns "null", "boolean", "number", "string", "array" or "object".
  const char* TypeName() const;

  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsInteger() const { return type_ == Type::kInteger; }
  // True for an integer and for any other number.
  bool IsNumber() const {
    return type_ == Type::kInteger || type_ == Type::kNumber;
  }
  bool IsString() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }

  // Each accessor returns the value when the type matches and false, 0 or
  // an empty string otherwise. AsString() also returns the text of a
  // kNumber.
  bool AsBool() const { return IsBool() && bool_; }
  int64_t AsInteger() const { return IsInteger() ? integer_ : 0; }
  const std::string& AsString() const;

  // The number of elements of an array or members of an object; 0 for
  // every other type.
  size_t size() const;
  bool empty() const { return size() == 0; }

  // Returns the element at `index`. The const form returns null when
  // `index` is out of range or this is not an array. The non-const form
  // turns null into an empty array and grows the array with nulls up to
  // `index`. It replaces any other non-array value with an array.
  const Json& operator[](size_t index) const;
  Json& operator[](size_t index);
  // Appends to an array; turns null, or any other non-array, into an array.
  void push_back(Json value);
  // The elements of an array; empty for every other type.
  const std::vector<Json>& Elements() const { return array_; }

  // Object access. The const form returns null when `key` is absent or
  // this is not an object. The non-const form inserts null when `key` is
  // absent, after turning a non-object into an empty object.
  const Json& operator[](std::string_view key) const;
  Json& operator[](std::string_view key);
  // Returns the value of `key`, or nullptr when absent or not an object.
  const Json* Find(std::string_view key) const;
  Json* Find(std::string_view key);
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  // Removes `key`; returns false when it was absent.
  bool Erase(std::string_view key);
  // The members of an object in key order; empty for every other type.
  const std::vector<Member>& Members() const { return object_; }
  std::vector<Member>& Members() { return object_; }

  // Returns compact JSON text. Strings escape control characters, the quote
  // and the backslash, and write other characters as UTF-8. Each byte of an
  // ill-formed UTF-8 sequence becomes U+FFFD, so the output is valid UTF-8.
  std::string Dump() const;

  friend bool operator==(const Json& a, const Json& b);
  friend bool operator!=(const Json& a, const Json& b) { return !(a == b); }

 private:
  friend class JsonParser;

  template <typename T>
  void SetInteger(T value) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(int64_t)) {
      if (value > static_cast<T>(INT64_MAX)) {
        SetUnsignedText(static_cast<uint64_t>(value));
        return;
      }
    }
    type_ = Type::kInteger;
    integer_ = static_cast<int64_t>(value);
  }
  void SetUnsignedText(uint64_t value);
  void MakeObject();
  void MakeArray();
  // Sorts the members and returns the first key that appears twice, or
  // nullptr.
  const std::string* SortMembers();

  Type type_ = Type::kNull;
  bool bool_ = false;
  int64_t integer_ = 0;
  std::string string_;  // A string, or the text of a kNumber.
  std::vector<Json> array_;
  std::vector<Member> object_;
};

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_JSON_JSON_H_
