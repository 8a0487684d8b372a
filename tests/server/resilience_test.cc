// Integration tests of moderation, dropped sockets, slow consumers and bad
// frames against a real server on loopback.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

int CountType(const std::vector<json>& pushes, const std::string& type) {
  int count = 0;
  for (const json& push : pushes) count += push["type"] == type ? 1 : 0;
  return count;
}

std::vector<std::string> MutedStreams(const std::vector<json>& pushes) {
  std::vector<std::string> ids;
  for (const json& push : pushes) {
    if (push["type"] == "streamPropertyChanged" &&
        push["property"] == "hasAudio" && push["newValue"] == false) {
      ids.push_back(push["streamId"]);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(ServerModeration, ForceMuteAllWithExclusions) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined m = Join(server, session, Role::kModerator);
  Joined p1 = Join(server, session);
  Joined p2 = Join(server, session);
  Joined p3 = Join(server, session);
  std::string s1 = Publish(*p1.client);
  std::string s2 = Publish(*p2.client);
  std::string s3 = Publish(*p3.client);
  json response =
      m.client->Request("forceMuteAll", {{"excludedStreamIds", {s3}}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  std::vector<std::string> expected = {s1, s2};
  std::sort(expected.begin(), expected.end());
  for (Joined* client : {&m, &p1, &p2, &p3}) {
    std::vector<json> seen = client->client->Drain(client->connection_id);
    EXPECT_EQ(MutedStreams(seen), expected);
    ASSERT_EQ(CountType(seen, "muteForced"), 1);
    json mute = seen.back();
    EXPECT_EQ(mute["type"], "muteForced");
    EXPECT_EQ(mute["active"], true);
    EXPECT_EQ(mute["excludedStreamIds"], json::array({s3}));
  }
  // A stream published while force mute is active starts muted.
  Joined p4 = Join(server, session);
  EXPECT_EQ(p4.snapshot["forceMute"]["active"], true);
  json published = p4.client->Request("publish", PublishFields());
  ASSERT_TRUE(published.contains("result")) << published.dump();
  EXPECT_EQ(published["result"]["stream"]["hasAudio"], false);
  std::optional<json> forced = p4.client->NextPush("muteForced");
  ASSERT_TRUE(forced.has_value());
  EXPECT_EQ((*forced)["active"], true);
  // Disabling lets new streams keep their audio; old ones stay muted.
  ASSERT_TRUE(m.client->Request("disableForceMute").contains("result"));
  std::optional<json> off = p1.client->NextPush("muteForced");
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ((*off)["active"], false);
  Joined p5 = Join(server, session);
  json p5_stream = p5.client->Request("publish", PublishFields());
  EXPECT_EQ(p5_stream["result"]["stream"]["hasAudio"], true);
  bool s1_audio = true;
  for (const json& stream : p5.snapshot["streams"]) {
    if (stream["streamId"] == s1) s1_audio = stream["hasAudio"];
  }
  EXPECT_FALSE(s1_audio);
}

TEST(ServerModeration, ForceMuteStreamIsIdempotent) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined m = Join(server, session, Role::kModerator);
  Joined p = Join(server, session);
  std::string stream = Publish(*p.client);
  for (int i = 0; i < 2; ++i) {
    json response =
        m.client->Request("forceMuteStream", {{"streamId", stream}});
    EXPECT_TRUE(response.contains("result")) << response.dump();
  }
  std::vector<json> seen = p.client->Drain(p.connection_id);
  EXPECT_EQ(MutedStreams(seen), std::vector<std::string>{stream});
  json gone = m.client->Request("forceMuteStream", {{"streamId", "gone"}});
  EXPECT_EQ(ErrorCodeOf(gone), 404) << gone.dump();
}

TEST(ServerModeration, ForceDisconnectTellsEveryone) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined m = Join(server, session, Role::kModerator);
  Joined p = Join(server, session);
  Joined watcher = Join(server, session);
  std::string stream = Publish(*p.client);
  json response =
      m.client->Request("forceDisconnect", {{"connectionId", p.connection_id}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  std::optional<json> notice = p.client->NextPush("disconnected");
  ASSERT_TRUE(notice.has_value());
  EXPECT_EQ((*notice)["reason"], "forceDisconnected");
  EXPECT_TRUE(p.client->WaitForClose());
  std::vector<json> seen = watcher.client->Drain(watcher.connection_id);
  ASSERT_GE(seen.size(), 2u);
  json stream_gone = seen[seen.size() - 2];
  json connection_gone = seen.back();
  EXPECT_EQ(stream_gone["type"], "streamDestroyed");
  EXPECT_EQ(stream_gone["reason"], "forceDisconnected");
  EXPECT_EQ(connection_gone["type"], "connectionDestroyed");
  EXPECT_EQ(connection_gone["connectionId"], p.connection_id);
  EXPECT_EQ(connection_gone["reason"], "forceDisconnected");
}

TEST(ServerModeration, ForceUnpublishTellsPublisher) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined m = Join(server, session, Role::kModerator);
  Joined p = Join(server, session);
  std::string stream = Publish(*p.client);
  ASSERT_TRUE(m.client->Request("forceUnpublish", {{"streamId", stream}})
                  .contains("result"));
  std::optional<json> gone = p.client->NextPush("streamDestroyed");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ((*gone)["streamId"], stream);
  EXPECT_EQ((*gone)["reason"], "forceUnpublished");
}

// A drop that recovers within the reconnect window is invisible to peers,
// and what was sent meanwhile arrives once.
TEST(ServerResume, WithinGraceKeepsConnection) {
  LogWatcher logs;
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  b.client->Drain(b.connection_id);
  std::string resume_key = a.snapshot["resumeKey"];
  a.client->Drop();
  // Until the server notices the drop, frames go to the dead socket and are
  // lost like any bytes in flight. So the test waits for the away state.
  ASSERT_TRUE(logs.WaitFor({"event=connection_away", a.connection_id}));
  json sent = b.client->Request("signal", {{"signalType", "chat"},
                                           {"data", "while away"},
                                           {"to", a.connection_id}});
  ASSERT_TRUE(sent.contains("result")) << sent.dump();
  WsClient again(server.port());
  again.ContinueFrom(*a.client);
  json resumed = again.Request("resume", {{"sessionId", session},
                                          {"connectionId", a.connection_id},
                                          {"resumeKey", resume_key},
                                          {"lastSeq", a.client->last_seq()}});
  ASSERT_TRUE(resumed.contains("result")) << resumed.dump();
  EXPECT_EQ(resumed["result"]["connection"]["connectionId"], a.connection_id);
  std::vector<json> seen = again.Drain(a.connection_id);
  ASSERT_EQ(CountType(seen, "signal"), 1);
  for (const json& push : seen) {
    if (push["type"] == "signal") EXPECT_EQ(push["data"], "while away");
  }
  EXPECT_TRUE(b.client->Drain(b.connection_id).empty());
}

TEST(ServerResume, RejectsWrongResumeKey) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined keep = Join(server, session);
  a.client->Drop();
  WsClient again(server.port());
  json resumed = again.Request("resume", {{"sessionId", session},
                                          {"connectionId", a.connection_id},
                                          {"resumeKey", "guess"}});
  EXPECT_EQ(ErrorCodeOf(resumed), 1004) << resumed.dump();
}

TEST(ServerResume, PastGracePeersSeeNetworkDisconnected) {
  ServerConfig config = TestConfig();
  config.resume_grace = std::chrono::milliseconds(100);
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  std::string stream = Publish(*a.client);
  a.client->Drop();
  std::optional<json> stream_gone = b.client->NextPush("streamDestroyed");
  ASSERT_TRUE(stream_gone.has_value());
  EXPECT_EQ((*stream_gone)["streamId"], stream);
  EXPECT_EQ((*stream_gone)["reason"], "networkDisconnected");
  std::optional<json> gone = b.client->NextPush("connectionDestroyed");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ((*gone)["connectionId"], a.connection_id);
  EXPECT_EQ((*gone)["reason"], "networkDisconnected");
  WsClient late(server.port());
  json resumed =
      late.Request("resume", {{"sessionId", session},
                              {"connectionId", a.connection_id},
                              {"resumeKey", a.snapshot["resumeKey"]}});
  EXPECT_EQ(ErrorCodeOf(resumed), 1006) << resumed.dump();
}

// A client that stops reading is cut off once its queue fills; the sender
// and the session carry on.
TEST(ServerLimits, SlowConsumerIsDisconnected) {
  ServerConfig config = TestConfig();
  config.limits.outbound_queue_messages = 8;
  config.limits.signals_per_second = 1e6;
  config.limits.signal_burst = 1e6;
  config.resume_grace = std::chrono::milliseconds(0);
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined sender = Join(server, session);
  Joined slow = Join(server, session);  // Never reads from here on.
  sender.client->Drain(sender.connection_id);
  std::string data(8000, 'x');
  bool cut_off = false;
  for (int i = 0; i < 20000 && !cut_off; ++i) {
    json response = sender.client->Request(
        "signal",
        {{"signalType", "flood"}, {"data", data}, {"to", slow.connection_id}});
    cut_off = ErrorCodeOf(response) == 404;
  }
  ASSERT_TRUE(cut_off) << "the slow client was never disconnected";
  std::optional<json> gone = sender.client->NextPush("connectionDestroyed");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ((*gone)["connectionId"], slow.connection_id);
  EXPECT_EQ((*gone)["reason"], "networkDisconnected");
  EXPECT_TRUE(sender.client->Request("heartbeat").contains("result"));
}

TEST(ServerFrames, BadFramesGetProtocolErrors) {
  LogWatcher logs;
  ServerConfig config = TestConfig();
  config.limits.max_message_bytes = 4096;
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined bystander = Join(server, session);
  struct Case {
    std::string frame;
    bool binary;
    std::string expected;
  } cases[] = {
      {"{not json", false, "JSON"},
      {R"({"v":1,"type":"teleport","id":5})", false, "teleport"},
      {std::string(5000, ' ') + "{}", false, "4096"},
      {R"({"v":1,"type":"heartbeat","id":6})", true, "binary"},
  };
  for (const Case& c : cases) {
    a.client->SendRaw(c.frame, c.binary);
    // Skip pushes about other clients, such as the bystander joining.
    std::optional<json> reply;
    do {
      reply = a.client->Next();
    } while (reply && (*reply)["type"] != "error" &&
             (*reply)["type"] != "response");
    ASSERT_TRUE(reply.has_value());
    json error = (*reply)["type"] == "response" ? (*reply)["error"] : *reply;
    EXPECT_EQ(error["code"], 2002) << reply->dump();
    std::string message = error["message"];
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
  }
  EXPECT_TRUE(a.client->Request("heartbeat").contains("result"));
  // Each rejection is logged with the connection it came from.
  EXPECT_TRUE(
      logs.WaitFor({"event=frame_rejected", a.connection_id, "teleport"}));
  EXPECT_TRUE(bystander.client->Request("heartbeat").contains("result"));
}

// RFC 6455 makes invalid UTF-8 in a text frame fatal (close code 1007).
TEST(ServerFrames, InvalidUtf8ClosesOnlyThatSocket) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined bystander = Join(server, session);
  a.client->SendRaw(R"({"v":1,"type":"heartbeat","id":9,"x":")"
                    "\xC3\x28"
                    R"("})");
  EXPECT_TRUE(a.client->WaitForClose());
  EXPECT_EQ(a.client->close_reason().code, 1007);
  EXPECT_TRUE(bystander.client->Request("heartbeat").contains("result"));
}

TEST(ServerLimits, ConnectionsPerSessionAnswer1027) {
  ServerConfig config = TestConfig();
  config.limits.connections_per_session = 2;
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  WsClient third(server.port());
  json response = third.Connect(session, server.Token(session));
  EXPECT_EQ(ErrorCodeOf(response), 1027) << response.dump();
  // Another session on the same server is not affected.
  Joined other = Join(server, server.NewSessionId());
  EXPECT_FALSE(other.connection_id.empty());
}

TEST(ServerOrigin, RejectsOriginsNotAllowed) {
  ServerConfig config = TestConfig();
  config.allowed_origins = {"http://good.test"};
  TestServer server(config);
  WsClient bad(server.port(), "http://evil.test");
  EXPECT_TRUE(bad.handshake_error());
  WsClient good(server.port(), "http://good.test");
  EXPECT_FALSE(good.handshake_error()) << good.handshake_error().message();
}

}  // namespace
}  // namespace sessioncore::server::testing
