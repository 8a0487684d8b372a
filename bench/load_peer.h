// LoadPeer: one member of a session or relay room, as the load client
// drives it. It joins either server, sends signals and heartbeats encoded
// with the core codec, and remembers the last push `seq` so that its
// heartbeats acknowledge what arrived.
//
// sessioncore: the peer sends `connect` with a project JWT minted by the
// server library's token minter, with connectionEventsSuppressed, and
// reads its connection ID from the Snapshot. Relay (bench/ws-relay.mjs):
// the peer sends {"room", "id"} and then a signal to itself, because the
// relay sends nothing back for a join.
#ifndef SESSIONCORE_BENCH_LOAD_PEER_H_
#define SESSIONCORE_BENCH_LOAD_PEER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ws_client.h"

namespace sessioncore::bench {

// The server under test.
struct LoadTarget {
  bool relay = false;  // bench/ws-relay.mjs instead of sessioncore-server.
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string path = "/v1/ws";
  std::string api_key;     // sessioncore only: the project of the sessions.
  std::string api_secret;  // sessioncore only.
};

class LoadPeer {
 public:
  // Opens a socket to `target` and joins `room` (a session ID, or any
  // relay room name). `index` makes relay IDs unique within the process.
  // Fails with the socket's error or the server's error response.
  static absl::StatusOr<std::unique_ptr<LoadPeer>> Join(
      const LoadTarget& target, const std::string& room, int index);

  // Sends a signal of `type` with data "x" to connection `to`, or to the
  // whole room without `to`.
  absl::Status SendSignal(std::string_view type,
                          const std::optional<std::string>& to);

  // sessioncore only: sends a heartbeat whose `ack` is the last push seq
  // seen (0 before any), as the browser client does. Does nothing for the
  // relay.
  absl::Status SendHeartbeat();

  // Records the `seq` of `text` when it is a numbered push. The server
  // writes `seq` as the first key, so no JSON parse is needed.
  void NoteSeq(std::string_view text);

  // The ID that other peers use as `to`.
  const std::string& id() const { return id_; }
  WsClient& socket() { return *socket_; }

 private:
  LoadPeer(const LoadTarget& target, std::unique_ptr<WsClient> socket)
      : relay_(target.relay), socket_(std::move(socket)) {}
  absl::Status ConnectToSession(const LoadTarget& target,
                                const std::string& session_id);
  absl::Status JoinRelayRoom(const std::string& room, int index);

  bool relay_ = false;
  std::unique_ptr<WsClient> socket_;
  std::string id_;
  int64_t next_request_id_ = 1;
  int64_t last_seq_ = 0;
};

}  // namespace sessioncore::bench

#endif  // SESSIONCORE_BENCH_LOAD_PEER_H_
