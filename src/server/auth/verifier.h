// Verifier: checks client tokens and REST credentials against the projects
// and applications configured on this server.
//
// Configure it once (AddProject, AddApplication), then share it: several
// threads may call the const methods at once. They only read, except that
// AuthenticateRest() records JWT IDs in a JtiCache, which has its own lock.
//
// Every rejection is a kAuthenticationError (1004, HTTP 401) whose message
// starts with the reason ("malformed token", "bad algorithm", "bad
// signature", "unknown API key", "unknown application", "token expired",
// "token not yet valid", "lifetime too long", "wrong scope", "wrong
// subject", "session mismatch", "invalid role", "connection data too long",
// "missing credentials", "token replayed") and never contains the token or
// a secret. The exceptions: a session ID that does not decode is
// kInvalidSessionId (1005), checked before the token, and a full JtiCache
// is kRateLimitExceeded (429).
#ifndef SESSIONCORE_SERVER_AUTH_VERIFIER_H_
#define SESSIONCORE_SERVER_AUTH_VERIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/auth/crypto.h"
#include "server/auth/jti_cache.h"
#include "server/auth/token.h"

namespace sessioncore::server::auth {

// The sender of an authenticated REST request.
struct RestPrincipal {
  enum class Kind {
    kProject,      // X-OPENTOK-AUTH, HS256 with the API secret.
    kApplication,  // Authorization: Bearer, RS256 with the application key.
  };
  Kind kind = Kind::kProject;
  std::string id;  // The API key or the application ID.
};

// The two REST authentication headers. A field is unset when the request
// lacks that header.
struct RestAuthHeaders {
  std::optional<std::string> x_opentok_auth;  // The raw header value.
  std::optional<std::string> authorization;   // The raw header value.
};

class Verifier {
 public:
  Verifier() = default;

  // Adds a project. Fails with kInvalidParameter when `api_key` is empty or
  // already added, or `api_secret` is empty.
  absl::Status AddProject(std::string_view api_key,
                          std::string_view api_secret);

  // Adds an application with the PEM public key that verifies its RS256
  // tokens. Fails with kInvalidParameter when the ID is empty or already
  // added, or the PEM is not an RSA public key of at least 2048 bits.
  absl::Status AddApplication(std::string_view application_id,
                              std::string_view public_key_pem);

  // Returns true when `api_key` is a configured project API key or
  // application ID.
  bool HasIssuer(std::string_view api_key) const;

  // Verifies a client token presented to join `session_id` at `now`.
  //
  // The format is chosen by shape: "T1==" starts a T1 token, anything with
  // two '.' is a JWT. A JWT with an `application_id` claim must be RS256
  // under that application's key; any other JWT must carry `iss` = API key
  // and `ist` = "project" and be HS256 under the project's secret. The
  // header's `alg` never selects the key, so "none" and algorithm switches
  // fail.
  //
  // After the signature, the checks run in this order:
  //   - creation time at most now + kClockSkewLeewaySeconds;
  //   - now before the expire time;
  //   - lifetime at most kMaxTokenLifetimeSeconds;
  //   - `scope` equal to "session.connect" (required in JWTs, checked in T1
  //     tokens when present) and `sub`, when present, equal to "video";
  //   - the token's `session_id` equal to `session_id`;
  //   - connection data of at most kMaxConnectionDataLength code points;
  //   - a known role (a missing role means publisher);
  //   - the API key inside the session ID equal to the token's issuer.
  absl::StatusOr<VerifiedToken> VerifySessionToken(std::string_view token,
                                                   std::string_view session_id,
                                                   UnixSeconds now) const;

  // Authenticates a REST request. X-OPENTOK-AUTH takes a project JWT
  // (HS256, `iss` = API key, `ist` = "project"), as the Node SDK `opentok`
  // 2.23 sends; `Authorization: Bearer` takes an application JWT (RS256,
  // `application_id`). Each needs `exp` in the future and `iat`, when
  // present, not beyond the leeway. A client token (one with `scope` or
  // `session_id`) is rejected, so a browser cannot call the REST API with
  // the token it joined with. Sending both headers, or neither, fails.
  //
  // The `jti` of each accepted JWT is remembered until its `exp` (see
  // JtiCache), and a second request with the same issuer and `jti` fails
  // with "token replayed", so every REST request needs a freshly signed JWT,
  // as the server SDKs make. Copies of a Verifier share what they remember.
  //
  // NOTE: a REST JWT without `jti` is accepted and can be replayed until its
  // `exp`, because nothing identifies it.
  absl::StatusOr<RestPrincipal> AuthenticateRest(const RestAuthHeaders& headers,
                                                 UnixSeconds now) const;

 private:
  friend class VerifierInternals;
  absl::flat_hash_map<std::string, std::string> project_secrets_;
  absl::flat_hash_map<std::string, std::shared_ptr<const RsaKey>>
      application_keys_;
  std::shared_ptr<JtiCache> used_jtis_ = std::make_shared<JtiCache>();
};

// Checks that `session_id` belongs to `principal`, that is, that the API key
// inside the ID equals the principal's ID. Fails with kInvalidSessionId when
// the ID does not decode and kPermissionDenied (403) when it belongs to
// another project or application.
absl::Status CheckSessionOwner(const RestPrincipal& principal,
                               std::string_view session_id);

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_VERIFIER_H_
