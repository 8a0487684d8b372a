#include "core/session/request_tracker.h"

#include <utility>

namespace sessioncore::session {

int64_t RequestTracker::Start(std::string type, ResponseCallback on_response) {
  int64_t id = next_id_++;
  pending_[id] = Pending{std::move(type), std::move(on_response)};
  return id;
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

void RequestTracker::FailAll(const absl::Status& error) {
  std::map<int64_t, Pending> failing;
  failing.swap(pending_);
  for (auto& [id, pending] : failing) pending.on_response(error);
}

}  // namespace sessioncore::session
