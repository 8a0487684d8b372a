#include "core/json/json_parser.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/utf8.h"

namespace sessioncore {

// A recursive descent parser over one text. Each Parse* function returns
// false after recording the first error. Recursion stops at max_depth, so
// deeply nested input cannot overflow the stack.
class JsonParser {
 public:
  JsonParser(std::string_view text, int max_depth)
      : text_(text), max_depth_(max_depth) {}

  absl::StatusOr<Json> Parse();

 private:
  bool Fail(size_t offset, std::string rule);
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void SkipWhitespace();
  bool Expect(char c, std::string_view rule);

  bool ParseValue(Json& out, int depth);
  bool ParseLiteral(std::string_view word, Json value, Json& out);
  bool ParseNumber(Json& out);
  bool ScanDigits(std::string_view rule);
  bool ParseString(std::string& out);
  bool ParseEscape(std::string& out);
  bool ParseHex4(uint32_t& out);
  bool ParseUnicodeEscape(std::string& out);
  bool ParseArray(Json& out, int depth);
  bool ParseObject(Json& out, int depth);

  std::string_view text_;
  int max_depth_;
  size_t pos_ = 0;
  size_t error_offset_ = 0;
  std::string error_;
};

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string HexByte(unsigned char byte) {
  constexpr char kDigits[] = "0123456789abcdef";
  return {'0', 'x', kDigits[byte >> 4], kDigits[byte & 0xF]};
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Converts the digits of an integer (with an optional leading '-') to
// int64_t without strtoll. Returns false when the value is out of range.
bool ToInt64(std::string_view text, int64_t& out) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  const uint64_t limit =
      negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX);
  uint64_t magnitude = 0;
  for (char c : text) {
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  out = negative ? static_cast<int64_t>(~magnitude + 1)
                 : static_cast<int64_t>(magnitude);
  return true;
}

}  // namespace

bool JsonParser::Fail(size_t offset, std::string rule) {
  if (error_.empty()) {
    error_offset_ = offset;
    error_ = std::move(rule);
  }
  return false;
}

void JsonParser::SkipWhitespace() {
  while (!AtEnd()) {
    const char c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++pos_;
  }
}

bool JsonParser::Expect(char c, std::string_view rule) {
  SkipWhitespace();
  if (Peek() != c || AtEnd()) return Fail(pos_, std::string(rule));
  ++pos_;
  return true;
}

absl::StatusOr<Json> JsonParser::Parse() {
  const size_t invalid = protocol::FindInvalidUtf8(text_);
  if (invalid != text_.size()) {
    Fail(invalid,
         absl::StrCat("ill-formed UTF-8 sequence starting with byte ",
                      HexByte(static_cast<unsigned char>(text_[invalid]))));
  }
  Json value;
  if (error_.empty() && ParseValue(value, 0)) {
    SkipWhitespace();
    if (!AtEnd()) Fail(pos_, "unexpected text after the JSON value");
  }
  if (!error_.empty()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("at offset ", error_offset_, ": ", error_));
  }
  return value;
}

bool JsonParser::ParseValue(Json& out, int depth) {
  SkipWhitespace();
  switch (Peek()) {
    case '{':
      return ParseObject(out, depth + 1);
    case '[':
      return ParseArray(out, depth + 1);
    case '"':
      out = Json(std::string());
      return ParseString(out.string_);
    case 't':
      return ParseLiteral("true", Json(true), out);
    case 'f':
      return ParseLiteral("false", Json(false), out);
    case 'n':
      return ParseLiteral("null", Json(), out);
    default:
      break;
  }
  if (Peek() == '-' || IsDigit(Peek())) return ParseNumber(out);
  if (AtEnd()) return Fail(pos_, "unexpected end of text, expected a value");
  return Fail(pos_,
              "expected a value: an object, array, string, number, "
              "true, false or null");
}

bool JsonParser::ParseLiteral(std::string_view word, Json value, Json& out) {
  if (text_.substr(pos_, word.size()) != word) {
    return Fail(pos_, "invalid literal, expected true, false or null");
  }
  pos_ += word.size();
  out = std::move(value);
  return true;
}

bool JsonParser::ScanDigits(std::string_view rule) {
  if (!IsDigit(Peek())) return Fail(pos_, std::string(rule));
  while (IsDigit(Peek())) ++pos_;
  return true;
}

bool JsonParser::ParseNumber(Json& out) {
  const size_t start = pos_;
  if (Peek() == '-') ++pos_;
  if (Peek() == '0') {
    ++pos_;
    if (IsDigit(Peek())) {
      return Fail(pos_, "a number must not have a leading zero");
    }
  } else if (!ScanDigits("expected a digit after '-'")) {
    return false;
  }
  bool integer = true;
  if (Peek() == '.') {
    ++pos_;
    integer = false;
    if (!ScanDigits("expected a digit after the decimal point")) return false;
  }
  if (Peek() == 'e' || Peek() == 'E') {
    ++pos_;
    integer = false;
    if (Peek() == '+' || Peek() == '-') ++pos_;
    if (!ScanDigits("expected a digit in the exponent")) return false;
  }
  const std::string_view number = text_.substr(start, pos_ - start);
  int64_t value = 0;
  if (integer && ToInt64(number, value)) {
    out = Json(value);
  } else {
    out = Json::NumberText(std::string(number));
  }
  return true;
}

bool JsonParser::ParseHex4(uint32_t& out) {
  out = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = HexValue(Peek());
    if (digit < 0 || AtEnd()) {
      return Fail(pos_, "a \\u escape needs four hex digits");
    }
    out = out * 16 + static_cast<uint32_t>(digit);
    ++pos_;
  }
  return true;
}

bool JsonParser::ParseUnicodeEscape(std::string& out) {
  const size_t start = pos_ - 2;  // At the backslash of "\u".
  uint32_t code_point = 0;
  if (!ParseHex4(code_point)) return false;
  if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
    return Fail(start, "a low surrogate escape must follow a high surrogate");
  }
  if (code_point >= 0xD800 && code_point <= 0xDBFF) {
    if (text_.substr(pos_, 2) != "\\u") {
      return Fail(pos_,
                  "a high surrogate escape must be followed by a "
                  "low surrogate escape (\\uDC00 to \\uDFFF)");
    }
    pos_ += 2;
    uint32_t low = 0;
    if (!ParseHex4(low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) {
      return Fail(pos_ - 6,
                  "a high surrogate escape must be followed by a "
                  "low surrogate escape (\\uDC00 to \\uDFFF)");
    }
    code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
  }
  AppendUtf8(out, code_point);
  return true;
}

bool JsonParser::ParseEscape(std::string& out) {
  const char c = Peek();
  if (AtEnd()) return Fail(pos_, "unterminated string");
  ++pos_;
  switch (c) {
    case '"':
    case '\\':
    case '/':
      out += c;
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'u':
      return ParseUnicodeEscape(out);
    default:
      return Fail(pos_ - 2,
                  "invalid escape; a string allows only \\\" \\\\ "
                  "\\/ \\b \\f \\n \\r \\t and \\uXXXX");
  }
}

bool JsonParser::ParseString(std::string& out) {
  const size_t start = pos_;
  ++pos_;  // The opening quote.
  while (!AtEnd()) {
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c < 0x20) {
      return Fail(pos_, absl::StrCat("control character ", HexByte(c),
                                     " must be escaped in a string"));
    }
    ++pos_;
    if (c != '\\') {
      out += static_cast<char>(c);
    } else if (!ParseEscape(out)) {
      return false;
    }
  }
  return Fail(start, "unterminated string");
}

bool JsonParser::ParseArray(Json& out, int depth) {
  if (depth > max_depth_) {
    return Fail(pos_, absl::StrCat("arrays and objects nest deeper than the "
                                   "maximum depth of ",
                                   max_depth_));
  }
  ++pos_;  // '['
  out = Json::Array();
  SkipWhitespace();
  if (Peek() == ']') {
    ++pos_;
    return true;
  }
  while (true) {
    if (!ParseValue(out.array_.emplace_back(), depth)) return false;
    SkipWhitespace();
    if (Peek() == ']' && !AtEnd()) {
      ++pos_;
      return true;
    }
    if (!Expect(',', "expected ',' or ']' after an array element")) {
      return false;
    }
  }
}

bool JsonParser::ParseObject(Json& out, int depth) {
  const size_t start = pos_;
  if (depth > max_depth_) {
    return Fail(pos_, absl::StrCat("arrays and objects nest deeper than the "
                                   "maximum depth of ",
                                   max_depth_));
  }
  ++pos_;  // '{'
  out = Json::Object();
  SkipWhitespace();
  if (Peek() == '}') {
    ++pos_;
    return true;
  }
  while (true) {
    SkipWhitespace();
    if (Peek() != '"' || AtEnd()) {
      return Fail(pos_, "expected a string as the object key");
    }
    Json::Member& member = out.object_.emplace_back();
    if (!ParseString(member.first)) return false;
    if (!Expect(':', "expected ':' after the object key")) return false;
    if (!ParseValue(member.second, depth)) return false;
    SkipWhitespace();
    if (Peek() == '}' && !AtEnd()) break;
    if (!Expect(',', "expected ',' or '}' after an object member")) {
      return false;
    }
  }
  ++pos_;  // '}'
  // Sorting once at the end keeps a parse of n members O(n log n).
  if (const std::string* key = out.SortMembers(); key != nullptr) {
    return Fail(start,
                absl::StrCat("duplicate key ", protocol::QuoteForMessage(*key),
                             " in the object: each key may appear "
                             "once per object"));
  }
  return true;
}

absl::StatusOr<Json> ParseJson(std::string_view text,
                               const JsonParseOptions& options) {
  return JsonParser(text, options.max_depth).Parse();
}

}  // namespace sessioncore
