// Json::Dump: compact JSON text without printf, so that the WebAssembly
// module links no formatting code.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/protocol/utf8.h"

namespace sessioncore {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

void AppendInteger(std::string& out, int64_t value) {
  // Work on the magnitude as uint64_t, which can represent -INT64_MIN.
  uint64_t magnitude = static_cast<uint64_t>(value);
  if (value < 0) {
    out += '-';
    magnitude = ~magnitude + 1;
  }
  char digits[20];
  size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (count > 0) out += digits[--count];
}

void AppendEscapedByte(std::string& out, unsigned char byte) {
  switch (byte) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (byte < 0x20) {
    out += "\\u00";
    out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 0xF];
    return;
  }
  out += static_cast<char>(byte);
}

void AppendString(std::string& out, std::string_view text) {
  out += '"';
  while (!text.empty()) {
    const size_t valid = protocol::FindInvalidUtf8(text);
    for (size_t i = 0; i < valid; ++i) {
      AppendEscapedByte(out, static_cast<unsigned char>(text[i]));
    }
    if (valid == text.size()) break;
    out += kReplacementCharacter;
    text.remove_prefix(valid + 1);
  }
  out += '"';
}

void AppendValue(std::string& out, const Json& value);

void AppendArray(std::string& out, const Json& array) {
  out += '[';
  bool first = true;
  for (const Json& element : array.Elements()) {
    if (!first) out += ',';
    first = false;
    AppendValue(out, element);
  }
  out += ']';
}

void AppendObject(std::string& out, const Json& object) {
  out += '{';
  bool first = true;
  for (const Json::Member& member : object.Members()) {
    if (!first) out += ',';
    first = false;
    AppendString(out, member.first);
    out += ':';
    AppendValue(out, member.second);
  }
  out += '}';
}

void AppendValue(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::Type::kNull:
      out += "null";
      return;
    case Json::Type::kBool:
      out += value.AsBool() ? "true" : "false";
      return;
    case Json::Type::kInteger:
      AppendInteger(out, value.AsInteger());
      return;
    case Json::Type::kNumber:
      out += value.AsString();
      return;
    case Json::Type::kString:
      AppendString(out, value.AsString());
      return;
    case Json::Type::kArray:
      AppendArray(out, value);
      return;
    case Json::Type::kObject:
      AppendObject(out, value);
      return;
  }
}

}  // namespace

std::string Json::Dump() const {
  std::string out;
  AppendValue(out, *this);
  return out;
}

}  // namespace sessioncore
