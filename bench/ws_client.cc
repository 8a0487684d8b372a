#include "ws_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sessioncore::bench {
namespace {

constexpr uint8_t kOpContinuation = 0x0;
constexpr uint8_t kOpText = 0x1;
constexpr uint8_t kOpClose = 0x8;
constexpr uint8_t kOpPing = 0x9;
constexpr std::size_t kReadBytes = 65536;
// The upgrade response of either server is far below this.
constexpr std::size_t kMaxUpgradeResponse = 8192;
// How long ReadBlocking() waits for data. A stuck run then ends with an
// error instead of hanging; it is not a performance requirement.
constexpr int kReadTimeoutMs = 30000;

absl::Status SocketError(std::string_view step) {
  return absl::UnavailableError(
      absl::StrCat(step, " failed: ", std::strerror(errno)));
}

// Returns false when `timeout_ms` passed without any of `events`.
bool WaitFor(int fd, short events, int timeout_ms) {
  pollfd entry{fd, events, 0};
  return poll(&entry, 1, timeout_ms) != 0;
}

// Reads the payload length of the frame at `data` (RFC 6455 section 5.2).
// Returns the header length and stores the payload length, or 0 when the
// header is not complete yet.
std::size_t ReadHeader(std::string_view data, uint64_t& length) {
  if (data.size() < 2) return 0;
  const uint8_t short_length = static_cast<uint8_t>(data[1]) & 0x7f;
  std::size_t extra = 0;
  if (short_length == 126) extra = 2;
  if (short_length == 127) extra = 8;
  std::size_t mask = 0;
  if (static_cast<uint8_t>(data[1]) & 0x80) mask = 4;
  if (data.size() < 2 + extra + mask) return 0;
  length = short_length;
  if (extra > 0) {
    length = 0;
    for (std::size_t i = 0; i < extra; ++i) {
      length = (length << 8) | static_cast<uint8_t>(data[2 + i]);
    }
  }
  return 2 + extra + mask;
}

}  // namespace

WsClient::~WsClient() {
  if (fd_ >= 0) close(fd_);
}

absl::StatusOr<std::unique_ptr<WsClient>> WsClient::Open(
    std::string_view host, uint16_t port, std::string_view path) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return SocketError("socket");
  std::unique_ptr<WsClient> client(new WsClient(fd));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, std::string(host).c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("host \"", host, "\" is not an IPv4 address"));
  }
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    return SocketError(absl::StrCat("connect to ", host, ":", port));
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  absl::Status status = client->Handshake(host, port, path);
  if (!status.ok()) return status;
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return client;
}

// The key is fixed: the client does not verify the server's accept value.
absl::Status WsClient::Handshake(std::string_view host, uint16_t port,
                                 std::string_view path) {
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: ", host, ":", port,
                   "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n");
  if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return SocketError("sending the upgrade request");
  }
  char buffer[1024];
  while (in_.find("\r\n\r\n") == std::string::npos) {
    ssize_t got = recv(fd_, buffer, sizeof(buffer), 0);
    if (got <= 0) return SocketError("reading the upgrade response");
    in_.append(buffer, got);
    if (in_.size() > kMaxUpgradeResponse) {
      return absl::UnavailableError("upgrade response too long");
    }
  }
  if (in_.compare(0, 12, "HTTP/1.1 101") != 0) {
    return absl::UnavailableError(
        absl::StrCat("upgrade rejected: ", in_.substr(0, in_.find("\r\n"))));
  }
  in_.erase(0, in_.find("\r\n\r\n") + 4);
  return absl::OkStatus();
}

void WsClient::AppendFrame(uint8_t opcode, std::string_view payload) {
  out_.push_back(static_cast<char>(0x80 | opcode));
  const uint64_t size = payload.size();
  if (size < 126) {
    out_.push_back(static_cast<char>(0x80 | size));
  } else if (size <= 0xffff) {
    out_.push_back(static_cast<char>(0x80 | 126));
    out_.push_back(static_cast<char>(size >> 8));
    out_.push_back(static_cast<char>(size & 0xff));
  } else {
    out_.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<char>((size >> shift) & 0xff));
    }
  }
  // NOTE: xorshift masking keys are predictable. RFC 6455 requires
  // unpredictable keys to protect proxies, but this client talks only to
  // the benchmark's own servers on loopback.
  mask_state_ ^= mask_state_ << 13;
  mask_state_ ^= mask_state_ >> 17;
  mask_state_ ^= mask_state_ << 5;
  char mask[4];
  std::memcpy(mask, &mask_state_, 4);
  out_.append(mask, 4);
  const std::size_t start = out_.size();
  out_.append(payload);
  for (std::size_t i = 0; i < size; ++i) out_[start + i] ^= mask[i % 4];
}

absl::Status WsClient::SendText(std::string_view text) {
  AppendFrame(kOpText, text);
  return Flush().status();
}

absl::StatusOr<bool> WsClient::Flush() {
  while (out_offset_ < out_.size()) {
    ssize_t sent = send(fd_, out_.data() + out_offset_,
                        out_.size() - out_offset_, MSG_NOSIGNAL);
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
    if (sent < 0) return SocketError("send");
    out_offset_ += sent;
  }
  out_.clear();
  out_offset_ = 0;
  return true;
}

absl::Status WsClient::ReadAvailable(
    absl::FunctionRef<void(std::string_view)> on_text) {
  char buffer[kReadBytes];
  while (true) {
    ssize_t got = recv(fd_, buffer, sizeof(buffer), 0);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (got < 0) return SocketError("recv");
    if (got == 0) return absl::UnavailableError("the server closed the socket");
    in_.append(buffer, got);
    if (static_cast<std::size_t>(got) < sizeof(buffer)) break;
  }
  return ParseFrames(on_text).status();
}

absl::Status WsClient::ReadBlocking(
    absl::FunctionRef<void(std::string_view)> on_text) {
  int delivered = 0;
  auto count = [&](std::string_view text) {
    ++delivered;
    on_text(text);
  };
  while (delivered == 0) {
    if (!WaitFor(fd_, POLLIN, kReadTimeoutMs)) {
      return absl::DeadlineExceededError(
          absl::StrCat("timed out after ", kReadTimeoutMs / 1000,
                       " s without a message from the server"));
    }
    absl::Status status = ReadAvailable(count);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> WsClient::ParseFrames(
    absl::FunctionRef<void(std::string_view)> on_text) {
  std::size_t offset = 0;
  int messages = 0;
  while (true) {
    std::string_view rest(in_.data() + offset, in_.size() - offset);
    uint64_t length = 0;
    const std::size_t header = ReadHeader(rest, length);
    if (header == 0 || rest.size() - header < length) break;
    const uint8_t first = static_cast<uint8_t>(rest[0]);
    const uint8_t opcode = first & 0x0f;
    std::string_view payload = rest.substr(header, length);
    offset += header + length;
    if (opcode >= kOpClose) {
      absl::Status status = OnControlFrame(opcode, payload);
      if (!status.ok()) return status;
      continue;
    }
    if (opcode != kOpText && opcode != kOpContinuation) {
      return absl::DataLossError(absl::StrCat("invalid opcode ", opcode));
    }
    if (!(first & 0x80)) {
      fragments_.append(payload);
      continue;
    }
    if (!fragments_.empty()) {
      fragments_.append(payload);
      on_text(fragments_);
      fragments_.clear();
    } else {
      on_text(payload);
    }
    ++messages;
  }
  in_.erase(0, offset);
  return messages;
}

absl::Status WsClient::OnControlFrame(uint8_t opcode,
                                      std::string_view payload) {
  if (opcode == kOpClose) {
    uint16_t code = payload.size() >= 2
                        ? (static_cast<uint8_t>(payload[0]) << 8) |
                              static_cast<uint8_t>(payload[1])
                        : 0;
    return absl::UnavailableError(
        absl::StrCat("the server sent a close frame with code ", code));
  }
  if (opcode == kOpPing) {
    AppendFrame(0xA, payload);
    return Flush().status();
  }
  return absl::OkStatus();  // A pong.
}

}  // namespace sessioncore::bench
