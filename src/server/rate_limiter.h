// RateLimiter: a token bucket that allows a steady rate with bursts.
#ifndef SESSIONCORE_SERVER_RATE_LIMITER_H_
#define SESSIONCORE_SERVER_RATE_LIMITER_H_

#include <algorithm>
#include <chrono>

namespace sessioncore::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Allows `per_second` events on average and up to `burst` at once; the
  // bucket starts full.
  RateLimiter(double per_second, double burst, Clock::time_point now)
      : per_second_(per_second), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token at `now` and returns true, or returns false when the
  // bucket is empty.
  bool TryTake(Clock::time_point now) {
    std::chrono::duration<double> elapsed = now - last_;
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * per_second_);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

 private:
  double per_second_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_RATE_LIMITER_H_
