// Reconciliation after a resume: the resume snapshot is the server's view
// of the session now, and the registry is the client's view after the
// replayed pushes. Every difference becomes the event a push would have
// produced, so no change made during the drop goes unannounced, and a
// change that a replayed push already announced produces nothing twice.
//
// Connections and streams that are gone end with reason
// networkDisconnected, because the client cannot know why they left.
#include <algorithm>
#include <string>
#include <vector>

#include "core/session/client_session.h"

namespace sessioncore::session {
namespace {

template <typename Item, typename KeyOf>
bool ContainsId(const std::vector<Item>& items, const std::string& id,
                KeyOf key_of) {
  return std::any_of(items.begin(), items.end(),
                     [&](const Item& item) { return key_of(item) == id; });
}

const std::string& ConnectionIdOf(const Connection& connection) {
  return connection.connection_id;
}
const std::string& StreamIdOf(const protocol::StreamInfo& info) {
  return info.stream.stream_id;
}
const std::string& ArchiveIdOf(const protocol::ArchiveInfo& archive) {
  return archive.archive_id;
}

}  // namespace

void ClientSession::ReconcileWithSnapshot(const protocol::Snapshot& snapshot) {
  ReconcileStreams(snapshot);
  ReconcileConnections(snapshot);
  for (const protocol::StreamInfo& stream : snapshot.streams) {
    AnnounceStream(stream);
  }
  for (const protocol::StreamInfo& stream : snapshot.streams) {
    ReconcileStreamProperties(stream);
  }
  if (!(registry_.force_mute() == snapshot.force_mute)) {
    Handle(protocol::MuteForcedPush{snapshot.force_mute});
  }
  ReconcileArchives(snapshot);
}

// Ends the streams that the snapshot no longer lists, the local ones
// included (a Publisher streamDestroyed).
void ClientSession::ReconcileStreams(const protocol::Snapshot& snapshot) {
  std::vector<std::string> gone;
  for (const protocol::StreamInfo& info : registry_.streams()) {
    if (!ContainsId(snapshot.streams, info.stream.stream_id, StreamIdOf)) {
      gone.push_back(info.stream.stream_id);
    }
  }
  for (const std::string& stream_id : gone) {
    DestroyStream(stream_id, StreamDestroyedReason::kNetworkDisconnected);
  }
}

// With connection events suppressed the snapshot lists no connections, so
// there is nothing to compare.
void ClientSession::ReconcileConnections(const protocol::Snapshot& snapshot) {
  if (options_.connection_events_suppressed) return;
  std::vector<std::string> gone;
  for (const Connection& connection : registry_.connections()) {
    if (!ContainsId(snapshot.connections, connection.connection_id,
                    ConnectionIdOf)) {
      gone.push_back(connection.connection_id);
    }
  }
  for (const std::string& connection_id : gone) {
    Handle(protocol::ConnectionDestroyedPush{
        connection_id, DisconnectReason::kNetworkDisconnected});
  }
  for (const Connection& connection : snapshot.connections) {
    AnnounceConnection(connection);
  }
}

void ClientSession::ReconcileStreamProperties(
    const protocol::StreamInfo& wanted) {
  const protocol::StreamInfo* known =
      registry_.FindStream(wanted.stream.stream_id);
  if (known == nullptr) return;
  const Stream& now = wanted.stream;
  const std::pair<protocol::StreamProperty, protocol::StreamPropertyValue>
      values[] = {
          {protocol::StreamProperty::kHasAudio, now.has_audio},
          {protocol::StreamProperty::kHasVideo, now.has_video},
          {protocol::StreamProperty::kHasCaptions, now.has_captions},
          {protocol::StreamProperty::kVideoDimensions, now.video_dimensions}};
  // Handle() compares with the registry and emits only real changes.
  for (const auto& [property, value] : values) {
    Handle(protocol::StreamPropertyChangedPush{now.stream_id, property, value,
                                               value});
  }
}

void ClientSession::ReconcileArchives(const protocol::Snapshot& snapshot) {
  std::vector<std::string> stopped;
  for (const protocol::ArchiveInfo& archive : registry_.archives()) {
    if (!ContainsId(snapshot.archives, archive.archive_id, ArchiveIdOf)) {
      stopped.push_back(archive.archive_id);
    }
  }
  for (const std::string& archive_id : stopped) {
    Handle(protocol::ArchiveStoppedPush{archive_id});
  }
  for (const protocol::ArchiveInfo& archive : snapshot.archives) {
    Handle(protocol::ArchiveStartedPush{archive});
  }
}

}  // namespace sessioncore::session
