#include "server/auth/token_minter.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/auth/jwt.h"
#include "server/auth/t1_token.h"
#include "server/auth/token_claims.h"

namespace sessioncore::server::auth {
namespace {

absl::Status InvalidRequest(absl::string_view detail) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("cannot mint a token: ", detail));
}

absl::Status CheckRequest(std::string_view issuer,
                          const TokenRequest& request) {
  if (issuer.empty()) return InvalidRequest("the API key is empty");
  if (request.session_id.empty()) {
    return InvalidRequest("the session ID is empty");
  }
  if (request.ttl_seconds <= 0 ||
      request.ttl_seconds > kMaxTokenLifetimeSeconds) {
    return InvalidRequest(absl::StrCat("ttl_seconds ", request.ttl_seconds,
                                       " is outside (0, ",
                                       kMaxTokenLifetimeSeconds, "]"));
  }
  std::optional<size_t> length = CountUtf8CodePoints(request.connection_data);
  if (!length) return InvalidRequest("the connection data is not UTF-8");
  if (*length > kMaxConnectionDataLength) {
    return InvalidRequest(absl::StrCat("the connection data has ", *length,
                                       " characters; the maximum is ",
                                       kMaxConnectionDataLength));
  }
  if (!CountUtf8CodePoints(request.initial_layout_class_list)) {
    return InvalidRequest("the initial layout class list is not UTF-8");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> MakeNonce() {
  absl::StatusOr<std::string> bytes = RandomBytes(16);
  if (!bytes.ok()) return bytes.status();
  return HexEncode(*bytes);
}

// The claims that every format carries, in the order the Node SDK writes
// them.
std::vector<std::pair<std::string, std::string>> SessionFields(
    const TokenRequest& request, std::string_view nonce) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"session_id", request.session_id},
      {"create_time", absl::StrCat(request.now)},
      {"nonce", std::string(nonce)},
      {"role", std::string(RoleName(request.role))},
      {"expire_time", absl::StrCat(request.now + request.ttl_seconds)},
  };
  if (!request.connection_data.empty()) {
    fields.emplace_back("connection_data", request.connection_data);
  }
  fields.emplace_back("initial_layout_class_list",
                      request.initial_layout_class_list);
  fields.emplace_back("scope", std::string(kSessionConnectScope));
  return fields;
}

nlohmann::json SessionClaims(const TokenRequest& request,
                             std::string_view nonce) {
  nlohmann::json claims = {
      {"scope", kSessionConnectScope},
      {"session_id", request.session_id},
      {"role", RoleName(request.role)},
      {"initial_layout_class_list", request.initial_layout_class_list},
      {"iat", request.now},
      {"exp", request.now + request.ttl_seconds},
      {"nonce", nonce},
  };
  if (!request.connection_data.empty()) {
    claims["connection_data"] = request.connection_data;
  }
  return claims;
}

}  // namespace

absl::StatusOr<std::string> MintProjectJwt(std::string_view api_key,
                                           std::string_view api_secret,
                                           const TokenRequest& request) {
  absl::Status status = CheckRequest(api_key, request);
  if (!status.ok()) return status;
  if (api_secret.empty()) return InvalidRequest("the API secret is empty");
  absl::StatusOr<std::string> nonce = MakeNonce();
  if (!nonce.ok()) return nonce.status();
  nlohmann::json claims = SessionClaims(request, *nonce);
  claims["iss"] = api_key;
  claims["ist"] = "project";
  claims["create_time"] = request.now;
  claims["expire_time"] = request.now + request.ttl_seconds;
  return SignHs256(claims, api_secret);
}

absl::StatusOr<std::string> MintT1Token(std::string_view api_key,
                                        std::string_view api_secret,
                                        const TokenRequest& request) {
  absl::Status status = CheckRequest(api_key, request);
  if (!status.ok()) return status;
  if (api_secret.empty()) return InvalidRequest("the API secret is empty");
  absl::StatusOr<std::string> nonce = MakeNonce();
  if (!nonce.ok()) return nonce.status();
  std::string data = EncodeQuery(SessionFields(request, *nonce));
  return SignT1(api_key, api_secret, data);
}

absl::StatusOr<std::string> MintApplicationJwt(std::string_view application_id,
                                               const RsaKey& private_key,
                                               const TokenRequest& request) {
  absl::Status status = CheckRequest(application_id, request);
  if (!status.ok()) return status;
  absl::StatusOr<std::string> jti = MakeNonce();
  if (!jti.ok()) return jti.status();
  nlohmann::json claims = SessionClaims(request, *jti);
  claims.erase("nonce");
  claims["application_id"] = application_id;
  claims["sub"] = "video";
  claims["jti"] = *jti;
  return SignRs256(claims, private_key);
}

}  // namespace sessioncore::server::auth
