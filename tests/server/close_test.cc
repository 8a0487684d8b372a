// Integration tests of how the end of a WebSocket decides the fate of its
// connection. A close frame with 1000 or 1001 and a protocol violation end
// the connection at once. A socket lost without a close frame, or closed
// with another code, keeps the connection for the reconnect window.
#include <string>

#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

// A reconnect window far longer than any test, so that an end seen by a
// peer can only come from the close itself.
ServerConfig LongWindowConfig() {
  ServerConfig config = TestConfig();
  config.resume_grace = std::chrono::minutes(10);
  config.limits.max_message_bytes = 1024;
  return config;
}

// Checks that `peer` gets streamDestroyed for `stream_id` and then
// connectionDestroyed for `connection_id`, both with `reason`.
void ExpectEnded(WsClient& peer, const std::string& connection_id,
                 const std::string& stream_id, const std::string& reason) {
  std::optional<json> stream_gone = peer.NextPush("streamDestroyed");
  ASSERT_TRUE(stream_gone.has_value());
  EXPECT_EQ((*stream_gone)["streamId"], stream_id);
  EXPECT_EQ((*stream_gone)["reason"], reason);
  std::optional<json> gone = peer.NextPush("connectionDestroyed");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ((*gone)["connectionId"], connection_id);
  EXPECT_EQ((*gone)["reason"], reason);
}

json ResumeFields(const std::string& session_id, const Joined& joined) {
  return {{"sessionId", session_id},
          {"connectionId", joined.connection_id},
          {"resumeKey", joined.snapshot["resumeKey"]}};
}

TEST(ServerClose, NormalCloseEndsConnectionAtOnce) {
  TestServer server(LongWindowConfig());
  std::string session = server.NewSessionId();
  Joined alice = Join(server, session);
  Joined bob = Join(server, session);
  std::string stream = Publish(*alice.client);
  alice.client->Close(1000);
  ExpectEnded(*bob.client, alice.connection_id, stream, "clientDisconnected");
  WsClient again(server.port());
  json resumed = again.Request("resume", ResumeFields(session, alice));
  EXPECT_EQ(ErrorCodeOf(resumed), 1006) << resumed.dump();
}

TEST(ServerClose, GoingAwayEndsConnectionAtOnce) {
  TestServer server(LongWindowConfig());
  std::string session = server.NewSessionId();
  Joined alice = Join(server, session);
  Joined bob = Join(server, session);
  std::string stream = Publish(*alice.client);
  alice.client->Close(1001);
  ExpectEnded(*bob.client, alice.connection_id, stream, "clientDisconnected");
}

// A client that gives up on a socket to resume closes it with a code in
// 4000-4999; the connection must wait for that resume.
TEST(ServerClose, PrivateCodeKeepsConnectionForResume) {
  LogWatcher logs;
  TestServer server(LongWindowConfig());
  std::string session = server.NewSessionId();
  Joined alice = Join(server, session);
  Joined bob = Join(server, session);
  bob.client->Drain(bob.connection_id);
  alice.client->Close(4000);
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", alice.connection_id}));
  WsClient again(server.port());
  json resumed = again.Request("resume", ResumeFields(session, alice));
  ASSERT_TRUE(resumed.contains("result")) << resumed.dump();
  EXPECT_EQ(resumed["result"]["connection"]["connectionId"],
            alice.connection_id);
  EXPECT_TRUE(bob.client->Drain(bob.connection_id).empty());
}

TEST(ServerClose, DropWithoutCloseFrameKeepsConnection) {
  LogWatcher logs;
  TestServer server(LongWindowConfig());
  std::string session = server.NewSessionId();
  Joined alice = Join(server, session);
  Joined bob = Join(server, session);
  bob.client->Drain(bob.connection_id);
  alice.client->Drop();
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", alice.connection_id}));
  EXPECT_TRUE(bob.client->Drain(bob.connection_id).empty());
}

// RFC 6455 makes invalid UTF-8 in a text frame fatal; Beast closes with
// 1007 and the server ends the connection instead of waiting for a resume.
TEST(ServerClose, InvalidUtf8EndsConnectionAtOnce) {
  LogWatcher logs;
  TestServer server(LongWindowConfig());
  std::string session = server.NewSessionId();
  Joined alice = Join(server, session);
  Joined bob = Join(server, session);
  std::string stream = Publish(*alice.client);
  alice.client->SendRaw(
      "{\"v\":1,\"type\":\"heartbeat\",\"id\":9,\"x\":\"\xC3\x28\"}");
  EXPECT_TRUE(alice.client->WaitForClose());
  EXPECT_EQ(alice.client->close_reason().code, 1007);
  ExpectEnded(*bob.client, alice.connection_id, stream, "networkDisconnected");
  EXPECT_TRUE(
      logs.WaitFor({"event=websocket_protocol_error", alice.connection_id}));
  for (const std::string& line : logs.Lines()) {
    bool about_alice = line.find(alice.connection_id) != std::string::npos;
    EXPECT_FALSE(about_alice &&
                 line.find("event=connection_away") != std::string::npos)
        << line;
  }
}

// Beast closes with 1009 a message larger than 16 times maxMessageBytes.
TEST(ServerClose, HugeMessageEndsConnectionAtOnce) {
  LogWatcher logs;
  TestServer server(LongWindowConfig());
  std::string session = server.NewSessionId();
  Joined alice = Join(server, session);
  Joined bob = Join(server, session);
  std::string stream = Publish(*alice.client);
  std::string huge(17 * 1024, 'x');
  alice.client->SendRaw(huge);
  EXPECT_TRUE(alice.client->WaitForClose());
  EXPECT_EQ(alice.client->close_reason().code, 1009);
  ExpectEnded(*bob.client, alice.connection_id, stream, "networkDisconnected");
  EXPECT_TRUE(
      logs.WaitFor({"event=websocket_protocol_error", alice.connection_id}));
}

}  // namespace
}  // namespace sessioncore::server::testing
