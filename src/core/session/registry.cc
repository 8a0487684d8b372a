#include "core/session/registry.h"

#include <algorithm>
#include <utility>

namespace sessioncore::session {
namespace {

template <typename Container, typename KeyOf>
auto FindById(Container& items, std::string_view id, KeyOf key_of) {
  return std::find_if(items.begin(), items.end(),
                      [&](const auto& item) { return key_of(item) == id; });
}

const std::string& ConnectionKey(const Connection& c) {
  return c.connection_id;
}
const std::string& StreamKey(const protocol::StreamInfo& s) {
  return s.stream.stream_id;
}
const std::string& ArchiveKey(const protocol::ArchiveInfo& a) {
  return a.archive_id;
}

}  // namespace

void SessionRegistry::Clear() { *this = SessionRegistry(); }

void SessionRegistry::SetLocal(const Connection& connection, Role role,
                               const Capabilities& capabilities) {
  local_ = connection;
  role_ = role;
  capabilities_ = capabilities;
}

bool SessionRegistry::IsLocalConnection(std::string_view connection_id) const {
  return local_.has_value() && local_->connection_id == connection_id;
}

bool SessionRegistry::AddConnection(const Connection& connection) {
  if (FindConnection(connection.connection_id) != nullptr) return false;
  connections_.push_back(connection);
  return true;
}

std::optional<Connection> SessionRegistry::RemoveConnection(
    std::string_view connection_id) {
  auto it = FindById(connections_, connection_id, ConnectionKey);
  if (it == connections_.end()) return std::nullopt;
  Connection removed = std::move(*it);
  connections_.erase(it);
  return removed;
}

const Connection* SessionRegistry::FindConnection(
    std::string_view connection_id) const {
  if (IsLocalConnection(connection_id)) return &*local_;
  auto it = FindById(connections_, connection_id, ConnectionKey);
  return it == connections_.end() ? nullptr : &*it;
}

bool SessionRegistry::AddStream(const protocol::StreamInfo& stream) {
  if (FindStream(stream.stream.stream_id) != nullptr) return false;
  streams_.push_back(stream);
  return true;
}

std::optional<protocol::StreamInfo> SessionRegistry::RemoveStream(
    std::string_view stream_id) {
  auto it = FindById(streams_, stream_id, StreamKey);
  if (it == streams_.end()) return std::nullopt;
  protocol::StreamInfo removed = std::move(*it);
  streams_.erase(it);
  return removed;
}

protocol::StreamInfo* SessionRegistry::FindStream(std::string_view stream_id) {
  auto it = FindById(streams_, stream_id, StreamKey);
  return it == streams_.end() ? nullptr : &*it;
}

const protocol::StreamInfo* SessionRegistry::FindStream(
    std::string_view stream_id) const {
  auto it = FindById(streams_, stream_id, StreamKey);
  return it == streams_.end() ? nullptr : &*it;
}

std::vector<std::string> SessionRegistry::StreamIdsOf(
    std::string_view connection_id) const {
  std::vector<std::string> ids;
  for (const protocol::StreamInfo& info : streams_) {
    if (info.stream.connection_id == connection_id) {
      ids.push_back(info.stream.stream_id);
    }
  }
  return ids;
}

bool SessionRegistry::AddArchive(const protocol::ArchiveInfo& archive) {
  if (FindById(archives_, archive.archive_id, ArchiveKey) != archives_.end()) {
    return false;
  }
  archives_.push_back(archive);
  return true;
}

std::optional<protocol::ArchiveInfo> SessionRegistry::RemoveArchive(
    std::string_view archive_id) {
  auto it = FindById(archives_, archive_id, ArchiveKey);
  if (it == archives_.end()) return std::nullopt;
  protocol::ArchiveInfo removed = std::move(*it);
  archives_.erase(it);
  return removed;
}

}  // namespace sessioncore::session
