// Minting client tokens, for the server's demo command and for tests. The
// tokens match what the Node SDK `opentok` 2.23 mints: a project JWT by
// default and a T1 token on request. Application JWTs need the
// application's private key, which only tests and demos hold.
#ifndef SESSIONCORE_SERVER_AUTH_TOKEN_MINTER_H_
#define SESSIONCORE_SERVER_AUTH_TOKEN_MINTER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/model.h"
#include "server/auth/crypto.h"
#include "server/auth/token.h"

namespace sessioncore::server::auth {

// The claims of a token to mint. Defaults give a publisher token that lives
// 24 hours from `now`.
struct TokenRequest {
  std::string session_id;
  Role role = Role::kPublisher;
  std::string connection_data;
  std::string initial_layout_class_list;
  UnixSeconds now = 0;  // Becomes `iat` and `create_time`.
  UnixSeconds ttl_seconds = kDefaultTokenLifetimeSeconds;
};

// Mints a project JWT: HS256 with `api_secret`, claims `iss` = `api_key`,
// `ist` = "project", `iat`, `exp`, `scope` = "session.connect",
// `session_id`, `role`, `create_time`, `expire_time`, `nonce`,
// `initial_layout_class_list` and (when not empty) `connection_data`.
//
// Fails with kInvalidParameter when `api_key`, `api_secret` or the session
// ID is empty, the TTL is not in (0, kMaxTokenLifetimeSeconds], or the
// connection data exceeds kMaxConnectionDataLength code points.
absl::StatusOr<std::string> MintProjectJwt(std::string_view api_key,
                                           std::string_view api_secret,
                                           const TokenRequest& request);

// Mints a "T1==" token with the same fields as MintProjectJwt() (without
// the JWT registered claims), signed with HMAC-SHA1. Same failures.
absl::StatusOr<std::string> MintT1Token(std::string_view api_key,
                                        std::string_view api_secret,
                                        const TokenRequest& request);

// Mints an application JWT: RS256 with `private_key`, claims
// `application_id`, `scope`, `session_id`, `role`, `connection_data`,
// `initial_layout_class_list`, `sub` = "video", `iat`, `exp` and a random
// `jti`. Same failures, plus kInvalidParameter for a public-only key.
absl::StatusOr<std::string> MintApplicationJwt(std::string_view application_id,
                                               const RsaKey& private_key,
                                               const TokenRequest& request);

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_TOKEN_MINTER_H_
