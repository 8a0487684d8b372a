#include "server/websocket_session.h"

#include <algorithm>
#include <atomic>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "boost/beast/ssl.hpp"
#include "boost/beast/websocket/ssl.hpp"
#include "core/error.h"
#include "server/log.h"

namespace sessioncore::server {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

// Bytes asked for per read. A frame larger than the configured limit is
// read and thrown away in pieces of this size, so an oversize frame never
// needs more memory than the limit plus one piece.
constexpr std::size_t kReadChunkBytes = 16384;

// Beast closes the socket (code 1009) for a message larger than this many
// times the configured limit, because discarding it would keep the reader
// busy for too long.
constexpr std::size_t kDiscardFactor = 16;

std::string NextLinkId() {
  static std::atomic<uint64_t> counter{0};
  return absl::StrCat("ws-", ++counter);
}

bool IsNormalEnd(beast::error_code ec) {
  return ec == websocket::error::closed || ec == net::error::operation_aborted;
}

}  // namespace

template <typename Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream,
                                           std::shared_ptr<ServerState> state)
    : ws_(std::move(stream)),
      state_(std::move(state)),
      link_id_(NextLinkId()) {}

template <typename Stream>
WebSocketSession<Stream>::~WebSocketSession() = default;

template <typename Stream>
void WebSocketSession<Stream>::Run(
    beast::http::request<beast::http::string_body> request) {
  const ServerConfig& config = state_->config();
  handler_ = std::make_unique<ClientHandler>(state_, this->weak_from_this());
  // The WebSocket stream has its own timeouts; the TCP one must be off.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeout =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeout.idle_timeout = config.heartbeat_interval * 3;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.read_message_max(config.limits.max_message_bytes * kDiscardFactor);
  ws_.text(true);
  ws_.async_accept(request,
                   beast::bind_front_handler(&WebSocketSession::OnAccept,
                                             this->shared_from_this()));
}

template <typename Stream>
void WebSocketSession<Stream>::OnAccept(beast::error_code ec) {
  if (ec) return Fail(ec, "accept");
  Log(LogLevel::kDebug, "websocket_opened", {{"link", link_id_}});
  DoRead();
}

template <typename Stream>
void WebSocketSession<Stream>::DoRead() {
  ws_.async_read_some(buffer_, kReadChunkBytes,
                      beast::bind_front_handler(&WebSocketSession::OnRead,
                                                this->shared_from_this()));
}

template <typename Stream>
void WebSocketSession<Stream>::OnRead(beast::error_code ec, std::size_t bytes) {
  if (ec) return Fail(ec, "read");
  message_bytes_ += bytes;
  // Keep at most the limit; the rest of an oversize message is discarded.
  if (message_bytes_ > state_->config().limits.max_message_bytes) {
    buffer_.consume(buffer_.size());
  }
  if (ws_.is_message_done()) OnMessageDone();
  if (!ended_) DoRead();
}

template <typename Stream>
void WebSocketSession<Stream>::OnMessageDone() {
  std::size_t limit = state_->config().limits.max_message_bytes;
  if (message_bytes_ > limit) {
    handler_->OnFrameRejected(MakeError(
        ErrorCode::kProtocolError,
        absl::StrCat("frame of ", message_bytes_,
                     " bytes exceeds the maximum of ", limit, " bytes")));
  } else if (ws_.got_binary()) {
    handler_->OnFrameRejected(MakeError(
        ErrorCode::kProtocolError,
        "binary frames are not accepted; send each message as a JSON text "
        "frame"));
  } else {
    handler_->OnFrame(beast::buffers_to_string(buffer_.data()));
  }
  buffer_.consume(buffer_.size());
  message_bytes_ = 0;
}

template <typename Stream>
void WebSocketSession<Stream>::Send(std::shared_ptr<const std::string> frame) {
  net::post(
      ws_.get_executor(),
      beast::bind_front_handler(&WebSocketSession::OnSend,
                                this->shared_from_this(), std::move(frame)));
}

template <typename Stream>
void WebSocketSession<Stream>::OnSend(
    std::shared_ptr<const std::string> frame) {
  if (closing_ || ended_) return;
  if (queue_.size() >= state_->config().limits.outbound_queue_messages) {
    return DropSlowConsumer();
  }
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) DoWrite();
}

template <typename Stream>
void WebSocketSession<Stream>::Close(
    std::shared_ptr<const std::string> final_frame) {
  net::post(ws_.get_executor(),
            beast::bind_front_handler(&WebSocketSession::OnClose,
                                      this->shared_from_this(),
                                      std::move(final_frame)));
}

template <typename Stream>
void WebSocketSession<Stream>::OnClose(
    std::shared_ptr<const std::string> final_frame) {
  if (closing_ || ended_) return;
  closing_ = true;
  // A write in flight goes on through the queue and closes at its end.
  bool writing = !queue_.empty();
  if (final_frame) queue_.push_back(std::move(final_frame));
  if (writing) return;
  if (queue_.empty()) return DoClose();
  DoWrite();
}

template <typename Stream>
void WebSocketSession<Stream>::SetConnectionId(std::string connection_id) {
  net::post(ws_.get_executor(), [self = this->shared_from_this(),
                                 id = std::move(connection_id)]() mutable {
    if (self->handler_) self->handler_->SetConnectionId(std::move(id));
  });
}

template <typename Stream>
void WebSocketSession<Stream>::DoWrite() {
  ws_.async_write(net::buffer(*queue_.front()),
                  beast::bind_front_handler(&WebSocketSession::OnWrite,
                                            this->shared_from_this()));
}

template <typename Stream>
void WebSocketSession<Stream>::OnWrite(beast::error_code ec, std::size_t) {
  if (ec) return Fail(ec, "write");
  queue_.pop_front();
  if (!queue_.empty()) return DoWrite();
  if (closing_) DoClose();
}

template <typename Stream>
void WebSocketSession<Stream>::DoClose() {
  ws_.async_close(websocket::close_code::normal,
                  beast::bind_front_handler(&WebSocketSession::OnCloseDone,
                                            this->shared_from_this()));
}

template <typename Stream>
void WebSocketSession<Stream>::OnCloseDone(beast::error_code ec) {
  if (ec && !IsNormalEnd(ec)) Fail(ec, "close");
  EndOnce(LinkLoss::kClosedByServer);
}

// A client that does not read lets the queue fill. The socket is closed at
// once instead of buffering more, and the queued frames are freed.
template <typename Stream>
void WebSocketSession<Stream>::DropSlowConsumer() {
  Log(LogLevel::kWarn, "slow_consumer_disconnected",
      {{"link", link_id_},
       {"connection", handler_->ConnectionIdForLog()},
       {"queued", std::to_string(queue_.size())}});
  closing_ = true;
  EndOnce(LinkLoss::kSlowConsumer);
  // The first frame is being written, and the write reads its bytes until
  // it completes (with an error, once the socket is closed below). Only
  // the frames behind it can go now.
  if (!queue_.empty()) queue_.erase(std::next(queue_.begin()), queue_.end());
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(
      net::socket_base::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

// How the socket ended decides what happens to its connection. A close
// frame with 1000 or 1001 and a protocol violation end it at once. A reset,
// silence or another close code may be a network loss, so the connection
// then waits for a resume.
template <typename Stream>
LinkLoss WebSocketSession<Stream>::ClassifyEnd(beast::error_code ec) const {
  if (closing_) return LinkLoss::kClosedByServer;
  if (ec == websocket::error::closed) {
    uint16_t code = ws_.reason().code;
    bool final_close = code == websocket::close_code::normal ||
                       code == websocket::close_code::going_away;
    return final_close ? LinkLoss::kClosedByClient : LinkLoss::kNetwork;
  }
  if (ec == websocket::condition::protocol_violation ||
      ec == websocket::error::message_too_big) {
    return LinkLoss::kProtocolError;
  }
  return LinkLoss::kNetwork;
}

template <typename Stream>
void WebSocketSession<Stream>::Fail(beast::error_code ec, const char* what) {
  LinkLoss loss = ClassifyEnd(ec);
  std::string connection = handler_ ? handler_->ConnectionIdForLog() : "";
  if (loss == LinkLoss::kProtocolError) {
    // Beast has already sent the close frame (1002, 1007 or 1009).
    Log(LogLevel::kWarn, "websocket_protocol_error",
        {{"link", link_id_},
         {"connection", connection},
         {"step", what},
         {"error", ec.message()}});
  } else if (ec == websocket::error::closed && !closing_) {
    Log(LogLevel::kInfo, "websocket_closed_by_client",
        {{"link", link_id_},
         {"connection", connection},
         {"close_code", std::to_string(ws_.reason().code)},
         {"ends_connection",
          loss == LinkLoss::kClosedByClient ? "true" : "false"}});
  } else if (!IsNormalEnd(ec)) {
    Log(LogLevel::kInfo, "websocket_lost",
        {{"link", link_id_},
         {"connection", connection},
         {"step", what},
         {"error", ec.message()}});
  }
  EndOnce(loss);
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
