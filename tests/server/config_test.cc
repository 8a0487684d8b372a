// Unit tests of the server configuration file and flags.
#include "server/config.h"

#include <string>

#include "core/error.h"
#include "gtest/gtest.h"

namespace sessioncore::server {
namespace {

TEST(ServerConfig, EmptyObjectGivesDefaults) {
  absl::StatusOr<ServerConfig> config = ParseConfigJson("{}");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_address, "127.0.0.1");
  EXPECT_EQ(config->port, 0);
  EXPECT_EQ(config->limits.max_message_bytes, 65536u);
  EXPECT_EQ(config->limits.outbound_queue_messages, 1024u);
  EXPECT_EQ(config->resume_grace.count(), 30000);
  EXPECT_EQ(config->heartbeat_interval.count(), 2000);
  EXPECT_TRUE(config->allowed_origins.empty());
}

TEST(ServerConfig, ReadsEveryField) {
  absl::StatusOr<ServerConfig> config = ParseConfigJson(R"({
    "listen": "::1", "port": 8080, "threads": 3,
    "projects": [{"apiKey": "1", "apiSecret": "s"}],
    "applications": [{"applicationId": "app", "publicKeyPem": "pem"}],
    "limits": {"maxMessageBytes": 2048, "outboundQueueMessages": 5,
               "connectionsPerSession": 7, "sessionsPerServer": 9,
               "signalsPerSecond": 2.5, "signalBurst": 4},
    "resumeGraceMs": 100, "heartbeatIntervalMs": 500,
    "iceServers": [{"urls": ["turn:127.0.0.1:3478"], "username": "u",
                    "credential": "p"}],
    "databasePath": "/tmp/x.sqlite", "staticRoot": "/srv",
    "allowedOrigins": ["http://a.test"], "demoTokenEndpoint": true,
    "tls": {"certFile": "c.pem", "keyFile": "k.pem"}})");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_address, "::1");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->threads, 3);
  ASSERT_EQ(config->projects.size(), 1u);
  EXPECT_EQ(config->projects[0].api_secret, "s");
  EXPECT_EQ(config->applications[0].application_id, "app");
  EXPECT_EQ(config->limits.max_message_bytes, 2048u);
  EXPECT_EQ(config->limits.signals_per_second, 2.5);
  EXPECT_EQ(config->resume_grace.count(), 100);
  EXPECT_EQ(config->ice_servers[0].username, "u");
  EXPECT_EQ(config->allowed_origins[0], "http://a.test");
  EXPECT_TRUE(config->demo_token_endpoint);
  EXPECT_EQ(config->tls_key_file, "k.pem");
}

TEST(ServerConfig, RejectsMistakesNamingTheKey) {
  struct Case {
    const char* json;
    const char* named;
  } cases[] = {
      {R"({"prot": 1})", "prot"},
      {R"({"port": 70000})", "port"},
      {R"({"port": "80"})", "port"},
      {R"({"limits": {"maxMessageBytes": 10}})", "limits.maxMessageBytes"},
      {R"({"projects": [{"apiKey": "1"}]})", "projects[0].apiSecret"},
      {R"({"iceServers": [{"urls": []}]})", "iceServers[0].urls"},
      {R"({"tls": {"certFile": "c"}})", "tls"},
      {"[1]", "JSON object"},
      {"{", "not valid JSON"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ServerConfig> config = ParseConfigJson(c.json);
    ASSERT_FALSE(config.ok()) << c.json;
    EXPECT_EQ(GetErrorCode(config.status()), ErrorCode::kInvalidParameter);
    EXPECT_NE(config.status().message().find(c.named), std::string::npos)
        << config.status();
  }
}

TEST(ServerConfig, OutOfRangeNamesTheBoundsAsWritten) {
  absl::StatusOr<ServerConfig> config =
      ParseConfigJson(R"({"limits": {"maxMessageBytes": 10}})");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find(
                "must be between 1024 and 16777216, got 10"),
            std::string::npos)
      << config.status();
}

TEST(ServerFlags, OverrideAndDemo) {
  const char* argv[] = {"server",   "--port",    "9000",
                        "--listen", "127.0.0.2", "--demo"};
  absl::StatusOr<ServerConfig> config = ParseFlags(6, argv);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->port, 9000);
  EXPECT_EQ(config->listen_address, "127.0.0.2");
  ASSERT_EQ(config->projects.size(), 1u);
  EXPECT_EQ(config->projects[0].api_key, kDemoApiKey);
  EXPECT_TRUE(config->demo_token_endpoint);
}

TEST(ServerFlags, RejectsUnknownAndMalformed) {
  const char* unknown[] = {"server", "--colour", "red"};
  EXPECT_FALSE(ParseFlags(3, unknown).ok());
  const char* bad_port[] = {"server", "--port", "eighty"};
  absl::StatusOr<ServerConfig> config = ParseFlags(3, bad_port);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("--port"), std::string::npos);
  const char* missing[] = {"server", "--port"};
  EXPECT_FALSE(ParseFlags(2, missing).ok());
}

TEST(ServerFlags, ReadsTlsFiles) {
  const char* argv[] = {"server", "--tls-cert", "cert.pem", "--tls-key",
                        "key.pem"};
  absl::StatusOr<ServerConfig> config = ParseFlags(5, argv);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls_cert_file, "cert.pem");
  EXPECT_EQ(config->tls_key_file, "key.pem");
}

TEST(ServerFlags, RejectsCertificateWithoutKey) {
  const char* argv[] = {"server", "--tls-cert", "cert.pem"};
  absl::StatusOr<ServerConfig> config = ParseFlags(3, argv);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("--tls-key"), std::string::npos)
      << config.status();
}

}  // namespace
}  // namespace sessioncore::server
