#include "core/session/timer_table.h"

namespace sessioncore::session {

void TimerTable::Arm(TimerPurpose purpose, int64_t delay_ms, OutputQueue& out) {
  ArmFor(purpose, "", delay_ms, out);
}

void TimerTable::ArmFor(TimerPurpose purpose, std::string_view subject,
                        int64_t delay_ms, OutputQueue& out) {
  CancelFor(purpose, subject, out);
  int64_t timer_id = next_timer_id_++;
  armed_[Key(purpose, subject)] = timer_id;
  out.ArmTimer(timer_id, delay_ms);
}

void TimerTable::Cancel(TimerPurpose purpose, OutputQueue& out) {
  CancelFor(purpose, "", out);
}

void TimerTable::CancelFor(TimerPurpose purpose, std::string_view subject,
                           OutputQueue& out) {
  auto it = armed_.find(Key(purpose, subject));
  if (it == armed_.end()) return;
  out.CancelTimer(it->second);
  armed_.erase(it);
}

void TimerTable::CancelAll(OutputQueue& out) {
  for (const auto& [key, timer_id] : armed_) out.CancelTimer(timer_id);
  armed_.clear();
}

bool TimerTable::IsArmed(TimerPurpose purpose, std::string_view subject) const {
  return armed_.count(Key(purpose, subject)) > 0;
}

std::optional<FiredTimer> TimerTable::Fire(int64_t timer_id) {
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->second == timer_id) {
      FiredTimer fired{it->first.first, it->first.second};
      armed_.erase(it);
      return fired;
    }
  }
  return std::nullopt;
}

}  // namespace sessioncore::session
