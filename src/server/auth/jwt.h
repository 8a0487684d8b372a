// JSON Web Tokens (RFC 7519) in compact form with the two algorithms this
// server accepts: HS256 and RS256. Internal to src/server/auth.
#ifndef SESSIONCORE_SERVER_AUTH_JWT_H_
#define SESSIONCORE_SERVER_AUTH_JWT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "server/auth/crypto.h"

namespace sessioncore::server::auth {

// A JWT split into its parts. Nothing in it is trusted until a Verify
// function below returns OK.
struct ParsedJwt {
  std::string alg;            // The header's `alg`, such as "HS256".
  nlohmann::json claims;      // The payload, always a JSON object.
  std::string signing_input;  // "<base64url header>.<base64url payload>".
  std::string signature;      // Raw signature bytes.
};

// Returns true when `token` has the shape of a compact JWT: exactly two '.'.
bool LooksLikeJwt(std::string_view token);

// Splits and decodes a compact JWT. Fails with kAuthenticationError
// ("malformed token: ...") unless there are exactly three base64url parts,
// the header and payload are JSON objects, the header has a string `alg`
// and no `crit` member.
absl::StatusOr<ParsedJwt> ParseJwt(std::string_view token);

// Checks an HS256 signature with `secret`. Fails with kAuthenticationError:
// "bad algorithm" when `alg` is not HS256, "bad signature" otherwise.
absl::Status VerifyHs256(const ParsedJwt& jwt, std::string_view secret);

// Checks an RS256 signature with `key`, with the same failures as
// VerifyHs256().
absl::Status VerifyRs256(const ParsedJwt& jwt, const RsaKey& key);

// Encodes and signs `claims` with HS256 under `secret`.
std::string SignHs256(const nlohmann::json& claims, std::string_view secret);

// Encodes and signs `claims` with RS256 under `key`. Fails when `key` holds
// only a public half.
absl::StatusOr<std::string> SignRs256(const nlohmann::json& claims,
                                      const RsaKey& key);

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_JWT_H_
