#include "core/session/timer_table.h"

namespace sessioncore::session {

void TimerTable::Arm(TimerPurpose purpose, int64_t delay_ms, OutputQueue& out) {
  Cancel(purpose, out);
  int64_t timer_id = next_timer_id_++;
  armed_[purpose] = timer_id;
  out.ArmTimer(timer_id, delay_ms);
}

void TimerTable::Cancel(TimerPurpose purpose, OutputQueue& out) {
  auto it = armed_.find(purpose);
  if (it == armed_.end()) return;
  out.CancelTimer(it->second);
  armed_.erase(it);
}

void TimerTable::CancelAll(OutputQueue& out) {
  for (const auto& [purpose, timer_id] : armed_) out.CancelTimer(timer_id);
  armed_.clear();
}

bool TimerTable::IsArmed(TimerPurpose purpose) const {
  return armed_.count(purpose) > 0;
}

std::optional<TimerPurpose> TimerTable::Fire(int64_t timer_id) {
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->second == timer_id) {
      TimerPurpose purpose = it->first;
      armed_.erase(it);
      return purpose;
    }
  }
  return std::nullopt;
}

}  // namespace sessioncore::session
