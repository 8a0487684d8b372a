#include "server/session_registry.h"

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"

namespace sessioncore::server {

absl::StatusOr<std::shared_ptr<Room>> SessionRegistry::GetOrCreate(
    const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = rooms_.find(session_id);
  if (it != rooms_.end()) {
    ++pending_joins_[it->second.get()];
    return it->second;
  }
  std::size_t max = state_.config().limits.sessions_per_server;
  if (rooms_.size() >= max) {
    Log(LogLevel::kWarn, "session_limit_reached",
        {{"session", session_id}, {"sessions", std::to_string(rooms_.size())}});
    return MakeError(ErrorCode::kConnectionLimitExceeded,
                     absl::StrCat("server already has ", rooms_.size(),
                                  " live sessions, the configured maximum"));
  }
  auto room = std::make_shared<Room>(state_, session_id);
  rooms_[session_id] = room;
  ++pending_joins_[room.get()];
  return room;
}

std::shared_ptr<Room> SessionRegistry::Find(const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = rooms_.find(session_id);
  return it == rooms_.end() ? nullptr : it->second;
}

bool SessionRegistry::Remove(const std::string& session_id, Room* room) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_joins_.count(room) != 0) return false;
  auto it = rooms_.find(session_id);
  if (it != rooms_.end() && it->second.get() == room) rooms_.erase(it);
  return true;
}

void SessionRegistry::JoinDone(Room* room) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = pending_joins_.find(room);
  if (it != pending_joins_.end() && --it->second <= 0) pending_joins_.erase(it);
}

std::vector<std::shared_ptr<Room>> SessionRegistry::All() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<Room>> rooms;
  for (const auto& [id, room] : rooms_) rooms.push_back(room);
  return rooms;
}

}  // namespace sessioncore::server
