// Integration tests of the REST API (the calls the Node SDK `opentok` 2.23
// makes), the demo token endpoint, static files and the store, with a real
// HTTP client against a real server on loopback.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "server/auth/jwt.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

// Returns a project JWT with a fresh jti, as the server SDKs sign one for
// each request; the server rejects a jti it has already accepted.
std::string ProjectJwt(
    const std::string& secret = std::string(kDemoApiSecret)) {
  static std::atomic<int> next_jti{0};
  int64_t now = NowSeconds();
  return auth::SignHs256({{"iss", std::string(kDemoApiKey)},
                          {"ist", "project"},
                          {"iat", now},
                          {"exp", now + 300},
                          {"jti", "test-" + std::to_string(++next_jti)}},
                         secret);
}

std::vector<std::pair<std::string, std::string>> Auth() {
  return {{"X-OPENTOK-AUTH", ProjectJwt()},
          {"Content-Type", "application/json"}};
}

std::string SessionPath(const std::string& session_id) {
  return "/v2/project/" + std::string(kDemoApiKey) + "/session/" + session_id;
}

TEST(ServerRest, CreatesSessionFromForm) {
  TestServer server;
  auto response =
      HttpCall(server.port(), http::verb::post, "/session/create",
               "archiveMode=manual&p2p.preference=enabled",
               {{"X-OPENTOK-AUTH", ProjectJwt()},
                {"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(response.result_int(), 200) << response.body();
  json body = json::parse(response.body());
  ASSERT_TRUE(body.is_array());
  std::string session_id = body[0]["session_id"];
  auto info = auth::DecodeSessionId(session_id);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->api_key, kDemoApiKey);
  EXPECT_EQ(info->media_mode, auth::MediaMode::kRelayed);
  // The session works for clients.
  Joined client = Join(server, session_id);
  EXPECT_FALSE(client.connection_id.empty());
}

TEST(ServerRest, ReplayedJwtGets401NamingJti) {
  TestServer server;
  std::vector<std::pair<std::string, std::string>> headers = Auth();
  std::string path = SessionPath(server.NewSessionId()) + "/stream";
  auto first = HttpCall(server.port(), http::verb::get, path, "", headers);
  ASSERT_EQ(first.result_int(), 200) << first.body();
  auto replayed = HttpCall(server.port(), http::verb::get, path, "", headers);
  EXPECT_EQ(replayed.result_int(), 401) << replayed.body();
  json body = json::parse(replayed.body());
  std::string message = body["message"];
  EXPECT_EQ(message.rfind("token replayed", 0), 0u) << message;
  EXPECT_NE(message.find("jti \"test-"), std::string::npos) << message;
}

TEST(ServerRest, CreatesRoutedSession) {
  TestServer server;
  auto response =
      HttpCall(server.port(), http::verb::post, "/session/create",
               "p2p.preference=disabled",
               {{"X-OPENTOK-AUTH", ProjectJwt()},
                {"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(response.result_int(), 200) << response.body();
  std::string session_id = json::parse(response.body())[0]["session_id"];
  EXPECT_EQ(auth::DecodeSessionId(session_id)->media_mode,
            auth::MediaMode::kRouted);
}

TEST(ServerRest, RejectsBadCredentials) {
  LogWatcher logs;
  TestServer server;
  std::string wrong = ProjectJwt("wrong-secret");
  auto response = HttpCall(server.port(), http::verb::post, "/session/create",
                           "", {{"X-OPENTOK-AUTH", wrong}});
  EXPECT_EQ(response.result_int(), 401) << response.body();
  auto missing = HttpCall(server.port(), http::verb::get,
                          SessionPath(server.NewSessionId()) + "/stream");
  EXPECT_EQ(missing.result_int(), 401) << missing.body();
  EXPECT_TRUE(logs.WaitFor({"event=rest_rejected"}));
  for (const std::string& line : logs.Lines()) {
    EXPECT_EQ(line.find(wrong), std::string::npos) << "token logged: " << line;
  }
}

TEST(ServerRest, RejectsSessionOfAnotherProject) {
  ServerConfig config = TestConfig();
  config.projects.push_back({"200", "other-secret"});
  TestServer server(config);
  auto other =
      auth::CreateSessionId("200", auth::MediaMode::kRelayed, "", NowSeconds());
  ASSERT_TRUE(other.ok());
  auto response = HttpCall(server.port(), http::verb::get,
                           SessionPath(*other) + "/stream", "", Auth());
  EXPECT_EQ(response.result_int(), 403) << response.body();
}

TEST(ServerRest, SignalsSessionAndConnection) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  auto all = HttpCall(server.port(), http::verb::post,
                      SessionPath(session) + "/signal",
                      R"({"type":"news","data":"to all"})", Auth());
  EXPECT_EQ(all.result_int(), 204) << all.body();
  auto one = HttpCall(
      server.port(), http::verb::post,
      SessionPath(session) + "/connection/" + b.connection_id + "/signal",
      R"({"type":"dm","data":"to b"})", Auth());
  EXPECT_EQ(one.result_int(), 204) << one.body();
  std::optional<json> a_got = a.client->NextPush("signal");
  ASSERT_TRUE(a_got.has_value());
  EXPECT_EQ((*a_got)["data"], "to all");
  EXPECT_FALSE(a_got->contains("from"));
  std::optional<json> b_first = b.client->NextPush("signal");
  std::optional<json> b_second = b.client->NextPush("signal");
  ASSERT_TRUE(b_first.has_value());
  ASSERT_TRUE(b_second.has_value());
  EXPECT_EQ((*b_second)["data"], "to b");
  auto too_long = HttpCall(
      server.port(), http::verb::post, SessionPath(session) + "/signal",
      json{{"type", "t"}, {"data", std::string(8193, 'x')}}.dump(), Auth());
  EXPECT_EQ(too_long.result_int(), 413) << too_long.body();
  auto unknown = HttpCall(server.port(), http::verb::post,
                          SessionPath(session) + "/connection/nobody/signal",
                          R"({"data":"x"})", Auth());
  EXPECT_EQ(unknown.result_int(), 404) << unknown.body();
}

TEST(ServerRest, ForceDisconnectAndMute) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  Joined b = Join(server, session);
  std::string a_stream = Publish(*a.client);
  std::string b_stream = Publish(*b.client);
  auto mute = HttpCall(
      server.port(), http::verb::post, SessionPath(session) + "/mute",
      json{{"active", true}, {"excludedStreamIds", {b_stream}}}.dump(), Auth());
  EXPECT_EQ(mute.result_int(), 200) << mute.body();
  std::optional<json> forced = b.client->NextPush("muteForced");
  ASSERT_TRUE(forced.has_value());
  EXPECT_EQ((*forced)["active"], true);
  auto stream_mute = HttpCall(
      server.port(), http::verb::post,
      SessionPath(session) + "/stream/" + b_stream + "/mute", "{}", Auth());
  EXPECT_EQ(stream_mute.result_int(), 200) << stream_mute.body();
  auto disable =
      HttpCall(server.port(), http::verb::post, SessionPath(session) + "/mute",
               R"({"active":false})", Auth());
  EXPECT_EQ(disable.result_int(), 200) << disable.body();
  std::optional<json> off = b.client->NextPush("muteForced");
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ((*off)["active"], false);
  auto kick = HttpCall(server.port(), http::verb::delete_,
                       SessionPath(session) + "/connection/" + a.connection_id,
                       "", Auth());
  EXPECT_EQ(kick.result_int(), 204) << kick.body();
  std::optional<json> gone = b.client->NextPush("connectionDestroyed");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ((*gone)["reason"], "forceDisconnected");
}

TEST(ServerRest, ListsAndGetsStreams) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined a = Join(server, session);
  std::string stream = Publish(*a.client, "front door");
  auto list = HttpCall(server.port(), http::verb::get,
                       SessionPath(session) + "/stream", "", Auth());
  ASSERT_EQ(list.result_int(), 200) << list.body();
  json body = json::parse(list.body());
  EXPECT_EQ(body["count"], 1);
  EXPECT_EQ(body["items"][0]["id"], stream);
  EXPECT_EQ(body["items"][0]["name"], "front door");
  EXPECT_EQ(body["items"][0]["videoType"], "camera");
  auto one = HttpCall(server.port(), http::verb::get,
                      SessionPath(session) + "/stream/" + stream, "", Auth());
  ASSERT_EQ(one.result_int(), 200) << one.body();
  EXPECT_EQ(json::parse(one.body())["id"], stream);
  auto missing = HttpCall(server.port(), http::verb::get,
                          SessionPath(session) + "/stream/nope", "", Auth());
  EXPECT_EQ(missing.result_int(), 404) << missing.body();
}

TEST(ServerRest, IssueReportSurvivesRestart) {
  std::filesystem::path db = std::filesystem::temp_directory_path() /
                             ("sessioncore-h3-" + std::to_string(NowSeconds()) +
                              "-" + std::to_string(::getpid()) + ".sqlite");
  ServerConfig config = TestConfig();
  config.database_path = db.string();
  std::string issue_id;
  {
    TestServer server(config);
    Joined a = Join(server, server.NewSessionId());
    json response =
        a.client->Request("reportIssue", {{"description", "echo on audio"}});
    ASSERT_TRUE(response.contains("result")) << response.dump();
    issue_id = response["result"]["issueId"];
  }
  TestServer restarted(config);
  auto report =
      HttpCall(restarted.port(), http::verb::get,
               "/v2/project/" + std::string(kDemoApiKey) + "/issue/" + issue_id,
               "", Auth());
  ASSERT_EQ(report.result_int(), 200) << report.body();
  EXPECT_EQ(json::parse(report.body())["description"], "echo on audio");
  std::filesystem::remove(db);
}

TEST(ServerRest, DemoTokenEndpointOnlyWhenEnabled) {
  TestServer off;
  auto disabled =
      HttpCall(off.port(), http::verb::post, "/v1/demo/token", "{}");
  EXPECT_EQ(disabled.result_int(), 404);
  ServerConfig config = TestConfig();
  config.demo_token_endpoint = true;
  TestServer on(config);
  auto minted = HttpCall(on.port(), http::verb::post, "/v1/demo/token",
                         R"({"role":"moderator"})");
  ASSERT_EQ(minted.result_int(), 200) << minted.body();
  json body = json::parse(minted.body());
  WsClient client(on.port());
  json response = client.Connect(body["sessionId"], body["token"]);
  ASSERT_TRUE(response.contains("result")) << response.dump();
  EXPECT_EQ(response["result"]["role"], "moderator");
}

TEST(ServerStatic, ServesFilesWithContentTypes) {
  std::filesystem::path root =
      std::filesystem::temp_directory_path() /
      ("sessioncore-h3-static-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  std::ofstream(root / "index.html") << "<h1>demo</h1>";
  std::ofstream(root / "core.wasm") << "\0asm";
  ServerConfig config = TestConfig();
  config.static_root = root.string();
  TestServer server(config);
  auto index = HttpCall(server.port(), http::verb::get, "/");
  EXPECT_EQ(index.result_int(), 200);
  EXPECT_EQ(index.body(), "<h1>demo</h1>");
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  auto wasm = HttpCall(server.port(), http::verb::get, "/core.wasm");
  EXPECT_EQ(wasm[http::field::content_type], "application/wasm");
  auto escape = HttpCall(server.port(), http::verb::get, "/../etc/passwd");
  EXPECT_EQ(escape.result_int(), 400);
  auto missing = HttpCall(server.port(), http::verb::get, "/nope.js");
  EXPECT_EQ(missing.result_int(), 404);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace sessioncore::server::testing
