#include "server/ws_outbox.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

namespace sessioncore::server {

struct WsOutbox::Batch {
  std::vector<WsOutFrame> frames;
  std::vector<std::array<uint8_t, kWsMaxServerHeaderBytes>> headers;
  std::vector<boost::asio::const_buffer> buffers;
  std::string flat;
};

WsOutbox::WsOutbox() = default;
WsOutbox::~WsOutbox() = default;

std::size_t WsOutbox::size() const {
  return queue_.size() + (batch_ ? batch_->frames.size() : 0);
}

void WsOutbox::Push(WsOutFrame frame) { queue_.push_back(std::move(frame)); }

// Taking the whole queue moves its storage; a longer queue gives up its
// first frames and keeps the rest.
void WsOutbox::MoveQueuedInto(Batch& batch) {
  if (queue_.size() <= kWsMaxBatchFrames) {
    batch.frames = std::exchange(queue_, {});
    return;
  }
  auto end = queue_.begin() + kWsMaxBatchFrames;
  batch.frames.assign(std::make_move_iterator(queue_.begin()),
                      std::make_move_iterator(end));
  queue_.erase(queue_.begin(), end);
}

const std::vector<boost::asio::const_buffer>& WsOutbox::StartGatherBatch() {
  batch_ = std::make_unique<Batch>();
  MoveQueuedInto(*batch_);
  std::size_t count = batch_->frames.size();
  batch_->headers.resize(count);
  batch_->buffers.reserve(2 * count);
  for (std::size_t i = 0; i < count; ++i) {
    const WsOutFrame& frame = batch_->frames[i];
    uint8_t* header = batch_->headers[i].data();
    std::size_t header_size =
        EncodeWsHeader(frame.opcode, frame.payload->size(), header);
    batch_->buffers.emplace_back(header, header_size);
    if (!frame.payload->empty()) {
      batch_->buffers.emplace_back(frame.payload->data(),
                                   frame.payload->size());
    }
  }
  return batch_->buffers;
}

const std::vector<boost::asio::const_buffer>& WsOutbox::GatherRemaining()
    const {
  return batch_->buffers;
}

bool WsOutbox::ConsumeGather(std::size_t bytes) {
  std::vector<boost::asio::const_buffer>& buffers = batch_->buffers;
  std::size_t whole = 0;
  while (whole < buffers.size() && bytes >= buffers[whole].size()) {
    bytes -= buffers[whole].size();
    ++whole;
  }
  buffers.erase(buffers.begin(), buffers.begin() + whole);
  if (!buffers.empty()) buffers.front() += bytes;
  return buffers.empty();
}

boost::asio::const_buffer WsOutbox::StartFlatBatch() {
  batch_ = std::make_unique<Batch>();
  MoveQueuedInto(*batch_);
  std::size_t total = 0;
  for (const WsOutFrame& frame : batch_->frames) {
    total += kWsMaxServerHeaderBytes + frame.payload->size();
  }
  batch_->flat.reserve(total);
  for (const WsOutFrame& frame : batch_->frames) {
    uint8_t header[kWsMaxServerHeaderBytes];
    std::size_t header_size =
        EncodeWsHeader(frame.opcode, frame.payload->size(), header);
    batch_->flat.append(reinterpret_cast<const char*>(header), header_size);
    batch_->flat.append(*frame.payload);
  }
  return boost::asio::buffer(batch_->flat);
}

void WsOutbox::FinishBatch() { batch_.reset(); }

void WsOutbox::DropQueued() { queue_ = {}; }

}  // namespace sessioncore::server
