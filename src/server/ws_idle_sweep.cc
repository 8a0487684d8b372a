#include "server/ws_idle_sweep.h"

#include <utility>

namespace sessioncore::server {

WsIdleSweep::WsIdleSweep(boost::asio::execution_context& context)
    : boost::asio::execution_context::service(context),
      timer_(static_cast<boost::asio::io_context&>(context)) {}

void WsIdleSweep::Add(std::weak_ptr<WsIdleClient> client,
                      std::chrono::milliseconds period) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopped_) return;
  clients_.push_back(std::move(client));
  if (period_.count() > 0) return;
  period_ = period;
  StartTimer();
}

void WsIdleSweep::shutdown() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
  clients_.clear();
  timer_.cancel();
}

// Runs with mutex_ held.
void WsIdleSweep::StartTimer() {
  timer_.expires_after(period_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) OnTick();
  });
}

// Sessions that are gone are swapped to the end and dropped, so a tick
// costs one pass over the live ones.
void WsIdleSweep::OnTick() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopped_) return;
  std::size_t i = 0;
  while (i < clients_.size()) {
    if (std::shared_ptr<WsIdleClient> client = clients_[i].lock()) {
      client->PostIdleTick();
      ++i;
    } else {
      clients_[i] = std::move(clients_.back());
      clients_.pop_back();
    }
  }
  StartTimer();
}

}  // namespace sessioncore::server
