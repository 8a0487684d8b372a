#include "server/auth/jwt.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::server::auth {
namespace {

absl::Status Malformed(absl::string_view detail) {
  return MakeError(ErrorCode::kAuthenticationError,
                   absl::StrCat("malformed token: ", detail));
}

absl::StatusOr<nlohmann::json> DecodeJsonPart(std::string_view part,
                                              const char* name) {
  absl::StatusOr<std::string> text = Base64UrlDecode(part);
  if (!text.ok()) {
    return Malformed(absl::StrCat("the JWT ", name, " is not base64url (",
                                  text.status().message(), ")"));
  }
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Malformed(absl::StrCat("the JWT ", name, " is not a JSON object"));
  }
  return json;
}

absl::Status CheckAlgorithm(const ParsedJwt& jwt, const char* expected) {
  if (jwt.alg == expected) return absl::OkStatus();
  return MakeError(ErrorCode::kAuthenticationError,
                   absl::StrCat("bad algorithm: the JWT header says alg \"",
                                jwt.alg.substr(0, 16), "\" but this issuer ",
                                "signs with ", expected));
}

absl::Status BadSignature(const char* alg) {
  return MakeError(ErrorCode::kAuthenticationError,
                   absl::StrCat("bad signature: the ", alg,
                                " signature does not match the header and "
                                "payload"));
}

std::string EncodeUnsigned(std::string_view alg, const nlohmann::json& claims) {
  nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}};
  return absl::StrCat(
      Base64UrlEncode(header.dump()), ".",
      Base64UrlEncode(claims.dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace)));
}

}  // namespace

bool LooksLikeJwt(std::string_view token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

absl::StatusOr<ParsedJwt> ParseJwt(std::string_view token) {
  if (!LooksLikeJwt(token)) {
    return Malformed("a JWT has three parts separated by '.'");
  }
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  absl::StatusOr<nlohmann::json> header =
      DecodeJsonPart(token.substr(0, first), "header");
  if (!header.ok()) return header.status();
  absl::StatusOr<nlohmann::json> claims =
      DecodeJsonPart(token.substr(first + 1, second - first - 1), "payload");
  if (!claims.ok()) return claims.status();
  absl::StatusOr<std::string> signature =
      Base64UrlDecode(token.substr(second + 1));
  if (!signature.ok()) return Malformed("the JWT signature is not base64url");

  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) {
    return Malformed("the JWT header has no string \"alg\"");
  }
  // RFC 7515 section 4.1.11: a recipient that does not understand a
  // critical extension must reject the token.
  if (header->contains("crit")) {
    return Malformed(
        "the JWT header has \"crit\" extensions, which are not "
        "supported");
  }
  ParsedJwt jwt;
  jwt.alg = alg->get<std::string>();
  jwt.claims = std::move(*claims);
  jwt.signing_input = std::string(token.substr(0, second));
  jwt.signature = std::move(*signature);
  return jwt;
}

absl::Status VerifyHs256(const ParsedJwt& jwt, std::string_view secret) {
  absl::Status status = CheckAlgorithm(jwt, "HS256");
  if (!status.ok()) return status;
  std::string expected = HmacSha256(secret, jwt.signing_input);
  // An empty digest means HMAC failed, and must not match an empty
  // signature.
  if (expected.empty() || !ConstantTimeEquals(expected, jwt.signature)) {
    return BadSignature("HS256");
  }
  return absl::OkStatus();
}

absl::Status VerifyRs256(const ParsedJwt& jwt, const RsaKey& key) {
  absl::Status status = CheckAlgorithm(jwt, "RS256");
  if (!status.ok()) return status;
  if (!key.VerifySha256(jwt.signing_input, jwt.signature)) {
    return BadSignature("RS256");
  }
  return absl::OkStatus();
}

std::string SignHs256(const nlohmann::json& claims, std::string_view secret) {
  std::string input = EncodeUnsigned("HS256", claims);
  std::string signature = HmacSha256(secret, input);
  return absl::StrCat(input, ".", Base64UrlEncode(signature));
}

absl::StatusOr<std::string> SignRs256(const nlohmann::json& claims,
                                      const RsaKey& key) {
  std::string input = EncodeUnsigned("RS256", claims);
  absl::StatusOr<std::string> signature = key.SignSha256(input);
  if (!signature.ok()) return signature.status();
  return absl::StrCat(input, ".", Base64UrlEncode(*signature));
}

}  // namespace sessioncore::server::auth
