#include "server/websocket_session.h"

#include <unistd.h>

#include <atomic>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "boost/asio/post.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/ssl.hpp"
#include "core/error.h"
#include "server/log.h"
#include "server/ws_handshake.h"

namespace sessioncore::server {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;

// Time for the 101 response to go out, and for the client to send its close
// frame after ours, before the server closes the socket anyway.
constexpr std::chrono::seconds kHandshakeTimeout{30};
constexpr std::chrono::seconds kCloseTimeout{5};

// Bytes per read. Plain sockets read into one buffer per thread; TLS
// sockets into one of this size each.
constexpr std::size_t kPlainReadBytes = 65536;
constexpr std::size_t kTlsReadBytes = 4096;

// A message larger than this many times the configured limit closes the
// socket with 1009 instead of being read and dropped, because dropping it
// would keep the reader busy for too long.
constexpr std::size_t kDropFactor = 16;

// Heartbeat periods without a byte from the client before a ping, and
// before the socket ends.
constexpr int kSilentTicksToPing = 2;
constexpr int kSilentTicksToEnd = 4;
// A socket that has not joined a session (with connect or resume) by this
// many heartbeat periods is closed with 1008, even if it keeps sending
// pings: until it joins it may hold a partial message of up to
// maxMessageBytes without having shown a token.
constexpr int kTicksToJoin = 5;

std::string NextLinkId() {
  static std::atomic<uint64_t> counter{0};
  return absl::StrCat("ws-", ++counter);
}

char* ThreadReadBuffer() {
  thread_local std::unique_ptr<char[]> buffer(new char[kPlainReadBytes]);
  return buffer.get();
}

using Strand = net::strand<net::io_context::executor_type>;

// The listener gives every socket a strand of the io_context; any other
// executor gets a new strand on the same io_context.
Strand StrandOf(const net::any_io_executor& executor) {
  if (const Strand* strand = executor.target<Strand>()) return *strand;
  return net::make_strand(static_cast<net::io_context&>(
      net::query(executor, net::execution::context)));
}

}  // namespace

template <typename Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream,
                                           std::shared_ptr<ServerState> state)
    : socket_(TakeSocket(std::move(stream))),
      strand_(SocketStrand()),
      state_(std::move(state)),
      link_id_(NextLinkId()),
      parser_(state_->config().limits.max_message_bytes,
              state_->config().limits.max_message_bytes * kDropFactor) {
  if constexpr (kIsTls<Stream>) {
    tls_read_buffer_ = std::make_unique<char[]>(kTlsReadBytes);
  }
}

template <typename Stream>
WebSocketSession<Stream>::~WebSocketSession() = default;

// A plain socket moves its descriptor to a socket whose executor type is
// the strand. If that fails, the session starts with a closed socket and
// its first read ends it.
template <typename Stream>
typename WebSocketSession<Stream>::Socket WebSocketSession<Stream>::TakeSocket(
    Stream&& stream) {
  if constexpr (kIsTls<Stream>) {
    return std::move(stream);
  } else {
    net::ip::tcp::socket socket = stream.release_socket();
    PlainSocket result(StrandOf(socket.get_executor()));
    beast::error_code ec;
    net::ip::tcp protocol = socket.local_endpoint(ec).protocol();
    if (ec) return result;
    net::ip::tcp::socket::native_handle_type handle = socket.release(ec);
    if (ec) return result;
    result.assign(protocol, handle, ec);
    if (ec) ::close(handle);
    return result;
  }
}

template <typename Stream>
typename WebSocketSession<Stream>::Strand
WebSocketSession<Stream>::SocketStrand() {
  if constexpr (kIsTls<Stream>) {
    return StrandOf(socket_.get_executor());
  } else {
    return socket_.get_executor();
  }
}

template <typename Stream>
auto& WebSocketSession<Stream>::RawSocket() {
  if constexpr (kIsTls<Stream>) {
    return beast::get_lowest_layer(socket_).socket();
  } else {
    return socket_;
  }
}

template <typename Stream>
void WebSocketSession<Stream>::Run(std::string_view key,
                                   std::string early_bytes) {
  handler_ = std::make_unique<ClientHandler>(state_, this->weak_from_this());
  deadline_ = std::chrono::steady_clock::now() + kHandshakeTimeout;
  net::use_service<WsIdleSweep>(strand_.context())
      .Add(this->weak_from_this(), state_->config().heartbeat_interval);
  auto response = std::make_shared<const std::string>(WsUpgradeResponse(key));
  net::async_write(
      socket_, net::buffer(*response),
      [self = this->shared_from_this(), response,
       early = std::move(early_bytes)](beast::error_code ec, std::size_t) {
        self->OnUpgradeWritten(ec, early);
      });
}

template <typename Stream>
void WebSocketSession<Stream>::OnUpgradeWritten(beast::error_code ec,
                                                std::string_view early_bytes) {
  if (ec) return Fail(ec, "accept");
  Log(LogLevel::kDebug, "websocket_opened", {{"link", link_id_}});
  deadline_ = {};
  if constexpr (!kIsTls<Stream>) {
    beast::error_code ignored;
    socket_.non_blocking(true, ignored);
  }
  if (!early_bytes.empty() && !Consume(early_bytes)) return;
  DoRead();
}

// ---- Reading ---------------------------------------------------------

template <typename Stream>
void WebSocketSession<Stream>::DoRead() {
  if (socket_closed_) return;
  if constexpr (kIsTls<Stream>) {
    socket_.async_read_some(
        net::buffer(tls_read_buffer_.get(), kTlsReadBytes),
        beast::bind_front_handler(&WebSocketSession::OnRead,
                                  this->shared_from_this()));
  } else {
    socket_.async_wait(net::socket_base::wait_read,
                       beast::bind_front_handler(&WebSocketSession::OnReadable,
                                                 this->shared_from_this()));
  }
}

// The socket is readable: read what is there into the thread's buffer, so
// no buffer stays with the connection while it waits.
template <typename Stream>
void WebSocketSession<Stream>::OnReadable(beast::error_code ec) {
  if (ec) return Fail(ec, "read");
  char* buffer = ThreadReadBuffer();
  std::size_t bytes =
      RawSocket().read_some(net::buffer(buffer, kPlainReadBytes), ec);
  if (ec == net::error::would_block || ec == net::error::try_again) {
    return DoRead();
  }
  OnRead(ec, bytes);
}

template <typename Stream>
void WebSocketSession<Stream>::OnRead(beast::error_code ec, std::size_t bytes) {
  if (ec) return Fail(ec, "read");
  const char* data = ThreadReadBuffer();
  if constexpr (kIsTls<Stream>) data = tls_read_buffer_.get();
  if (Consume(std::string_view(data, bytes))) DoRead();
}

// Feeds `bytes` to the parser and acts on each event; returns false once
// the socket is closed, so reading stops.
template <typename Stream>
bool WebSocketSession<Stream>::Consume(std::string_view bytes) {
  silent_ticks_ = 0;
  while (!bytes.empty() && !draining_ && !socket_closed_) {
    WsEvent event = parser_.Next(bytes);
    if (event.kind == WsEvent::Kind::kNeedMore) break;
    OnEvent(std::move(event));
  }
  return !socket_closed_;
}

template <typename Stream>
void WebSocketSession<Stream>::OnEvent(WsEvent event) {
  switch (event.kind) {
    case WsEvent::Kind::kText:
    case WsEvent::Kind::kBinary:
      return OnMessage(event);
    case WsEvent::Kind::kPing:
      if (close_queued_) return;
      return Enqueue({MakeFrame(std::move(event.payload)), WsOpcode::kPong});
    case WsEvent::Kind::kClose:
      return OnClientClose(event.code);
    case WsEvent::Kind::kViolation:
      return OnViolation(event);
    case WsEvent::Kind::kPong:
    case WsEvent::Kind::kNeedMore:
      return;
  }
}

// After either side's close frame, messages are dropped unread.
template <typename Stream>
void WebSocketSession<Stream>::OnMessage(const WsEvent& event) {
  if (close_queued_ || close_received_ || ended_) return;
  std::size_t limit = state_->config().limits.max_message_bytes;
  if (event.size > limit) {
    handler_->OnFrameRejected(MakeError(
        ErrorCode::kProtocolError,
        absl::StrCat("frame of ", event.size, " bytes exceeds the maximum of ",
                     limit, " bytes")));
  } else if (event.kind == WsEvent::Kind::kBinary) {
    handler_->OnFrameRejected(MakeError(
        ErrorCode::kProtocolError,
        "binary frames are not accepted; send each message as a JSON text "
        "frame"));
  } else {
    handler_->OnFrame(event.payload);
  }
}

// A close frame with 1000 or 1001 ends the connection at once. Another
// code, or none, may come from a client that gives up on a bad network,
// so the connection then waits for a resume.
template <typename Stream>
void WebSocketSession<Stream>::OnClientClose(uint16_t code) {
  close_received_ = true;
  if (close_queued_) {
    // The reply to our close frame, or a crossing close.
    EndOnce(LinkLoss::kClosedByServer);
    if (close_sent_) Teardown();
    return;
  }
  bool final_close = code == kWsCloseNormal || code == 1001;
  LinkLoss loss = final_close ? LinkLoss::kClosedByClient : LinkLoss::kNetwork;
  Log(LogLevel::kInfo, "websocket_closed_by_client",
      {{"link", link_id_},
       {"connection", handler_->ConnectionIdForLog()},
       {"close_code", std::to_string(code)},
       {"ends_connection", final_close ? "true" : "false"}});
  EndOnce(loss);
  closing_ = true;
  outbox_.DropQueued();
  QueueClose(code == kWsCloseNoStatus ? 0 : code);
}

template <typename Stream>
void WebSocketSession<Stream>::OnViolation(const WsEvent& event) {
  Log(LogLevel::kWarn, "websocket_protocol_error",
      {{"link", link_id_},
       {"connection", handler_->ConnectionIdForLog()},
       {"close_code", std::to_string(event.code)},
       {"error", event.payload}});
  violated_ = true;
  closing_ = true;
  EndOnce(LinkLoss::kProtocolError);
  if (close_sent_) return Teardown();
  if (close_queued_) return;  // OnWrite() tears down after it.
  outbox_.DropQueued();
  QueueClose(event.code);
}

// ---- Writing ---------------------------------------------------------

template <typename Stream>
void WebSocketSession<Stream>::Send(std::shared_ptr<const std::string> frame) {
  net::post(strand_, beast::bind_front_handler(&WebSocketSession::OnSend,
                                               this->shared_from_this(),
                                               std::move(frame)));
}

template <typename Stream>
void WebSocketSession<Stream>::OnSend(
    std::shared_ptr<const std::string> frame) {
  if (closing_ || ended_) return;
  Enqueue({std::move(frame), WsOpcode::kText});
}

template <typename Stream>
void WebSocketSession<Stream>::Close(
    std::shared_ptr<const std::string> final_frame) {
  net::post(strand_, beast::bind_front_handler(&WebSocketSession::OnClose,
                                               this->shared_from_this(),
                                               std::move(final_frame)));
}

// The final frame and the close frame go after everything already queued,
// and do not count against the queue limit.
template <typename Stream>
void WebSocketSession<Stream>::OnClose(
    std::shared_ptr<const std::string> final_frame) {
  if (closing_ || ended_) return;
  closing_ = true;
  if (final_frame) outbox_.Push({std::move(final_frame), WsOpcode::kText});
  QueueClose(kWsCloseNormal);
}

template <typename Stream>
void WebSocketSession<Stream>::SetConnectionId(std::string connection_id) {
  net::post(strand_, [self = this->shared_from_this(),
                      id = std::move(connection_id)]() mutable {
    self->joined_ = true;
    if (self->handler_) self->handler_->SetConnectionId(std::move(id));
  });
}

// The writes wait for one turn of the strand, so frames that other
// handlers queue in that turn share the same write.
//
// On a plain socket a write in progress means the kernel's buffer is full,
// so a full queue is a client that does not read. Frames queued in one
// strand turn can outnumber the limit while the client keeps up (many
// senders at once, or many pipelined requests in one read), so a full queue
// first writes what the kernel takes now.
template <typename Stream>
void WebSocketSession<Stream>::Enqueue(WsOutFrame frame) {
  std::size_t limit = state_->config().limits.outbound_queue_messages;
  if (outbox_.size() >= limit && !close_queued_) {
    if constexpr (!kIsTls<Stream>) {
      if (!outbox_.writing()) WriteNow();
      if (socket_closed_ || ended_) return;
    }
    if (outbox_.size() >= limit) return DropSlowConsumer();
  }
  outbox_.Push(std::move(frame));
  if (outbox_.writing() || write_scheduled_) return;
  write_scheduled_ = true;
  net::post(strand_, beast::bind_front_handler(&WebSocketSession::DoWrite,
                                               this->shared_from_this()));
}

// `code` 0 sends a close frame without a body.
template <typename Stream>
void WebSocketSession<Stream>::QueueClose(uint16_t code) {
  close_queued_ = true;
  std::string body = code == 0 ? std::string() : WsClosePayload(code);
  Enqueue({MakeFrame(std::move(body)), WsOpcode::kClose});
  deadline_ = std::chrono::steady_clock::now() + kCloseTimeout;
}

template <typename Stream>
void WebSocketSession<Stream>::DoWrite() {
  write_scheduled_ = false;
  if (socket_closed_ || outbox_.writing() || !outbox_.has_queued()) return;
  if constexpr (kIsTls<Stream>) {
    net::async_write(socket_, outbox_.StartFlatBatch(),
                     beast::bind_front_handler(&WebSocketSession::OnWrite,
                                               this->shared_from_this()));
  } else {
    WriteNow();
  }
}

// Plain sockets only: writes batches without waiting until the queue is
// empty or the kernel takes no more, and then waits until the socket is
// writable again.
template <typename Stream>
void WebSocketSession<Stream>::WriteNow() {
  if constexpr (!kIsTls<Stream>) {
    while (!socket_closed_) {
      if (!outbox_.writing()) {
        if (!outbox_.has_queued()) return OnQueueWritten();
        outbox_.StartGatherBatch();
      }
      beast::error_code ec;
      std::size_t written = socket_.write_some(outbox_.GatherRemaining(), ec);
      if (ec == net::error::would_block || ec == net::error::try_again) {
        socket_.async_wait(
            net::socket_base::wait_write,
            beast::bind_front_handler(&WebSocketSession::OnWritable,
                                      this->shared_from_this()));
        return;
      }
      if (ec) {
        outbox_.FinishBatch();
        return Fail(ec, "write");
      }
      if (outbox_.ConsumeGather(written)) outbox_.FinishBatch();
    }
  }
}

template <typename Stream>
void WebSocketSession<Stream>::OnWritable(beast::error_code ec) {
  if (ec) {
    outbox_.FinishBatch();
    return Fail(ec, "write");
  }
  WriteNow();
}

template <typename Stream>
void WebSocketSession<Stream>::OnWrite(beast::error_code ec, std::size_t) {
  outbox_.FinishBatch();
  if (ec) return Fail(ec, "write");
  if (outbox_.has_queued()) return DoWrite();
  OnQueueWritten();
}

template <typename Stream>
void WebSocketSession<Stream>::OnQueueWritten() {
  if (!close_queued_ || close_sent_) return;
  // The close frame is always the last frame queued, so it is out now.
  close_sent_ = true;
  if (close_received_ || violated_) Teardown();
}

// ---- Timers and closing ----------------------------------------------

template <typename Stream>
void WebSocketSession<Stream>::PostIdleTick() {
  net::post(strand_, beast::bind_front_handler(&WebSocketSession::OnIdleTick,
                                               this->shared_from_this()));
}

// WsIdleSweep calls this every heartbeat period. A handshake or close past
// its deadline closes the socket. Otherwise the tick counts the periods
// without a byte read. The second silent one sends a ping, to which a
// browser replies by itself, and the fourth ends the socket. So a client is
// dropped after 3 to 4 silent periods, never before 3.
template <typename Stream>
void WebSocketSession<Stream>::OnIdleTick() {
  if (socket_closed_) return;
  if (deadline_ != std::chrono::steady_clock::time_point() &&
      std::chrono::steady_clock::now() >= deadline_) {
    EndOnce(closing_ ? LinkLoss::kClosedByServer : LinkLoss::kNetwork);
    return CloseSocket();
  }
  if (close_queued_ || deadline_ != std::chrono::steady_clock::time_point()) {
    return;
  }
  if (!joined_ && ++unjoined_ticks_ >= kTicksToJoin) {
    Log(LogLevel::kInfo, "websocket_join_timeout", {{"link", link_id_}});
    closing_ = true;
    outbox_.DropQueued();
    return QueueClose(kWsClosePolicyViolation);
  }
  ++silent_ticks_;
  if (silent_ticks_ >= kSilentTicksToEnd) {
    return Fail(beast::error::timeout, "idle");
  }
  if (silent_ticks_ == kSilentTicksToPing) {
    Enqueue({MakeFrame(""), WsOpcode::kPing});
  }
}

// Both close frames are out (or the client broke the protocol): stop
// sending, and read and drop whatever the client still sends until it
// closes too. Closing at once with unread bytes would send a reset, which
// can destroy the close frame before the client reads it.
template <typename Stream>
void WebSocketSession<Stream>::Teardown() {
  if (draining_) return;
  draining_ = true;
  beast::error_code ignored;
  RawSocket().shutdown(net::socket_base::shutdown_send, ignored);
}

template <typename Stream>
void WebSocketSession<Stream>::CloseSocket() {
  if (socket_closed_) return;
  socket_closed_ = true;
  beast::error_code ignored;
  RawSocket().shutdown(net::socket_base::shutdown_both, ignored);
  RawSocket().close(ignored);
}

// A client that does not read lets the queue fill. The socket is closed at
// once instead of buffering more, and the queued frames are freed. The
// batch being written stays until its write fails on the closed socket.
template <typename Stream>
void WebSocketSession<Stream>::DropSlowConsumer() {
  Log(LogLevel::kWarn, "slow_consumer_disconnected",
      {{"link", link_id_},
       {"connection", handler_->ConnectionIdForLog()},
       {"queued", std::to_string(outbox_.size())}});
  closing_ = true;
  EndOnce(LinkLoss::kSlowConsumer);
  outbox_.DropQueued();
  CloseSocket();
}

// A read or write failed, or the client went silent. End of stream or a
// reset after the close handshake is the normal end.
template <typename Stream>
void WebSocketSession<Stream>::Fail(beast::error_code ec, const char* what) {
  bool expected = socket_closed_ || draining_ || close_received_ ||
                  ec == net::error::operation_aborted;
  if (!expected) {
    Log(LogLevel::kInfo, "websocket_lost",
        {{"link", link_id_},
         {"connection", handler_ ? handler_->ConnectionIdForLog() : ""},
         {"step", what},
         {"error", ec.message()}});
  }
  EndOnce(closing_ ? LinkLoss::kClosedByServer : LinkLoss::kNetwork);
  CloseSocket();
}

template <typename Stream>
void WebSocketSession<Stream>::EndOnce(LinkLoss loss) {
  if (ended_) return;
  ended_ = true;
  if (handler_) handler_->OnLinkClosed(loss);
}

template class WebSocketSession<PlainStream>;
template class WebSocketSession<TlsStream>;

}  // namespace sessioncore::server
