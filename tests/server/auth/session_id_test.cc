#include "server/auth/session_id.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/error.h"
#include "server/auth/crypto.h"

namespace sessioncore::server::auth {
namespace {

constexpr int64_t kNow = 1796399253;  // 2026-12-04T15:47:33Z.

// Fills every buffer with the same byte, so IDs are reproducible.
RandomSource FixedRandom(uint8_t byte) {
  return [byte](uint8_t* buffer, size_t size) {
    std::memset(buffer, byte, size);
    return absl::OkStatus();
  };
}

TEST(SessionId, EncodesOpenTokFieldLayout) {
  absl::StatusOr<std::string> id = CreateSessionId(
      "46123456", MediaMode::kRelayed, "", kNow, FixedRandom(0xab));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_EQ(id->substr(0, 2), "1_");
  absl::StatusOr<std::string> text = Base64UrlDecode(id->substr(2));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "1~46123456~~2026-12-04T15:47:33Z~" +
                       HexEncode(std::string(16, '\xab')) + "~");
}

TEST(SessionId, DecodesWhatItCreates) {
  absl::StatusOr<std::string> id = CreateSessionId(
      "46123456", MediaMode::kRouted, "127.0.0.1", kNow, FixedRandom(1));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->substr(0, 2), "2_");
  absl::StatusOr<SessionIdInfo> info = DecodeSessionId(*id);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->media_mode, MediaMode::kRouted);
  EXPECT_EQ(info->api_key, "46123456");
  EXPECT_EQ(info->location, "127.0.0.1");
  EXPECT_EQ(info->create_time, "2026-12-04T15:47:33Z");
  EXPECT_EQ(info->random, HexEncode(std::string(16, '\x01')));
}

TEST(SessionId, AcceptsApplicationIdAsKey) {
  const std::string app_id = "0b5d7c1e-3f0a-4c2b-9d8e-6a7b8c9d0e1f";
  absl::StatusOr<std::string> id =
      CreateSessionId(app_id, MediaMode::kRelayed, "", kNow);
  ASSERT_TRUE(id.ok()) << id.status();
  absl::StatusOr<SessionIdInfo> info = DecodeSessionId(*id);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->api_key, app_id);
}

TEST(SessionId, DiffersBetweenCalls) {
  absl::StatusOr<std::string> first =
      CreateSessionId("1234", MediaMode::kRelayed, "", kNow);
  absl::StatusOr<std::string> second =
      CreateSessionId("1234", MediaMode::kRelayed, "", kNow);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
}

TEST(SessionId, DecodesOpenTokStyleId) {
  // The layout OpenTok itself produces: a Java date, a Math.random() value
  // and '-' in place of '+'.
  std::string fields = "1~100~~Mon Mar 17 00:41:31 PDT 2014~0.68378953~";
  std::string encoded = Base64Encode(fields);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  absl::StatusOr<SessionIdInfo> info = DecodeSessionId("1_" + encoded);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->api_key, "100");
  EXPECT_EQ(info->create_time, "Mon Mar 17 00:41:31 PDT 2014");
  EXPECT_EQ(info->media_mode, MediaMode::kRelayed);
}

TEST(SessionId, RejectsInvalidCreateArguments) {
  EXPECT_FALSE(CreateSessionId("", MediaMode::kRelayed, "", kNow).ok());
  EXPECT_FALSE(CreateSessionId("12~34", MediaMode::kRelayed, "", kNow).ok());
  EXPECT_FALSE(
      CreateSessionId(std::string(65, '1'), MediaMode::kRelayed, "", kNow)
          .ok());
  EXPECT_FALSE(
      CreateSessionId("1234", MediaMode::kRelayed, "host~", kNow).ok());
  absl::StatusOr<std::string> id = CreateSessionId(
      "1234", MediaMode::kRelayed, "", kNow,
      [](uint8_t*, size_t) { return absl::InternalError("no entropy"); });
  EXPECT_FALSE(id.ok());
}

struct BadId {
  std::string id;
  std::string rule;  // A fragment the error message must contain.
};

TEST(SessionId, RejectsMalformedIdsNamingTheRule) {
  const BadId cases[] = {
      {"", "empty"},
      {"abc", "must start with"},
      {"3_" + Base64UrlEncode("3~1~~t~r~"), "must start with"},
      {"1_!!!!", "not base64url"},
      {"1_" + Base64UrlEncode("1~1234~only"), "fewer than five"},
      {"2_" + Base64UrlEncode("1~1234~~t~r~"), "version field"},
      {"1_" + Base64UrlEncode("1~~~t~r~"), "API key field"},
      {"1_" + Base64UrlEncode("1~12 34~~t~r~"), "API key field"},
      {"1_" + Base64UrlEncode("1~1234~\x01~t~r~"), "non-ASCII"},
      {"1_" + std::string(600, 'A'), "longer than"},
  };
  for (const BadId& bad : cases) {
    absl::StatusOr<SessionIdInfo> info = DecodeSessionId(bad.id);
    ASSERT_FALSE(info.ok()) << bad.id;
    EXPECT_EQ(GetErrorCode(info.status()), ErrorCode::kInvalidSessionId);
    EXPECT_NE(info.status().message().find(bad.rule), std::string::npos)
        << info.status().message();
    EXPECT_NE(info.status().message().find("invalid session ID"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace sessioncore::server::auth
