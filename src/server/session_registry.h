// SessionRegistry: the live sessions of this server, by session ID.
//
// A Room exists while it has connections (including ones waiting for a
// resume). The registry's mutex guards only the map; each Room's state
// lives on the Room's own strand.
#ifndef SESSIONCORE_SERVER_SESSION_REGISTRY_H_
#define SESSIONCORE_SERVER_SESSION_REGISTRY_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sessioncore::server {

class Room;
class ServerState;

class SessionRegistry {
 public:
  explicit SessionRegistry(ServerState& state) : state_(state) {}

  // Returns the Room of `session_id`, creating it when absent, and counts
  // one pending join on it, which keeps it registered until Room::Join()
  // runs. Fails with kConnectionLimitExceeded when the server already has
  // the configured maximum number of sessions.
  absl::StatusOr<std::shared_ptr<Room>> GetOrCreate(
      const std::string& session_id);

  // Returns the Room of `session_id`, or nullptr when no one is connected.
  std::shared_ptr<Room> Find(const std::string& session_id);

  // Removes `room` if it is still the entry for its session and no join is
  // pending on it; returns whether it was removed. Called by a Room that
  // became empty, on its strand.
  bool Remove(const std::string& session_id, Room* room);

  // Marks one pending join of `room` as done (the join ran on its strand).
  void JoinDone(Room* room);

  // Returns every live Room, for shutdown.
  std::vector<std::shared_ptr<Room>> All();

 private:
  ServerState& state_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Room>> rooms_;
  // Joins handed out by GetOrCreate() that have not reached their Room yet.
  std::map<const Room*, int> pending_joins_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_SESSION_REGISTRY_H_
