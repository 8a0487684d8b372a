// Push numbering, the replay of unacknowledged pushes on a resume, and the
// response cache for requests that a client sends again.
#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"

namespace sessioncore::server {
namespace {

// The number of responses cached per connection.
constexpr size_t kCachedResponses = 32;

// Returns the number of unacknowledged pushes a connection keeps: half of
// its socket's queue. A resume writes them all again before the response,
// and they must fit in the new socket's queue with room to spare.
size_t ReplayLimit(const ServerLimits& limits) {
  return std::max<size_t>(1, limits.outbound_queue_messages / 2);
}

// Puts `"seq":N` first in an encoded push. A push for many connections is
// encoded once, and each copy only gets its own number. The text is built
// in place in the shared string, so a copy costs one string allocation.
Room::Frame FrameWithSeq(std::string_view text, int64_t seq) {
  constexpr std::string_view kPrefix = "{\"seq\":";
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof(digits), seq);
  auto frame = std::make_shared<std::string>();
  frame->reserve(kPrefix.size() + (result.ptr - digits) + text.size());
  frame->append(kPrefix).append(digits, result.ptr);
  frame->push_back(',');
  frame->append(text.substr(1));
  return frame;
}

}  // namespace

void Room::DeliverPush(Member& member, const std::string& text) {
  if (!NumberAndSend(member, text)) {
    LeaveOverflowed(member.connection.connection_id);
  }
}

bool Room::NumberAndSend(Member& member, std::string_view text) {
  const int64_t seq = ++member.last_seq;
  Frame frame = FrameWithSeq(text, seq);
  if (member.link != nullptr) {
    Retain(member, seq, frame);
    member.link->Send(std::move(frame));
    return true;
  }
  // Away: keep only as much as a resume can write again.
  if (member.unacked.size() >= ReplayLimit(state_.config().limits)) {
    return false;
  }
  member.unacked.emplace_back(seq, std::move(frame));
  return true;
}

void Room::LeaveOverflowed(const std::string& connection_id) {
  if (FindMember(connection_id) == nullptr) return;
  Log(LogLevel::kWarn, "resume_queue_full",
      {{"session", session_id_}, {"connection", connection_id}});
  Leave(connection_id, DisconnectReason::kNetworkDisconnected);
}

// While the client is connected, a full buffer drops the oldest push. The
// socket has already written it, so only an immediate resume would need it.
void Room::Retain(Member& member, int64_t seq, const Frame& frame) {
  if (member.unacked.size() >= ReplayLimit(state_.config().limits)) {
    member.unacked.pop_front();
    if (!member.replay_trimmed_logged) {
      member.replay_trimmed_logged = true;
      Log(LogLevel::kWarn, "replay_buffer_trimmed",
          {{"session", session_id_},
           {"connection", member.connection.connection_id},
           {"seq", std::to_string(seq)}});
    }
  }
  member.unacked.emplace_back(seq, frame);
}

bool Room::Replay(Member& member, int64_t last_seq) {
  if (last_seq > member.last_seq) return false;
  while (!member.unacked.empty() && member.unacked.front().first <= last_seq) {
    member.unacked.pop_front();
  }
  const int64_t first_kept = member.unacked.empty()
                                 ? member.last_seq + 1
                                 : member.unacked.front().first;
  if (first_kept > last_seq + 1) {
    Log(LogLevel::kWarn, "replay_gap",
        {{"session", session_id_},
         {"connection", member.connection.connection_id},
         {"first_missing", std::to_string(last_seq + 1)},
         {"first_kept", std::to_string(first_kept)}});
  }
  for (const auto& [seq, frame] : member.unacked) member.link->Send(frame);
  return true;
}

void Room::OnHeartbeat(Member& member, int64_t id,
                       protocol::HeartbeatRequest& r) {
  if (r.ack > member.last_seq) {
    return Reject(
        member, id, "heartbeat",
        MakeError(ErrorCode::kInvalidParameter,
                  absl::StrCat("ack ", r.ack, " is above ", member.last_seq,
                               ", the last push seq sent on this "
                               "connection")));
  }
  while (!member.unacked.empty() && member.unacked.front().first <= r.ack) {
    member.unacked.pop_front();
  }
  Reply(member, id, protocol::EmptyResult{});
}

void Room::CacheResponse(Member& member, int64_t id, const Frame& frame) {
  if (id == 0 || id != member.handled_request_id) return;
  if (member.responses.size() < kCachedResponses) {
    member.responses.push_back({id, frame});
  } else {
    member.responses[member.next_response] = {id, frame};
  }
  member.next_response = (member.next_response + 1) % kCachedResponses;
}

const Room::Frame* Room::FindCachedResponse(const Member& member,
                                            int64_t id) const {
  for (const CachedResponse& cached : member.responses) {
    if (cached.request_id == id) return &cached.frame;
  }
  return nullptr;
}

}  // namespace sessioncore::server
