// The claims shared by all client token formats, read out of a JWT payload
// or a T1 query string, and the checks every format applies. Internal to
// src/server/auth.
#ifndef SESSIONCORE_SERVER_AUTH_TOKEN_CLAIMS_H_
#define SESSIONCORE_SERVER_AUTH_TOKEN_CLAIMS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "server/auth/t1_token.h"
#include "server/auth/token.h"

namespace sessioncore::server::auth {

// Claims of a token whose signature has been checked.
struct TokenClaims {
  std::optional<std::string> session_id;
  std::optional<std::string> role;
  std::optional<std::string> scope;
  std::optional<std::string> connection_data;
  std::optional<std::string> initial_layout_class_list;
  std::optional<std::string> nonce;      // `nonce` or `jti`.
  std::optional<std::string> subject;    // JWT `sub`.
  std::optional<UnixSeconds> issued_at;  // `iat`, else `create_time`.
  // The latest of `iat`, `create_time` and `nbf`.
  std::optional<UnixSeconds> not_before;
  // The earliest of `exp` and `expire_time`.
  std::optional<UnixSeconds> expires_at;
};

// Reads the claims of a JWT payload. Fails with kAuthenticationError
// ("malformed token: ...") when a claim has the wrong JSON type, a time is
// not a number or decimal string in [0, 2^40] (fractions are dropped), or a
// text claim is not valid UTF-8.
absl::StatusOr<TokenClaims> ClaimsFromJwt(const nlohmann::json& payload);

// Reads the claims of a T1 query string, with the same failures. A T1
// token without expire_time lives kDefaultTokenLifetimeSeconds.
absl::StatusOr<TokenClaims> ClaimsFromT1(const QueryFields& fields);

// Checks the time claims at `now`: creation time not beyond now +
// kClockSkewLeewaySeconds ("token not yet valid"), now before the expire
// time ("token expired"), and expire time minus creation time at most
// kMaxTokenLifetimeSeconds ("lifetime too long"). A missing creation or
// expire time is "malformed token".
absl::Status CheckTimes(const TokenClaims& claims, UnixSeconds now);

// Checks the remaining claims of a client token joining `session_id` and
// builds the result (without `format` and `api_key`); call it only after
// CheckTimes() returned OK. Checks `scope` equal to
// "session.connect" (required when `require_scope`, else only checked when
// present), `sub` equal to "video" when present, `session_id` equal to
// `session_id` ("session mismatch"), a known role, and connection data of
// at most kMaxConnectionDataLength code points.
absl::StatusOr<VerifiedToken> CheckSessionClaims(const TokenClaims& claims,
                                                 std::string_view session_id,
                                                 bool require_scope);

// Returns the number of code points in `text`, or nullopt when `text` is not
// valid UTF-8 (including overlong forms and surrogates).
std::optional<size_t> CountUtf8CodePoints(std::string_view text);

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_TOKEN_CLAIMS_H_
