// Integration tests of the server's own WebSocket layer: the upgrade
// checks, close codes in both directions, idle detection and batched
// writes.
#include <string>

#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

std::vector<std::pair<std::string, std::string>> UpgradeHeaders(
    const std::string& version, const std::string& key) {
  return {{"Connection", "Upgrade"},
          {"Upgrade", "websocket"},
          {"Sec-WebSocket-Version", version},
          {"Sec-WebSocket-Key", key}};
}

TEST(ServerWebSocket, UpgradeRejectsOtherVersion) {
  TestServer server;
  auto response = HttpCall(server.port(), http::verb::get, "/v1/ws", "",
                           UpgradeHeaders("8", "dGhlIHNhbXBsZSBub25jZQ=="));
  EXPECT_EQ(response.result_int(), 426);
  EXPECT_EQ(response[http::field::sec_websocket_version], "13");
  EXPECT_NE(response.body().find("Sec-WebSocket-Version"), std::string::npos)
      << response.body();
}

TEST(ServerWebSocket, UpgradeRejectsMalformedKey) {
  TestServer server;
  auto response = HttpCall(server.port(), http::verb::get, "/v1/ws", "",
                           UpgradeHeaders("13", "c2hvcnQ="));
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_NE(response.body().find("c2hvcnQ="), std::string::npos)
      << response.body();
}

TEST(ServerWebSocket, ClientCloseCodeEchoed) {
  TestServer server;
  Joined alice = Join(server, server.NewSessionId());
  alice.client->Close(4000);
  EXPECT_EQ(alice.client->close_reason().code, 4000);
}

TEST(ServerWebSocket, DisconnectClosesWith1000) {
  TestServer server;
  Joined alice = Join(server, server.NewSessionId());
  json response = alice.client->Request("disconnect");
  EXPECT_TRUE(response.contains("result")) << response.dump();
  EXPECT_TRUE(alice.client->WaitForClose());
  EXPECT_EQ(alice.client->close_reason().code, 1000);
}

// The test client neither reads nor writes after joining, so it sends no
// pong either.
TEST(ServerWebSocket, SilentClientEndsAsIdle) {
  LogWatcher logs;
  ServerConfig config = TestConfig();
  config.heartbeat_interval = std::chrono::milliseconds(100);
  config.resume_grace = std::chrono::minutes(10);
  TestServer server(config);
  Joined alice = Join(server, server.NewSessionId());
  EXPECT_TRUE(
      logs.WaitFor({"event=websocket_lost", alice.connection_id, "step=idle"}));
  EXPECT_TRUE(logs.WaitFor({"event=connection_away", alice.connection_id}));
}

// Signals sent without waiting for their responses pile up in the
// receiver's queue and leave in batches; each must arrive once, in order.
TEST(ServerWebSocket, BatchedFramesArriveInOrder) {
  ServerConfig config = TestConfig();
  config.limits.signals_per_second = 1e6;
  config.limits.signal_burst = 1e6;
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined sender = Join(server, session);
  Joined receiver = Join(server, session);
  receiver.client->Drain(receiver.connection_id);
  constexpr int kSignals = 300;
  for (int i = 0; i < kSignals; ++i) {
    sender.client->Send({{"type", "signal"},
                         {"signalType", "order"},
                         {"data", std::to_string(i)},
                         {"to", receiver.connection_id}});
  }
  for (int i = 0; i < kSignals; ++i) {
    std::optional<json> signal = receiver.client->NextPush("signal");
    ASSERT_TRUE(signal.has_value()) << "signal " << i << " never arrived";
    EXPECT_EQ((*signal)["data"], std::to_string(i));
  }
}

}  // namespace
}  // namespace sessioncore::server::testing
