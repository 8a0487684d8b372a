#include "core/session_options.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json/json_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sessioncore {
namespace {

using ::testing::HasSubstr;

absl::Status ParseError(const Json& options) {
  absl::StatusOr<SessionOptions> parsed = ParseSessionOptions(options);
  EXPECT_FALSE(parsed.ok()) << options.Dump();
  return parsed.ok() ? absl::OkStatus() : parsed.status();
}

// Parses `text`, which the test writes as valid JSON.
Json Parsed(std::string_view text) {
  absl::StatusOr<Json> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *std::move(parsed) : Json();
}

Json RelayConfig() {
  return Parsed(R"({"includeServers": "custom",
    "transportPolicy": "relay",
    "customServers": [{"urls": ["turn:127.0.0.1:3478?transport=udp"],
                       "username": "u", "credential": "c"}]})");
}

TEST(SessionOptions, DefaultsWhenAbsent) {
  absl::StatusOr<SessionOptions> parsed = ParseSessionOptions(Json::Object());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_FALSE(parsed->connection_events_suppressed);
  EXPECT_EQ(parsed->ice_config.include_servers, IncludeServers::kAll);
  EXPECT_EQ(parsed->ice_config.transport_policy, TransportPolicy::kAll);
  EXPECT_TRUE(parsed->ice_config.custom_servers.empty());
  EXPECT_FALSE(parsed->ip_whitelist);
  EXPECT_FALSE(parsed->proxy_url.has_value());
  EXPECT_FALSE(parsed->enable_stereo_output);
  EXPECT_FALSE(parsed->enable_single_peer_connection);
  EXPECT_FALSE(parsed->session_migration);
  EXPECT_TRUE(parsed->warnings.empty());
}

TEST(SessionOptions, NullMeansDefaults) {
  EXPECT_TRUE(ParseSessionOptions(Json(nullptr)).ok());
}

TEST(SessionOptions, ReadsEveryWebOption) {
  Json options = {{"connectionEventsSuppressed", true},
                  {"iceConfig", RelayConfig()},
                  {"ipWhitelist", true},
                  {"proxyUrl", "https://proxy.example.test/"},
                  {"enableStereoOutput", true},
                  {"enableSinglePeerConnection", true},
                  {"sessionMigration", true}};
  absl::StatusOr<SessionOptions> parsed = ParseSessionOptions(options);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->connection_events_suppressed);
  EXPECT_EQ(parsed->ice_config.include_servers, IncludeServers::kCustom);
  EXPECT_EQ(parsed->ice_config.transport_policy, TransportPolicy::kRelay);
  ASSERT_EQ(parsed->ice_config.custom_servers.size(), 1u);
  EXPECT_EQ(parsed->ice_config.custom_servers[0].username, "u");
  EXPECT_TRUE(parsed->ip_whitelist);
  EXPECT_EQ(parsed->proxy_url, "https://proxy.example.test/");
  EXPECT_TRUE(parsed->enable_stereo_output);
  EXPECT_TRUE(parsed->enable_single_peer_connection);
  EXPECT_TRUE(parsed->session_migration);
}

TEST(SessionOptions, RejectsUnknownKeyByName) {
  absl::Status error = ParseError({{"connectionEventSuppressed", true}});
  EXPECT_EQ(GetErrorCode(error), ErrorCode::kInvalidParameter);
  EXPECT_THAT(error.message(), HasSubstr("connectionEventSuppressed"));
  EXPECT_THAT(error.message(), HasSubstr("connectionEventsSuppressed"));
}

TEST(SessionOptions, RejectsWrongTypes) {
  for (const char* key :
       {"connectionEventsSuppressed", "ipWhitelist", "enableStereoOutput",
        "enableSinglePeerConnection", "sessionMigration", "useTextureViews",
        "isCamera2Capable"}) {
    absl::Status error = ParseError({{key, "yes"}});
    EXPECT_EQ(GetErrorCode(error), ErrorCode::kInvalidParameter) << key;
    EXPECT_THAT(error.message(), HasSubstr(key));
    EXPECT_THAT(error.message(), HasSubstr("\"yes\""));
  }
}

TEST(SessionOptions, RejectsMisspelledTransportPolicy) {
  Json ice = RelayConfig();
  ice["transportPolicy"] = "relya";
  absl::Status error = ParseError({{"iceConfig", ice}});
  EXPECT_THAT(error.message(), HasSubstr("iceConfig.transportPolicy"));
  EXPECT_THAT(error.message(), HasSubstr("\"relya\""));
  EXPECT_THAT(error.message(), HasSubstr("\"all\", \"relay\""));
}

TEST(SessionOptions, RejectsRelayOnlySpelling) {
  Json ice = RelayConfig();
  ice["transportPolicy"] = "relay-only";
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("relay-only"));
}

TEST(SessionOptions, RejectsUnknownIncludeServers) {
  Json ice = RelayConfig();
  ice["includeServers"] = "some";
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("iceConfig.includeServers"));
}

TEST(SessionOptions, RejectsHttpIceUrlWithPath) {
  Json ice = RelayConfig();
  ice["customServers"][0]["urls"] =
      std::vector<std::string>{"turn:127.0.0.1:3478", "http://x.test"};
  absl::Status error = ParseError({{"iceConfig", ice}});
  EXPECT_THAT(error.message(), HasSubstr("iceConfig.customServers[0].urls[1]"));
  EXPECT_THAT(error.message(), HasSubstr("http://x.test"));
}

TEST(SessionOptions, NormalisesBareUrlString) {
  Json ice = RelayConfig();
  ice["customServers"][0]["urls"] = "turns:turn.test:443";
  absl::StatusOr<SessionOptions> parsed =
      ParseSessionOptions({{"iceConfig", ice}});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->ice_config.custom_servers[0].urls.size(), 1u);
  EXPECT_EQ(parsed->ice_config.custom_servers[0].urls[0],
            "turns:turn.test:443");
}

TEST(SessionOptions, RejectsEmptyUrlList) {
  Json ice = RelayConfig();
  ice["customServers"][0]["urls"] = Json::Array();
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("non-empty array"));
}

TEST(SessionOptions, RejectsCustomWithNoServers) {
  Json ice = RelayConfig();
  ice["customServers"] = Json::Array();
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("at least one server"));
  ice.Erase("customServers");
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("at least one server"));
}

TEST(SessionOptions, RejectsTurnWithoutCredential) {
  Json ice = RelayConfig();
  ice["customServers"][0].Erase("credential");
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("username and credential"));
}

TEST(SessionOptions, AcceptsStunWithoutCredential) {
  Json ice =
      Parsed(R"({"customServers": [{"urls": ["stun:127.0.0.1:3478"]}]})");
  EXPECT_TRUE(ParseSessionOptions({{"iceConfig", ice}}).ok());
}

TEST(SessionOptions, RejectsUnknownIceServerKey) {
  Json ice = RelayConfig();
  ice["customServers"][0]["password"] = "x";
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("iceConfig.customServers[0].password"));
}

TEST(SessionOptions, RejectsNonStringCredential) {
  Json ice = RelayConfig();
  ice["customServers"][0]["credential"] = 5;
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("iceConfig.customServers[0].credential"));
}

TEST(SessionOptions, RejectsNonObjectIceConfigAndServer) {
  EXPECT_THAT(ParseError({{"iceConfig", "relay"}}).message(),
              HasSubstr("iceConfig"));
  Json ice = Parsed(R"({"customServers": ["turn:x"]})");
  EXPECT_THAT(ParseError({{"iceConfig", ice}}).message(),
              HasSubstr("iceConfig.customServers[0]"));
}

TEST(SessionOptions, RejectsBadProxyUrl) {
  EXPECT_THAT(ParseError({{"proxyUrl", "proxy.test"}}).message(),
              HasSubstr("proxyUrl"));
  EXPECT_THAT(ParseError({{"proxyUrl", 3}}).message(), HasSubstr("proxyUrl"));
}

TEST(SessionOptions, RejectsNonObjectOptions) {
  EXPECT_THAT(ParseError(Json::Array()).message(), HasSubstr("object"));
  EXPECT_THAT(ParseError(7).message(), HasSubstr("object"));
}

TEST(SessionOptions, AndroidOptionsWarnOnce) {
  Json options = {{"androidZOrder", "onTop"},
                  {"androidOnTop", "publisher"},
                  {"useTextureViews", true},
                  {"isCamera2Capable", false}};
  absl::StatusOr<SessionOptions> parsed = ParseSessionOptions(options);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->android_z_order, "onTop");
  EXPECT_EQ(parsed->android_on_top, "publisher");
  EXPECT_EQ(parsed->warnings.size(), 4u);
}

TEST(SessionOptions, AndroidChoicesAreValidated) {
  EXPECT_THAT(ParseError({{"androidZOrder", "top"}}).message(),
              HasSubstr("\"mediaOverlay\", \"onTop\""));
  EXPECT_THAT(ParseError({{"androidOnTop", "both"}}).message(),
              HasSubstr("\"publisher\", \"subscriber\""));
}

TEST(SessionOptions, AndroidEmptyChoiceMeansUnset) {
  absl::StatusOr<SessionOptions> parsed =
      ParseSessionOptions({{"androidZOrder", ""}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->android_z_order.has_value());
}

TEST(SessionOptions, LongValuesAreCutInMessages) {
  std::string huge(10000, 'x');
  absl::Status error = ParseError({{"proxyUrl", huge}});
  EXPECT_LT(error.message().size(), 300u);
}

TEST(SessionOptionsJson, RejectsMalformedJson) {
  absl::StatusOr<SessionOptions> parsed = ParseSessionOptionsJson("{nope");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(GetErrorCode(parsed.status()), ErrorCode::kInvalidParameter);
}

TEST(RtcConfiguration, CustomOnlyRelay) {
  absl::StatusOr<SessionOptions> parsed =
      ParseSessionOptions({{"iceConfig", RelayConfig()}});
  ASSERT_TRUE(parsed.ok());
  IceServer own{{"turn:own.test:3478"}, "a", "b"};
  Json config = ToRtcConfiguration(*parsed, {own});
  EXPECT_EQ(config["iceTransportPolicy"], "relay");
  ASSERT_EQ(config["iceServers"].size(), 1u);
  EXPECT_EQ(config["iceServers"][0]["urls"][0],
            "turn:127.0.0.1:3478?transport=udp");
}

TEST(RtcConfiguration, AllIncludesServerList) {
  Json ice = RelayConfig();
  ice["includeServers"] = "all";
  absl::StatusOr<SessionOptions> parsed =
      ParseSessionOptions({{"iceConfig", ice}});
  ASSERT_TRUE(parsed.ok());
  IceServer own{{"turn:own.test:3478"}, "a", "b"};
  Json config = ToRtcConfiguration(*parsed, {own});
  ASSERT_EQ(config["iceServers"].size(), 2u);
  EXPECT_EQ(config["iceServers"][0]["urls"][0], "turn:own.test:3478");
  EXPECT_EQ(config["iceTransportPolicy"], "relay");
}

TEST(SessionOptionsToJson, RoundTrips) {
  Json options = {{"connectionEventsSuppressed", true},
                  {"iceConfig", RelayConfig()},
                  {"proxyUrl", "wss://p.test/x"}};
  absl::StatusOr<SessionOptions> parsed = ParseSessionOptions(options);
  ASSERT_TRUE(parsed.ok());
  Json again = SessionOptionsToJson(*parsed);
  absl::StatusOr<SessionOptions> reparsed = ParseSessionOptions(again);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  EXPECT_EQ(SessionOptionsToJson(*reparsed), again);
}

}  // namespace
}  // namespace sessioncore
