#include "core/session/request_tracker.h"

#include <utility>

namespace sessioncore::session {

int64_t RequestTracker::Start(std::string type, ResponseCallback on_response) {
  int64_t id = next_id_++;
  pending_[id] = Pending{std::move(type), "", std::move(on_response), false};
  return id;
}

void RequestTracker::KeepFrame(int64_t id, std::string frame) {
  auto it = pending_.find(id);
  if (it != pending_.end()) it->second.frame = std::move(frame);
}

bool RequestTracker::Resolve(int64_t id,
                             absl::StatusOr<protocol::ResponseResult> outcome) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return false;
  // Take the continuation out first: it may start new requests.
  ResponseCallback on_response = std::move(it->second.on_response);
  pending_.erase(it);
  on_response(std::move(outcome));
  return true;
}

std::string RequestTracker::TypeOf(int64_t id) const {
  auto it = pending_.find(id);
  return it == pending_.end() ? std::string() : it->second.type;
}

// Continuations run after the selected requests are removed, so requests
// they start stay pending.
template <typename Select>
void RequestTracker::FailWhere(Select select, const absl::Status& error) {
  std::vector<ResponseCallback> failing;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!select(it->second)) {
      ++it;
      continue;
    }
    failing.push_back(std::move(it->second.on_response));
    it = pending_.erase(it);
  }
  for (ResponseCallback& on_response : failing) on_response(error);
}

void RequestTracker::FailAll(const absl::Status& error) {
  FailWhere([](const Pending&) { return true; }, error);
}

void RequestTracker::FailType(std::string_view type,
                              const absl::Status& error) {
  FailWhere([type](const Pending& p) { return p.type == type; }, error);
}

void RequestTracker::HoldAll() {
  for (auto& [id, pending] : pending_) pending.held = true;
}

void RequestTracker::FailUnheld(const absl::Status& error) {
  FailWhere([](const Pending& p) { return !p.held; }, error);
}

std::vector<std::string> RequestTracker::ReleaseHeld() {
  std::vector<std::string> frames;
  for (auto& [id, pending] : pending_) {
    if (!pending.held) continue;
    pending.held = false;
    frames.push_back(pending.frame);
  }
  return frames;
}

size_t RequestTracker::held() const {
  size_t count = 0;
  for (const auto& [id, pending] : pending_) count += pending.held ? 1 : 0;
  return count;
}

}  // namespace sessioncore::session
