// The timers of a ClientSession. The core reads no clock: it asks the glue
// to arm a timer (an armTimer output with a fresh timerId) and reacts when
// the glue reports OnTimer(timerId). Each purpose has at most one armed
// timer per subject (such as one ICE restart check per peer connection,
// subject "pc3"), and most purposes use the empty subject. A timerId that
// is no longer armed is ignored when it fires, so a late timer can never
// act on a newer state.
#ifndef SESSIONCORE_CORE_SESSION_TIMER_TABLE_H_
#define SESSIONCORE_CORE_SESSION_TIMER_TABLE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/session/output.h"

namespace sessioncore::session {

enum class TimerPurpose {
  kConnectTimeout,     // The connect snapshot did not arrive in time.
  kHeartbeat,          // Time to send the next heartbeat.
  kReconnectAttempt,   // Time for the next resume attempt.
  kReconnectWindow,    // The server no longer holds the connection.
  kDisconnectTimeout,  // The server did not answer disconnect in time.
  kIceRestart,         // An ICE restart of one peer connection timed out.
};

// A timer that fired: its purpose and the subject it was armed for.
struct FiredTimer {
  TimerPurpose purpose;
  std::string subject;
};

class TimerTable {
 public:
  // Arms the timer of `purpose` for `delay_ms`, cancelling the one armed
  // before for the same purpose.
  void Arm(TimerPurpose purpose, int64_t delay_ms, OutputQueue& out);
  // Arms the timer of `purpose` for `subject`, cancelling the one armed
  // before for the same purpose and subject.
  void ArmFor(TimerPurpose purpose, std::string_view subject, int64_t delay_ms,
              OutputQueue& out);
  // Cancels the timer of `purpose` (for `subject`), if one is armed.
  void Cancel(TimerPurpose purpose, OutputQueue& out);
  void CancelFor(TimerPurpose purpose, std::string_view subject,
                 OutputQueue& out);
  void CancelAll(OutputQueue& out);
  bool IsArmed(TimerPurpose purpose, std::string_view subject = "") const;

  // Disarms `timer_id` and returns its purpose and subject, or nullopt when
  // that id is not armed (cancelled, already fired, or never issued).
  std::optional<FiredTimer> Fire(int64_t timer_id);

 private:
  using Key = std::pair<TimerPurpose, std::string>;

  int64_t next_timer_id_ = 1;
  std::map<Key, int64_t> armed_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_TIMER_TABLE_H_
