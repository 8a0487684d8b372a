#include "server/auth/token_minter.h"

#include <gtest/gtest.h>

#include <string>

#include "auth_test_support.h"
#include "core/error.h"
#include "server/auth/jwt.h"
#include "server/auth/t1_token.h"

namespace sessioncore::server::auth {
namespace {

using testing::ApplicationKey;
using testing::kApiKey;
using testing::kApiSecret;
using testing::kApplicationId;
using testing::kNow;

TokenRequest Request() {
  TokenRequest request;
  request.session_id = testing::NewSessionId();
  request.role = Role::kSubscriber;
  request.connection_data = "user=42";
  request.initial_layout_class_list = "focus";
  request.now = kNow;
  request.ttl_seconds = 3600;
  return request;
}

TEST(MintProjectJwt, WritesSdkClaims) {
  TokenRequest request = Request();
  absl::StatusOr<std::string> token =
      MintProjectJwt(kApiKey, kApiSecret, request);
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<ParsedJwt> jwt = ParseJwt(*token);
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(jwt->alg, "HS256");
  EXPECT_TRUE(VerifyHs256(*jwt, kApiSecret).ok());
  const nlohmann::json& claims = jwt->claims;
  EXPECT_EQ(claims["iss"], kApiKey);
  EXPECT_EQ(claims["ist"], "project");
  EXPECT_EQ(claims["iat"], kNow);
  EXPECT_EQ(claims["exp"], kNow + 3600);
  EXPECT_EQ(claims["create_time"], kNow);
  EXPECT_EQ(claims["expire_time"], kNow + 3600);
  EXPECT_EQ(claims["scope"], "session.connect");
  EXPECT_EQ(claims["session_id"], request.session_id);
  EXPECT_EQ(claims["role"], "subscriber");
  EXPECT_EQ(claims["connection_data"], "user=42");
  EXPECT_EQ(claims["initial_layout_class_list"], "focus");
  EXPECT_TRUE(claims["nonce"].is_string());
}

TEST(MintProjectJwt, UsesFreshNonces) {
  absl::StatusOr<std::string> first =
      MintProjectJwt(kApiKey, kApiSecret, Request());
  absl::StatusOr<std::string> second =
      MintProjectJwt(kApiKey, kApiSecret, Request());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
}

TEST(MintT1Token, WritesSignedQueryString) {
  TokenRequest request = Request();
  absl::StatusOr<std::string> token = MintT1Token(kApiKey, kApiSecret, request);
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<ParsedT1> parsed = ParseT1Token(*token);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->api_key, kApiKey);
  EXPECT_TRUE(VerifyT1Signature(*parsed, kApiSecret).ok());
  EXPECT_EQ(parsed->data.rfind("session_id=", 0), 0u);
  EXPECT_EQ(parsed->fields["session_id"], request.session_id);
  EXPECT_EQ(parsed->fields["create_time"], std::to_string(kNow));
  EXPECT_EQ(parsed->fields["expire_time"], std::to_string(kNow + 3600));
  EXPECT_EQ(parsed->fields["role"], "subscriber");
  EXPECT_EQ(parsed->fields["connection_data"], "user=42");
  EXPECT_EQ(parsed->fields["scope"], "session.connect");
  EXPECT_EQ(parsed->fields["nonce"].size(), 32u);
}

TEST(MintApplicationJwt, WritesApplicationClaims) {
  absl::StatusOr<std::string> token =
      MintApplicationJwt(kApplicationId, ApplicationKey(), Request());
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<ParsedJwt> jwt = ParseJwt(*token);
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(jwt->alg, "RS256");
  EXPECT_TRUE(VerifyRs256(*jwt, ApplicationKey()).ok());
  EXPECT_EQ(jwt->claims["application_id"], kApplicationId);
  EXPECT_EQ(jwt->claims["sub"], "video");
  EXPECT_EQ(jwt->claims["scope"], "session.connect");
  EXPECT_TRUE(jwt->claims["jti"].is_string());
  EXPECT_FALSE(jwt->claims.contains("iss"));
}

TEST(MintApplicationJwt, RejectsPublicOnlyKey) {
  absl::StatusOr<std::shared_ptr<const RsaKey>> public_key =
      RsaKey::FromPublicPem(ApplicationKey().PublicPem());
  ASSERT_TRUE(public_key.ok());
  EXPECT_FALSE(
      MintApplicationJwt(kApplicationId, **public_key, Request()).ok());
}

TEST(MintTokens, RejectInvalidRequests) {
  TokenRequest no_session = Request();
  no_session.session_id = "";
  TokenRequest zero_ttl = Request();
  zero_ttl.ttl_seconds = 0;
  TokenRequest long_ttl = Request();
  long_ttl.ttl_seconds = kMaxTokenLifetimeSeconds + 1;
  TokenRequest long_data = Request();
  long_data.connection_data = std::string(kMaxConnectionDataLength + 1, 'x');
  TokenRequest bad_utf8 = Request();
  bad_utf8.connection_data = "\xff";
  for (const TokenRequest& request :
       {no_session, zero_ttl, long_ttl, long_data, bad_utf8}) {
    absl::StatusOr<std::string> jwt =
        MintProjectJwt(kApiKey, kApiSecret, request);
    ASSERT_FALSE(jwt.ok());
    EXPECT_EQ(GetErrorCode(jwt.status()), ErrorCode::kInvalidParameter);
    EXPECT_FALSE(MintT1Token(kApiKey, kApiSecret, request).ok());
    EXPECT_FALSE(
        MintApplicationJwt(kApplicationId, ApplicationKey(), request).ok());
  }
  EXPECT_FALSE(MintProjectJwt("", kApiSecret, Request()).ok());
  EXPECT_FALSE(MintProjectJwt(kApiKey, "", Request()).ok());
  EXPECT_FALSE(MintT1Token(kApiKey, "", Request()).ok());
}

}  // namespace
}  // namespace sessioncore::server::auth
