#include "server/auth/token_claims.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/model.h"

namespace sessioncore::server::auth {
namespace {

constexpr UnixSeconds kMaxTime = UnixSeconds{1} << 40;

absl::Status AuthError(absl::string_view reason, absl::string_view detail) {
  return MakeError(ErrorCode::kAuthenticationError,
                   absl::StrCat(reason, ": ", detail));
}

absl::Status Malformed(absl::string_view detail) {
  return AuthError("malformed token", detail);
}

absl::StatusOr<UnixSeconds> ParseTimeText(const char* name,
                                          std::string_view text) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value) ||
      value < 0 || value > kMaxTime) {
    return Malformed(absl::StrCat(name, " is not a Unix time in seconds"));
  }
  return value;
}

absl::StatusOr<UnixSeconds> ParseTimeJson(const char* name,
                                          const nlohmann::json& value) {
  if (value.is_string()) {
    return ParseTimeText(name, value.get_ref<const std::string&>());
  }
  if (!value.is_number()) {
    return Malformed(absl::StrCat(name, " is not a number"));
  }
  double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 ||
      seconds > static_cast<double>(kMaxTime)) {
    return Malformed(absl::StrCat(name, " is not a Unix time in seconds"));
  }
  return static_cast<UnixSeconds>(seconds);
}

// Reads an optional text claim. Numbers are accepted as text because the
// Node SDK sends `nonce` as a JSON number.
absl::Status ReadText(const nlohmann::json& payload, const char* name,
                      std::optional<std::string>* out) {
  auto it = payload.find(name);
  if (it == payload.end() || it->is_null()) return absl::OkStatus();
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_number()) {
    *out = it->dump();
  } else {
    return Malformed(absl::StrCat(name, " is not a string"));
  }
  return absl::OkStatus();
}

absl::Status ReadTime(const nlohmann::json& payload, const char* name,
                      std::optional<UnixSeconds>* out) {
  auto it = payload.find(name);
  if (it == payload.end() || it->is_null()) return absl::OkStatus();
  absl::StatusOr<UnixSeconds> value = ParseTimeJson(name, *it);
  if (!value.ok()) return value.status();
  *out = *value;
  return absl::OkStatus();
}

std::optional<UnixSeconds> Latest(std::optional<UnixSeconds> a,
                                  std::optional<UnixSeconds> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

std::optional<UnixSeconds> Earliest(std::optional<UnixSeconds> a,
                                    std::optional<UnixSeconds> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

absl::Status CheckUtf8(const TokenClaims& claims) {
  for (const auto* text :
       {&claims.session_id, &claims.role, &claims.scope,
        &claims.connection_data, &claims.initial_layout_class_list,
        &claims.nonce, &claims.subject}) {
    if (*text && !CountUtf8CodePoints(**text)) {
      return Malformed("a text claim is not valid UTF-8");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Role> CheckRole(const TokenClaims& claims) {
  if (!claims.role) return Role::kPublisher;
  std::optional<Role> role = ParseRole(*claims.role);
  if (!role) {
    return AuthError(
        "invalid role",
        absl::StrCat("\"", claims.role->substr(0, 32),
                     "\" is not publisher, publisheronly, subscriber or "
                     "moderator"));
  }
  return *role;
}

absl::Status CheckScope(const TokenClaims& claims, bool require_scope) {
  if (!claims.scope && !require_scope) return absl::OkStatus();
  if (claims.scope && *claims.scope == kSessionConnectScope) {
    return absl::OkStatus();
  }
  return AuthError("wrong scope",
                   absl::StrCat("a client token needs scope \"",
                                std::string(kSessionConnectScope), "\""));
}

absl::Status CheckSubject(const TokenClaims& claims) {
  if (!claims.subject || *claims.subject == "video") return absl::OkStatus();
  return AuthError("wrong subject",
                   "a client JWT with a sub claim needs sub \"video\"");
}

absl::Status CheckSessionMatch(const TokenClaims& claims,
                               std::string_view session_id) {
  if (!claims.session_id) return Malformed("session_id is missing");
  if (*claims.session_id == session_id) return absl::OkStatus();
  return AuthError("session mismatch",
                   absl::StrCat("the token was minted for session ",
                                claims.session_id->substr(0, 128),
                                ", not for the session being joined, ",
                                std::string(session_id)));
}

absl::Status CheckConnectionData(const TokenClaims& claims) {
  if (!claims.connection_data) return absl::OkStatus();
  size_t length = CountUtf8CodePoints(*claims.connection_data).value_or(0);
  if (length <= kMaxConnectionDataLength) return absl::OkStatus();
  return AuthError(
      "connection data too long",
      absl::StrCat("connection_data has ", length,
                   " characters; the maximum is ", kMaxConnectionDataLength));
}

}  // namespace

std::optional<size_t> CountUtf8CodePoints(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    uint8_t lead = static_cast<uint8_t>(text[i]);
    size_t length = lead < 0x80   ? 1
                    : lead < 0xc2 ? 0
                    : lead < 0xe0 ? 2
                    : lead < 0xf0 ? 3
                    : lead < 0xf5 ? 4
                                  : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
    for (size_t k = 1; k < length; ++k) {
      uint8_t next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xc0) != 0x80) return std::nullopt;
      code = (code << 6) | (next & 0x3f);
    }
    // Reject overlong three- and four-byte forms, UTF-16 surrogates and
    // code points past U+10FFFF (two-byte overlongs fail the lead check).
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
        (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      return std::nullopt;
    }
    i += length;
  }
  return count;
}

absl::StatusOr<TokenClaims> ClaimsFromJwt(const nlohmann::json& payload) {
  TokenClaims claims;
  std::optional<UnixSeconds> iat, create_time, nbf, exp, expire_time;
  std::optional<std::string> jti;
  for (absl::Status status :
       {ReadText(payload, "session_id", &claims.session_id),
        ReadText(payload, "role", &claims.role),
        ReadText(payload, "scope", &claims.scope),
        ReadText(payload, "connection_data", &claims.connection_data),
        ReadText(payload, "initial_layout_class_list",
                 &claims.initial_layout_class_list),
        ReadText(payload, "nonce", &claims.nonce),
        ReadText(payload, "jti", &jti),
        ReadText(payload, "sub", &claims.subject),
        ReadTime(payload, "iat", &iat),
        ReadTime(payload, "create_time", &create_time),
        ReadTime(payload, "nbf", &nbf), ReadTime(payload, "exp", &exp),
        ReadTime(payload, "expire_time", &expire_time)}) {
    if (!status.ok()) return status;
  }
  if (!exp) return Malformed("the JWT has no exp claim");
  if (!claims.nonce) claims.nonce = jti;
  claims.issued_at = iat ? iat : create_time;
  claims.not_before = Latest(Latest(iat, create_time), nbf);
  claims.expires_at = Earliest(exp, expire_time);
  absl::Status utf8 = CheckUtf8(claims);
  if (!utf8.ok()) return utf8;
  return claims;
}

absl::StatusOr<TokenClaims> ClaimsFromT1(const QueryFields& fields) {
  TokenClaims claims;
  auto text = [&fields](const char* name) -> std::optional<std::string> {
    auto it = fields.find(name);
    if (it == fields.end()) return std::nullopt;
    return it->second;
  };
  claims.session_id = text("session_id");
  claims.role = text("role");
  claims.scope = text("scope");
  claims.connection_data = text("connection_data");
  claims.initial_layout_class_list = text("initial_layout_class_list");
  claims.nonce = text("nonce");
  std::optional<std::string> create_text = text("create_time");
  if (!create_text) return Malformed("create_time is missing");
  absl::StatusOr<UnixSeconds> created =
      ParseTimeText("create_time", *create_text);
  if (!created.ok()) return created.status();
  claims.issued_at = claims.not_before = *created;
  claims.expires_at = *created + kDefaultTokenLifetimeSeconds;
  if (std::optional<std::string> expire_text = text("expire_time")) {
    absl::StatusOr<UnixSeconds> expires =
        ParseTimeText("expire_time", *expire_text);
    if (!expires.ok()) return expires.status();
    claims.expires_at = *expires;
  }
  absl::Status utf8 = CheckUtf8(claims);
  if (!utf8.ok()) return utf8;
  return claims;
}

absl::Status CheckTimes(const TokenClaims& claims, UnixSeconds now) {
  if (!claims.issued_at || !claims.not_before) {
    return Malformed("the token has neither iat nor create_time");
  }
  if (!claims.expires_at) return Malformed("the token has no expire time");
  if (*claims.not_before > now + kClockSkewLeewaySeconds) {
    return AuthError(
        "token not yet valid",
        absl::StrCat("it becomes valid at ", *claims.not_before, ", more than ",
                     kClockSkewLeewaySeconds, " s after this server's time ",
                     now, "; check both clocks"));
  }
  if (now >= *claims.expires_at) {
    return AuthError(
        "token expired",
        absl::StrCat("it expired at ", *claims.expires_at,
                     "; this server's time is ", now, "; mint a new token"));
  }
  if (*claims.expires_at - *claims.issued_at > kMaxTokenLifetimeSeconds) {
    return AuthError(
        "lifetime too long",
        absl::StrCat("the token lives ", *claims.expires_at - *claims.issued_at,
                     " s; the maximum is ", kMaxTokenLifetimeSeconds,
                     " s (30 days)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<VerifiedToken> CheckSessionClaims(const TokenClaims& claims,
                                                 std::string_view session_id,
                                                 bool require_scope) {
  for (absl::Status status :
       {CheckScope(claims, require_scope), CheckSubject(claims),
        CheckSessionMatch(claims, session_id), CheckConnectionData(claims)}) {
    if (!status.ok()) return status;
  }
  absl::StatusOr<Role> role = CheckRole(claims);
  if (!role.ok()) return role.status();
  VerifiedToken token;
  token.session_id = *claims.session_id;
  token.role = *role;
  token.connection_data = claims.connection_data.value_or("");
  token.initial_layout_class_list =
      claims.initial_layout_class_list.value_or("");
  token.create_time = *claims.issued_at;
  token.expire_time = *claims.expires_at;
  token.nonce = claims.nonce.value_or("");
  return token;
}

}  // namespace sessioncore::server::auth
