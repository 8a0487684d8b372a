// The listener when the process runs out of file descriptors.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

// Lowers the soft descriptor limit so that no new descriptor can be made,
// and puts the old limit back when destroyed.
class DescriptorsExhausted {
 public:
  DescriptorsExhausted() {
    getrlimit(RLIMIT_NOFILE, &saved_);
    // A new descriptor takes the lowest free number; a limit equal to that
    // number leaves no room for one.
    int probe = dup(0);
    close(probe);
    rlimit low = saved_;
    low.rlim_cur = static_cast<rlim_t>(probe);
    setrlimit(RLIMIT_NOFILE, &low);
  }
  ~DescriptorsExhausted() { Restore(); }
  void Restore() { setrlimit(RLIMIT_NOFILE, &saved_); }

 private:
  rlimit saved_{};
};

// Connects `fd` to 127.0.0.1:`port`; the server need not accept first.
bool ConnectLoopback(int fd, uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
         0;
}

// Sends a plain HTTP request on `fd` and returns the server's response, read
// until the server closes the connection.
std::string HttpExchange(int fd) {
  const std::string request =
      "GET /no-such-page HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Connection: close\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) < 0) return "";
  timeval limit{static_cast<time_t>(kReadLimit.count()), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::string answer;
  char chunk[1024];
  ssize_t got;
  while ((got = recv(fd, chunk, sizeof chunk, 0)) > 0)
    answer.append(chunk, got);
  return answer;
}

TEST(ServerListener, RecoversAfterRunningOutOfDescriptors) {
  LogWatcher log;
  TestServer server;
  int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(client, 0);
  {
    DescriptorsExhausted exhausted;
    // The kernel completes the handshake into the listen backlog, but the
    // server cannot accept the socket until a descriptor is free.
    ASSERT_TRUE(ConnectLoopback(client, server.port()));
    EXPECT_TRUE(log.WaitFor({"event=accept_paused", "ms=100"}));
  }
  std::string answer = HttpExchange(client);
  close(client);
  EXPECT_EQ(answer.rfind("HTTP/1.1 404", 0), 0u) << answer;
}

}  // namespace
}  // namespace sessioncore::server::testing
