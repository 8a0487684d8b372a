// WsOutbox: the frames waiting to go out on one WebSocket, and the batch
// being written.
//
// Frames queue while a write is in flight. The next write takes up to
// kWsMaxBatchFrames of them at once: a gather list of header and payload
// pairs for a plain socket, or one contiguous copy for TLS, whose stream
// encrypts one buffer per record. Payloads are shared, never copied for
// the gather list. An empty outbox owns no heap memory.
#ifndef SESSIONCORE_SERVER_WS_OUTBOX_H_
#define SESSIONCORE_SERVER_WS_OUTBOX_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "boost/asio/buffer.hpp"
#include "server/ws_frame.h"

namespace sessioncore::server {

// Frames per write. Two buffers per frame keep a batch within the 64
// buffers that Asio passes to one writev() call.
inline constexpr std::size_t kWsMaxBatchFrames = 32;

// One outbound frame: its opcode and its payload.
struct WsOutFrame {
  std::shared_ptr<const std::string> payload;
  WsOpcode opcode = WsOpcode::kText;
};

class WsOutbox {
 public:
  WsOutbox();
  ~WsOutbox();

  // Frames queued or being written.
  std::size_t size() const;
  bool writing() const { return batch_ != nullptr; }
  bool has_queued() const { return !queue_.empty(); }

  // Appends `frame` after every frame already queued.
  void Push(WsOutFrame frame);

  // Moves up to kWsMaxBatchFrames queued frames into a new batch and
  // returns its gather list, valid until FinishBatch(). Requires
  // !writing() and has_queued().
  const std::vector<boost::asio::const_buffer>& StartGatherBatch();

  // The part of the gather batch not written yet. Requires writing().
  const std::vector<boost::asio::const_buffer>& GatherRemaining() const;

  // Marks the first `bytes` of GatherRemaining() as written; returns true
  // when the whole gather batch is out (FinishBatch() is still needed).
  bool ConsumeGather(std::size_t bytes);

  // The same, with every frame copied into one buffer.
  boost::asio::const_buffer StartFlatBatch();

  // Frees the batch once its write completed or failed.
  void FinishBatch();

  // Drops the frames not yet in a batch; the batch being written stays.
  void DropQueued();

 private:
  struct Batch;

  void MoveQueuedInto(Batch& batch);

  std::vector<WsOutFrame> queue_;
  std::unique_ptr<Batch> batch_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_WS_OUTBOX_H_
