// Room: the live state of one session: its connections, streams,
// subscriptions and force-mute state, and the rules that change them.
//
// Every method that touches the state runs on the Room's strand, so the
// state needs no locks. The public methods are thread-safe: each posts its
// work to the strand. A Room exists while it has members, connected or
// waiting for a resume. The last one leaving removes it from the
// SessionRegistry and marks it closed. The registry keeps a Room while a
// join is on its way to it, so a join never reaches a closed Room.
#ifndef SESSIONCORE_SERVER_ROOM_H_
#define SESSIONCORE_SERVER_ROOM_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "boost/asio/io_context.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/strand.hpp"
#include "core/model.h"
#include "core/protocol/messages.h"
#include "server/auth/token.h"
#include "server/client_handler.h"
#include "server/client_link.h"
#include "server/compact_deque.h"
#include "server/rate_limiter.h"

namespace sessioncore::server {

class ServerState;

// The verified token and options of a connect request.
struct JoinTicket {
  auth::VerifiedToken token;
  bool connection_events_suppressed = false;
  protocol::ClientInfo client;
};

// A stream as the REST API lists it.
struct StreamSummary {
  std::string stream_id;
  std::string name;
  VideoType video_type = VideoType::kCamera;
  std::string layout_class_list;  // From the publisher's token.
};

class Room : public std::enable_shared_from_this<Room> {
 public:
  using Frame = std::shared_ptr<const std::string>;
  // Called with the outcome of an operation started from the REST API.
  using Done = std::function<void(absl::Status)>;

  Room(ServerState& state, std::string session_id);
  ~Room();

  const std::string& session_id() const { return session_id_; }

  // Adds a connection for `link` and replies to request `request_id` with a
  // Snapshot, or with an error (1015 when the link already joined, 1027
  // when the session is full). The Room must come from
  // SessionRegistry::GetOrCreate(), once per call.
  void Join(std::shared_ptr<ClientLink> link, int64_t request_id,
            JoinTicket ticket);

  // Gives the connection `request.connection_id` to `link` when the resume
  // key matches and the connection is still within its reconnect window,
  // then replies with a Snapshot and then delivers the pushes queued meanwhile.
  void Resume(std::shared_ptr<ClientLink> link, int64_t request_id,
              protocol::ResumeRequest request);

  // Handles a request other than connect and resume from `link`.
  void Handle(std::shared_ptr<ClientLink> link,
              protocol::ClientRequest request);

  // Records that `link` is gone. A connection lost to the network waits
  // for a resume until the reconnect window ends; then its peers get
  // connectionDestroyed with reason networkDisconnected.
  void LinkClosed(std::shared_ptr<ClientLink> link, LinkLoss loss);

  // REST API operations, acting as the server itself (a signal from the
  // server carries no `from`). `done` gets kNotFound for an unknown
  // connection or stream.
  void SignalFromServer(std::optional<std::string> to, std::string type,
                        std::string data, Done done);
  void ForceDisconnectFromServer(std::string connection_id, Done done);
  void ForceMuteAllFromServer(std::vector<std::string> excluded, Done done);
  void ForceMuteStreamFromServer(std::string stream_id, Done done);
  void DisableForceMuteFromServer(Done done);
  void ListStreams(std::function<void(std::vector<StreamSummary>)> done);

  // Closes every socket with a `disconnected` push (serverShutdown).
  void Shutdown();

 private:
  // A response the Room sent, kept so that a request sent again after a
  // resume gets the same response without being carried out twice.
  struct CachedResponse {
    int64_t request_id = 0;
    Frame frame;
  };

  // A connection of this session. `link` is null while the client is away
  // (socket lost, within the reconnect window). Every numbered push stays
  // in `unacked` until the client acknowledges its seq, so a resume can
  // write again what a dead socket swallowed.
  struct Member {
    Connection connection;
    uint64_t sequence = 0;  // Join order, for snapshots.
    Role role = Role::kPublisher;
    std::string api_key;
    std::string layout_class_list;
    bool connection_events_suppressed = false;
    std::shared_ptr<ClientLink> link;
    std::string resume_key;  // Secret: never log it.
    // (seq, frame), in order.
    CompactDeque<std::pair<int64_t, Frame>> unacked;
    uint64_t away_epoch = 0;  // Bumped on each loss, to ignore old timers.
    std::unique_ptr<boost::asio::steady_timer> grace_timer;
    RateLimiter signal_limiter;
    int64_t last_seq = 0;  // seq of the last numbered push; 0 before any.
    bool replay_trimmed_logged = false;
    std::vector<CachedResponse> responses;  // Ring of recent responses.
    size_t next_response = 0;               // Ring slot for the next response.
    int64_t handled_request_id = 0;  // Request being handled, 0 for none.
  };
  struct Subscription {
    std::string subscription_id;
    std::string stream_id;
    std::string publisher_id;   // Connection that publishes the stream.
    std::string subscriber_id;  // Connection that subscribes.
  };
  struct RequestVisitor;

  // Membership (room.cc).
  void DoJoin(std::shared_ptr<ClientLink> link, int64_t request_id,
              JoinTicket ticket);
  void DoResume(std::shared_ptr<ClientLink> link, int64_t request_id,
                protocol::ResumeRequest request);
  void DoHandle(std::shared_ptr<ClientLink> link,
                protocol::ClientRequest request);
  void DoLinkClosed(std::shared_ptr<ClientLink> link, LinkLoss loss);
  void StartGracePeriod(Member& member);
  void OnGraceEnded(const std::string& connection_id, uint64_t away_epoch);
  void Leave(const std::string& connection_id, DisconnectReason reason);
  void CloseIfEmpty();
  protocol::Snapshot MakeSnapshot(const Member& member) const;
  Member* FindByLink(const ClientLink* link);
  Member* FindMember(const std::string& connection_id);

  // Push numbering, replay and the response cache (room_replay.cc).
  // DeliverPush() numbers `text` (an encoded push) for `member`, sends it
  // or keeps it for a resume, and ends the connection of an away member
  // whose buffer is full. NumberAndSend() does the same but returns false
  // instead of ending it, because Leave() would break a loop over members_.
  // The caller then calls LeaveOverflowed() after the loop.
  void DeliverPush(Member& member, const std::string& text);
  bool NumberAndSend(Member& member, std::string_view text);
  void LeaveOverflowed(const std::string& connection_id);
  void Retain(Member& member, int64_t seq, const Frame& frame);
  // Writes again every kept push above `last_seq`; false when `last_seq`
  // is above the last seq sent (the caller rejects the resume).
  bool Replay(Member& member, int64_t last_seq);
  void OnHeartbeat(Member& member, int64_t id, protocol::HeartbeatRequest& r);
  void CacheResponse(Member& member, int64_t id, const Frame& frame);
  const Frame* FindCachedResponse(const Member& member, int64_t id) const;

  // Delivery (room_delivery.cc).
  void Deliver(Member& member, const Frame& frame);
  void Push(Member& member, const protocol::ServerMessage& message);
  void PushToAll(const protocol::ServerMessage& message,
                 const std::string& except_id = "");
  void PushConnectionEvent(const protocol::ServerMessage& message,
                           const std::string& except_id);
  void Reply(Member& member, int64_t id, protocol::ResponseResult result);
  // Logs the rejection and replies to request `id` with `status`.
  void Reject(Member& member, int64_t id, std::string_view type,
              const absl::Status& status);
  void LogRejected(const Member* member, std::string_view request_type,
                   const absl::Status& status);
  protocol::StreamInfo ToStreamInfo(const Stream& stream) const;

  // Requests (one handler per message type; room_media.cc,
  // room_moderation.cc, room_signal.cc).
  void OnDisconnect(Member& member, int64_t id);
  void OnPublish(Member& member, int64_t id, protocol::PublishRequest& r);
  void OnUnpublish(Member& member, int64_t id, protocol::UnpublishRequest& r);
  void OnUpdateStream(Member& member, int64_t id,
                      protocol::UpdateStreamRequest& r);
  void OnSubscribe(Member& member, int64_t id, protocol::SubscribeRequest& r);
  void OnUnsubscribe(Member& member, int64_t id,
                     protocol::UnsubscribeRequest& r);
  void OnSdp(Member& member, int64_t id, protocol::SdpMessage& r);
  void OnCandidate(Member& member, int64_t id, protocol::CandidateMessage& r);
  void OnSignal(Member& member, int64_t id, protocol::SignalRequest& r);
  void OnForceMuteAll(Member& member, int64_t id,
                      protocol::ForceMuteAllRequest& r);
  void OnForceMuteStream(Member& member, int64_t id,
                         protocol::ForceMuteStreamRequest& r);
  void OnDisableForceMute(Member& member, int64_t id);
  void OnForceDisconnect(Member& member, int64_t id,
                         protocol::ForceDisconnectRequest& r);
  void OnForceUnpublish(Member& member, int64_t id,
                        protocol::ForceUnpublishRequest& r);
  void OnSetPreferredLayer(Member& member, int64_t id,
                           protocol::SetPreferredLayerRequest& r);
  void OnReportIssue(Member& member, int64_t id,
                     protocol::ReportIssueRequest& r);

  // Operations shared by client requests and the REST API.
  absl::Status SendSignal(const std::optional<std::string>& from,
                          const std::optional<std::string>& to,
                          const std::string& type, const std::string& data);
  void ForceMuteAll(std::vector<std::string> excluded);
  absl::Status ForceMuteStream(const std::string& stream_id);
  void DisableForceMute();
  absl::Status ForceDisconnect(const std::string& connection_id);
  void DestroyStream(const std::string& stream_id, StreamDestroyedReason reason,
                     bool tell_publisher);
  void EndSubscription(const Subscription& subscription,
                       protocol::SubscriptionEndReason reason);
  void SetHasAudio(Stream& stream, bool has_audio);

  ServerState& state_;
  const std::string session_id_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  bool closed_ = false;
  uint64_t next_sequence_ = 0;
  // Keyed by a view of the member's own connection ID, which never changes,
  // so the ID is stored once.
  std::map<std::string_view, std::unique_ptr<Member>> members_;
  // The member whose current link is the key. An entry goes away when its
  // link closes, is replaced by a resume, or its member leaves, so the
  // pointer never outlives the member in members_.
  absl::flat_hash_map<const ClientLink*, Member*> member_by_link_;
  std::map<std::string, Stream> streams_;
  std::map<std::string, Subscription> subscriptions_;
  protocol::ForceMuteState force_mute_;
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_ROOM_H_
