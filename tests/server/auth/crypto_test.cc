#include "server/auth/crypto.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace sessioncore::server::auth {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesWhatItEncodes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t length = 0; length <= bytes.size(); length += 37) {
    std::string input = bytes.substr(0, length);
    absl::StatusOr<std::string> standard = Base64Decode(Base64Encode(input));
    ASSERT_TRUE(standard.ok()) << standard.status();
    EXPECT_EQ(*standard, input);
    absl::StatusOr<std::string> url = Base64UrlDecode(Base64UrlEncode(input));
    ASSERT_TRUE(url.ok()) << url.status();
    EXPECT_EQ(*url, input);
  }
}

TEST(Base64, RejectsMalformedText) {
  for (const char* text : {"Zg=", "Zm9v!", "Z===", "Zm 9v", "Zh==", "Zg==Zg"}) {
    absl::StatusOr<std::string> decoded = Base64Decode(text);
    EXPECT_FALSE(decoded.ok()) << text;
    if (!decoded.ok()) {
      EXPECT_EQ(GetErrorCode(decoded.status()), ErrorCode::kInvalidParameter);
    }
  }
}

TEST(Base64Url, UsesUrlAlphabetWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  EXPECT_FALSE(Base64UrlDecode("+/8").ok());
  EXPECT_FALSE(Base64UrlDecode("-_8=").ok());
  EXPECT_FALSE(Base64UrlDecode("A").ok());
}

TEST(Hex, EncodesLowercase) {
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xab\xff", 4)), "000fabff");
}

TEST(Hmac, MatchesRfc2202AndRfc4231Vectors) {
  EXPECT_EQ(HexEncode(HmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(RandomBytes, ReturnsRequestedLength) {
  absl::StatusOr<std::string> first = RandomBytes(16);
  absl::StatusOr<std::string> second = RandomBytes(16);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->size(), 16u);
  EXPECT_NE(*first, *second);
}

TEST(RsaKey, SignsAndVerifiesSha256) {
  absl::StatusOr<std::shared_ptr<const RsaKey>> key = RsaKey::Generate();
  ASSERT_TRUE(key.ok()) << key.status();
  absl::StatusOr<std::string> signature = (*key)->SignSha256("payload");
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(signature->size(), 256u);
  EXPECT_TRUE((*key)->VerifySha256("payload", *signature));
  EXPECT_FALSE((*key)->VerifySha256("payload2", *signature));
  std::string flipped = *signature;
  flipped[10] ^= 1;
  EXPECT_FALSE((*key)->VerifySha256("payload", flipped));
}

TEST(RsaKey, RoundTripsThroughPem) {
  absl::StatusOr<std::shared_ptr<const RsaKey>> key = RsaKey::Generate();
  ASSERT_TRUE(key.ok()) << key.status();
  std::string public_pem = (*key)->PublicPem();
  EXPECT_NE(public_pem.find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
  absl::StatusOr<std::shared_ptr<const RsaKey>> public_key =
      RsaKey::FromPublicPem(public_pem);
  ASSERT_TRUE(public_key.ok()) << public_key.status();
  absl::StatusOr<std::shared_ptr<const RsaKey>> private_key =
      RsaKey::FromPrivatePem((*key)->PrivatePem());
  ASSERT_TRUE(private_key.ok()) << private_key.status();

  absl::StatusOr<std::string> signature = (*private_key)->SignSha256("data");
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_TRUE((*public_key)->VerifySha256("data", *signature));
  EXPECT_EQ((*public_key)->PrivatePem(), "");
  EXPECT_FALSE((*public_key)->SignSha256("data").ok());
}

TEST(RsaKey, RejectsTextThatIsNotAKey) {
  absl::StatusOr<std::shared_ptr<const RsaKey>> key =
      RsaKey::FromPublicPem("-----BEGIN PUBLIC KEY-----\nAAAA\n");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(GetErrorCode(key.status()), ErrorCode::kInvalidParameter);
  EXPECT_FALSE(RsaKey::FromPrivatePem("not a key").ok());
}

}  // namespace
}  // namespace sessioncore::server::auth
