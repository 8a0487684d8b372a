#include <gtest/gtest.h>

#include <string>

#include "auth_test_support.h"
#include "core/error.h"
#include "server/auth/verifier.h"

namespace sessioncore::server::auth {
namespace {

using testing::ApplicationKey;
using testing::HmacJwt;
using testing::kApiKey;
using testing::kApiSecret;
using testing::kApplicationId;
using testing::kNow;
using testing::NewSessionId;
using testing::RsaJwt;
using testing::StrangerKey;

// The claims the Node SDK `opentok` 2.23 puts in X-OPENTOK-AUTH.
nlohmann::json ProjectRestClaims() {
  return {
      {"iss", kApiKey}, {"ist", "project"}, {"iat", kNow}, {"exp", kNow + 300}};
}

// The claims the SDK puts in "Authorization: Bearer" for an application.
nlohmann::json ApplicationRestClaims() {
  return {{"iss", kApplicationId},
          {"ist", "project"},
          {"iat", kNow},
          {"exp", kNow + 300},
          {"application_id", kApplicationId},
          {"jti", "0d5b1c2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d"}};
}

RestAuthHeaders ProjectHeader(const std::string& jwt) {
  RestAuthHeaders headers;
  headers.x_opentok_auth = jwt;
  return headers;
}

RestAuthHeaders BearerHeader(const std::string& jwt) {
  RestAuthHeaders headers;
  headers.authorization = "Bearer " + jwt;
  return headers;
}

class RestAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(verifier_.AddProject(kApiKey, kApiSecret).ok());
    ASSERT_TRUE(
        verifier_.AddApplication(kApplicationId, ApplicationKey().PublicPem())
            .ok());
  }

  void ExpectRejected(const RestAuthHeaders& headers, const std::string& reason,
                      UnixSeconds now = kNow) {
    absl::StatusOr<RestPrincipal> result =
        verifier_.AuthenticateRest(headers, now);
    ASSERT_FALSE(result.ok()) << "expected rejection: " << reason;
    EXPECT_EQ(GetErrorCode(result.status()), ErrorCode::kAuthenticationError);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
    std::string message(result.status().message());
    EXPECT_EQ(message.rfind(reason, 0), 0u) << message;
    EXPECT_EQ(message.find(kApiSecret), std::string::npos) << message;
  }

  Verifier verifier_;
};

TEST_F(RestAuthTest, AcceptsProjectJwtHeader) {
  absl::StatusOr<RestPrincipal> principal = verifier_.AuthenticateRest(
      ProjectHeader(HmacJwt(ProjectRestClaims(), kApiSecret)), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->kind, RestPrincipal::Kind::kProject);
  EXPECT_EQ(principal->id, kApiKey);
}

TEST_F(RestAuthTest, AcceptsApplicationBearer) {
  absl::StatusOr<RestPrincipal> principal = verifier_.AuthenticateRest(
      BearerHeader(RsaJwt(ApplicationRestClaims(), ApplicationKey())), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->kind, RestPrincipal::Kind::kApplication);
  EXPECT_EQ(principal->id, kApplicationId);
}

TEST_F(RestAuthTest, AcceptsLowercaseBearerScheme) {
  RestAuthHeaders headers;
  headers.authorization =
      "bearer  " + RsaJwt(ApplicationRestClaims(), ApplicationKey());
  EXPECT_TRUE(verifier_.AuthenticateRest(headers, kNow).ok());
}

TEST_F(RestAuthTest, AcceptsJwtWithoutIat) {
  nlohmann::json claims = ProjectRestClaims();
  claims.erase("iat");
  EXPECT_TRUE(
      verifier_
          .AuthenticateRest(ProjectHeader(HmacJwt(claims, kApiSecret)), kNow)
          .ok());
}

TEST_F(RestAuthTest, RejectsNotBeforeBeyondLeeway) {
  nlohmann::json claims = ProjectRestClaims();
  claims.erase("iat");
  claims["nbf"] = kNow + kClockSkewLeewaySeconds + 1;
  ExpectRejected(ProjectHeader(HmacJwt(claims, kApiSecret)),
                 "token not yet valid");
}

TEST_F(RestAuthTest, RejectsMissingHeaders) {
  ExpectRejected(RestAuthHeaders{}, "missing credentials");
}

TEST_F(RestAuthTest, RejectsBothHeaders) {
  RestAuthHeaders headers =
      ProjectHeader(HmacJwt(ProjectRestClaims(), kApiSecret));
  headers.authorization =
      "Bearer " + RsaJwt(ApplicationRestClaims(), ApplicationKey());
  ExpectRejected(headers, "malformed token");
}

TEST_F(RestAuthTest, RejectsExpiredJwt) {
  std::string jwt = HmacJwt(ProjectRestClaims(), kApiSecret);
  ExpectRejected(ProjectHeader(jwt), "token expired", kNow + 300);
}

TEST_F(RestAuthTest, RejectsIatBeyondLeeway) {
  nlohmann::json claims = ProjectRestClaims();
  claims["iat"] = kNow + kClockSkewLeewaySeconds + 1;
  claims["exp"] = kNow + 3600;
  ExpectRejected(ProjectHeader(HmacJwt(claims, kApiSecret)),
                 "token not yet valid");
}

TEST_F(RestAuthTest, RejectsWrongSecret) {
  ExpectRejected(ProjectHeader(HmacJwt(ProjectRestClaims(), "wrong")),
                 "bad signature");
}

TEST_F(RestAuthTest, RejectsUnknownApiKey) {
  nlohmann::json claims = ProjectRestClaims();
  claims["iss"] = "12345";
  ExpectRejected(ProjectHeader(HmacJwt(claims, kApiSecret)), "unknown API key");
}

TEST_F(RestAuthTest, RejectsBearerSignedWithAnotherKey) {
  ExpectRejected(BearerHeader(RsaJwt(ApplicationRestClaims(), StrangerKey())),
                 "bad signature");
}

TEST_F(RestAuthTest, RejectsClientTokenAsCredential) {
  nlohmann::json claims = ProjectRestClaims();
  claims["scope"] = "session.connect";
  claims["session_id"] = NewSessionId();
  ExpectRejected(ProjectHeader(HmacJwt(claims, kApiSecret)), "wrong scope");
}

TEST_F(RestAuthTest, RejectsCredentialInWrongHeader) {
  ExpectRejected(BearerHeader(HmacJwt(ProjectRestClaims(), kApiSecret)),
                 "malformed token");
  ExpectRejected(
      ProjectHeader(RsaJwt(ApplicationRestClaims(), ApplicationKey())),
      "malformed token");
}

TEST_F(RestAuthTest, RejectsNonBearerAuthorization) {
  RestAuthHeaders headers;
  headers.authorization = "Basic dXNlcjpwYXNz";
  ExpectRejected(headers, "malformed token");
  headers.authorization = "Bearer";
  ExpectRejected(headers, "malformed token");
}

TEST_F(RestAuthTest, RejectsAlgorithmSwitch) {
  ExpectRejected(BearerHeader(HmacJwt(ApplicationRestClaims(),
                                      ApplicationKey().PublicPem())),
                 "bad algorithm");
  std::string none =
      testing::UnsignedJwt({{"alg", "none"}}, ProjectRestClaims()) + ".";
  ExpectRejected(ProjectHeader(none), "bad algorithm");
}

TEST_F(RestAuthTest, RejectsReusedJtiNamingIt) {
  nlohmann::json claims = ProjectRestClaims();
  claims["jti"] = "reused-id-1";
  RestAuthHeaders headers = ProjectHeader(HmacJwt(claims, kApiSecret));
  ASSERT_TRUE(verifier_.AuthenticateRest(headers, kNow).ok());
  ExpectRejected(headers, "token replayed", kNow + 1);
  absl::StatusOr<RestPrincipal> again =
      verifier_.AuthenticateRest(headers, kNow + 1);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("reused-id-1"), std::string::npos)
      << again.status();
}

TEST_F(RestAuthTest, RejectsJtiReusedInNewJwt) {
  nlohmann::json claims = ProjectRestClaims();
  claims["jti"] = "reused-id-2";
  ASSERT_TRUE(
      verifier_
          .AuthenticateRest(ProjectHeader(HmacJwt(claims, kApiSecret)), kNow)
          .ok());
  claims["exp"] = kNow + 600;
  ExpectRejected(ProjectHeader(HmacJwt(claims, kApiSecret)), "token replayed");
}

TEST_F(RestAuthTest, AcceptsJtiAgainAfterItsJwtExpired) {
  nlohmann::json claims = ProjectRestClaims();
  claims["jti"] = "expiring-id";
  ASSERT_TRUE(
      verifier_
          .AuthenticateRest(ProjectHeader(HmacJwt(claims, kApiSecret)), kNow)
          .ok());
  claims["iat"] = kNow + 300;
  claims["exp"] = kNow + 600;
  EXPECT_TRUE(verifier_
                  .AuthenticateRest(ProjectHeader(HmacJwt(claims, kApiSecret)),
                                    kNow + 300)
                  .ok());
}

TEST_F(RestAuthTest, RejectedJwtDoesNotUseUpJti) {
  nlohmann::json claims = ProjectRestClaims();
  claims["jti"] = "first-try-failed";
  ExpectRejected(ProjectHeader(HmacJwt(claims, "wrong secret")),
                 "bad signature");
  EXPECT_TRUE(
      verifier_
          .AuthenticateRest(ProjectHeader(HmacJwt(claims, kApiSecret)), kNow)
          .ok());
}

TEST_F(RestAuthTest, SameJtiOfAnotherIssuerAccepted) {
  nlohmann::json project = ProjectRestClaims();
  project["jti"] = "shared-id";
  nlohmann::json application = ApplicationRestClaims();
  application["jti"] = "shared-id";
  ASSERT_TRUE(
      verifier_
          .AuthenticateRest(ProjectHeader(HmacJwt(project, kApiSecret)), kNow)
          .ok());
  EXPECT_TRUE(verifier_
                  .AuthenticateRest(
                      BearerHeader(RsaJwt(application, ApplicationKey())), kNow)
                  .ok());
}

TEST(JtiCache, ForgetsExpiredAndStaysBounded) {
  JtiCache cache(/*max_entries=*/2);
  EXPECT_TRUE(cache.Remember("k", "a", 100, 10).ok());
  EXPECT_TRUE(cache.Remember("k", "b", 200, 10).ok());
  absl::Status full = cache.Remember("k", "c", 200, 10);
  EXPECT_EQ(GetErrorCode(full), ErrorCode::kRateLimitExceeded) << full;
  EXPECT_EQ(cache.size(), 2u);
  // At time 100 the JWT with jti "a" has expired, which frees a slot.
  EXPECT_TRUE(cache.Remember("k", "c", 300, 100).ok());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(GetErrorCode(cache.Remember("k", "b", 400, 150)),
            ErrorCode::kAuthenticationError);
}

TEST(CheckSessionOwner, AcceptsOwnSession) {
  RestPrincipal principal{RestPrincipal::Kind::kProject, kApiKey};
  EXPECT_TRUE(CheckSessionOwner(principal, NewSessionId(kApiKey)).ok());
}

TEST(CheckSessionOwner, RejectsForeignSessionWith403) {
  RestPrincipal principal{RestPrincipal::Kind::kProject, kApiKey};
  absl::Status status = CheckSessionOwner(principal, NewSessionId("999"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kPermissionDenied);
}

TEST(CheckSessionOwner, RejectsInvalidSessionIdWith1005) {
  RestPrincipal principal{RestPrincipal::Kind::kApplication, kApplicationId};
  absl::Status status = CheckSessionOwner(principal, "not-a-session");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidSessionId);
}

}  // namespace
}  // namespace sessioncore::server::auth
