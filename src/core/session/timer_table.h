// The timers of a ClientSession. The core reads no clock: it asks the glue
// to arm a timer (an armTimer output with a fresh timerId) and reacts when
// the glue reports OnTimer(timerId). Each purpose has at most one armed
// timer; a timerId that is no longer armed is ignored when it fires, so a
// late timer can never act on a newer state.
#ifndef SESSIONCORE_CORE_SESSION_TIMER_TABLE_H_
#define SESSIONCORE_CORE_SESSION_TIMER_TABLE_H_

#include <cstdint>
#include <map>
#include <optional>

#include "core/session/output.h"

namespace sessioncore::session {

enum class TimerPurpose {
  kConnectTimeout,     // The connect snapshot did not arrive in time.
  kHeartbeat,          // Time to send the next heartbeat.
  kReconnectAttempt,   // Time for the next resume attempt.
  kReconnectWindow,    // The server no longer holds the connection.
  kDisconnectTimeout,  // The server did not answer disconnect in time.
};

class TimerTable {
 public:
  // Arms the timer of `purpose` for `delay_ms`, cancelling the one armed
  // before for the same purpose.
  void Arm(TimerPurpose purpose, int64_t delay_ms, OutputQueue& out);
  // Cancels the timer of `purpose`, if one is armed.
  void Cancel(TimerPurpose purpose, OutputQueue& out);
  void CancelAll(OutputQueue& out);
  bool IsArmed(TimerPurpose purpose) const;

  // Disarms `timer_id` and returns its purpose, or nullopt when that id is
  // not armed (cancelled, already fired, or never issued).
  std::optional<TimerPurpose> Fire(int64_t timer_id);

 private:
  int64_t next_timer_id_ = 1;
  std::map<TimerPurpose, int64_t> armed_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_TIMER_TABLE_H_
