#include "core/session/reconnect_schedule.h"

namespace sessioncore::session {

int64_t ResumeBackoffMs(int attempt) {
  constexpr int64_t kFirstDelayMs = 500;
  constexpr int64_t kMaxDelayMs = 4000;
  int64_t delay = kFirstDelayMs;
  for (int i = 0; i < attempt && delay < kMaxDelayMs; ++i) delay *= 2;
  return delay < kMaxDelayMs ? delay : kMaxDelayMs;
}

}  // namespace sessioncore::session
