// Unit tests of the outbound frame queue: batches, gather lists, the TLS
// copy and dropping queued frames.
#include "server/ws_outbox.h"

#include <string>

#include "boost/asio/buffer.hpp"
#include "gtest/gtest.h"
#include "server/client_link.h"

namespace sessioncore::server {
namespace {

std::string Concatenate(const std::vector<boost::asio::const_buffer>& buffers) {
  std::string out;
  for (const auto& buffer : buffers) {
    out.append(static_cast<const char*>(buffer.data()), buffer.size());
  }
  return out;
}

// The bytes a text frame of `payload` has on the wire.
std::string TextFrameBytes(const std::string& payload) {
  uint8_t header[kWsMaxServerHeaderBytes];
  std::size_t size = EncodeWsHeader(WsOpcode::kText, payload.size(), header);
  return std::string(reinterpret_cast<const char*>(header), size) + payload;
}

// A partial write leaves exactly the bytes after it, whatever buffer it
// stops in.
TEST(WsOutbox, ConsumeGatherLeavesTheUnwrittenBytes) {
  const std::string first(200, 'a');
  const std::string second = "second frame";
  const std::string wire = TextFrameBytes(first) + TextFrameBytes(second);
  for (std::size_t written = 0; written <= wire.size(); ++written) {
    WsOutbox outbox;
    outbox.Push({MakeFrame(first), WsOpcode::kText});
    outbox.Push({MakeFrame(second), WsOpcode::kText});
    outbox.StartGatherBatch();
    bool done = outbox.ConsumeGather(written);
    EXPECT_EQ(done, written == wire.size()) << written;
    EXPECT_EQ(Concatenate(outbox.GatherRemaining()), wire.substr(written))
        << written;
  }
}

TEST(WsOutbox, GatherBatchTakesEveryQueuedFrame) {
  WsOutbox outbox;
  outbox.Push({MakeFrame("one"), WsOpcode::kText});
  outbox.Push({MakeFrame(std::string(300, 'x')), WsOpcode::kText});
  outbox.Push({MakeFrame(""), WsOpcode::kPing});
  EXPECT_EQ(outbox.size(), 3u);
  const auto& buffers = outbox.StartGatherBatch();
  EXPECT_TRUE(outbox.writing());
  EXPECT_FALSE(outbox.has_queued());
  EXPECT_EQ(outbox.size(), 3u);
  // A header and a payload per frame, and no payload buffer when empty.
  EXPECT_EQ(buffers.size(), 5u);
  EXPECT_EQ(Concatenate(buffers), TextFrameBytes("one") +
                                      TextFrameBytes(std::string(300, 'x')) +
                                      std::string("\x89\x00", 2));
  outbox.FinishBatch();
  EXPECT_FALSE(outbox.writing());
  EXPECT_EQ(outbox.size(), 0u);
}

TEST(WsOutbox, GatherSharesPayloads) {
  WsOutbox outbox;
  auto frame = MakeFrame("shared");
  outbox.Push({frame, WsOpcode::kText});
  const auto& buffers = outbox.StartGatherBatch();
  ASSERT_EQ(buffers.size(), 2u);
  EXPECT_EQ(buffers[1].data(), frame->data());
}

TEST(WsOutbox, BatchStopsAtMaximumFrames) {
  WsOutbox outbox;
  for (std::size_t i = 0; i < kWsMaxBatchFrames + 5; ++i) {
    outbox.Push({MakeFrame(std::to_string(i)), WsOpcode::kText});
  }
  const auto& first = outbox.StartGatherBatch();
  EXPECT_EQ(first.size(), 2 * kWsMaxBatchFrames);
  EXPECT_TRUE(outbox.has_queued());
  EXPECT_EQ(outbox.size(), kWsMaxBatchFrames + 5);
  outbox.FinishBatch();
  const auto& second = outbox.StartGatherBatch();
  EXPECT_EQ(second.size(), 10u);
  EXPECT_EQ(Concatenate(second).substr(0, 4),
            TextFrameBytes(std::to_string(kWsMaxBatchFrames)));
}

TEST(WsOutbox, FlatBatchIsTheSameBytes) {
  WsOutbox gather;
  WsOutbox flat;
  for (const char* text : {"a", "bb", ""}) {
    gather.Push({MakeFrame(text), WsOpcode::kText});
    flat.Push({MakeFrame(text), WsOpcode::kText});
  }
  boost::asio::const_buffer copy = flat.StartFlatBatch();
  EXPECT_EQ(std::string(static_cast<const char*>(copy.data()), copy.size()),
            Concatenate(gather.StartGatherBatch()));
}

TEST(WsOutbox, DropQueuedKeepsBatchBeingWritten) {
  WsOutbox outbox;
  outbox.Push({MakeFrame("in flight"), WsOpcode::kText});
  const auto& buffers = outbox.StartGatherBatch();
  outbox.Push({MakeFrame("waiting"), WsOpcode::kText});
  outbox.DropQueued();
  EXPECT_FALSE(outbox.has_queued());
  EXPECT_EQ(outbox.size(), 1u);
  EXPECT_EQ(Concatenate(buffers), TextFrameBytes("in flight"));
}

}  // namespace
}  // namespace sessioncore::server
