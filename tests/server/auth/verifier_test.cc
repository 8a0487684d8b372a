#include "server/auth/verifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth_test_support.h"
#include "core/error.h"
#include "server/auth/t1_token.h"
#include "server/auth/token_minter.h"

namespace sessioncore::server::auth {
namespace {

using testing::ApplicationClaims;
using testing::ApplicationKey;
using testing::HmacJwt;
using testing::kApiKey;
using testing::kApiSecret;
using testing::kApplicationId;
using testing::kNow;
using testing::kOtherApiKey;
using testing::kOtherApiSecret;
using testing::NewSessionId;
using testing::ProjectClaims;
using testing::RsaJwt;
using testing::StrangerKey;

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(verifier_.AddProject(kApiKey, kApiSecret).ok());
    ASSERT_TRUE(verifier_.AddProject(kOtherApiKey, kOtherApiSecret).ok());
    ASSERT_TRUE(
        verifier_.AddApplication(kApplicationId, ApplicationKey().PublicPem())
            .ok());
    session_id_ = NewSessionId();
    app_session_id_ = NewSessionId(kApplicationId);
  }

  TokenRequest Request(Role role = Role::kPublisher) const {
    TokenRequest request;
    request.session_id = session_id_;
    request.role = role;
    request.connection_data = "name=Ada";
    request.now = kNow;
    return request;
  }

  // Asserts that `token` is rejected for `session_id` with a 1004 error
  // whose message starts with `reason` and quotes neither the token nor a
  // secret.
  void ExpectRejected(const std::string& token, const std::string& reason,
                      const std::string& session_id, UnixSeconds now = kNow) {
    absl::StatusOr<VerifiedToken> result =
        verifier_.VerifySessionToken(token, session_id, now);
    ASSERT_FALSE(result.ok()) << "expected rejection: " << reason;
    EXPECT_EQ(GetErrorCode(result.status()), ErrorCode::kAuthenticationError);
    std::string message(result.status().message());
    EXPECT_EQ(message.rfind(reason, 0), 0u) << message;
    if (token.size() > 8) {
      EXPECT_EQ(message.find(token), std::string::npos) << message;
    }
    EXPECT_EQ(message.find(kApiSecret), std::string::npos) << message;
  }

  void ExpectRejected(const std::string& token, const std::string& reason) {
    ExpectRejected(token, reason, session_id_);
  }

  Verifier verifier_;
  std::string session_id_;
  std::string app_session_id_;
};

TEST_F(VerifierTest, AcceptsProjectJwt) {
  absl::StatusOr<std::string> token =
      MintProjectJwt(kApiKey, kApiSecret, Request(Role::kModerator));
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<VerifiedToken> verified =
      verifier_.VerifySessionToken(*token, session_id_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->format, TokenFormat::kProjectJwt);
  EXPECT_EQ(verified->api_key, kApiKey);
  EXPECT_EQ(verified->session_id, session_id_);
  EXPECT_EQ(verified->role, Role::kModerator);
  EXPECT_EQ(verified->connection_data, "name=Ada");
  EXPECT_EQ(verified->create_time, kNow);
  EXPECT_EQ(verified->expire_time, kNow + kDefaultTokenLifetimeSeconds);
  EXPECT_FALSE(verified->nonce.empty());
}

TEST_F(VerifierTest, AcceptsT1Token) {
  TokenRequest request = Request(Role::kSubscriber);
  request.connection_data = "name=Ada Lovelace&team=\xc3\xa9quipe";
  request.initial_layout_class_list = "focus full";
  absl::StatusOr<std::string> token = MintT1Token(kApiKey, kApiSecret, request);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->substr(0, 4), "T1==");
  absl::StatusOr<VerifiedToken> verified =
      verifier_.VerifySessionToken(*token, session_id_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->format, TokenFormat::kT1);
  EXPECT_EQ(verified->api_key, kApiKey);
  EXPECT_EQ(verified->role, Role::kSubscriber);
  EXPECT_EQ(verified->connection_data, request.connection_data);
  EXPECT_EQ(verified->initial_layout_class_list, "focus full");
}

TEST_F(VerifierTest, AcceptsApplicationJwt) {
  TokenRequest request = Request(Role::kPublisherOnly);
  request.session_id = app_session_id_;
  absl::StatusOr<std::string> token =
      MintApplicationJwt(kApplicationId, ApplicationKey(), request);
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<VerifiedToken> verified =
      verifier_.VerifySessionToken(*token, app_session_id_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->format, TokenFormat::kApplicationJwt);
  EXPECT_EQ(verified->api_key, kApplicationId);
  EXPECT_EQ(verified->role, Role::kPublisherOnly);
}

TEST_F(VerifierTest, AcceptsSdkShapedClaims) {
  absl::StatusOr<VerifiedToken> project = verifier_.VerifySessionToken(
      HmacJwt(ProjectClaims(session_id_), kApiSecret), session_id_, kNow);
  ASSERT_TRUE(project.ok()) << project.status();
  EXPECT_EQ(project->nonce, "0.5377471125913438");
  absl::StatusOr<VerifiedToken> application = verifier_.VerifySessionToken(
      RsaJwt(ApplicationClaims(app_session_id_), ApplicationKey()),
      app_session_id_, kNow);
  ASSERT_TRUE(application.ok()) << application.status();
  EXPECT_EQ(application->nonce, "4cbb1e0f-7f8e-4a55-a0b2-5a8e1c2d3f40");
}

TEST_F(VerifierTest, AcceptsEveryRole) {
  for (Role role : {Role::kPublisher, Role::kPublisherOnly, Role::kSubscriber,
                    Role::kModerator}) {
    absl::StatusOr<std::string> token =
        MintT1Token(kApiKey, kApiSecret, Request(role));
    ASSERT_TRUE(token.ok()) << token.status();
    absl::StatusOr<VerifiedToken> verified =
        verifier_.VerifySessionToken(*token, session_id_, kNow);
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_EQ(verified->role, role);
  }
}

TEST_F(VerifierTest, DefaultsMissingRoleToPublisher) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims.erase("role");
  absl::StatusOr<VerifiedToken> verified = verifier_.VerifySessionToken(
      HmacJwt(claims, kApiSecret), session_id_, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->role, Role::kPublisher);
}

TEST_F(VerifierTest, RejectsExpiredToken) {
  TokenRequest request = Request();
  request.now = kNow - 61;
  request.ttl_seconds = 60;
  absl::StatusOr<std::string> jwt =
      MintProjectJwt(kApiKey, kApiSecret, request);
  absl::StatusOr<std::string> t1 = MintT1Token(kApiKey, kApiSecret, request);
  ASSERT_TRUE(jwt.ok());
  ASSERT_TRUE(t1.ok());
  ExpectRejected(*jwt, "token expired");
  ExpectRejected(*t1, "token expired");
}

TEST_F(VerifierTest, ExpiresExactlyAtExpireTime) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["exp"] = kNow + 1;
  claims.erase("expire_time");
  std::string token = HmacJwt(claims, kApiSecret);
  EXPECT_TRUE(verifier_.VerifySessionToken(token, session_id_, kNow).ok());
  ExpectRejected(token, "token expired", session_id_, kNow + 1);
}

TEST_F(VerifierTest, UsesEarlierOfExpAndExpireTime) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["expire_time"] = kNow - 1;
  ExpectRejected(HmacJwt(claims, kApiSecret), "token expired");
}

TEST_F(VerifierTest, AcceptsCreationWithinClockSkewLeeway) {
  TokenRequest request = Request();
  request.now = kNow + kClockSkewLeewaySeconds;
  absl::StatusOr<std::string> token =
      MintProjectJwt(kApiKey, kApiSecret, request);
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(verifier_.VerifySessionToken(*token, session_id_, kNow).ok());
}

TEST_F(VerifierTest, RejectsCreationBeyondLeeway) {
  TokenRequest request = Request();
  request.now = kNow + kClockSkewLeewaySeconds + 1;
  absl::StatusOr<std::string> jwt =
      MintProjectJwt(kApiKey, kApiSecret, request);
  absl::StatusOr<std::string> t1 = MintT1Token(kApiKey, kApiSecret, request);
  ASSERT_TRUE(jwt.ok());
  ASSERT_TRUE(t1.ok());
  ExpectRejected(*jwt, "token not yet valid");
  ExpectRejected(*t1, "token not yet valid");
}

TEST_F(VerifierTest, RejectsNotBeforeBeyondLeeway) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["nbf"] = kNow + kClockSkewLeewaySeconds + 1;
  ExpectRejected(HmacJwt(claims, kApiSecret), "token not yet valid");
}

TEST_F(VerifierTest, LimitsLifetimeToThirtyDays) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["exp"] = claims["expire_time"] = kNow + kMaxTokenLifetimeSeconds;
  EXPECT_TRUE(
      verifier_
          .VerifySessionToken(HmacJwt(claims, kApiSecret), session_id_, kNow)
          .ok());
  claims["exp"] = claims["expire_time"] = kNow + kMaxTokenLifetimeSeconds + 1;
  ExpectRejected(HmacJwt(claims, kApiSecret), "lifetime too long");

  std::string data = EncodeQuery(
      {{"session_id", session_id_},
       {"create_time", std::to_string(kNow)},
       {"expire_time", std::to_string(kNow + kMaxTokenLifetimeSeconds + 1)},
       {"role", "publisher"}});
  ExpectRejected(SignT1(kApiKey, kApiSecret, data), "lifetime too long");
}

TEST_F(VerifierTest, RejectsTokenForAnotherSession) {
  TokenRequest request = Request();
  request.session_id = NewSessionId();
  absl::StatusOr<std::string> jwt =
      MintProjectJwt(kApiKey, kApiSecret, request);
  absl::StatusOr<std::string> t1 = MintT1Token(kApiKey, kApiSecret, request);
  ASSERT_TRUE(jwt.ok());
  ASSERT_TRUE(t1.ok());
  ExpectRejected(*jwt, "session mismatch");
  ExpectRejected(*t1, "session mismatch");
}

TEST_F(VerifierTest, RejectsSessionOfAnotherProject) {
  // Project B signs a token naming project A's session: the signature is
  // valid but B may not let anyone into A's sessions.
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["iss"] = kOtherApiKey;
  ExpectRejected(HmacJwt(claims, kOtherApiSecret), "session mismatch");
}

TEST_F(VerifierTest, RejectsWrongSecret) {
  absl::StatusOr<std::string> jwt =
      MintProjectJwt(kApiKey, "not-the-secret", Request());
  absl::StatusOr<std::string> t1 =
      MintT1Token(kApiKey, "not-the-secret", Request());
  ASSERT_TRUE(jwt.ok());
  ASSERT_TRUE(t1.ok());
  ExpectRejected(*jwt, "bad signature");
  ExpectRejected(*t1, "bad signature");
}

TEST_F(VerifierTest, RejectsUnknownApiKey) {
  absl::StatusOr<std::string> jwt =
      MintProjectJwt("99999999", kApiSecret, Request());
  absl::StatusOr<std::string> t1 =
      MintT1Token("99999999", kApiSecret, Request());
  ASSERT_TRUE(jwt.ok());
  ASSERT_TRUE(t1.ok());
  ExpectRejected(*jwt, "unknown API key");
  ExpectRejected(*t1, "unknown API key");
}

TEST_F(VerifierTest, RejectsUnknownApplication) {
  nlohmann::json claims = ApplicationClaims(app_session_id_);
  claims["application_id"] = "00000000-0000-4000-8000-000000000000";
  ExpectRejected(RsaJwt(claims, ApplicationKey()), "unknown application",
                 app_session_id_);
}

TEST_F(VerifierTest, RejectsRs256SignedWithAnotherKey) {
  ExpectRejected(RsaJwt(ApplicationClaims(app_session_id_), StrangerKey()),
                 "bad signature", app_session_id_);
}

TEST_F(VerifierTest, RejectsAlgNone) {
  std::string app_token =
      testing::UnsignedJwt({{"alg", "none"}, {"typ", "JWT"}},
                           ApplicationClaims(app_session_id_)) +
      ".";
  ExpectRejected(app_token, "bad algorithm", app_session_id_);
  std::string project_token =
      testing::UnsignedJwt({{"alg", "none"}}, ProjectClaims(session_id_)) + ".";
  ExpectRejected(project_token, "bad algorithm");
}

TEST_F(VerifierTest, RejectsHs256KeyedWithPublicKey) {
  // The classic algorithm switch: an attacker who has the public key
  // signs with HMAC and hopes the verifier feeds the PEM text to HMAC.
  std::string token =
      HmacJwt(ApplicationClaims(app_session_id_), ApplicationKey().PublicPem());
  ExpectRejected(token, "bad algorithm", app_session_id_);
}

TEST_F(VerifierTest, RejectsProjectJwtWithRs256Header) {
  ExpectRejected(HmacJwt(ProjectClaims(session_id_), kApiSecret, "RS256"),
                 "bad algorithm");
}

TEST_F(VerifierTest, RejectsUnknownRole) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["role"] = "admin";
  ExpectRejected(HmacJwt(claims, kApiSecret), "invalid role");
  std::string data = EncodeQuery({{"session_id", session_id_},
                                  {"create_time", std::to_string(kNow)},
                                  {"role", "owner"}});
  ExpectRejected(SignT1(kApiKey, kApiSecret, data), "invalid role");
}

TEST_F(VerifierTest, LimitsConnectionDataTo1000Characters) {
  // 1000 two-byte characters are 2000 bytes but 1000 characters.
  std::string accepted;
  for (int i = 0; i < 1000; ++i) accepted += "\xc3\xa9";
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["connection_data"] = accepted;
  EXPECT_TRUE(
      verifier_
          .VerifySessionToken(HmacJwt(claims, kApiSecret), session_id_, kNow)
          .ok());
  claims["connection_data"] = std::string(1001, 'x');
  ExpectRejected(HmacJwt(claims, kApiSecret), "connection data too long");
}

TEST_F(VerifierTest, RejectsMissingOrWrongScope) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims.erase("scope");
  ExpectRejected(HmacJwt(claims, kApiSecret), "wrong scope");
  claims["scope"] = "session.admin";
  ExpectRejected(HmacJwt(claims, kApiSecret), "wrong scope");
}

TEST_F(VerifierTest, RejectsWrongSubject) {
  nlohmann::json claims = ApplicationClaims(app_session_id_);
  claims["sub"] = "voice";
  ExpectRejected(RsaJwt(claims, ApplicationKey()), "wrong subject",
                 app_session_id_);
}

TEST_F(VerifierTest, RejectsAccountLevelJwt) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["ist"] = "account";
  ExpectRejected(HmacJwt(claims, kApiSecret), "malformed token");
}

TEST_F(VerifierTest, RejectsJwtWithoutExp) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims.erase("exp");
  ExpectRejected(HmacJwt(claims, kApiSecret), "malformed token");
}

TEST_F(VerifierTest, RejectsClaimsOfWrongType) {
  nlohmann::json claims = ProjectClaims(session_id_);
  claims["exp"] = "tomorrow";
  ExpectRejected(HmacJwt(claims, kApiSecret), "malformed token");
  claims = ProjectClaims(session_id_);
  claims["session_id"] = nlohmann::json::array({session_id_});
  ExpectRejected(HmacJwt(claims, kApiSecret), "malformed token");
}

TEST_F(VerifierTest, RejectsGarbage) {
  for (const std::string& token :
       {std::string(""), std::string("abc"), std::string("T1=="),
        std::string("T1==!!!!"), std::string("a.b.c"), std::string(".."),
        std::string("eyJhbGciOiJIUzI1NiJ9..")}) {
    ExpectRejected(token, "malformed token");
  }
  ExpectRejected(std::string(kMaxTokenLength + 1, 'a'), "malformed token");
}

TEST_F(VerifierTest, RejectsStrippedPrefix) {
  absl::StatusOr<std::string> t1 = MintT1Token(kApiKey, kApiSecret, Request());
  ASSERT_TRUE(t1.ok());
  ExpectRejected(t1->substr(4), "malformed token");
  absl::StatusOr<std::string> jwt =
      MintProjectJwt(kApiKey, kApiSecret, Request());
  ASSERT_TRUE(jwt.ok());
  ExpectRejected(jwt->substr(jwt->find('.') + 1), "malformed token");
}

TEST_F(VerifierTest, RejectsTruncatedTokens) {
  std::vector<std::string> tokens = {
      *MintT1Token(kApiKey, kApiSecret, Request()),
      *MintProjectJwt(kApiKey, kApiSecret, Request())};
  for (const std::string& token : tokens) {
    for (size_t length : {token.size() - 1, token.size() / 2, size_t{5}}) {
      absl::StatusOr<VerifiedToken> result = verifier_.VerifySessionToken(
          token.substr(0, length), session_id_, kNow);
      ASSERT_FALSE(result.ok()) << length;
      EXPECT_EQ(GetErrorCode(result.status()), ErrorCode::kAuthenticationError);
    }
  }
}

TEST_F(VerifierTest, RejectsAnySingleCharacterRemoved) {
  TokenRequest request = Request();
  request.session_id = app_session_id_;
  std::vector<std::pair<std::string, std::string>> cases = {
      {*MintT1Token(kApiKey, kApiSecret, Request()), session_id_},
      {*MintProjectJwt(kApiKey, kApiSecret, Request()), session_id_},
      {*MintApplicationJwt(kApplicationId, ApplicationKey(), request),
       app_session_id_}};
  for (const auto& [token, session_id] : cases) {
    ASSERT_TRUE(verifier_.VerifySessionToken(token, session_id, kNow).ok());
    for (size_t i = 0; i < token.size(); ++i) {
      std::string damaged = token.substr(0, i) + token.substr(i + 1);
      absl::StatusOr<VerifiedToken> result =
          verifier_.VerifySessionToken(damaged, session_id, kNow);
      ASSERT_FALSE(result.ok()) << "character " << i << " of " << token;
      EXPECT_EQ(GetErrorCode(result.status()), ErrorCode::kAuthenticationError);
    }
  }
}

TEST_F(VerifierTest, RejectsInvalidSessionIdWith1005) {
  absl::StatusOr<std::string> token =
      MintProjectJwt(kApiKey, kApiSecret, Request());
  ASSERT_TRUE(token.ok());
  absl::StatusOr<VerifiedToken> result =
      verifier_.VerifySessionToken(*token, "abc", kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(GetErrorCode(result.status()), ErrorCode::kInvalidSessionId);
}

TEST_F(VerifierTest, RejectsDuplicateOrEmptyCredentials) {
  EXPECT_FALSE(verifier_.AddProject(kApiKey, "another").ok());
  EXPECT_FALSE(verifier_.AddProject("", "secret").ok());
  EXPECT_FALSE(verifier_.AddProject("123", "").ok());
  EXPECT_FALSE(
      verifier_.AddApplication(kApplicationId, StrangerKey().PublicPem()).ok());
  EXPECT_FALSE(verifier_.AddApplication("app", "not a PEM").ok());
  EXPECT_TRUE(verifier_.HasIssuer(kApiKey));
  EXPECT_TRUE(verifier_.HasIssuer(kApplicationId));
  EXPECT_FALSE(verifier_.HasIssuer("123"));
}

}  // namespace
}  // namespace sessioncore::server::auth
