// Test helpers for the server integration tests: a real Server on an
// ephemeral loopback port, and blocking WebSocket and HTTP clients built on
// Beast. Header-only because tests/CMakeLists.txt builds only *_test.cc
// files; each test file that includes it compiles Beast once.
//
// Reads wait at most kReadLimit. That limit only stops a broken test from
// hanging; no test asserts on how long anything takes.
#ifndef SESSIONCORE_TESTS_SERVER_SERVER_HARNESS_H_
#define SESSIONCORE_TESTS_SERVER_SERVER_HARNESS_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "boost/asio/connect.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/websocket.hpp"
#include "core/model.h"
#include "core/protocol/codec.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/auth/session_id.h"
#include "server/auth/token_minter.h"
#include "server/config.h"
#include "server/log.h"
#include "server/server.h"

namespace sessioncore::server::testing {

using nlohmann::json;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

inline constexpr std::chrono::seconds kReadLimit{30};

inline int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A configuration with the demo project, two threads and test-friendly
// limits; tests change fields before starting the server.
inline ServerConfig TestConfig() {
  ServerConfig config;
  config.listen_address = "127.0.0.1";
  config.port = 0;
  config.threads = 2;
  config.projects.push_back(
      {std::string(kDemoApiKey), std::string(kDemoApiSecret)});
  config.ice_servers.push_back({{"stun:127.0.0.1:3478"}, "", ""});
  return config;
}

// Captures the server's log lines while it exists, so a test can wait for
// an event that clients cannot see (such as the server noticing a dropped
// socket) and check what was logged.
class LogWatcher {
 public:
  LogWatcher() {
    SetLogSink([this](std::string_view line) {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.emplace_back(line);
      changed_.notify_all();
    });
  }
  ~LogWatcher() { SetLogSink(nullptr); }

  // Waits until a line contains every one of `parts`; returns false when
  // none does within kReadLimit.
  bool WaitFor(const std::vector<std::string>& parts) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kReadLimit, [&] { return Find(parts); });
  }

  // Returns a copy of every line so far.
  std::vector<std::string> Lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  bool Find(const std::vector<std::string>& parts) const {
    for (const std::string& line : lines_) {
      bool all = true;
      for (const std::string& part : parts) {
        all = all && line.find(part) != std::string::npos;
      }
      if (all) return true;
    }
    return false;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
};

// A Server started in the constructor and stopped in the destructor.
class TestServer {
 public:
  explicit TestServer(ServerConfig config = TestConfig())
      : config_(config), server_(std::move(config)) {
    absl::StatusOr<uint16_t> port = server_.Start();
    EXPECT_TRUE(port.ok()) << port.status();
    port_ = port.ok() ? *port : 0;
  }

  uint16_t port() const { return port_; }
  const ServerConfig& config() const { return config_; }

  // Returns a new relayed session ID of the demo project.
  std::string NewSessionId() const {
    auto id = auth::CreateSessionId(kDemoApiKey, auth::MediaMode::kRelayed, "",
                                    NowSeconds());
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or("");
  }

  // Returns a project JWT of the demo project.
  std::string Token(const std::string& session_id, Role role = Role::kPublisher,
                    const std::string& data = "") const {
    auth::TokenRequest request;
    request.session_id = session_id;
    request.role = role;
    request.connection_data = data;
    request.now = NowSeconds();
    auto token = auth::MintProjectJwt(kDemoApiKey, kDemoApiSecret, request);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

 private:
  ServerConfig config_;
  Server server_;
  uint16_t port_ = 0;
};

// A blocking WebSocket client that speaks protocol v1 as raw JSON, so tests
// can also send frames that a correct client never would.
class WsClient {
 public:
  explicit WsClient(uint16_t port, const std::string& origin = "") : ws_(io_) {
    net::ip::tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve("127.0.0.1", std::to_string(port));
    beast::get_lowest_layer(ws_).connect(*endpoints.begin());
    if (!origin.empty()) {
      ws_.set_option(websocket::stream_base::decorator(
          [origin](websocket::request_type& request) {
            request.set(http::field::origin, origin);
          }));
    }
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/v1/ws", ec_);
  }

  // The result of the handshake (set when the server refused the upgrade).
  beast::error_code handshake_error() const { return ec_; }

  // Sends `message` with a fresh `id` and `v: 1`; returns the id.
  int64_t Send(json message) {
    message["v"] = 1;
    message["id"] = ++last_id_;
    SendRaw(message.dump());
    return last_id_;
  }

  // The highest push seq this client has read; a resume from another
  // socket names it as lastSeq.
  int64_t last_seq() const { return last_seq_; }

  // Sets the seq that the next numbered push must carry minus one, for a
  // socket that resumes a connection another socket started.
  void set_last_seq(int64_t seq) { last_seq_ = seq; }

  // Request ids are unique for a whole connection, across resumes, so a
  // socket that resumes the connection of `other` goes on from its last id
  // (and from its last push seq).
  void ContinueFrom(const WsClient& other) {
    last_id_ = other.last_id_;
    last_seq_ = other.last_seq_;
  }

  void SendRaw(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    beast::error_code ec;
    ws_.write(net::buffer(text), ec);
    ASSERT_FALSE(ec) << ec.message();
  }

  // Returns the next frame, from the pushes kept by Request() first; an
  // empty optional when the socket closed or nothing came in time.
  std::optional<json> Next() {
    if (!kept_.empty()) {
      json frame = kept_.front();
      kept_.pop_front();
      return frame;
    }
    return ReadFrame();
  }

  // Sends a request and returns its response; pushes that arrive first are
  // kept for Next() and NextPush().
  json Request(const std::string& type, json fields = json::object()) {
    fields["type"] = type;
    int64_t id = Send(fields);
    return ResponseTo(id);
  }

  json ResponseTo(int64_t id) {
    for (;;) {
      std::optional<json> frame = ReadFrame();
      if (!frame) {
        ADD_FAILURE() << "no response to request " << id;
        return json();
      }
      if ((*frame)["type"] == "response" && (*frame)["id"] == id) return *frame;
      kept_.push_back(*frame);
    }
  }

  // Returns the next push of `type`, dropping pushes of other types; an
  // empty optional when none arrives.
  std::optional<json> NextPush(const std::string& type) {
    for (;;) {
      std::optional<json> frame = Next();
      if (!frame) return std::nullopt;
      if ((*frame)["type"] == type) return frame;
    }
  }

  // Collects every push that arrives before the response to a signal this
  // client sends to itself. The signal goes through the session's strand,
  // so every push queued for this client earlier comes first.
  std::vector<json> Drain(const std::string& my_connection_id) {
    json response = Request(
        "signal",
        {{"signalType", "drain"}, {"data", ""}, {"to", my_connection_id}});
    EXPECT_TRUE(response.contains("result")) << response.dump();
    std::vector<json> pushes;
    for (;;) {
      std::optional<json> frame = Next();
      if (!frame) {
        ADD_FAILURE() << "drain signal never arrived";
        return pushes;
      }
      if ((*frame)["type"] == "signal" && (*frame)["signalType"] == "drain") {
        return pushes;
      }
      pushes.push_back(*frame);
    }
  }

  // Sends connect and returns the response.
  json Connect(const std::string& session_id, const std::string& token,
               bool suppressed = false) {
    return Request(
        "connect",
        {{"sessionId", session_id},
         {"token", token},
         {"connectionEventsSuppressed", suppressed},
         {"client", {{"sdk", "sessioncore-js"}, {"version", "test"}}}});
  }

  // Closes the TCP connection without a WebSocket close, as a network loss
  // would.
  void Drop() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(
        net::socket_base::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  // Sends a close frame with `code` and waits for the server's close frame,
  // as a client that is done (1000, 1001) or abandons the socket does.
  void Close(uint16_t code) {
    beast::error_code ec;
    ws_.close(websocket::close_reason(code), ec);
    EXPECT_FALSE(ec) << ec.message();
    closed_ = true;
  }

  // Returns true when the server closes the socket (after any frames still
  // in flight, which are dropped).
  bool WaitForClose() {
    for (;;) {
      if (!ReadFrame()) return closed_;
    }
  }

  websocket::close_reason close_reason() const { return ws_.reason(); }

 private:
  std::optional<json> ReadFrame() {
    if (closed_) return std::nullopt;
    beast::flat_buffer buffer;
    beast::error_code ec;
    bool done = false;
    ws_.async_read(buffer, [&](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    io_.restart();
    io_.run_for(kReadLimit);
    if (!done) {
      ADD_FAILURE() << "no frame within " << kReadLimit.count() << " s";
      beast::get_lowest_layer(ws_).cancel();
      io_.restart();
      io_.run();
      closed_ = true;
      return std::nullopt;
    }
    if (ec) {
      closed_ = true;
      return std::nullopt;
    }
    std::string text = beast::buffers_to_string(buffer.data());
    // Every frame the server sends must decode with the shared codec.
    auto decoded = protocol::DecodeServerFrame(text);
    EXPECT_TRUE(decoded.ok()) << decoded.status() << " in " << text;
    if (decoded.ok() && decoded->seq != 0) {
      EXPECT_EQ(decoded->seq, last_seq_ + 1) << "pushes skipped a number";
      last_seq_ = decoded->seq;
    }
    return json::parse(text);
  }

  net::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::error_code ec_;
  int64_t last_id_ = 0;
  int64_t last_seq_ = 0;  // Highest push seq read from this socket.
  bool closed_ = false;
  std::deque<json> kept_;
};

// A connected client with its snapshot.
struct Joined {
  std::unique_ptr<WsClient> client;
  json snapshot;
  std::string connection_id;
};

inline Joined Join(const TestServer& server, const std::string& session_id,
                   Role role = Role::kPublisher, bool suppressed = false,
                   const std::string& data = "") {
  Joined joined;
  joined.client = std::make_unique<WsClient>(server.port());
  json response = joined.client->Connect(
      session_id, server.Token(session_id, role, data), suppressed);
  EXPECT_TRUE(response.contains("result")) << response.dump();
  if (response.contains("result")) {
    joined.snapshot = response["result"];
    joined.connection_id =
        joined.snapshot["connection"]["connectionId"].get<std::string>();
  }
  return joined;
}

// A publish request with audio and video.
inline json PublishFields(const std::string& name = "camera") {
  return {{"name", name},
          {"hasAudio", true},
          {"hasVideo", true},
          {"videoType", "camera"},
          {"videoDimensions", {{"width", 640}, {"height", 480}}},
          {"frameRate", 30}};
}

// Publishes and returns the new stream ID ("" on failure).
inline std::string Publish(WsClient& client, const std::string& name = "cam") {
  json response = client.Request("publish", PublishFields(name));
  EXPECT_TRUE(response.contains("result")) << response.dump();
  if (!response.contains("result")) return "";
  return response["result"]["stream"]["streamId"].get<std::string>();
}

// Returns the error code of a response, or 0 for a result.
inline int ErrorCodeOf(const json& response) {
  if (!response.contains("error")) return 0;
  return response["error"]["code"].get<int>();
}

// A blocking HTTP/1.1 client for the REST API.
inline http::response<http::string_body> HttpCall(
    uint16_t port, http::verb method, const std::string& target,
    const std::string& body = "",
    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  net::io_context io;
  beast::tcp_stream stream(io);
  net::ip::tcp::resolver resolver(io);
  stream.connect(*resolver.resolve("127.0.0.1", std::to_string(port)).begin());
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code ec;
  http::read(stream, buffer, response, ec);
  EXPECT_FALSE(ec) << ec.message();
  return response;
}

}  // namespace sessioncore::server::testing

#endif  // SESSIONCORE_TESTS_SERVER_SERVER_HARNESS_H_
