// Peer-connection orchestration for relayed media: the offer/answer and
// candidate exchange between the glue's RTCPeerConnections and the server,
// and the default actions of cancelable events that tear media down.
//
// Publisher side: subscriberJoined -> create pc, createOffer -> the local
// offer goes to the server -> the relayed answer is applied.
// Subscriber side: subscribe -> create pc -> the relayed offer is applied,
// createAnswer -> the local answer goes to the server.
// Candidates flow both ways once the subscription ID is known.
#include <utility>

#include "core/error.h"
#include "core/session/client_session.h"

namespace sessioncore::session {
namespace {

// Reads {candidate, sdpMid, sdpMLineIndex} as RTCIceCandidateInit has it;
// sdpMid and sdpMLineIndex may be missing or null.
std::optional<protocol::CandidateMessage> ReadCandidate(const Json& json) {
  if (!json.IsObject()) return std::nullopt;
  const Json* candidate = json.Find("candidate");
  if (candidate == nullptr || !candidate->IsString()) return std::nullopt;
  protocol::CandidateMessage message;
  message.candidate = candidate->AsString();
  const Json* mid = json.Find("sdpMid");
  if (mid != nullptr && mid->IsString()) {
    message.sdp_mid = mid->AsString();
  }
  const Json* index = json.Find("sdpMLineIndex");
  if (index != nullptr && index->IsInteger() && index->AsInteger() >= 0 &&
      index->AsInteger() < 65536) {
    message.sdp_m_line_index = static_cast<int>(index->AsInteger());
  }
  return message;
}

Json CandidateJson(const protocol::CandidateMessage& message) {
  return {
      {"candidate", message.candidate},
      {"sdpMid", message.sdp_mid.has_value() ? Json(*message.sdp_mid) : Json()},
      {"sdpMLineIndex", message.sdp_m_line_index.has_value()
                            ? Json(*message.sdp_m_line_index)
                            : Json()}};
}

}  // namespace

void ClientSession::Handle(const protocol::SubscriberJoinedPush& push) {
  PublisherRecord* publisher = media_.FindPublisherOfStream(push.stream_id);
  if (publisher == nullptr) {
    LogWarn("subscriberJoined for a stream this client does not publish",
            {{"streamId", push.stream_id}});
    return;
  }
  std::string pc_id =
      peers_.Create(PeerRole::kPublisher, publisher->publisher_id,
                    push.stream_id, push.subscription_id, RtcConfiguration(),
                    out_, push.subscriber_connection_id);
  out_.Peer("createOffer", pc_id);
}

void ClientSession::Handle(const protocol::SubscriberLeftPush& push) {
  if (PeerRecord* peer = peers_.FindBySubscription(push.subscription_id)) {
    if (peer->role == PeerRole::kPublisher) peers_.Close(peer->pc_id, out_);
  }
}

// A subscriber asked for a smaller layer. The limits go to the glue as
// given, null for no limit; the glue scales that one peer's video sender.
void ClientSession::Handle(const protocol::PreferredLayerPush& push) {
  PeerRecord* peer = peers_.FindBySubscription(push.subscription_id);
  if (peer == nullptr || peer->role != PeerRole::kPublisher) {
    LogWarn("preferred layer for an unknown subscription",
            {{"subscriptionId", push.subscription_id}});
    return;
  }
  auto limit = [](const std::optional<int>& value) {
    return value ? Json(*value) : Json(nullptr);
  };
  out_.Peer("setSenderLimits", peer->pc_id,
            {{"maxWidth", limit(push.max_width)},
             {"maxHeight", limit(push.max_height)},
             {"maxFrameRate", limit(push.max_frame_rate)}});
}

// The subscription is over on the server; the Subscriber object stays
// until the application or the streamDestroyed default action removes it.
void ClientSession::Handle(const protocol::SubscriptionEndedPush& push) {
  SubscriberRecord* subscriber =
      media_.FindSubscriberOfSubscription(push.subscription_id);
  if (subscriber == nullptr) return;
  peers_.Close(subscriber->pc_id, out_);
  subscriber->pc_id.clear();
  subscriber->subscription_id.clear();
}

void ClientSession::Handle(const protocol::SdpMessage& push) {
  PeerRecord* peer = peers_.FindBySubscription(push.subscription_id);
  if (peer == nullptr) {
    LogWarn("SDP for an unknown subscription",
            {{"subscriptionId", push.subscription_id}});
    return;
  }
  std::string pc_id = peer->pc_id;
  out_.Peer(
      "setRemoteDescription", pc_id,
      {{"sdpType", protocol::SdpTypeName(push.sdp_type)}, {"sdp", push.sdp}});
  if (push.sdp_type == protocol::SdpType::kOffer) {
    out_.Peer("createAnswer", pc_id);
  }
}

void ClientSession::Handle(const protocol::CandidateMessage& push) {
  PeerRecord* peer = peers_.FindBySubscription(push.subscription_id);
  if (peer == nullptr) return;
  out_.Peer("addIceCandidate", peer->pc_id, CandidateJson(push));
}

void ClientSession::OnPeerLocalDescription(std::string_view pc_id,
                                           std::string_view sdp_type,
                                           std::string_view sdp) {
  PeerRecord* peer = peers_.Find(pc_id);
  std::optional<protocol::SdpType> type = protocol::ParseSdpType(sdp_type);
  if (peer == nullptr || !type.has_value() || peer->subscription_id.empty() ||
      !state_.Is(SessionState::kConnected)) {
    LogWarn("dropped a local description",
            {{"pcId", pc_id}, {"sdpType", sdp_type}});
    return;
  }
  SendRequest(
      protocol::SdpMessage{peer->subscription_id, *type, std::string(sdp)},
      [this](absl::StatusOr<protocol::ResponseResult> outcome) {
        if (outcome.ok()) return;
        LogWarn("the server rejected an SDP message",
                {{"error", ErrorToJson(outcome.status())}});
      });
}

void ClientSession::OnPeerIceCandidate(std::string_view pc_id,
                                       const Json& candidate) {
  PeerRecord* peer = peers_.Find(pc_id);
  std::optional<protocol::CandidateMessage> message = ReadCandidate(candidate);
  if (peer == nullptr || !message.has_value()) {
    LogWarn("dropped a local ICE candidate", {{"pcId", pc_id}});
    return;
  }
  if (!state_.Is(SessionState::kConnected)) {
    // The ICE restart after a resume gathers fresh candidates.
    return;
  }
  if (peer->subscription_id.empty()) {
    peer->held_candidates.push_back(std::move(*message));
    return;
  }
  message->subscription_id = peer->subscription_id;
  SendCandidate(*message);
}

void ClientSession::SendHeldCandidates(PeerRecord& peer) {
  std::vector<protocol::CandidateMessage> held;
  held.swap(peer.held_candidates);
  for (protocol::CandidateMessage& candidate : held) {
    candidate.subscription_id = peer.subscription_id;
    SendCandidate(candidate);
  }
}

void ClientSession::SendCandidate(const protocol::CandidateMessage& candidate) {
  SendRequest(candidate, [](absl::StatusOr<protocol::ResponseResult>) {});
}

void ClientSession::RunDefault(const PendingDefault& action) {
  if (action.kind == PendingDefault::Kind::kDestroySubscribersOfStream) {
    std::vector<std::string> doomed;
    for (const auto& [id, subscriber] : media_.subscribers()) {
      if (subscriber.stream_id == action.stream_id) doomed.push_back(id);
    }
    for (const std::string& id : doomed) DestroySubscriber(id, action.reason);
    return;
  }
  for (const std::string& id : action.subscriber_ids) {
    out_.Event(EventTarget::kSubscriber, id, "destroyed",
               {{"reason", action.reason}});
  }
  for (const std::string& id : action.publisher_ids) {
    out_.Event(EventTarget::kPublisher, id, "destroyed",
               {{"reason", action.reason}});
  }
}

}  // namespace sessioncore::session
