// ICE restarts of peer connections whose connectionState became "failed",
// and after a resume, when the network may have changed.
//
// A failed peer connection gets an ICE restart and kIceRestartTimeoutMs to
// come back to "connected". After kMaxIceRestarts restarts without that,
// the session closes it and reports OT_ICE_WORKFLOW_FAILED: a Subscriber
// `error` event (and the subscription ends on the server) or a Publisher
// `error` event for that one subscriber. The session stays connected.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/session/client_session.h"

namespace sessioncore::session {

void ClientSession::OnPeerStateChange(std::string_view pc_id,
                                      std::string_view state) {
  PeerRecord* peer = peers_.Find(pc_id);
  if (peer == nullptr) return;
  peer->state = std::string(state);
  Json context = {
      {"pcId", pc_id}, {"state", state}, {"streamId", peer->stream_id}};
  if (state == "failed") {
    LogWarn("peer connection failed", std::move(context));
    OnPeerFailed(*peer);
    return;
  }
  LogInfo("peer connection state changed", std::move(context));
  if (state == "connected") OnPeerConnected(*peer);
}

void ClientSession::OnPeerConnected(PeerRecord& peer) {
  if (peer.ice_restarts == 0) return;
  timers_.CancelFor(TimerPurpose::kIceRestart, peer.pc_id, out_);
  LogInfo("an ICE restart reconnected the peer connection",
          {{"pcId", peer.pc_id}, {"iceRestarts", peer.ice_restarts}});
  peer.ice_restarts = 0;
}

void ClientSession::OnPeerFailed(PeerRecord& peer) {
  // A restart in progress keeps its full time, and its timer decides what
  // follows.
  if (timers_.IsArmed(TimerPurpose::kIceRestart, peer.pc_id)) return;
  // No offer reaches the other side without the server, and the resume
  // restarts ICE on every peer connection anyway.
  if (!state_.Is(SessionState::kConnected)) return;
  RestartIce(peer);
}

void ClientSession::RestartIce(PeerRecord& peer) {
  ++peer.ice_restarts;
  LogWarn("restarting ICE", {{"pcId", peer.pc_id},
                             {"attempt", peer.ice_restarts},
                             {"streamId", peer.stream_id}});
  out_.Peer("restartIce", peer.pc_id);
  timers_.ArmFor(TimerPurpose::kIceRestart, peer.pc_id, kIceRestartTimeoutMs,
                 out_);
}

void ClientSession::OnIceRestartTimer(const std::string& pc_id) {
  PeerRecord* peer = peers_.Find(pc_id);
  if (peer == nullptr || peer->state == "connected") return;
  if (!state_.Is(SessionState::kConnected)) return;
  if (peer->ice_restarts < kMaxIceRestarts) {
    RestartIce(*peer);
    return;
  }
  GiveUpOnPeer(*peer);
}

// The network may have changed during the drop, so every peer connection
// restarts ICE. A failed one counts the restart as one of its attempts.
void ClientSession::RestartIceAfterResume() {
  for (const std::string& pc_id : peers_.PcIds()) {
    PeerRecord* peer = peers_.Find(pc_id);
    if (peer == nullptr) continue;
    if (peer->state != "failed") {
      out_.Peer("restartIce", pc_id);
    } else if (peer->ice_restarts < kMaxIceRestarts) {
      RestartIce(*peer);
    } else {
      GiveUpOnPeer(*peer);
    }
  }
}

void ClientSession::GiveUpOnPeer(const PeerRecord& peer) {
  const PeerRecord closed = peer;  // `peer` dies with the close below.
  absl::Status error = MakeError(
      closed.role == PeerRole::kPublisher
          ? ErrorCode::kIceWorkflowFailed
          : ErrorCode::kSubscriberIceWorkflowFailed,
      absl::StrCat("the peer connection ", closed.pc_id, " of stream ",
                   closed.stream_id, " is still ", closed.state, " after ",
                   closed.ice_restarts, " ICE restarts"));
  LogWarn("closed a peer connection that ICE restarts did not recover",
          {{"pcId", closed.pc_id}, {"error", ErrorToJson(error)}});
  peers_.Close(closed.pc_id, out_);
  Json payload = ErrorToJson(error);
  payload["streamId"] = closed.stream_id;
  if (closed.role == PeerRole::kPublisher) {
    payload["subscriptionId"] = closed.subscription_id;
    out_.Event(EventTarget::kPublisher, closed.owner_id, "error", payload);
    return;
  }
  // The subscription carries no media any more. Ending it on the server
  // makes the publisher close its side too.
  if (SubscriberRecord* subscriber = media_.FindSubscriber(closed.owner_id)) {
    if (!subscriber->subscription_id.empty()) {
      SendRequest(protocol::UnsubscribeRequest{subscriber->subscription_id},
                  [](absl::StatusOr<protocol::ResponseResult>) {});
    }
    subscriber->pc_id.clear();
    subscriber->subscription_id.clear();
  }
  out_.Event(EventTarget::kSubscriber, closed.owner_id, "error", payload);
}

}  // namespace sessioncore::session
