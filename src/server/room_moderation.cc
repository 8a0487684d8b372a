// Moderation in a Room: force mute, force disconnect and force unpublish,
// from a moderator's client or from the REST API.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
namespace sessioncore::server {
namespace {

absl::Status RoleCannot(ErrorCode code, Role role, std::string_view action) {
  return MakeError(code, absl::StrCat("role ", RoleName(role), " cannot ",
                                      action, "; a moderator token is needed"));
}

}  // namespace

void Room::OnForceMuteAll(Member& member, int64_t id,
                          protocol::ForceMuteAllRequest& r) {
  if (!CapabilitiesForRole(member.role).force_mute) {
    return Reject(
        member, id, "forceMuteAll",
        RoleCannot(ErrorCode::kUnableToForceMute, member.role, "force mute"));
  }
  Reply(member, id, protocol::EmptyResult{});
  ForceMuteAll(std::move(r.excluded_stream_ids));
}

void Room::OnForceMuteStream(Member& member, int64_t id,
                             protocol::ForceMuteStreamRequest& r) {
  if (!CapabilitiesForRole(member.role).force_mute) {
    return Reject(
        member, id, "forceMuteStream",
        RoleCannot(ErrorCode::kUnableToForceMute, member.role, "force mute"));
  }
  absl::Status status = ForceMuteStream(r.stream_id);
  if (!status.ok()) return Reject(member, id, "forceMuteStream", status);
  Reply(member, id, protocol::EmptyResult{});
}

void Room::OnDisableForceMute(Member& member, int64_t id) {
  if (!CapabilitiesForRole(member.role).force_mute) {
    return Reject(member, id, "disableForceMute",
                  RoleCannot(ErrorCode::kUnableToForceMute, member.role,
                             "disable force mute"));
  }
  Reply(member, id, protocol::EmptyResult{});
  DisableForceMute();
}

void Room::OnForceDisconnect(Member& member, int64_t id,
                             protocol::ForceDisconnectRequest& r) {
  if (!CapabilitiesForRole(member.role).force_disconnect) {
    return Reject(member, id, "forceDisconnect",
                  RoleCannot(ErrorCode::kUnableToForceDisconnect, member.role,
                             "force disconnect"));
  }
  // The moderator may disconnect itself, so the reply goes out first.
  if (FindMember(r.connection_id) == nullptr) {
    return Reject(member, id, "forceDisconnect",
                  ForceDisconnect(r.connection_id));
  }
  Reply(member, id, protocol::EmptyResult{});
  ForceDisconnect(r.connection_id).IgnoreError();
}

void Room::OnForceUnpublish(Member& member, int64_t id,
                            protocol::ForceUnpublishRequest& r) {
  if (!CapabilitiesForRole(member.role).force_unpublish) {
    return Reject(member, id, "forceUnpublish",
                  RoleCannot(ErrorCode::kUnableToForceUnpublish, member.role,
                             "force unpublish"));
  }
  if (streams_.count(r.stream_id) == 0) {
    return Reject(member, id, "forceUnpublish",
                  MakeError(ErrorCode::kNotFound,
                            absl::StrCat("stream ", r.stream_id.substr(0, 100),
                                         " not found in this session")));
  }
  Reply(member, id, protocol::EmptyResult{});
  DestroyStream(r.stream_id, StreamDestroyedReason::kForceUnpublished,
                /*tell_publisher=*/true);
}

// Mutes each stream that is not excluded (streamPropertyChanged for each
// one that had audio), then announces the new state with muteForced.
// Streams published later start muted until DisableForceMute().
void Room::ForceMuteAll(std::vector<std::string> excluded) {
  force_mute_.active = true;
  force_mute_.excluded_stream_ids = std::move(excluded);
  const auto& list = force_mute_.excluded_stream_ids;
  std::vector<std::string> affected;
  for (const auto& [stream_id, stream] : streams_) {
    if (std::find(list.begin(), list.end(), stream_id) == list.end()) {
      affected.push_back(stream_id);
    }
  }
  Log(LogLevel::kInfo, "force_mute_enabled",
      {{"session", session_id_},
       {"excluded", std::to_string(list.size())},
       {"streams_muted", std::to_string(affected.size())}});
  for (const std::string& stream_id : affected) {
    auto it = streams_.find(stream_id);
    if (it != streams_.end()) SetHasAudio(it->second, false);
  }
  PushToAll(protocol::MuteForcedPush{force_mute_});
}

// Muting a stream that is already muted succeeds and sends nothing.
absl::Status Room::ForceMuteStream(const std::string& stream_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) {
    return MakeError(ErrorCode::kNotFound,
                     absl::StrCat("stream ", stream_id.substr(0, 100),
                                  " not found in this session"));
  }
  Log(LogLevel::kInfo, "stream_force_muted",
      {{"session", session_id_}, {"stream", stream_id}});
  SetHasAudio(it->second, false);
  return absl::OkStatus();
}

// Streams stay muted: disabling force mute only lets their publishers
// unmute again, and lets new streams start with audio.
void Room::DisableForceMute() {
  force_mute_ = protocol::ForceMuteState{};
  Log(LogLevel::kInfo, "force_mute_disabled", {{"session", session_id_}});
  PushToAll(protocol::MuteForcedPush{force_mute_});
}

absl::Status Room::ForceDisconnect(const std::string& connection_id) {
  Member* target = FindMember(connection_id);
  if (target == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     absl::StrCat("connection ", connection_id.substr(0, 100),
                                  " not found in this session"));
  }
  std::shared_ptr<ClientLink> link = target->link;
  Leave(connection_id, DisconnectReason::kForceDisconnected);
  if (link) {
    link->Close(MakeFrame(protocol::Encode(protocol::DisconnectedPush{
        protocol::ServerDisconnectReason::kForceDisconnected,
        "a moderator disconnected this client"})));
  }
  return absl::OkStatus();
}

}  // namespace sessioncore::server
