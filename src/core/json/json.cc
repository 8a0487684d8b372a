#include "core/json/json.h"

#include <algorithm>

namespace sessioncore {
namespace {

const Json& NullJson() {
  static const Json* const kNull = new Json();
  return *kNull;
}

const std::string& EmptyString() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}

bool KeyLess(const Json::Member& member, std::string_view key) {
  return member.first < key;
}

}  // namespace

Json::Json(const std::vector<std::string>& values) : type_(Type::kArray) {
  array_.reserve(values.size());
  for (const std::string& value : values) array_.emplace_back(value);
}

Json::Json(std::initializer_list<Member> members)
    : type_(Type::kObject), object_(members) {
  // Keep the last of two equal keys, as assignment in order would.
  std::stable_sort(
      object_.begin(), object_.end(),
      [](const Member& a, const Member& b) { return a.first < b.first; });
  auto last_of_each = std::unique(
      object_.rbegin(), object_.rend(),
      [](const Member& a, const Member& b) { return a.first == b.first; });
  object_.erase(object_.begin(), last_of_each.base());
}

Json Json::Object() {
  Json json;
  json.type_ = Type::kObject;
  return json;
}

Json Json::Array() {
  Json json;
  json.type_ = Type::kArray;
  return json;
}

Json Json::NumberText(std::string text) {
  Json json;
  json.type_ = Type::kNumber;
  json.string_ = std::move(text);
  return json;
}

void Json::SetUnsignedText(uint64_t value) {
  type_ = Type::kNumber;
  string_.clear();
  do {
    string_.insert(string_.begin(), static_cast<char>('0' + value % 10));
    value /= 10;
  } while (value != 0);
}

const char* Json::TypeName() const {
  switch (type_) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kInteger:
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "null";
}

const std::string& Json::AsString() const {
  if (type_ == Type::kString || type_ == Type::kNumber) return string_;
  return EmptyString();
}

size_t Json::size() const {
  if (type_ == Type::kArray) return array_.size();
  if (type_ == Type::kObject) return object_.size();
  return 0;
}

void Json::MakeArray() {
  if (type_ == Type::kArray) return;
  *this = Array();
}

void Json::MakeObject() {
  if (type_ == Type::kObject) return;
  *this = Object();
}

const Json& Json::operator[](size_t index) const {
  if (type_ != Type::kArray || index >= array_.size()) return NullJson();
  return array_[index];
}

Json& Json::operator[](size_t index) {
  MakeArray();
  if (index >= array_.size()) array_.resize(index + 1);
  return array_[index];
}

void Json::push_back(Json value) {
  MakeArray();
  array_.push_back(std::move(value));
}

const Json* Json::Find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  auto it = std::lower_bound(object_.begin(), object_.end(), key, KeyLess);
  if (it == object_.end() || it->first != key) return nullptr;
  return &it->second;
}

Json* Json::Find(std::string_view key) {
  return const_cast<Json*>(std::as_const(*this).Find(key));
}

const Json& Json::operator[](std::string_view key) const {
  const Json* value = Find(key);
  return value != nullptr ? *value : NullJson();
}

Json& Json::operator[](std::string_view key) {
  MakeObject();
  auto it = std::lower_bound(object_.begin(), object_.end(), key, KeyLess);
  if (it == object_.end() || it->first != key) {
    it = object_.emplace(it, std::string(key), Json());
  }
  return it->second;
}

bool Json::Erase(std::string_view key) {
  if (type_ != Type::kObject) return false;
  auto it = std::lower_bound(object_.begin(), object_.end(), key, KeyLess);
  if (it == object_.end() || it->first != key) return false;
  object_.erase(it);
  return true;
}

const std::string* Json::SortMembers() {
  std::sort(object_.begin(), object_.end(),
            [](const Member& a, const Member& b) { return a.first < b.first; });
  auto duplicate = std::adjacent_find(
      object_.begin(), object_.end(),
      [](const Member& a, const Member& b) { return a.first == b.first; });
  return duplicate == object_.end() ? nullptr : &duplicate->first;
}

bool operator==(const Json& a, const Json& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Json::Type::kNull:
      return true;
    case Json::Type::kBool:
      return a.bool_ == b.bool_;
    case Json::Type::kInteger:
      return a.integer_ == b.integer_;
    case Json::Type::kNumber:
    case Json::Type::kString:
      return a.string_ == b.string_;
    case Json::Type::kArray:
      return a.array_ == b.array_;
    case Json::Type::kObject:
      return a.object_ == b.object_;
  }
  return false;
}

}  // namespace sessioncore
