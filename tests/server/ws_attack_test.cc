// Attacks on the server's own RFC 6455 framing from a raw TCP client that
// writes bytes a correct client never would: a request pipelined after the
// upgrade, frames in the upgrade packet, forbidden close codes, control
// frames between fragments. Where a session is involved, a test also checks
// that two well-behaved clients of that session still exchange signals.
#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/write.hpp"
#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

using tcp = net::ip::tcp;

// A masked client frame with `opcode`, the FIN bit set when `fin`.
std::string ClientFrame(uint8_t opcode, const std::string& payload,
                        bool fin = true) {
  std::string out;
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | opcode));
  std::size_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(0x80 | size));
  } else {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xFF));
  }
  const char mask[4] = {0x12, 0x34, 0x56, 0x78};
  out.append(mask, 4);
  for (std::size_t i = 0; i < size; ++i)
    out.push_back(payload[i] ^ mask[i % 4]);
  return out;
}

std::string CloseBody(uint16_t code) {
  return {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
}

std::string UpgradeRequest(uint16_t port) {
  return "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\n\r\n";
}

// One server frame as the raw client read it.
struct ServerFrame {
  uint8_t opcode = 0;
  std::string payload;
};

// A blocking client on a plain TCP socket that sends hand-made bytes and
// parses the server's unmasked frames.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : socket_(io_) {
    socket_.connect({net::ip::make_address("127.0.0.1"), port});
    // Reads give up after kReadLimit, so a server that never responds fails
    // the test instead of hanging it.
    timeval limit{static_cast<time_t>(kReadLimit.count()), 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit,
               sizeof(limit));
  }

  // Sends the upgrade request followed by `extra` in one write and returns
  // the status line of the response.
  std::string Upgrade(uint16_t port, const std::string& extra = "") {
    Write(UpgradeRequest(port) + extra);
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(buffer_.size() + 1)) return "";
    }
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    return head.substr(0, head.find("\r\n"));
  }

  void Write(const std::string& bytes) {
    beast::error_code ec;
    net::write(socket_, net::buffer(bytes), ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  // Reads one byte of the response head; false when the socket ended.
  bool ReadByte(char& byte) {
    if (!Fill(1)) return false;
    byte = buffer_[0];
    buffer_.erase(0, 1);
    return true;
  }

  // Returns the next frame, or nothing when the socket ended first.
  std::optional<ServerFrame> ReadFrame() {
    if (!Fill(2)) return std::nullopt;
    uint8_t length = static_cast<uint8_t>(buffer_[1]) & 0x7F;
    std::size_t header = 2;
    if (length == 126) header = 4;
    if (length == 127) header = 10;
    if (!Fill(header)) return std::nullopt;
    uint64_t size = length;
    if (length >= 126) {
      size = 0;
      for (std::size_t i = 2; i < header; ++i) {
        size = (size << 8) | static_cast<uint8_t>(buffer_[i]);
      }
    }
    if (!Fill(header + size)) return std::nullopt;
    ServerFrame frame{static_cast<uint8_t>(buffer_[0] & 0x0F),
                      buffer_.substr(header, size)};
    buffer_.erase(0, header + size);
    return frame;
  }

  // Reads until a close frame and returns its code (0 for an empty body,
  // -1 when the socket ended without one).
  int ReadCloseCode() {
    while (std::optional<ServerFrame> frame = ReadFrame()) {
      if (frame->opcode != 0x8) continue;
      if (frame->payload.size() < 2) return 0;
      return (static_cast<uint8_t>(frame->payload[0]) << 8) |
             static_cast<uint8_t>(frame->payload[1]);
    }
    return -1;
  }

 private:
  bool Fill(std::size_t size) {
    while (buffer_.size() < size) {
      char chunk[4096];
      beast::error_code ec;
      std::size_t got = socket_.read_some(net::buffer(chunk), ec);
      if (ec) return false;
      buffer_.append(chunk, got);
    }
    return true;
  }

  net::io_context io_;
  tcp::socket socket_;
  std::string buffer_;
};

// Two well-behaved clients of one session: `receiver` must get a signal
// that `sender` broadcasts after an attack on another socket.
bool PeersStillTalk(Joined& sender, Joined& receiver, const std::string& tag) {
  json response =
      sender.client->Request("signal", {{"signalType", tag}, {"data", tag}});
  if (!response.contains("result")) return false;
  std::optional<json> push = receiver.client->NextPush("signal");
  return push && (*push)["signalType"] == tag;
}

TEST(WsAttack, PipelinedRequestGetsClose1002) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined sender = Join(server, session);
  Joined receiver = Join(server, session);
  RawClient attacker(server.port());
  EXPECT_EQ(attacker.Upgrade(server.port(),
                             "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            "HTTP/1.1 101 Switching Protocols");
  EXPECT_EQ(attacker.ReadCloseCode(), 1002);
  EXPECT_TRUE(PeersStillTalk(sender, receiver, "after-pipelined"));
}

TEST(WsAttack, UnmaskedEarlyFrameGetsClose1002) {
  TestServer server;
  RawClient attacker(server.port());
  std::string unmasked = {static_cast<char>(0x81), 0x02, '{', '}'};
  EXPECT_EQ(attacker.Upgrade(server.port(), unmasked),
            "HTTP/1.1 101 Switching Protocols");
  EXPECT_EQ(attacker.ReadCloseCode(), 1002);
}

TEST(WsAttack, EarlyPingGetsPong) {
  TestServer server;
  RawClient attacker(server.port());
  attacker.Upgrade(server.port(), ClientFrame(0x9, "early"));
  std::optional<ServerFrame> pong = attacker.ReadFrame();
  ASSERT_TRUE(pong.has_value());
  EXPECT_EQ(pong->opcode, 0xA);
  EXPECT_EQ(pong->payload, "early");
}

TEST(WsAttack, ForbiddenCloseCodesGetClose1002) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined sender = Join(server, session);
  Joined receiver = Join(server, session);
  for (uint16_t code : {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
    RawClient attacker(server.port());
    attacker.Upgrade(server.port());
    attacker.Write(ClientFrame(0x8, CloseBody(code)));
    EXPECT_EQ(attacker.ReadCloseCode(), 1002) << "close code " << code;
  }
  EXPECT_TRUE(PeersStillTalk(sender, receiver, "after-close-codes"));
}

TEST(WsAttack, OneByteCloseBodyGetsClose1002) {
  TestServer server;
  RawClient attacker(server.port());
  attacker.Upgrade(server.port());
  attacker.Write(ClientFrame(0x8, std::string(1, '\x03')));
  EXPECT_EQ(attacker.ReadCloseCode(), 1002);
}

TEST(WsAttack, InvalidUtf8CloseReasonGetsClose1007) {
  TestServer server;
  RawClient attacker(server.port());
  attacker.Upgrade(server.port());
  attacker.Write(ClientFrame(0x8, CloseBody(1000) + "\xff\xfe"));
  EXPECT_EQ(attacker.ReadCloseCode(), 1007);
}

TEST(WsAttack, ControlFramesBetweenFragmentsAnswered) {
  TestServer server;
  RawClient attacker(server.port());
  attacker.Upgrade(server.port());
  attacker.Write(ClientFrame(0x1, "{\"v\":1,", false) + ClientFrame(0x9, "p1") +
                 ClientFrame(0xA, "unasked") +
                 ClientFrame(0x0, "\"type\":\"heartbeat\",", false) +
                 ClientFrame(0x9, "p2") + ClientFrame(0x0, "\"id\":7}"));
  std::vector<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    std::optional<ServerFrame> frame = attacker.ReadFrame();
    ASSERT_TRUE(frame.has_value());
    seen.push_back(std::to_string(frame->opcode) + ":" + frame->payload);
  }
  EXPECT_EQ(seen[0], "10:p1");
  EXPECT_EQ(seen[1], "10:p2");
  // The server joins the fragments and responds to the request; before
  // connect, the response is an error that carries the request's id.
  EXPECT_EQ(seen[2].substr(0, 2), "1:");
  EXPECT_NE(seen[2].find("\"id\":7"), std::string::npos) << seen[2];
}

TEST(WsAttack, ZeroLengthFragmentsStillJoin) {
  TestServer server;
  RawClient attacker(server.port());
  attacker.Upgrade(server.port());
  std::string frames = ClientFrame(0x1, "", false);
  for (int i = 0; i < 5000; ++i) frames += ClientFrame(0x0, "", false);
  frames += ClientFrame(0x0, "{\"v\":1,\"type\":\"heartbeat\",\"id\":9}");
  attacker.Write(frames);
  std::optional<ServerFrame> frame = attacker.ReadFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 0x1);
  EXPECT_NE(frame->payload.find("\"id\":9"), std::string::npos)
      << frame->payload;
}

// Sends connect on an upgraded raw socket and reads its response.
void RawConnect(RawClient& client, const TestServer& server,
                const std::string& session) {
  json connect = {{"v", 1},
                  {"type", "connect"},
                  {"id", 1},
                  {"sessionId", session},
                  {"token", server.Token(session)},
                  {"connectionEventsSuppressed", true},
                  {"client", {{"sdk", "raw"}, {"version", "test"}}}};
  client.Write(ClientFrame(0x1, connect.dump()));
  std::optional<ServerFrame> response = client.ReadFrame();
  ASSERT_TRUE(response.has_value());
  ASSERT_NE(response->payload.find("\"result\""), std::string::npos)
      << response->payload;
}

// A client that pipelines more requests in one TCP segment than
// outboundQueueMessages, and reads every response, is not a slow consumer.
TEST(WsAttack, PipelinedRequestBurstAllAnswered) {
  TestServer server;
  std::string session = server.NewSessionId();
  RawClient client(server.port());
  client.Upgrade(server.port());
  RawConnect(client, server, session);
  const int requests = 1100;
  std::string burst;
  for (int i = 0; i < requests; ++i) {
    burst += ClientFrame(
        0x1, json({{"v", 1}, {"type", "heartbeat"}, {"id", 100 + i}}).dump());
  }
  client.Write(burst);
  int answered = 0;
  while (answered < requests) {
    std::optional<ServerFrame> frame = client.ReadFrame();
    if (!frame) break;
    if (frame->opcode == 0x1) ++answered;
  }
  EXPECT_EQ(answered, requests);
}

// RFC 6455 section 5.5.3 lets the server reply with a pong to only the
// latest of several pings. Dropping the socket without a close frame is not
// such a reply.
TEST(WsAttack, PingBurstKeepsSocket) {
  TestServer server;
  RawClient client(server.port());
  client.Upgrade(server.port());
  std::string pings;
  for (int i = 0; i < 1100; ++i) pings += ClientFrame(0x9, "");
  client.Write(pings +
               ClientFrame(0x1, R"({"v":1,"type":"heartbeat","id":5})"));
  std::optional<ServerFrame> frame;
  while ((frame = client.ReadFrame()) && frame->opcode == 0xA) {
  }
  ASSERT_TRUE(frame.has_value()) << "socket dropped after a ping burst";
  EXPECT_EQ(frame->opcode, 0x1);
}

// Ten members each send the victim, in one write, the burst of signals that
// their rate limit allows. The victim reads everything, so it must receive
// all of them.
TEST(WsAttack, SignalBurstsKeepReadingPeer) {
  TestServer server;
  std::string session = server.NewSessionId();
  Joined victim = Join(server, session);
  const int senders = 10;
  const int per_sender = 200;  // signalBurst
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < senders; ++i) {
    clients.push_back(std::make_unique<RawClient>(server.port()));
    clients.back()->Upgrade(server.port());
    RawConnect(*clients.back(), server, session);
  }
  for (auto& client : clients) {
    std::string burst;
    for (int i = 0; i < per_sender; ++i) {
      burst += ClientFrame(0x1, json({{"v", 1},
                                      {"type", "signal"},
                                      {"id", 10 + i},
                                      {"signalType", "burst"},
                                      {"data", "x"},
                                      {"to", victim.connection_id}})
                                    .dump());
    }
    client->Write(burst);
  }
  int received = 0;
  while (received < senders * per_sender) {
    std::optional<json> push = victim.client->NextPush("signal");
    if (!push) break;
    ++received;
  }
  EXPECT_EQ(received, senders * per_sender);
}

// RFC 6455 section 4.4: a refused version gets the supported ones.
TEST(WsAttack, RefusedVersionNames13) {
  TestServer server;
  RawClient client(server.port());
  std::string request = UpgradeRequest(server.port());
  request.replace(request.find("Version: 13"), 11, "Version: 8");
  client.Write(request);
  std::string head;
  char byte;
  while (head.find("\r\n\r\n") == std::string::npos && client.ReadByte(byte)) {
    head.push_back(byte);
  }
  EXPECT_EQ(head.substr(0, 12), "HTTP/1.1 426");
  EXPECT_NE(head.find("Sec-WebSocket-Version: 13"), std::string::npos) << head;
}

// A socket that upgrades but never joins a session may not stay open by
// pinging: until it shows a token it could hold a partial message of up to
// maxMessageBytes. It is closed with 1008 after a few heartbeat periods.
TEST(WsAttack, SocketThatNeverJoinsIsClosedWith1008) {
  ServerConfig config = TestConfig();
  config.heartbeat_interval = std::chrono::milliseconds(100);
  TestServer server(config);
  RawClient attacker(server.port());
  attacker.Upgrade(server.port());
  int close_code = -1;
  // Sends far more pings than the heartbeat periods the server allows. The
  // server replies to each with a pong until it closes the socket.
  for (int ping = 0; ping < 400 && close_code == -1; ++ping) {
    attacker.Write(ClientFrame(0x9, "still here"));
    std::optional<ServerFrame> frame = attacker.ReadFrame();
    ASSERT_TRUE(frame.has_value()) << "socket ended without a close frame";
    if (frame->opcode == 0x8) {
      ASSERT_GE(frame->payload.size(), 2u);
      close_code = (static_cast<uint8_t>(frame->payload[0]) << 8) |
                   static_cast<uint8_t>(frame->payload[1]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(close_code, 1008);
}

}  // namespace
}  // namespace sessioncore::server::testing
