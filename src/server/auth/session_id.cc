#include "server/auth/session_id.h"

#include <ctime>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/error.h"
#include "server/auth/crypto.h"

namespace sessioncore::server::auth {
namespace {

constexpr size_t kRandomBytes = 16;
constexpr size_t kMaxLocationLength = 45;  // The longest IPv6 text form.
constexpr size_t kMaxQuotedLength = 100;

absl::Status InvalidSessionId(std::string_view session_id,
                              absl::string_view rule) {
  std::string shown(session_id.substr(0, kMaxQuotedLength));
  if (session_id.size() > kMaxQuotedLength) shown += "...";
  return MakeError(ErrorCode::kInvalidSessionId,
                   absl::StrCat("invalid session ID \"",
                                absl::CHexEscape(shown), "\": ", rule));
}

bool IsApiKeyChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '_' || c == '.';
}

bool IsValidApiKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxApiKeyLength) return false;
  for (char c : key) {
    if (!IsApiKeyChar(c)) return false;
  }
  return true;
}

bool IsValidLocation(std::string_view location) {
  if (location.size() > kMaxLocationLength) return false;
  for (char c : location) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) && c != '.' &&
        c != ':') {
      return false;
    }
  }
  return true;
}

std::string FormatUtc(int64_t unix_s) {
  std::time_t time = static_cast<std::time_t>(unix_s);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// OpenTok's IDs use '-' and '_' in place of '+' and '/', but some carry the
// standard characters or padding. The Node SDK maps both alphabets to
// standard base64 before decoding, so this function does too.
std::string ToStandardBase64(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (out.size() % 4 != 0) out += '=';
  return out;
}

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

RandomSource CsprngRandomSource() {
  return [](uint8_t* buffer, size_t size) -> absl::Status {
    absl::StatusOr<std::string> bytes = RandomBytes(size);
    if (!bytes.ok()) return bytes.status();
    std::copy(bytes->begin(), bytes->end(), buffer);
    return absl::OkStatus();
  };
}

absl::StatusOr<std::string> CreateSessionId(std::string_view api_key,
                                            MediaMode media_mode,
                                            std::string_view location,
                                            int64_t now_unix_s,
                                            const RandomSource& random) {
  if (!IsValidApiKey(api_key)) {
    return MakeError(
        ErrorCode::kInvalidParameter,
        absl::StrCat("invalid API key \"",
                     absl::CHexEscape(std::string(api_key.substr(0, 100))),
                     "\": use 1 to ", kMaxApiKeyLength,
                     " ASCII letters, digits, '-', '_' or '.'"));
  }
  if (!IsValidLocation(location)) {
    return MakeError(
        ErrorCode::kInvalidParameter,
        absl::StrCat("invalid location \"",
                     absl::CHexEscape(std::string(location.substr(0, 100))),
                     "\": use an IPv4 or IPv6 address of at most ",
                     kMaxLocationLength, " characters, or nothing"));
  }
  uint8_t bytes[kRandomBytes];
  absl::Status status = random(bytes, kRandomBytes);
  if (!status.ok()) return status;
  const char* version = media_mode == MediaMode::kRouted ? "2" : "1";
  std::string fields =
      absl::StrCat(version, "~", std::string(api_key), "~",
                   std::string(location), "~", FormatUtc(now_unix_s), "~",
                   HexEncode(std::string_view(
                       reinterpret_cast<const char*>(bytes), kRandomBytes)),
                   "~");
  return absl::StrCat(version, "_", Base64UrlEncode(fields));
}

absl::StatusOr<SessionIdInfo> DecodeSessionId(std::string_view session_id) {
  if (session_id.empty()) return InvalidSessionId(session_id, "it is empty");
  if (session_id.size() > kMaxSessionIdLength) {
    return InvalidSessionId(
        session_id,
        absl::StrCat("it is longer than ", kMaxSessionIdLength, " characters"));
  }

  std::string_view prefix = session_id.substr(0, 2);
  if (prefix != "1_" && prefix != "2_") {
    return InvalidSessionId(session_id, "it must start with \"1_\" or \"2_\"");
  }
  absl::StatusOr<std::string> text =
      Base64Decode(ToStandardBase64(session_id.substr(2)));
  if (!text.ok()) {
    return InvalidSessionId(session_id,
                            "the text after the prefix is not base64url");
  }
  if (!IsPrintableAscii(*text)) {
    return InvalidSessionId(
        session_id, "it decodes to text with non-ASCII or control characters");
  }

  std::vector<std::string> fields = absl::StrSplit(*text, '~');
  if (fields.size() < 5) {
    return InvalidSessionId(session_id,
                            "it decodes to fewer than five '~'-separated "
                            "fields");
  }
  if (fields[0] != prefix.substr(0, 1)) {
    return InvalidSessionId(session_id,
                            "its version field differs from its prefix");
  }
  if (!IsValidApiKey(fields[1])) {
    return InvalidSessionId(session_id,
                            "its API key field is empty or has characters "
                            "other than letters, digits, '-', '_' or '.'");
  }

  SessionIdInfo info;
  info.media_mode = prefix == "2_" ? MediaMode::kRouted : MediaMode::kRelayed;
  info.api_key = fields[1];
  info.location = fields[2];
  info.create_time = fields[3];
  info.random = fields[4];
  return info;
}

}  // namespace sessioncore::server::auth
