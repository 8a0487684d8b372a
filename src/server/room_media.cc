// Streams and subscriptions of a Room: publish, unpublish, updateStream,
// subscribe, unsubscribe, and the SDP and ICE relay between the two sides
// of a subscription.
#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "server/ids.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
namespace sessioncore::server {
namespace {

absl::Status StreamNotFound(const std::string& stream_id) {
  return MakeError(ErrorCode::kNotFound,
                   absl::StrCat("stream ", stream_id.substr(0, 100),
                                " not found in this session"));
}

absl::Status SubscriptionNotFound(const std::string& subscription_id) {
  return MakeError(ErrorCode::kNotFound,
                   absl::StrCat("subscription ", subscription_id.substr(0, 100),
                                " not found for this connection"));
}

}  // namespace

void Room::OnDisconnect(Member& member, int64_t id) {
  std::shared_ptr<ClientLink> link = member.link;
  Reply(member, id, protocol::EmptyResult{});
  Leave(member.connection.connection_id, DisconnectReason::kClientDisconnected);
  if (link) link->Close(nullptr);
}

// While force mute is active, a new stream starts without audio and its
// publisher gets muteForced after the publish result.
void Room::OnPublish(Member& member, int64_t id, protocol::PublishRequest& r) {
  if (!CapabilitiesForRole(member.role).publish) {
    return Reject(member, id, "publish",
                  MakeError(ErrorCode::kUnableToPublish,
                            absl::StrCat("role ", RoleName(member.role),
                                         " cannot publish")));
  }
  Stream stream;
  stream.stream_id = NewUuid();
  stream.connection_id = member.connection.connection_id;
  stream.creation_time = NowUnixMillis();
  stream.name = r.name;
  stream.has_audio = r.has_audio;
  stream.has_video = r.has_video;
  stream.video_type = r.video_type;
  stream.video_dimensions = r.video_dimensions;
  stream.frame_rate = r.frame_rate;
  bool muted = force_mute_.active && stream.has_audio;
  if (muted) stream.has_audio = false;
  streams_[stream.stream_id] = stream;
  Log(LogLevel::kInfo, "stream_created",
      {{"session", session_id_},
       {"connection", member.connection.connection_id},
       {"stream", stream.stream_id},
       {"force_muted", muted ? "true" : "false"}});
  Reply(member, id, protocol::PublishResult{ToStreamInfo(stream)});
  if (force_mute_.active) Push(member, protocol::MuteForcedPush{force_mute_});
  PushToAll(protocol::StreamCreatedPush{ToStreamInfo(stream)},
            member.connection.connection_id);
}

void Room::OnUnpublish(Member& member, int64_t id,
                       protocol::UnpublishRequest& r) {
  auto it = streams_.find(r.stream_id);
  if (it == streams_.end()) {
    return Reject(member, id, "unpublish", StreamNotFound(r.stream_id));
  }
  if (it->second.connection_id != member.connection.connection_id) {
    return Reject(member, id, "unpublish",
                  MakeError(ErrorCode::kPermissionDenied,
                            "a client can unpublish only its own streams; "
                            "moderators use forceUnpublish"));
  }
  Reply(member, id, protocol::EmptyResult{});
  DestroyStream(r.stream_id, StreamDestroyedReason::kUnpublished,
                /*tell_publisher=*/false);
}

// Sends streamPropertyChanged only when the value really changes, so that
// clients never see an event whose old and new values are equal.
void Room::OnUpdateStream(Member& member, int64_t id,
                          protocol::UpdateStreamRequest& r) {
  auto it = streams_.find(r.stream_id);
  if (it == streams_.end()) {
    return Reject(member, id, "updateStream", StreamNotFound(r.stream_id));
  }
  Stream& stream = it->second;
  if (stream.connection_id != member.connection.connection_id) {
    return Reject(member, id, "updateStream",
                  MakeError(ErrorCode::kPermissionDenied,
                            "a client can update only its own streams"));
  }
  protocol::StreamPropertyValue old_value;
  switch (r.property) {
    case protocol::StreamProperty::kHasAudio:
      old_value = stream.has_audio;
      stream.has_audio = std::get<bool>(r.value);
      break;
    case protocol::StreamProperty::kHasVideo:
      old_value = stream.has_video;
      stream.has_video = std::get<bool>(r.value);
      break;
    case protocol::StreamProperty::kHasCaptions:
      old_value = stream.has_captions;
      stream.has_captions = std::get<bool>(r.value);
      break;
    case protocol::StreamProperty::kVideoDimensions:
      old_value = stream.video_dimensions;
      stream.video_dimensions = std::get<VideoDimensions>(r.value);
      break;
  }
  Reply(member, id, protocol::EmptyResult{});
  if (old_value == r.value) return;
  PushToAll(protocol::StreamPropertyChangedPush{r.stream_id, r.property,
                                                old_value, r.value});
}

void Room::OnSubscribe(Member& member, int64_t id,
                       protocol::SubscribeRequest& r) {
  if (!CapabilitiesForRole(member.role).subscribe) {
    return Reject(member, id, "subscribe",
                  MakeError(ErrorCode::kUnableToSubscribe,
                            absl::StrCat("role ", RoleName(member.role),
                                         " cannot subscribe")));
  }
  auto it = streams_.find(r.stream_id);
  if (it == streams_.end()) {
    return Reject(member, id, "subscribe",
                  MakeError(ErrorCode::kStreamDestroyed,
                            absl::StrCat("stream ", r.stream_id.substr(0, 100),
                                         " is not (or no longer) published "
                                         "in this session")));
  }
  Subscription subscription{NewUuid(), r.stream_id, it->second.connection_id,
                            member.connection.connection_id};
  subscriptions_[subscription.subscription_id] = subscription;
  Log(LogLevel::kInfo, "subscription_created",
      {{"session", session_id_},
       {"connection", member.connection.connection_id},
       {"stream", r.stream_id},
       {"subscription", subscription.subscription_id}});
  // The subscriber gets its subscription ID before the publisher can send
  // an offer for it.
  Reply(member, id, protocol::SubscribeResult{subscription.subscription_id});
  if (Member* publisher = FindMember(subscription.publisher_id)) {
    Push(*publisher, protocol::SubscriberJoinedPush{
                         subscription.subscription_id, r.stream_id,
                         member.connection.connection_id});
  }
}

// Unsubscribing twice, or after the stream ended, is not an error.
void Room::OnUnsubscribe(Member& member, int64_t id,
                         protocol::UnsubscribeRequest& r) {
  auto it = subscriptions_.find(r.subscription_id);
  if (it != subscriptions_.end() &&
      it->second.subscriber_id != member.connection.connection_id) {
    return Reject(member, id, "unsubscribe",
                  SubscriptionNotFound(r.subscription_id));
  }
  Reply(member, id, protocol::EmptyResult{});
  if (it == subscriptions_.end()) return;
  Subscription subscription = it->second;
  subscriptions_.erase(it);
  if (Member* publisher = FindMember(subscription.publisher_id)) {
    Push(*publisher, protocol::SubscriberLeftPush{
                         subscription.subscription_id,
                         protocol::SubscriptionEndReason::kUnsubscribed});
  }
}

// Only the subscriber of a subscription may set its preferred layer; the
// publisher's client applies it to that one peer connection.
void Room::OnSetPreferredLayer(Member& member, int64_t id,
                               protocol::SetPreferredLayerRequest& r) {
  auto it = subscriptions_.find(r.subscription_id);
  if (it == subscriptions_.end() ||
      it->second.subscriber_id != member.connection.connection_id) {
    return Reject(member, id, "setPreferredLayer",
                  SubscriptionNotFound(r.subscription_id));
  }
  Reply(member, id, protocol::EmptyResult{});
  if (Member* publisher = FindMember(it->second.publisher_id)) {
    Push(*publisher, protocol::PreferredLayerPush{
                         r.subscription_id, it->second.stream_id, r.max_width,
                         r.max_height, r.max_frame_rate});
  }
}

void Room::OnSdp(Member& member, int64_t id, protocol::SdpMessage& r) {
  auto it = subscriptions_.find(r.subscription_id);
  const std::string& self = member.connection.connection_id;
  if (it == subscriptions_.end() ||
      (it->second.publisher_id != self && it->second.subscriber_id != self)) {
    return Reject(member, id, "sdp", SubscriptionNotFound(r.subscription_id));
  }
  const std::string& peer_id = it->second.publisher_id == self
                                   ? it->second.subscriber_id
                                   : it->second.publisher_id;
  Reply(member, id, protocol::EmptyResult{});
  if (Member* peer = FindMember(peer_id)) Push(*peer, r);
}

void Room::OnCandidate(Member& member, int64_t id,
                       protocol::CandidateMessage& r) {
  auto it = subscriptions_.find(r.subscription_id);
  const std::string& self = member.connection.connection_id;
  if (it == subscriptions_.end() ||
      (it->second.publisher_id != self && it->second.subscriber_id != self)) {
    return Reject(member, id, "candidate",
                  SubscriptionNotFound(r.subscription_id));
  }
  const std::string& peer_id = it->second.publisher_id == self
                                   ? it->second.subscriber_id
                                   : it->second.publisher_id;
  Reply(member, id, protocol::EmptyResult{});
  if (Member* peer = FindMember(peer_id)) Push(*peer, r);
}

// Ends the stream's subscriptions first, then sends streamDestroyed. The
// publisher gets it only when someone else ended its stream.
void Room::DestroyStream(const std::string& stream_id,
                         StreamDestroyedReason reason, bool tell_publisher) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  std::string publisher_id = it->second.connection_id;
  streams_.erase(it);
  std::vector<Subscription> ended;
  for (const auto& [id, subscription] : subscriptions_) {
    if (subscription.stream_id == stream_id) ended.push_back(subscription);
  }
  for (const Subscription& subscription : ended) {
    EndSubscription(subscription,
                    protocol::SubscriptionEndReason::kStreamDestroyed);
  }
  Log(LogLevel::kInfo, "stream_destroyed",
      {{"session", session_id_},
       {"connection", publisher_id},
       {"stream", stream_id},
       {"reason", std::string(StreamDestroyedReasonName(reason))}});
  PushToAll(protocol::StreamDestroyedPush{stream_id, reason},
            tell_publisher ? "" : publisher_id);
}

void Room::EndSubscription(const Subscription& subscription,
                           protocol::SubscriptionEndReason reason) {
  subscriptions_.erase(subscription.subscription_id);
  if (Member* publisher = FindMember(subscription.publisher_id)) {
    Push(*publisher,
         protocol::SubscriberLeftPush{subscription.subscription_id, reason});
  }
  if (reason == protocol::SubscriptionEndReason::kSubscriberDisconnected) {
    return;
  }
  if (Member* subscriber = FindMember(subscription.subscriber_id)) {
    Push(*subscriber,
         protocol::SubscriptionEndedPush{subscription.subscription_id, reason});
  }
}

void Room::SetHasAudio(Stream& stream, bool has_audio) {
  if (stream.has_audio == has_audio) return;
  stream.has_audio = has_audio;
  PushToAll(protocol::StreamPropertyChangedPush{
      stream.stream_id, protocol::StreamProperty::kHasAudio, !has_audio,
      has_audio});
}

}  // namespace sessioncore::server
