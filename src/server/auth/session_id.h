// Session IDs in the layout that OpenTok's server SDKs decode.
//
// A session ID is a version prefix ("1_" or "2_") followed by unpadded
// base64url of ASCII fields separated and terminated by '~':
//
//   <version>~<api key>~<location>~<create time>~<random>~
//
// The Node SDK `opentok` 2.23 drops the first two characters, base64-decodes
// the rest, splits on '~' and reads field 1 as the API key, field 2 as the
// location and field 3 as a date. It refuses to mint tokens for a session
// whose API key is not its own. The fields are not secret, but the random
// field (128 bits from the CSPRNG) makes IDs unguessable.
//
// This server uses the version prefix to record the media mode: "1_" for a
// relayed session and "2_" for a routed one. The version field inside the
// base64 text repeats the prefix digit.
#ifndef SESSIONCORE_SERVER_AUTH_SESSION_ID_H_
#define SESSIONCORE_SERVER_AUTH_SESSION_ID_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace sessioncore::server::auth {

// The media path of a session.
enum class MediaMode {
  kRelayed,  // Peer to peer; the server relays signaling only.
  kRouted,   // Through a media router.
};

// Maximum length in bytes of an API key or application ID inside a session
// ID. OpenTok API keys are decimal numbers and application IDs are UUIDs
// (36 characters).
inline constexpr size_t kMaxApiKeyLength = 64;

// Maximum length in bytes of a session ID accepted by DecodeSessionId().
inline constexpr size_t kMaxSessionIdLength = 512;

// The fields of a session ID.
struct SessionIdInfo {
  MediaMode media_mode = MediaMode::kRelayed;
  std::string api_key;      // The project API key or application ID.
  std::string location;     // An IP address hint, often empty.
  std::string create_time;  // "2026-12-04T15:40:53Z" in IDs made here.
  std::string random;       // 32 lowercase hex digits in IDs made here.
};

// Fills `buffer` with `size` random bytes. Tests pass a deterministic
// source; production code uses the default below.
using RandomSource = std::function<absl::Status(uint8_t* buffer, size_t size)>;

// Returns a RandomSource backed by OpenSSL's RAND_bytes.
RandomSource CsprngRandomSource();

// Creates a session ID for `api_key` (a project API key or an application
// ID). `location` is an optional IPv4 or IPv6 address hint; `now_unix_s` is
// the creation time in seconds since the Unix epoch.
//
// Fails with kInvalidParameter when `api_key` is empty, longer than
// kMaxApiKeyLength or contains characters other than ASCII letters, digits,
// '-', '_' and '.'. Fails the same way when `location` exceeds 45
// characters or contains characters other than hex digits, '.' and ':'.
// Returns the random source's error when it fails.
absl::StatusOr<std::string> CreateSessionId(
    std::string_view api_key, MediaMode media_mode, std::string_view location,
    int64_t now_unix_s, const RandomSource& random = CsprngRandomSource());

// Decodes a session ID made by CreateSessionId() or by OpenTok. Accepts the
// base64url alphabet and, as OpenTok's SDKs do, the standard '+' and '/'
// characters, with or without '=' padding.
//
// Fails with kInvalidSessionId, naming the value (cut to 100 characters) and
// the rule it broke. The rules: at most kMaxSessionIdLength characters, a
// "1_" or "2_" prefix, base64 text that decodes to printable ASCII with at
// least five '~'-separated fields, a version field equal to the prefix
// digit, and an API key field valid for CreateSessionId().
absl::StatusOr<SessionIdInfo> DecodeSessionId(std::string_view session_id);

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_SESSION_ID_H_
