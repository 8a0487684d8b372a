// The result of verifying a client token, and the rules that every token
// format shares: lifetimes, clock-skew leeway and the connection data limit.
//
// Three token formats carry the same claims (see verifier.h):
//   - "T1==" tokens, HMAC-SHA1 with the project's API secret;
//   - project JWTs, HS256 with the API secret (`iss` = API key,
//     `ist` = "project"), the default of the Node SDK `opentok` 2.23;
//   - application JWTs, RS256 with the application's private key
//     (`application_id`, `sub` = "video").
#ifndef SESSIONCORE_SERVER_AUTH_TOKEN_H_
#define SESSIONCORE_SERVER_AUTH_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model.h"

namespace sessioncore::server::auth {

// Seconds since the Unix epoch, the unit of every token time claim.
using UnixSeconds = int64_t;

// Tolerated clock skew between the server that minted a token and this
// server. A token whose creation time (`iat`, `create_time` or `nbf`) lies
// at most this far in the future is accepted, and later than that it is
// "not yet valid". Expiry gets no leeway, so a token is expired once
// now >= expire time.
inline constexpr UnixSeconds kClockSkewLeewaySeconds = 5 * 60;

// Lifetime of a T1 token that carries no expire_time (OpenTok's default).
inline constexpr UnixSeconds kDefaultTokenLifetimeSeconds = 24 * 60 * 60;

// Maximum lifetime (expire time minus creation time) of any token.
inline constexpr UnixSeconds kMaxTokenLifetimeSeconds = 30 * 24 * 60 * 60;

// Maximum length of a token's connection data, in Unicode code points.
inline constexpr size_t kMaxConnectionDataLength = 1000;

// Maximum length of a whole token string, in bytes. Longer input is
// rejected before any decoding.
inline constexpr size_t kMaxTokenLength = 8192;

// The only scope a client token may carry.
inline constexpr std::string_view kSessionConnectScope = "session.connect";

// The format of a client token.
enum class TokenFormat {
  kT1,              // "T1==" + base64, HMAC-SHA1.
  kProjectJwt,      // HS256 with the API secret.
  kApplicationJwt,  // RS256 with the application's key.
};

// Returns "T1", "project JWT" or "application JWT".
std::string_view TokenFormatName(TokenFormat format);

// The claims of a token that passed every check.
struct VerifiedToken {
  TokenFormat format = TokenFormat::kProjectJwt;
  // The project API key (T1 and project JWT) or the application ID.
  std::string api_key;
  std::string session_id;
  Role role = Role::kPublisher;
  std::string connection_data;            // Empty when the token has none.
  std::string initial_layout_class_list;  // Space-separated class names.
  UnixSeconds create_time = 0;            // `iat`, else `create_time`.
  UnixSeconds expire_time = 0;  // The earlier of `exp` and `expire_time`.
  std::string nonce;            // `nonce`, else `jti`, as text, or empty.
};

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_TOKEN_H_
