#include "server/auth/verifier.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/auth/jwt.h"
#include "server/auth/session_id.h"
#include "server/auth/t1_token.h"
#include "server/auth/token_claims.h"

namespace sessioncore::server::auth {

// A token or REST JWT whose signature checked out, with the issuer it
// proved.
struct SignedClaims {
  TokenFormat format;
  std::string issuer;  // API key or application ID.
  TokenClaims claims;
  nlohmann::json payload;  // Empty for T1 tokens.
};

// Signature checks that need the Verifier's key tables.
class VerifierInternals {
 public:
  explicit VerifierInternals(const Verifier& verifier) : verifier_(verifier) {}

  absl::StatusOr<SignedClaims> VerifyT1(std::string_view token) const;
  absl::StatusOr<SignedClaims> VerifyJwt(std::string_view token) const;
  absl::StatusOr<SignedClaims> VerifyProjectJwt(ParsedJwt jwt) const;
  absl::StatusOr<SignedClaims> VerifyApplicationJwt(ParsedJwt jwt) const;

 private:
  const Verifier& verifier_;
};

namespace {

// Returns the `jti` claim as text (a number is written as JSON), or nullopt
// when the JWT has none.
std::optional<std::string> JwtId(const nlohmann::json& payload) {
  auto it = payload.find("jti");
  if (it == payload.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

absl::Status AuthError(absl::string_view reason, absl::string_view detail) {
  return MakeError(ErrorCode::kAuthenticationError,
                   absl::StrCat(reason, ": ", detail));
}

absl::Status UnknownApiKey(std::string_view api_key) {
  return AuthError(
      "unknown API key",
      absl::StrCat("no project with API key \"",
                   absl::CHexEscape(std::string(api_key.substr(0, 64))),
                   "\" is configured on this server"));
}

absl::Status UnknownApplication(std::string_view id) {
  return AuthError("unknown application",
                   absl::StrCat("no application with ID \"",
                                absl::CHexEscape(std::string(id.substr(0, 64))),
                                "\" is configured on this server"));
}

absl::Status CheckTokenSize(std::string_view token) {
  if (token.empty()) return AuthError("malformed token", "the token is empty");
  if (token.size() <= kMaxTokenLength) return absl::OkStatus();
  return AuthError("malformed token",
                   absl::StrCat("the token has ", token.size(),
                                " bytes; the maximum is ", kMaxTokenLength));
}

absl::Status CheckSessionOwnedBy(const SessionIdInfo& session,
                                 std::string_view issuer) {
  if (session.api_key == issuer) return absl::OkStatus();
  return AuthError("session mismatch",
                   absl::StrCat("the session belongs to \"", session.api_key,
                                "\", not to the token's issuer \"",
                                std::string(issuer), "\""));
}

// A REST credential is a bare identity JWT. A client token carries the
// session it joins, and without this check every browser that holds one
// could call the REST API.
absl::Status CheckNotClientToken(const nlohmann::json& payload) {
  if (!payload.contains("scope") && !payload.contains("session_id")) {
    return absl::OkStatus();
  }
  return AuthError("wrong scope",
                   "a client token (with scope or session_id) cannot "
                   "authenticate REST requests");
}

absl::StatusOr<std::string> BearerToken(std::string_view header) {
  constexpr absl::string_view kScheme = "bearer ";
  absl::string_view text(header.data(), header.size());
  if (text.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(text.substr(0, kScheme.size()), kScheme)) {
    return AuthError("malformed token",
                     "the Authorization header must be \"Bearer <JWT>\"");
  }
  return std::string(absl::StripAsciiWhitespace(text.substr(kScheme.size())));
}

}  // namespace

absl::StatusOr<SignedClaims> VerifierInternals::VerifyT1(
    std::string_view token) const {
  absl::StatusOr<ParsedT1> parsed = ParseT1Token(token);
  if (!parsed.ok()) return parsed.status();
  auto secret = verifier_.project_secrets_.find(parsed->api_key);
  if (secret == verifier_.project_secrets_.end()) {
    return UnknownApiKey(parsed->api_key);
  }
  absl::Status status = VerifyT1Signature(*parsed, secret->second);
  if (!status.ok()) return status;
  absl::StatusOr<TokenClaims> claims = ClaimsFromT1(parsed->fields);
  if (!claims.ok()) return claims.status();
  return SignedClaims{TokenFormat::kT1, parsed->api_key, std::move(*claims),
                      nlohmann::json::object()};
}

absl::StatusOr<SignedClaims> VerifierInternals::VerifyJwt(
    std::string_view token) const {
  absl::StatusOr<ParsedJwt> jwt = ParseJwt(token);
  if (!jwt.ok()) return jwt.status();
  // The claims, never the header's `alg`, decide which key checks the
  // token, so an attacker cannot pick "none" or HS256 keyed with a public
  // key.
  if (jwt->claims.contains("application_id")) {
    return VerifyApplicationJwt(std::move(*jwt));
  }
  return VerifyProjectJwt(std::move(*jwt));
}

absl::StatusOr<SignedClaims> VerifierInternals::VerifyProjectJwt(
    ParsedJwt jwt) const {
  auto iss = jwt.claims.find("iss");
  if (iss == jwt.claims.end() || !iss->is_string()) {
    return AuthError("malformed token",
                     "the JWT has neither application_id nor a string iss");
  }
  auto ist = jwt.claims.find("ist");
  if (ist == jwt.claims.end() || *ist != "project") {
    return AuthError("malformed token",
                     "a project JWT needs ist \"project\"; account-level "
                     "JWTs are not supported");
  }
  std::string api_key = iss->get<std::string>();
  auto secret = verifier_.project_secrets_.find(api_key);
  if (secret == verifier_.project_secrets_.end()) {
    return UnknownApiKey(api_key);
  }
  absl::Status status = VerifyHs256(jwt, secret->second);
  if (!status.ok()) return status;
  absl::StatusOr<TokenClaims> claims = ClaimsFromJwt(jwt.claims);
  if (!claims.ok()) return claims.status();
  return SignedClaims{TokenFormat::kProjectJwt, std::move(api_key),
                      std::move(*claims), std::move(jwt.claims)};
}

absl::StatusOr<SignedClaims> VerifierInternals::VerifyApplicationJwt(
    ParsedJwt jwt) const {
  const nlohmann::json& id_json = jwt.claims["application_id"];
  if (!id_json.is_string()) {
    return AuthError("malformed token", "application_id is not a string");
  }
  std::string id = id_json.get<std::string>();
  auto key = verifier_.application_keys_.find(id);
  if (key == verifier_.application_keys_.end()) return UnknownApplication(id);
  absl::Status status = VerifyRs256(jwt, *key->second);
  if (!status.ok()) return status;
  absl::StatusOr<TokenClaims> claims = ClaimsFromJwt(jwt.claims);
  if (!claims.ok()) return claims.status();
  return SignedClaims{TokenFormat::kApplicationJwt, std::move(id),
                      std::move(*claims), std::move(jwt.claims)};
}

absl::Status Verifier::AddProject(std::string_view api_key,
                                  std::string_view api_secret) {
  if (api_key.empty() || api_secret.empty()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "a project needs a non-empty API key and API secret");
  }
  if (HasIssuer(api_key)) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("API key \"", std::string(api_key),
                                  "\" is configured twice"));
  }
  project_secrets_.emplace(api_key, api_secret);
  return absl::OkStatus();
}

absl::Status Verifier::AddApplication(std::string_view application_id,
                                      std::string_view public_key_pem) {
  if (application_id.empty()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "an application needs a non-empty application ID");
  }
  if (HasIssuer(application_id)) {
    return MakeError(
        ErrorCode::kInvalidParameter,
        absl::StrCat("application ID \"", std::string(application_id),
                     "\" is configured twice"));
  }
  absl::StatusOr<std::shared_ptr<const RsaKey>> key =
      RsaKey::FromPublicPem(public_key_pem);
  if (!key.ok()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("application \"", std::string(application_id),
                                  "\": ", key.status().message()));
  }
  application_keys_.emplace(application_id, std::move(*key));
  return absl::OkStatus();
}

bool Verifier::HasIssuer(std::string_view api_key) const {
  std::string key(api_key);
  return project_secrets_.contains(key) || application_keys_.contains(key);
}

absl::StatusOr<VerifiedToken> Verifier::VerifySessionToken(
    std::string_view token, std::string_view session_id,
    UnixSeconds now) const {
  absl::StatusOr<SessionIdInfo> session = DecodeSessionId(session_id);
  if (!session.ok()) return session.status();
  absl::Status status = CheckTokenSize(token);
  if (!status.ok()) return status;

  VerifierInternals internals(*this);
  absl::StatusOr<SignedClaims> signed_claims;
  if (token.substr(0, kT1Prefix.size()) == kT1Prefix) {
    signed_claims = internals.VerifyT1(token);
  } else if (LooksLikeJwt(token)) {
    signed_claims = internals.VerifyJwt(token);
  } else {
    return AuthError("malformed token",
                     "a token starts with \"T1==\" or is a JWT with three "
                     "parts separated by '.'");
  }
  if (!signed_claims.ok()) return signed_claims.status();

  status = CheckTimes(signed_claims->claims, now);
  if (!status.ok()) return status;
  bool is_jwt = signed_claims->format != TokenFormat::kT1;
  absl::StatusOr<VerifiedToken> verified =
      CheckSessionClaims(signed_claims->claims, session_id, is_jwt);
  if (!verified.ok()) return verified.status();
  status = CheckSessionOwnedBy(*session, signed_claims->issuer);
  if (!status.ok()) return status;
  verified->format = signed_claims->format;
  verified->api_key = std::move(signed_claims->issuer);
  return verified;
}

absl::StatusOr<RestPrincipal> Verifier::AuthenticateRest(
    const RestAuthHeaders& headers, UnixSeconds now) const {
  if (headers.x_opentok_auth && headers.authorization) {
    return AuthError("malformed token",
                     "send X-OPENTOK-AUTH or Authorization, not both");
  }
  if (!headers.x_opentok_auth && !headers.authorization) {
    return AuthError("missing credentials",
                     "send an X-OPENTOK-AUTH project JWT or an "
                     "\"Authorization: Bearer\" application JWT");
  }
  std::string token;
  RestPrincipal::Kind kind = RestPrincipal::Kind::kProject;
  if (headers.x_opentok_auth) {
    token = std::string(absl::StripAsciiWhitespace(*headers.x_opentok_auth));
  } else {
    absl::StatusOr<std::string> bearer = BearerToken(*headers.authorization);
    if (!bearer.ok()) return bearer.status();
    token = std::move(*bearer);
    kind = RestPrincipal::Kind::kApplication;
  }
  absl::Status status = CheckTokenSize(token);
  if (!status.ok()) return status;

  VerifierInternals internals(*this);
  absl::StatusOr<ParsedJwt> jwt = ParseJwt(token);
  if (!jwt.ok()) return jwt.status();
  bool is_application = jwt->claims.contains("application_id");
  if (is_application != (kind == RestPrincipal::Kind::kApplication)) {
    return AuthError("malformed token",
                     "X-OPENTOK-AUTH takes a project JWT (iss, ist, HS256) "
                     "and \"Authorization: Bearer\" an application JWT "
                     "(application_id, RS256)");
  }
  absl::StatusOr<SignedClaims> signed_claims =
      is_application ? internals.VerifyApplicationJwt(std::move(*jwt))
                     : internals.VerifyProjectJwt(std::move(*jwt));
  if (!signed_claims.ok()) return signed_claims.status();
  status = CheckNotClientToken(signed_claims->payload);
  if (!status.ok()) return status;
  TokenClaims& claims = signed_claims->claims;
  // REST JWTs need not carry iat, so only exp bounds them.
  if (!claims.issued_at) claims.issued_at = now;
  if (!claims.not_before) claims.not_before = now;
  status = CheckTimes(claims, now);
  if (!status.ok()) return status;
  // Checked last, so that a JWT rejected for another reason does not use
  // up its jti.
  std::optional<std::string> jti = JwtId(signed_claims->payload);
  if (jti.has_value()) {
    status = used_jtis_->Remember(signed_claims->issuer, *jti,
                                  *claims.expires_at, now);
    if (!status.ok()) return status;
  }
  return RestPrincipal{kind, std::move(signed_claims->issuer)};
}

absl::Status CheckSessionOwner(const RestPrincipal& principal,
                               std::string_view session_id) {
  absl::StatusOr<SessionIdInfo> session = DecodeSessionId(session_id);
  if (!session.ok()) return session.status();
  if (session->api_key == principal.id) return absl::OkStatus();
  return MakeError(ErrorCode::kPermissionDenied,
                   absl::StrCat("session ", std::string(session_id),
                                " belongs to another project or "
                                "application than \"",
                                principal.id, "\""));
}

}  // namespace sessioncore::server::auth
