// WsClient: the client side of one WebSocket (RFC 6455) over plain TCP,
// for the load client. It does just what a load generator needs: a
// blocking connect and upgrade, masked text frames out, and text frames in
// without copying them when they arrive whole. It replies to pings with
// pongs and never compresses. It does not check the server's
// Sec-WebSocket-Accept value, because it only ever talks to servers started by
// the benchmark.
#ifndef SESSIONCORE_BENCH_WS_CLIENT_H_
#define SESSIONCORE_BENCH_WS_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sessioncore::bench {

class WsClient {
 public:
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Connects to `host`:`port` (an IPv4 address), sets TCP_NODELAY, sends
  // the upgrade request for `path` and waits for the 101 response. The
  // socket is non-blocking afterwards. Fails with kUnavailable when the
  // connection or the upgrade fails, naming the step and the error.
  static absl::StatusOr<std::unique_ptr<WsClient>> Open(std::string_view host,
                                                        uint16_t port,
                                                        std::string_view path);

  // Queues `text` as one masked text frame and writes as much of the
  // queue as the socket takes now. Fails when the socket is gone.
  absl::Status SendText(std::string_view text);

  // Writes what is still queued; true when the queue is empty afterwards.
  absl::StatusOr<bool> Flush();

  // Reads everything the socket has now and calls `on_text` with the
  // payload of each complete text message, in order. The view is valid
  // only during the call. Fails with kUnavailable on a close frame, the
  // end of the stream or a read error, and kDataLoss on a malformed frame.
  absl::Status ReadAvailable(absl::FunctionRef<void(std::string_view)> on_text);

  // Blocks until at least one text message arrived and was passed to
  // `on_text`, reading as ReadAvailable() does. Fails with
  // kDeadlineExceeded when nothing arrives for 30 s.
  absl::Status ReadBlocking(absl::FunctionRef<void(std::string_view)> on_text);

  int fd() const { return fd_; }
  bool has_pending_output() const { return out_offset_ < out_.size(); }

 private:
  explicit WsClient(int fd) : fd_(fd) {}
  absl::Status Handshake(std::string_view host, uint16_t port,
                         std::string_view path);
  void AppendFrame(uint8_t opcode, std::string_view payload);
  // Parses the frames in in_ and returns how many text messages it passed
  // to `on_text`, or an error for a close frame or a malformed frame.
  absl::StatusOr<int> ParseFrames(
      absl::FunctionRef<void(std::string_view)> on_text);
  absl::Status OnControlFrame(uint8_t opcode, std::string_view payload);

  int fd_ = -1;
  std::string in_;                    // Bytes read and not parsed yet.
  std::string out_;                   // Frames queued for the socket.
  std::size_t out_offset_ = 0;        // Bytes of out_ already written.
  std::string fragments_;             // Payload of a fragmented message so far.
  uint32_t mask_state_ = 0x9e3779b9;  // State of the masking-key generator.
};

}  // namespace sessioncore::bench

#endif  // SESSIONCORE_BENCH_WS_CLIENT_H_
