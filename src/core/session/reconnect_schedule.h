// The delays between resume attempts after a lost connection.
#ifndef SESSIONCORE_CORE_SESSION_RECONNECT_SCHEDULE_H_
#define SESSIONCORE_CORE_SESSION_RECONNECT_SCHEDULE_H_

#include <cstdint>

namespace sessioncore::session {

// Returns the delay in ms before resume attempt `attempt` (0-based): 500,
// 1000, 2000, then 4000 for every later attempt. The reconnect window
// (reconnectWindowMs of the snapshot, 30 s by default) bounds the total.
int64_t ResumeBackoffMs(int attempt);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_RECONNECT_SCHEDULE_H_
