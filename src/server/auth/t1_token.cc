#include "server/auth/t1_token.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/error.h"
#include "server/auth/crypto.h"

namespace sessioncore::server::auth {
namespace {

absl::Status Malformed(absl::string_view detail) {
  return MakeError(ErrorCode::kAuthenticationError,
                   absl::StrCat("malformed token: ", detail));
}

bool IsUnreserved(char c) {
  if (absl::ascii_isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::StatusOr<std::string> UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Malformed(absl::StrCat("a '%' at offset ", i,
                                      " is not followed by two hex digits"));
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view value) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      out += '%';
      out += kDigits[(static_cast<uint8_t>(c) >> 4) & 0xf];
      out += kDigits[static_cast<uint8_t>(c) & 0xf];
    }
  }
  return out;
}

std::string EncodeQuery(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    absl::StrAppend(&out, UrlEncode(name), "=", UrlEncode(value));
  }
  return out;
}

absl::StatusOr<QueryFields> DecodeQuery(std::string_view query) {
  QueryFields fields;
  if (query.empty()) return fields;
  for (absl::string_view pair :
       absl::StrSplit(absl::string_view(query.data(), query.size()), '&')) {
    size_t equals = pair.find('=');
    if (equals == std::string_view::npos) {
      return Malformed("a query field has no '='");
    }
    absl::StatusOr<std::string> name =
        UrlDecode(std::string_view(pair.data(), equals));
    if (!name.ok()) return name.status();
    absl::StatusOr<std::string> value = UrlDecode(
        std::string_view(pair.data() + equals + 1, pair.size() - equals - 1));
    if (!value.ok()) return value.status();
    if (!fields.emplace(*name, std::move(*value)).second) {
      return Malformed(
          absl::StrCat("the field \"", name->substr(0, 32), "\" repeats"));
    }
  }
  return fields;
}

absl::StatusOr<ParsedT1> ParseT1Token(std::string_view token) {
  if (token.substr(0, kT1Prefix.size()) != kT1Prefix) {
    return Malformed("a T1 token starts with \"T1==\"");
  }
  absl::StatusOr<std::string> decoded =
      Base64Decode(token.substr(kT1Prefix.size()));
  if (!decoded.ok()) {
    return Malformed(absl::StrCat("the text after \"T1==\" is not base64 (",
                                  decoded.status().message(), ")"));
  }
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) {
    return Malformed("the decoded T1 token has no ':' after the signature");
  }
  absl::StatusOr<QueryFields> header =
      DecodeQuery(std::string_view(*decoded).substr(0, colon));
  if (!header.ok()) return header.status();
  ParsedT1 parsed;
  parsed.api_key = (*header)["partner_id"];
  parsed.signature_hex = absl::AsciiStrToLower((*header)["sig"]);
  if (parsed.api_key.empty()) return Malformed("partner_id is missing");
  if (parsed.signature_hex.empty()) return Malformed("sig is missing");
  parsed.data = decoded->substr(colon + 1);
  absl::StatusOr<QueryFields> fields = DecodeQuery(parsed.data);
  if (!fields.ok()) return fields.status();
  parsed.fields = std::move(*fields);
  return parsed;
}

absl::Status VerifyT1Signature(const ParsedT1& token, std::string_view secret) {
  std::string expected = HexEncode(HmacSha1(secret, token.data));
  if (!ConstantTimeEquals(expected, token.signature_hex)) {
    return MakeError(ErrorCode::kAuthenticationError,
                     "bad signature: the T1 token's HMAC-SHA1 does not match "
                     "its data");
  }
  return absl::OkStatus();
}

std::string SignT1(std::string_view api_key, std::string_view secret,
                   std::string_view data) {
  std::string signature = HexEncode(HmacSha1(secret, data));
  std::string body = absl::StrCat("partner_id=", UrlEncode(api_key),
                                  "&sig=", signature, ":", std::string(data));
  return absl::StrCat(std::string(kT1Prefix), Base64Encode(body));
}

}  // namespace sessioncore::server::auth
