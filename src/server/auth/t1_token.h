// The legacy "T1==" token format. Internal to src/server/auth.
//
//   "T1==" + base64("partner_id=<api key>&sig=<hex HMAC-SHA1>:" + data)
//
// where `data` is a URL-encoded query string (session_id, create_time,
// nonce, role, expire_time, connection_data, initial_layout_class_list and
// scope) and the HMAC-SHA1 is keyed with the API secret over `data` exactly
// as it appears in the token.
#ifndef SESSIONCORE_SERVER_AUTH_T1_TOKEN_H_
#define SESSIONCORE_SERVER_AUTH_T1_TOKEN_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sessioncore::server::auth {

inline constexpr std::string_view kT1Prefix = "T1==";

// Decoded query parameters, one value per name.
using QueryFields = absl::flat_hash_map<std::string, std::string>;

// A T1 token split into its parts. Nothing in it is trusted until
// VerifyT1Signature() returns OK.
struct ParsedT1 {
  std::string api_key;        // `partner_id`.
  std::string signature_hex;  // `sig`, as sent.
  std::string data;           // The signed query string.
  QueryFields fields;         // `data`, decoded.
};

// Encodes `value` for a query string the way Node's `querystring` module
// does: everything but ASCII letters, digits and -_.!~*'() is %XX (UTF-8).
std::string UrlEncode(std::string_view value);

// Joins name=value pairs with '&', encoding both sides.
std::string EncodeQuery(
    const std::vector<std::pair<std::string, std::string>>& fields);

// Decodes an application/x-www-form-urlencoded string ('+' is a space).
// Fails with kAuthenticationError ("malformed token: ...") on a bad %XX
// escape, a pair without '=' or a repeated name.
absl::StatusOr<QueryFields> DecodeQuery(std::string_view query);

// Splits and decodes a T1 token. Fails with kAuthenticationError
// ("malformed token: ...") when the prefix, the base64, the ':' separator,
// `partner_id` or `sig` is missing or invalid.
absl::StatusOr<ParsedT1> ParseT1Token(std::string_view token);

// Checks the HMAC-SHA1 signature with `secret` in constant time. Fails with
// kAuthenticationError ("bad signature: ...").
absl::Status VerifyT1Signature(const ParsedT1& token, std::string_view secret);

// Returns the T1 token for `data` signed with `secret`.
std::string SignT1(std::string_view api_key, std::string_view secret,
                   std::string_view data);

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_T1_TOKEN_H_
