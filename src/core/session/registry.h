// The session's view of who is there: the local connection with its role
// and capabilities, the other connections, every live stream (local and
// remote), the force-mute state and the archives that are recording.
//
// ClientSession fills it from the connect or resume snapshot and keeps it
// current from server pushes. Lists keep insertion order, so events built
// from them come out in the order the server announced things.
#ifndef SESSIONCORE_CORE_SESSION_REGISTRY_H_
#define SESSIONCORE_CORE_SESSION_REGISTRY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/protocol/messages.h"

namespace sessioncore::session {

class SessionRegistry {
 public:
  // Forgets everything, as after a disconnect.
  void Clear();

  // Records the local connection and what its role allows.
  void SetLocal(const Connection& connection, Role role,
                const Capabilities& capabilities);
  const std::optional<Connection>& local_connection() const { return local_; }
  const Capabilities& capabilities() const { return capabilities_; }
  std::optional<Role> role() const { return role_; }
  bool IsLocalConnection(std::string_view connection_id) const;

  // Adds a remote connection; returns false, and changes nothing, when a
  // connection with that ID is already known (the local one included).
  bool AddConnection(const Connection& connection);
  // Removes a remote connection and returns it, or nullopt if unknown.
  std::optional<Connection> RemoveConnection(std::string_view connection_id);
  // Finds a connection by ID, the local one included; nullptr if unknown.
  const Connection* FindConnection(std::string_view connection_id) const;
  const std::vector<Connection>& connections() const { return connections_; }

  // Adds a stream with its publisher's connection; returns false, and
  // changes nothing, for a known stream ID.
  bool AddStream(const protocol::StreamInfo& stream);
  std::optional<protocol::StreamInfo> RemoveStream(std::string_view stream_id);
  protocol::StreamInfo* FindStream(std::string_view stream_id);
  const protocol::StreamInfo* FindStream(std::string_view stream_id) const;
  // Returns the IDs of the streams that `connection_id` publishes, in the
  // order they were added.
  std::vector<std::string> StreamIdsOf(std::string_view connection_id) const;
  const std::vector<protocol::StreamInfo>& streams() const { return streams_; }

  void SetForceMute(const protocol::ForceMuteState& state) {
    force_mute_ = state;
  }
  const protocol::ForceMuteState& force_mute() const { return force_mute_; }

  // Adds or removes an archive; both return false when nothing changed.
  bool AddArchive(const protocol::ArchiveInfo& archive);
  std::optional<protocol::ArchiveInfo> RemoveArchive(
      std::string_view archive_id);
  const std::vector<protocol::ArchiveInfo>& archives() const {
    return archives_;
  }

 private:
  std::optional<Connection> local_;
  std::optional<Role> role_;
  Capabilities capabilities_;
  // NOTE: plain vectors with linear lookups keep insertion order; sessions
  // of a few hundred participants stay well within that cost.
  std::vector<Connection> connections_;
  std::vector<protocol::StreamInfo> streams_;
  protocol::ForceMuteState force_mute_;
  std::vector<protocol::ArchiveInfo> archives_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_REGISTRY_H_
