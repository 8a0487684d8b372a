#include "server/session_registry.h"

#include "core/error.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
#include "server/text.h"

namespace sessioncore::server {

absl::StatusOr<std::shared_ptr<Room>> SessionRegistry::GetOrCreate(
    const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = rooms_.find(session_id);
  if (it != rooms_.end()) return it->second;
  std::size_t max = state_.config().limits.sessions_per_server;
  if (rooms_.size() >= max) {
    Log(LogLevel::kWarn, "session_limit_reached",
        {{"session", session_id}, {"sessions", std::to_string(rooms_.size())}});
    return MakeError(ErrorCode::kConnectionLimitExceeded,
                     Concat("server already has ", rooms_.size(),
                            " live sessions, the configured maximum"));
  }
  auto room = std::make_shared<Room>(state_, session_id);
  rooms_[session_id] = room;
  return room;
}

std::shared_ptr<Room> SessionRegistry::Find(const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = rooms_.find(session_id);
  return it == rooms_.end() ? nullptr : it->second;
}

void SessionRegistry::Remove(const std::string& session_id, const Room* room) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = rooms_.find(session_id);
  if (it != rooms_.end() && it->second.get() == room) rooms_.erase(it);
}

std::vector<std::shared_ptr<Room>> SessionRegistry::All() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<Room>> rooms;
  for (const auto& [id, room] : rooms_) rooms.push_back(room);
  return rooms;
}

}  // namespace sessioncore::server
