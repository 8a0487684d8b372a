// Push numbers, the replay of pushes a dead socket swallowed, and requests
// sent again after a resume.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

int CountSignals(const std::vector<json>& pushes, const std::string& data) {
  int count = 0;
  for (const json& push : pushes) {
    count += push["type"] == "signal" && push["data"] == data;
  }
  return count;
}

json SignalTo(const std::string& to, const std::string& data) {
  return {{"signalType", "chat"}, {"data", data}, {"to", to}};
}

json ResumeOf(const std::string& session, const Joined& joined,
              int64_t last_seq) {
  return {{"sessionId", session},
          {"connectionId", joined.connection_id},
          {"resumeKey", joined.snapshot["resumeKey"]},
          {"lastSeq", last_seq}};
}

// The server writes the signal to a socket whose client never reads it
// and then loses the connection: those bytes are gone, and only the
// replay can bring the signal back.
TEST(ServerReplay, LostPushResentOnResume) {
  LogWatcher logs;
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  b.client->Drain(b.connection_id);
  a.client->Drain(a.connection_id);
  const int64_t seen = a.client->last_seq();
  json sent = b.client->Request("signal", SignalTo(a.connection_id, "lost"));
  ASSERT_TRUE(sent.contains("result")) << sent.dump();
  a.client->Drop();
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", a.connection_id}));
  WsClient again(server.port());
  again.ContinueFrom(*a.client);
  json resumed = again.Request("resume", ResumeOf(session, a, seen));
  ASSERT_TRUE(resumed.contains("result")) << resumed.dump();
  EXPECT_EQ(CountSignals(again.Drain(a.connection_id), "lost"), 1);
}

TEST(ServerReplay, ReplayPrecedesSnapshot) {
  LogWatcher logs;
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  a.client->Drain(a.connection_id);
  const int64_t seen = a.client->last_seq();
  a.client->Drop();
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", a.connection_id}));
  b.client->Request("signal", SignalTo(a.connection_id, "first"));
  WsClient again(server.port());
  again.ContinueFrom(*a.client);
  again.Send({{"type", "resume"},
              {"sessionId", session},
              {"connectionId", a.connection_id},
              {"resumeKey", a.snapshot["resumeKey"]},
              {"lastSeq", seen}});
  std::optional<json> first = again.Next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)["type"], "signal") << first->dump();
  EXPECT_EQ((*first)["seq"], seen + 1);
  std::optional<json> second = again.Next();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ((*second)["type"], "response") << second->dump();
}

TEST(ServerReplay, AckedPushesNotReplayed) {
  LogWatcher logs;
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  b.client->Request("signal", SignalTo(a.connection_id, "old"));
  a.client->Drain(a.connection_id);
  const int64_t seen = a.client->last_seq();
  json acked = a.client->Request("heartbeat", {{"ack", seen}});
  ASSERT_TRUE(acked.contains("result")) << acked.dump();
  a.client->Drop();
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", a.connection_id}));
  WsClient again(server.port());
  again.ContinueFrom(*a.client);
  json resumed = again.Request("resume", ResumeOf(session, a, seen));
  ASSERT_TRUE(resumed.contains("result")) << resumed.dump();
  EXPECT_EQ(CountSignals(again.Drain(a.connection_id), "old"), 0);
}

TEST(ServerReplay, AckTooHighRejected) {
  TestServer server;
  Joined a = Join(server, server.NewSessionId());
  json response = a.client->Request("heartbeat", {{"ack", 999}});
  EXPECT_EQ(ErrorCodeOf(response), 1011) << response.dump();
  EXPECT_NE(response.dump().find("ack 999"), std::string::npos);
}

TEST(ServerReplay, ResumeLastSeqTooHighRejected) {
  LogWatcher logs;
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  a.client->Drop();
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", a.connection_id}));
  WsClient again(server.port());
  again.ContinueFrom(*a.client);
  json resumed = again.Request("resume", ResumeOf(session, a, 500));
  EXPECT_EQ(ErrorCodeOf(resumed), 1011) << resumed.dump();
  EXPECT_NE(resumed.dump().find("lastSeq 500"), std::string::npos);
}

// A queue of 8 leaves room to keep 4 pushes: a client that read 6 and
// never acknowledged them gets the last 4 back, and the server logs the
// gap.
TEST(ServerReplay, BufferKeepsHalfQueue) {
  LogWatcher logs;
  ServerConfig config = TestConfig();
  config.limits.outbound_queue_messages = 8;
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  for (int i = 0; i < 6; ++i) {
    b.client->Request("signal", SignalTo(a.connection_id, std::to_string(i)));
  }
  int read = 0;
  while (read < 6) {
    std::optional<json> push = a.client->NextPush("signal");
    ASSERT_TRUE(push.has_value());
    ++read;
  }
  const int64_t seen = a.client->last_seq();
  a.client->Drop();
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", a.connection_id}));
  WsClient again(server.port());
  again.ContinueFrom(*a.client);
  again.set_last_seq(seen - 4);
  json resumed = again.Request("resume", ResumeOf(session, a, 0));
  ASSERT_TRUE(resumed.contains("result")) << resumed.dump();
  EXPECT_TRUE(logs.WaitFor({"event=replay_gap", a.connection_id}));
  std::vector<json> replayed = again.Drain(a.connection_id);
  EXPECT_EQ(CountSignals(replayed, "1"), 0);
  EXPECT_EQ(CountSignals(replayed, "2"), 1);
  EXPECT_EQ(CountSignals(replayed, "5"), 1);
}

// A request whose response the client never received is sent again with
// the same id. The server resends the cached response and does not run the
// request twice.
TEST(ServerReplay, ResentRequestRunsOnce) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  a.client->Drain(a.connection_id);
  json request = SignalTo(a.connection_id, "once");
  request["v"] = 1;
  request["type"] = "signal";
  request["id"] = 9000;
  b.client->SendRaw(request.dump());
  json first = b.client->ResponseTo(9000);
  b.client->SendRaw(request.dump());
  json second = b.client->ResponseTo(9000);
  ASSERT_TRUE(first.contains("result")) << first.dump();
  EXPECT_EQ(first, second);
  EXPECT_EQ(CountSignals(a.client->Drain(a.connection_id), "once"), 1);
}

}  // namespace
}  // namespace sessioncore::server::testing
