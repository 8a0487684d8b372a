// Membership of a Room: join, resume, leave, and the reconnect window.
#include "server/room.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "boost/asio/post.hpp"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "server/ids.h"
#include "server/log.h"
#include "server/server_state.h"
#include "server/session_registry.h"

namespace sessioncore::server {

namespace net = boost::asio;

Room::Room(ServerState& state, std::string session_id)
    : state_(state),
      session_id_(std::move(session_id)),
      strand_(net::make_strand(state.io())) {}

Room::~Room() = default;

void Room::Join(std::shared_ptr<ClientLink> link, int64_t request_id,
                JoinTicket ticket) {
  net::post(strand_, [self = shared_from_this(), link = std::move(link),
                      request_id, ticket = std::move(ticket)]() mutable {
    self->DoJoin(std::move(link), request_id, std::move(ticket));
  });
}

void Room::Resume(std::shared_ptr<ClientLink> link, int64_t request_id,
                  protocol::ResumeRequest request) {
  net::post(strand_, [self = shared_from_this(), link = std::move(link),
                      request_id, request = std::move(request)]() mutable {
    self->DoResume(std::move(link), request_id, std::move(request));
  });
}

void Room::Handle(std::shared_ptr<ClientLink> link,
                  protocol::ClientRequest request) {
  net::post(strand_, [self = shared_from_this(), link = std::move(link),
                      request = std::move(request)]() mutable {
    self->DoHandle(std::move(link), std::move(request));
  });
}

void Room::LinkClosed(std::shared_ptr<ClientLink> link, LinkLoss loss) {
  net::post(strand_,
            [self = shared_from_this(), link = std::move(link),
             loss]() mutable { self->DoLinkClosed(std::move(link), loss); });
}

void Room::DoJoin(std::shared_ptr<ClientLink> link, int64_t request_id,
                  JoinTicket ticket) {
  state_.sessions().JoinDone(this);
  auto reject = [&](const absl::Status& status) {
    LogRejected(FindByLink(link.get()), "connect", status);
    link->Send(MakeFrame(protocol::EncodeError(request_id, status)));
    CloseIfEmpty();
  };
  if (FindByLink(link.get()) != nullptr) {
    return reject(MakeError(ErrorCode::kIllegalState,
                            "this socket is already connected to the "
                            "session; disconnect first"));
  }
  std::size_t max = state_.config().limits.connections_per_session;
  if (members_.size() >= max) {
    return reject(
        MakeError(ErrorCode::kConnectionLimitExceeded,
                  absl::StrCat("session has ", members_.size(),
                               " connections, the configured maximum")));
  }
  const ServerLimits& limits = state_.config().limits;
  auto member = std::make_unique<Member>(Member{
      Connection{NewUuid(), NowUnixMillis(), ticket.token.connection_data},
      next_sequence_++,
      ticket.token.role,
      ticket.token.api_key,
      ticket.token.initial_layout_class_list,
      ticket.connection_events_suppressed,
      link,
      NewSecret(),
      {},
      0,
      nullptr,
      RateLimiter(limits.signals_per_second, limits.signal_burst,
                  RateLimiter::Clock::now())});
  Member& added = *member;
  const std::string& id = added.connection.connection_id;
  members_.emplace(id, std::move(member));
  member_by_link_[link.get()] = &added;
  link->SetConnectionId(id);
  Log(LogLevel::kInfo, "connection_created",
      {{"session", session_id_},
       {"connection", id},
       {"link", link->LinkId()},
       {"role", std::string(RoleName(added.role))},
       {"token_format",
        std::string(auth::TokenFormatName(ticket.token.format))},
       {"client", ticket.client.sdk + "/" + ticket.client.version}});
  Reply(added, request_id, MakeSnapshot(added));
  PushConnectionEvent(protocol::ConnectionCreatedPush{added.connection}, id);
}

void Room::DoResume(std::shared_ptr<ClientLink> link, int64_t request_id,
                    protocol::ResumeRequest request) {
  Member* member = FindMember(request.connection_id);
  absl::Status status;
  if (member == nullptr) {
    status =
        MakeError(ErrorCode::kConnectFailed,
                  absl::StrCat("cannot resume connection ",
                               request.connection_id.substr(0, 100),
                               ": it ended or its reconnect window of ",
                               state_.config().resume_grace.count(),
                               " ms has passed; connect again with a token"));
  } else if (request.resume_key != member->resume_key) {
    status = MakeError(ErrorCode::kAuthenticationError,
                       "cannot resume connection: wrong resume key");
  } else if (request.last_seq > member->last_seq) {
    status =
        MakeError(ErrorCode::kInvalidParameter,
                  absl::StrCat("cannot resume connection: lastSeq ",
                               request.last_seq, " is above ", member->last_seq,
                               ", the last push seq sent on this connection"));
  }
  if (!status.ok()) {
    LogRejected(member, "resume", status);
    link->Send(MakeFrame(protocol::EncodeError(request_id, status)));
    return;
  }
  if (member->link != nullptr && member->link != link) {
    // The old socket has not reported its loss yet; the new one wins.
    member_by_link_.erase(member->link.get());
    member->link->Close(nullptr);
  }
  member->link = link;
  member->away_epoch++;
  if (member->grace_timer) member->grace_timer->cancel();
  member_by_link_[link.get()] = member;
  link->SetConnectionId(member->connection.connection_id);
  Log(LogLevel::kInfo, "connection_resumed",
      {{"session", session_id_},
       {"connection", member->connection.connection_id},
       {"link", link->LinkId()},
       {"last_seq", std::to_string(request.last_seq)},
       {"kept", std::to_string(member->unacked.size())}});
  // The pushes the client missed come first, so its registry is up to date
  // when the Snapshot arrives and it can compare the two.
  Replay(*member, request.last_seq);
  Reply(*member, request_id, MakeSnapshot(*member));
}

void Room::DoLinkClosed(std::shared_ptr<ClientLink> link, LinkLoss loss) {
  Member* member = FindByLink(link.get());
  member_by_link_.erase(link.get());
  if (member == nullptr || member->link != link) return CloseIfEmpty();
  member->link = nullptr;
  if (loss == LinkLoss::kNetwork) return StartGracePeriod(*member);
  // A close frame with 1000 or 1001 means the client is done, so there is
  // nothing to wait for.
  if (loss == LinkLoss::kClosedByClient) {
    return Leave(member->connection.connection_id,
                 DisconnectReason::kClientDisconnected);
  }
  // A server-side close always follows a Leave(), so only a slow consumer
  // or a protocol error can get here. A slow consumer's queue overflowed,
  // so a resume could not catch up, and a client that breaks the WebSocket
  // protocol would break it again after a resume.
  Leave(member->connection.connection_id,
        DisconnectReason::kNetworkDisconnected);
}

void Room::StartGracePeriod(Member& member) {
  uint64_t epoch = ++member.away_epoch;
  Log(LogLevel::kInfo, "connection_away",
      {{"session", session_id_},
       {"connection", member.connection.connection_id},
       {"reconnect_window_ms",
        std::to_string(state_.config().resume_grace.count())}});
  member.grace_timer = std::make_unique<net::steady_timer>(strand_);
  member.grace_timer->expires_after(state_.config().resume_grace);
  member.grace_timer->async_wait(
      [self = shared_from_this(), id = member.connection.connection_id,
       epoch](boost::system::error_code) { self->OnGraceEnded(id, epoch); });
}

void Room::OnGraceEnded(const std::string& connection_id, uint64_t away_epoch) {
  Member* member = FindMember(connection_id);
  if (member == nullptr || member->link != nullptr ||
      member->away_epoch != away_epoch) {
    return;
  }
  Log(LogLevel::kInfo, "reconnect_window_ended",
      {{"session", session_id_}, {"connection", connection_id}});
  Leave(connection_id, DisconnectReason::kNetworkDisconnected);
}

// Peers learn about the streams first and the connection last, so that no
// client ever sees a stream whose connection is already gone.
void Room::Leave(const std::string& connection_id, DisconnectReason reason) {
  auto it = members_.find(connection_id);
  if (it == members_.end()) return;
  StreamDestroyedReason stream_reason =
      reason == DisconnectReason::kForceDisconnected
          ? StreamDestroyedReason::kForceDisconnected
      : reason == DisconnectReason::kNetworkDisconnected
          ? StreamDestroyedReason::kNetworkDisconnected
          : StreamDestroyedReason::kClientDisconnected;
  std::vector<std::string> own_streams;
  for (const auto& [stream_id, stream] : streams_) {
    if (stream.connection_id == connection_id) own_streams.push_back(stream_id);
  }
  for (const std::string& stream_id : own_streams) {
    DestroyStream(stream_id, stream_reason, /*tell_publisher=*/false);
  }
  std::vector<Subscription> own_subscriptions;
  for (const auto& [id, subscription] : subscriptions_) {
    if (subscription.subscriber_id == connection_id) {
      own_subscriptions.push_back(subscription);
    }
  }
  for (const Subscription& subscription : own_subscriptions) {
    EndSubscription(subscription,
                    protocol::SubscriptionEndReason::kSubscriberDisconnected);
  }
  std::unique_ptr<Member> member = std::move(it->second);
  members_.erase(it);
  if (member->link) member_by_link_.erase(member->link.get());
  if (member->grace_timer) member->grace_timer->cancel();
  Log(LogLevel::kInfo, "connection_destroyed",
      {{"session", session_id_},
       {"connection", connection_id},
       {"reason", std::string(DisconnectReasonName(reason))}});
  PushConnectionEvent(protocol::ConnectionDestroyedPush{connection_id, reason},
                      connection_id);
  CloseIfEmpty();
}

void Room::CloseIfEmpty() {
  if (!members_.empty() || closed_) return;
  closed_ = state_.sessions().Remove(session_id_, this);
}

protocol::Snapshot Room::MakeSnapshot(const Member& member) const {
  protocol::Snapshot snapshot;
  snapshot.connection = member.connection;
  snapshot.role = member.role;
  snapshot.capabilities = CapabilitiesForRole(member.role);
  std::vector<const Member*> others;
  for (const auto& [id, other] : members_) {
    if (other.get() != &member) others.push_back(other.get());
  }
  std::sort(others.begin(), others.end(), [](const Member* a, const Member* b) {
    return a->sequence < b->sequence;
  });
  if (!member.connection_events_suppressed) {
    for (const Member* other : others) {
      snapshot.connections.push_back(other->connection);
    }
  }
  for (const auto& [id, stream] : streams_) {
    snapshot.streams.push_back(ToStreamInfo(stream));
  }
  snapshot.force_mute = force_mute_;
  for (const IceServerConfig& server : state_.config().ice_servers) {
    protocol::IceServer ice{server.urls, std::nullopt, std::nullopt};
    if (!server.username.empty()) ice.username = server.username;
    if (!server.credential.empty()) ice.credential = server.credential;
    snapshot.ice_servers.push_back(std::move(ice));
  }
  snapshot.heartbeat_interval_ms = state_.config().heartbeat_interval.count();
  snapshot.reconnect_window_ms = state_.config().resume_grace.count();
  snapshot.resume_key = member.resume_key;
  return snapshot;
}

Room::Member* Room::FindByLink(const ClientLink* link) {
  auto it = member_by_link_.find(link);
  return it == member_by_link_.end() ? nullptr : it->second;
}

Room::Member* Room::FindMember(const std::string& connection_id) {
  auto it = members_.find(connection_id);
  return it == members_.end() ? nullptr : it->second.get();
}

}  // namespace sessioncore::server
