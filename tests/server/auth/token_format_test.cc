// Tests of the building blocks behind the verifier: the T1 query encoding,
// JWT parsing and the UTF-8 length rule.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "absl/strings/escaping.h"
#include "core/error.h"
#include "server/auth/crypto.h"
#include "server/auth/jwt.h"
#include "server/auth/t1_token.h"
#include "server/auth/token_claims.h"

namespace sessioncore::server::auth {
namespace {

TEST(UrlEncode, MatchesNodeQuerystringEscape) {
  // Expected values are Node 20's querystring.escape() output.
  EXPECT_EQ(UrlEncode("abc-_.!~*'()XYZ09"), "abc-_.!~*'()XYZ09");
  EXPECT_EQ(UrlEncode("a b&c=d+e/f:g"), "a%20b%26c%3Dd%2Be%2Ff%3Ag");
  EXPECT_EQ(UrlEncode("\xc3\xa9"), "%C3%A9");
}

TEST(DecodeQuery, DecodesEscapesAndPlus) {
  absl::StatusOr<QueryFields> fields = DecodeQuery("a=1&b=x%20y+z&c=&d=%C3%A9");
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->at("a"), "1");
  EXPECT_EQ(fields->at("b"), "x y z");
  EXPECT_EQ(fields->at("c"), "");
  EXPECT_EQ(fields->at("d"), "\xc3\xa9");
}

TEST(DecodeQuery, RoundTripsEncodeQuery) {
  std::string data =
      EncodeQuery({{"connection_data", "k=v&x=1 %"}, {"role", "moderator"}});
  absl::StatusOr<QueryFields> fields = DecodeQuery(data);
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->at("connection_data"), "k=v&x=1 %");
  EXPECT_EQ(fields->at("role"), "moderator");
}

TEST(DecodeQuery, RejectsMalformedQueries) {
  for (const char* query : {"a", "a=1&a=2", "a=%2", "a=%zz", "a=1&&b=2"}) {
    absl::StatusOr<QueryFields> fields = DecodeQuery(query);
    ASSERT_FALSE(fields.ok()) << query;
    EXPECT_EQ(GetErrorCode(fields.status()), ErrorCode::kAuthenticationError);
    EXPECT_EQ(fields.status().message().rfind("malformed token", 0), 0u);
  }
}

TEST(ParseT1Token, SplitsSignedToken) {
  std::string token = SignT1("1234", "secret", "session_id=s&role=publisher");
  absl::StatusOr<ParsedT1> parsed = ParseT1Token(token);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->api_key, "1234");
  EXPECT_EQ(parsed->data, "session_id=s&role=publisher");
  EXPECT_EQ(parsed->signature_hex,
            HexEncode(HmacSha1("secret", "session_id=s&role=publisher")));
  EXPECT_TRUE(VerifyT1Signature(*parsed, "secret").ok());
  EXPECT_FALSE(VerifyT1Signature(*parsed, "secreT").ok());
}

TEST(ParseT1Token, AcceptsUppercaseHexSignature) {
  std::string data = "session_id=s";
  std::string signature = HexEncode(HmacSha1("secret", data));
  for (char& c : signature) c = static_cast<char>(std::toupper(c));
  std::string token =
      "T1==" + Base64Encode("partner_id=1&sig=" + signature + ":" + data);
  absl::StatusOr<ParsedT1> parsed = ParseT1Token(token);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(VerifyT1Signature(*parsed, "secret").ok());
}

TEST(ParseT1Token, RejectsMissingParts) {
  const std::string cases[] = {
      "T2==" + Base64Encode("partner_id=1&sig=ab:x=1"),
      "T1==" + Base64Encode("partner_id=1&sig=ab"),
      "T1==" + Base64Encode("sig=ab:x=1"),
      "T1==" + Base64Encode("partner_id=1:x=1"),
      "T1==" + Base64Encode("partner_id=1&sig=ab:x"),
      "T1==%%%%",
  };
  for (const std::string& token : cases) {
    absl::StatusOr<ParsedT1> parsed = ParseT1Token(token);
    ASSERT_FALSE(parsed.ok()) << token;
    EXPECT_EQ(GetErrorCode(parsed.status()), ErrorCode::kAuthenticationError);
  }
}

TEST(ParseJwt, SplitsHeaderClaimsAndSignature) {
  std::string token = SignHs256({{"iss", "1234"}}, "secret");
  absl::StatusOr<ParsedJwt> jwt = ParseJwt(token);
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(jwt->alg, "HS256");
  EXPECT_EQ(jwt->claims["iss"], "1234");
  EXPECT_EQ(jwt->signature.size(), 32u);
  EXPECT_TRUE(VerifyHs256(*jwt, "secret").ok());
  EXPECT_FALSE(VerifyHs256(*jwt, "other").ok());
}

TEST(ParseJwt, RejectsMalformedParts) {
  auto part = [](const std::string& json) { return Base64UrlEncode(json); };
  const std::string good_header = part(R"({"alg":"HS256"})");
  const std::string good_claims = part(R"({"iss":"1"})");
  const std::string cases[] = {
      good_header + "." + good_claims,
      good_header + "." + good_claims + ".sig.extra",
      part("[1]") + "." + good_claims + ".c2ln",
      part("{") + "." + good_claims + ".c2ln",
      good_header + "." + part("\"text\"") + ".c2ln",
      part(R"({"typ":"JWT"})") + "." + good_claims + ".c2ln",
      part(R"({"alg":7})") + "." + good_claims + ".c2ln",
      part(R"({"alg":"HS256","crit":["exp"]})") + "." + good_claims + ".c2ln",
      good_header + "." + good_claims + ".c2ln=",
      good_header + "+." + good_claims + ".c2ln",
  };
  for (const std::string& token : cases) {
    absl::StatusOr<ParsedJwt> jwt = ParseJwt(token);
    ASSERT_FALSE(jwt.ok()) << token;
    EXPECT_EQ(jwt.status().message().rfind("malformed token", 0), 0u)
        << jwt.status().message();
  }
}

TEST(VerifyRs256, RejectsOtherAlgorithmHeaders) {
  absl::StatusOr<std::shared_ptr<const RsaKey>> key = RsaKey::Generate();
  ASSERT_TRUE(key.ok());
  absl::StatusOr<std::string> token = SignRs256({{"a", 1}}, **key);
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<ParsedJwt> jwt = ParseJwt(*token);
  ASSERT_TRUE(jwt.ok());
  EXPECT_TRUE(VerifyRs256(*jwt, **key).ok());
  jwt->alg = "RS512";
  absl::Status status = VerifyRs256(*jwt, **key);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message().rfind("bad algorithm", 0), 0u);
}

TEST(CountUtf8CodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(CountUtf8CodePoints(""), 0u);
  EXPECT_EQ(CountUtf8CodePoints("abc"), 3u);
  EXPECT_EQ(CountUtf8CodePoints("\xc3\xa9t\xc3\xa9"), 3u);
  EXPECT_EQ(CountUtf8CodePoints("\xe2\x82\xac"), 1u);      // U+20AC.
  EXPECT_EQ(CountUtf8CodePoints("\xf0\x9f\x98\x80"), 1u);  // U+1F600.
}

TEST(CountUtf8CodePoints, RejectsInvalidUtf8) {
  for (const char* text : {
           "\x80",              // Continuation byte first.
           "\xc0\xaf",          // Overlong '/'.
           "\xe0\x80\xaf",      // Overlong three-byte form.
           "\xed\xa0\x80",      // UTF-16 surrogate U+D800.
           "\xf4\x90\x80\x80",  // Past U+10FFFF.
           "\xc3",              // Truncated.
           "\xe2\x28\xa1",      // Bad continuation byte.
       }) {
    EXPECT_FALSE(CountUtf8CodePoints(text).has_value())
        << absl::CHexEscape(text);
  }
}

TEST(ClaimsFromT1, DefaultsExpiryToOneDay) {
  QueryFields fields = {{"session_id", "s"}, {"create_time", "1000"}};
  absl::StatusOr<TokenClaims> claims = ClaimsFromT1(fields);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->issued_at, 1000);
  EXPECT_EQ(claims->expires_at, 1000 + kDefaultTokenLifetimeSeconds);
}

TEST(ClaimsFromT1, RejectsBadTimes) {
  for (const QueryFields& fields :
       {QueryFields{{"session_id", "s"}}, QueryFields{{"create_time", "soon"}},
        QueryFields{{"create_time", "-5"}},
        QueryFields{{"create_time", "1000"}, {"expire_time", "1e9"}}}) {
    EXPECT_FALSE(ClaimsFromT1(fields).ok());
  }
}

TEST(ClaimsFromJwt, AcceptsFractionalAndStringTimes) {
  absl::StatusOr<TokenClaims> claims = ClaimsFromJwt(
      {{"iat", 1000.7}, {"exp", "2000"}, {"nonce", 0.25}, {"jti", "j"}});
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->issued_at, 1000);
  EXPECT_EQ(claims->expires_at, 2000);
  EXPECT_EQ(claims->nonce, "0.25");
}

}  // namespace
}  // namespace sessioncore::server::auth
