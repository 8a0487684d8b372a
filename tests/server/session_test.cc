// Integration tests of the client WebSocket protocol against a real server
// on loopback: tokens, joining, signals, roles and moderation.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/auth/crypto.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

std::vector<std::string> TypesOf(const std::vector<json>& pushes) {
  std::vector<std::string> types;
  for (const json& push : pushes) types.push_back(push["type"]);
  return types;
}

int CountType(const std::vector<json>& pushes, const std::string& type) {
  int count = 0;
  for (const json& push : pushes) count += push["type"] == type ? 1 : 0;
  return count;
}

TEST(ServerConnect, AcceptsProjectJwt) {
  TestServer server;
  std::string session = server.NewSessionId();
  WsClient client(server.port());
  json response = client.Connect(session, server.Token(session));
  ASSERT_TRUE(response.contains("result")) << response.dump();
  EXPECT_EQ(response["result"]["role"], "publisher");
  EXPECT_EQ(response["result"]["capabilities"]["publish"], true);
  EXPECT_EQ(response["result"]["capabilities"]["forceMute"], false);
  EXPECT_EQ(response["result"]["heartbeatIntervalMs"], 2000);
  EXPECT_EQ(response["result"]["reconnectWindowMs"], 30000);
  EXPECT_EQ(response["result"]["iceServers"][0]["urls"][0],
            "stun:127.0.0.1:3478");
}

TEST(ServerConnect, AcceptsT1Token) {
  TestServer server;
  std::string session = server.NewSessionId();
  auth::TokenRequest request;
  request.session_id = session;
  request.role = Role::kModerator;
  request.connection_data = "name=Ada";
  request.now = NowSeconds();
  auto token = auth::MintT1Token(kDemoApiKey, kDemoApiSecret, request);
  ASSERT_TRUE(token.ok()) << token.status();
  WsClient client(server.port());
  json response = client.Connect(session, *token);
  ASSERT_TRUE(response.contains("result")) << response.dump();
  EXPECT_EQ(response["result"]["role"], "moderator");
  EXPECT_EQ(response["result"]["connection"]["data"], "name=Ada");
}

TEST(ServerConnect, AcceptsApplicationJwt) {
  auto key = auth::RsaKey::Generate();
  ASSERT_TRUE(key.ok()) << key.status();
  const std::string app_id = "4d6a0c56-1f43-4bf5-9c3e-0a3c2b7f1e11";
  ServerConfig config = TestConfig();
  config.applications.push_back({app_id, (*key)->PublicPem()});
  TestServer server(config);
  auto session = auth::CreateSessionId(app_id, auth::MediaMode::kRelayed, "",
                                       NowSeconds());
  ASSERT_TRUE(session.ok()) << session.status();
  auth::TokenRequest request;
  request.session_id = *session;
  request.role = Role::kSubscriber;
  request.now = NowSeconds();
  auto token = auth::MintApplicationJwt(app_id, **key, request);
  ASSERT_TRUE(token.ok()) << token.status();
  WsClient client(server.port());
  json response = client.Connect(*session, *token);
  ASSERT_TRUE(response.contains("result")) << response.dump();
  EXPECT_EQ(response["result"]["role"], "subscriber");
  EXPECT_EQ(response["result"]["capabilities"]["publish"], false);
}

// Each bad token gets error 1004 with its reason, then the socket closes;
// the peer already in the session sees no connection come or go.
TEST(ServerConnect, RejectsBadTokensWithReason) {
  TestServer server;
  std::string session = server.NewSessionId();
  std::string other_session = server.NewSessionId();
  Joined peer = Join(server, session);
  auth::TokenRequest expired;
  expired.session_id = session;
  expired.now = NowSeconds() - 100;
  expired.ttl_seconds = 10;
  auth::TokenRequest valid;
  valid.session_id = session;
  valid.now = NowSeconds();
  struct Case {
    std::string token;
    std::string reason;
  } cases[] = {
      {auth::MintProjectJwt(kDemoApiKey, kDemoApiSecret, expired).value(),
       "expired"},
      {server.Token(other_session), "session mismatch"},
      {auth::MintProjectJwt(kDemoApiKey, "wrong-secret", valid).value(),
       "bad signature"},
      {"not-a-token", "malformed"},
  };
  for (const Case& c : cases) {
    WsClient client(server.port());
    json response = client.Connect(session, c.token);
    EXPECT_EQ(ErrorCodeOf(response), 1004) << response.dump();
    EXPECT_EQ(response["error"]["name"], "OT_AUTHENTICATION_ERROR");
    std::string message = response["error"]["message"];
    EXPECT_NE(message.find(c.reason), std::string::npos) << message;
    EXPECT_EQ(message.find(c.token), std::string::npos)
        << "the message must not quote the token";
    EXPECT_TRUE(client.WaitForClose());
  }
  EXPECT_TRUE(peer.client->Drain(peer.connection_id).empty());
}

TEST(ServerConnect, RejectsMalformedSessionId) {
  TestServer server;
  WsClient client(server.port());
  json response = client.Connect("abc", server.Token(server.NewSessionId()));
  EXPECT_EQ(ErrorCodeOf(response), 1005) << response.dump();
}

TEST(ServerConnect, RejectsRequestsBeforeConnect) {
  TestServer server;
  WsClient client(server.port());
  json response = client.Request("publish", PublishFields());
  EXPECT_EQ(ErrorCodeOf(response), 1010) << response.dump();
  EXPECT_EQ(response["error"]["name"], "OT_NOT_CONNECTED");
}

TEST(ServerConnect, RejectsSecondConnectOnSameSocket) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  json response = a.client->Connect(session, server.Token(session));
  EXPECT_EQ(ErrorCodeOf(response), 1015) << response.dump();
}

// A newcomer learns about everyone from the snapshot alone, and everyone
// else hears about the newcomer exactly once.
TEST(ServerJoin, BusySessionSnapshotAndEventsOnce) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined b = Join(server, session, Role::kPublisher, false, "name=B");
  std::string b_stream = Publish(*b.client);
  Joined c = Join(server, session, Role::kPublisher, false, "name=C");
  Joined a = Join(server, session);
  const json& snapshot = a.snapshot;
  ASSERT_EQ(snapshot["connections"].size(), 2u);
  EXPECT_EQ(snapshot["connections"][0]["connectionId"], b.connection_id);
  EXPECT_EQ(snapshot["connections"][0]["data"], "name=B");
  EXPECT_EQ(snapshot["connections"][1]["connectionId"], c.connection_id);
  ASSERT_EQ(snapshot["streams"].size(), 1u);
  EXPECT_EQ(snapshot["streams"][0]["streamId"], b_stream);
  EXPECT_EQ(snapshot["streams"][0]["connection"]["connectionId"],
            b.connection_id);
  EXPECT_TRUE(a.client->Drain(a.connection_id).empty());
  std::vector<json> seen_by_b = b.client->Drain(b.connection_id);
  EXPECT_EQ(CountType(seen_by_b, "connectionCreated"), 2);  // C, then A.
  std::vector<json> seen_by_c = c.client->Drain(c.connection_id);
  ASSERT_EQ(seen_by_c.size(), 1u);
  EXPECT_EQ(seen_by_c[0]["connection"]["connectionId"], a.connection_id);
}

TEST(ServerJoin, SuppressedClientGetsStreamsButNoConnections) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined b = Join(server, session);
  Joined a = Join(server, session, Role::kPublisher, /*suppressed=*/true);
  EXPECT_TRUE(a.snapshot["connections"].empty());
  Joined c = Join(server, session);
  std::string c_stream = Publish(*c.client);
  c.client->Request("disconnect");
  std::vector<json> seen = a.client->Drain(a.connection_id);
  EXPECT_EQ(TypesOf(seen),
            (std::vector<std::string>{"streamCreated", "streamDestroyed"}));
  EXPECT_EQ(seen[0]["stream"]["connection"]["connectionId"], c.connection_id);
  EXPECT_EQ(seen[1]["reason"], "clientDisconnected");
}

// Streams go before their connection when a client leaves.
TEST(ServerJoin, DisconnectDestroysStreamThenConnection) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  std::string stream = Publish(*b.client);
  json response = b.client->Request("disconnect");
  EXPECT_TRUE(response.contains("result"));
  EXPECT_TRUE(b.client->WaitForClose());
  std::vector<json> seen = a.client->Drain(a.connection_id);
  ASSERT_EQ(TypesOf(seen), (std::vector<std::string>{
                               "connectionCreated", "streamCreated",
                               "streamDestroyed", "connectionDestroyed"}));
  EXPECT_EQ(seen[2]["streamId"], stream);
  EXPECT_EQ(seen[2]["reason"], "clientDisconnected");
  EXPECT_EQ(seen[3]["reason"], "clientDisconnected");
}

TEST(ServerSignal, ToOneReachesOnlyThatConnection) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  Joined c = Join(server, session);
  json response = a.client->Request(
      "signal",
      {{"signalType", "chat"}, {"data", "1"}, {"to", b.connection_id}});
  EXPECT_TRUE(response.contains("result")) << response.dump();
  std::optional<json> got = b.client->NextPush("signal");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got)["data"], "1");
  EXPECT_EQ((*got)["signalType"], "chat");
  EXPECT_EQ((*got)["from"], a.connection_id);
  EXPECT_EQ(CountType(c.client->Drain(c.connection_id), "signal"), 0);
  EXPECT_EQ(CountType(a.client->Drain(a.connection_id), "signal"), 0);
}

TEST(ServerSignal, ToAllIncludesSenderInOrder) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  for (int i = 0; i < 50; ++i) {
    json response = a.client->Request(
        "signal", {{"signalType", "seq"}, {"data", std::to_string(i)}});
    ASSERT_TRUE(response.contains("result")) << response.dump();
  }
  for (WsClient* client : {a.client.get(), b.client.get()}) {
    for (int i = 0; i < 50; ++i) {
      std::optional<json> got = client->NextPush("signal");
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ((*got)["data"], std::to_string(i));
      EXPECT_EQ((*got)["from"], a.connection_id);
    }
  }
}

TEST(ServerSignal, EnforcesLimitsAtAndPast) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  struct Case {
    std::string type;
    std::string data;
    int code;
  } cases[] = {
      {std::string(128, 'a'), "x", 0},
      {std::string(129, 'a'), "x", 400},
      {"a b", "x", 400},
      {"a/b", "x", 400},
      {"a.b-c_d~", "x", 0},
      {"", "", 0},
      {"t", std::string(8192, 'd'), 0},
      {"t", std::string(8193, 'd'), 413},
      // 2731 three-byte characters: under 8192 characters, over 8192 bytes.
      {"t",
       [] {
         std::string s;
         for (int i = 0; i < 2731; ++i) s += "\xE2\x82\xAC";
         return s;
       }(),
       413},
  };
  for (const Case& c : cases) {
    json response =
        a.client->Request("signal", {{"signalType", c.type}, {"data", c.data}});
    EXPECT_EQ(ErrorCodeOf(response), c.code)
        << "type of " << c.type.size() << " chars, data of " << c.data.size()
        << " bytes: " << response.dump().substr(0, 300);
  }
  json unknown = a.client->Request(
      "signal", {{"signalType", "t"}, {"data", ""}, {"to", "no-such-id"}});
  EXPECT_EQ(ErrorCodeOf(unknown), 404) << unknown.dump();
}

TEST(ServerSignal, RateLimitAnswers429) {
  ServerConfig config = TestConfig();
  config.limits.signals_per_second = 0.001;
  config.limits.signal_burst = 3;
  TestServer server(config);
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  for (int i = 0; i < 3; ++i) {
    json response =
        a.client->Request("signal", {{"signalType", "t"}, {"data", "x"}});
    EXPECT_EQ(ErrorCodeOf(response), 0) << response.dump();
  }
  json limited =
      a.client->Request("signal", {{"signalType", "t"}, {"data", "x"}});
  EXPECT_EQ(ErrorCodeOf(limited), 429) << limited.dump();
  EXPECT_EQ(limited["error"]["name"], "OT_RATE_LIMIT_EXCEEDED");
}

TEST(ServerRoles, EachRoleGetsItsOpenTokError) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined publisher = Join(server, session, Role::kPublisher);
  std::string stream = Publish(*publisher.client);
  Joined subscriber = Join(server, session, Role::kSubscriber);
  Joined only = Join(server, session, Role::kPublisherOnly);
  EXPECT_EQ(ErrorCodeOf(subscriber.client->Request("publish", PublishFields())),
            1500);
  EXPECT_EQ(
      ErrorCodeOf(only.client->Request("subscribe", {{"streamId", stream}})),
      1501);
  WsClient& p = *publisher.client;
  EXPECT_EQ(ErrorCodeOf(p.Request("forceMuteAll",
                                  {{"excludedStreamIds", json::array()}})),
            1540);
  EXPECT_EQ(ErrorCodeOf(p.Request("forceMuteStream", {{"streamId", stream}})),
            1540);
  EXPECT_EQ(ErrorCodeOf(p.Request("disableForceMute")), 1540);
  EXPECT_EQ(ErrorCodeOf(p.Request("forceDisconnect",
                                  {{"connectionId", only.connection_id}})),
            1520);
  EXPECT_EQ(ErrorCodeOf(p.Request("forceUnpublish", {{"streamId", stream}})),
            1530);
  // Nothing happened to anyone: the subscriber saw no mute or departure.
  std::vector<json> seen = subscriber.client->Drain(subscriber.connection_id);
  EXPECT_EQ(CountType(seen, "muteForced"), 0);
  EXPECT_EQ(CountType(seen, "streamPropertyChanged"), 0);
  EXPECT_EQ(CountType(seen, "connectionDestroyed"), 0);
}

TEST(ServerMedia, SubscribePairsAndRelaysSdp) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined pub = Join(server, session);
  std::string stream = Publish(*pub.client);
  Joined sub = Join(server, session);
  json response = sub.client->Request("subscribe", {{"streamId", stream}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  std::string subscription = response["result"]["subscriptionId"];
  std::optional<json> joined = pub.client->NextPush("subscriberJoined");
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ((*joined)["subscriptionId"], subscription);
  EXPECT_EQ((*joined)["subscriberConnectionId"], sub.connection_id);
  pub.client->Request("sdp", {{"subscriptionId", subscription},
                              {"sdpType", "offer"},
                              {"sdp", "v=0\r\n"}});
  std::optional<json> offer = sub.client->NextPush("sdp");
  ASSERT_TRUE(offer.has_value());
  EXPECT_EQ((*offer)["sdpType"], "offer");
  sub.client->Request(
      "candidate", {{"subscriptionId", subscription},
                    {"candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"},
                    {"sdpMid", "0"},
                    {"sdpMLineIndex", 0}});
  std::optional<json> candidate = pub.client->NextPush("candidate");
  ASSERT_TRUE(candidate.has_value());
  EXPECT_EQ((*candidate)["sdpMid"], "0");
  pub.client->Request("unpublish", {{"streamId", stream}});
  std::optional<json> ended = sub.client->NextPush("subscriptionEnded");
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ((*ended)["reason"], "streamDestroyed");
  json late = sub.client->Request("subscribe", {{"streamId", stream}});
  EXPECT_EQ(ErrorCodeOf(late), 1502) << late.dump();
}

TEST(ServerMedia, UpdateStreamPushesOnlyChanges) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined pub = Join(server, session);
  Joined peer = Join(server, session);
  std::string stream = Publish(*pub.client);
  auto update = [&](bool value) {
    return pub.client->Request(
        "updateStream",
        {{"streamId", stream}, {"property", "hasAudio"}, {"value", value}});
  };
  EXPECT_TRUE(update(true).contains("result"));   // Already true.
  EXPECT_TRUE(update(false).contains("result"));  // Changes.
  EXPECT_TRUE(update(false).contains("result"));  // Already false.
  std::vector<json> seen = peer.client->Drain(peer.connection_id);
  ASSERT_EQ(CountType(seen, "streamPropertyChanged"), 1);
  json change = seen.back();
  EXPECT_EQ(change["oldValue"], true);
  EXPECT_EQ(change["newValue"], false);
  json foreign = peer.client->Request(
      "updateStream",
      {{"streamId", stream}, {"property", "hasVideo"}, {"value", false}});
  EXPECT_EQ(ErrorCodeOf(foreign), 403) << foreign.dump();
}

}  // namespace
}  // namespace sessioncore::server::testing
