// WsIdleSweep: one timer per io_context that ticks every WebSocket session,
// instead of a timer and a pending wait in each of them.
//
// It is an Asio service, so it lives exactly as long as the io_context and
// needs no owner. Sessions register a weak pointer; the sweep drops the
// ones that are gone on its next tick.
#ifndef SESSIONCORE_SERVER_WS_IDLE_SWEEP_H_
#define SESSIONCORE_SERVER_WS_IDLE_SWEEP_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "boost/asio/execution_context.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/steady_timer.hpp"

namespace sessioncore::server {

// Interface of a session that the sweep ticks every period.
class WsIdleClient {
 public:
  virtual ~WsIdleClient() = default;

  // Called with the sweep's lock held, from the sweep's thread: it must
  // only post work to the session's own strand.
  virtual void PostIdleTick() = 0;
};

class WsIdleSweep : public boost::asio::execution_context::service {
 public:
  using key_type = WsIdleSweep;
  static inline boost::asio::execution_context::id id;

  explicit WsIdleSweep(boost::asio::execution_context& context);

  // Ticks `client` every `period` until it is destroyed. The first call
  // on an io_context sets the period for every later client.
  void Add(std::weak_ptr<WsIdleClient> client,
           std::chrono::milliseconds period);

 private:
  void shutdown() override;
  void StartTimer();
  void OnTick();

  std::mutex mutex_;
  std::vector<std::weak_ptr<WsIdleClient>> clients_;
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds period_{0};
  bool stopped_ = false;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_WS_IDLE_SWEEP_H_
