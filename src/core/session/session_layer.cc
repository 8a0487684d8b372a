// Subscriber.setPreferredResolution and setPreferredFrameRate: the
// subscriber side sends setPreferredLayer; the publisher side turns the
// relayed preferredLayer push into setSenderLimits (session_peers.cc).
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/session/client_session.h"
#include "core/session/preferred_layer.h"

namespace sessioncore::session {

void ClientSession::SetPreferredLayer(std::string_view subscriber_id,
                                      std::optional<int> max_width,
                                      std::optional<int> max_height,
                                      std::optional<int> max_frame_rate,
                                      int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kSetPreferredLayer, handle)) return;
  absl::Status valid =
      CheckPreferredLayer(max_width, max_height, max_frame_rate);
  if (!valid.ok()) {
    out_.CompleteError(handle, valid);
    return;
  }
  SubscriberRecord* subscriber = media_.FindSubscriber(subscriber_id);
  if (subscriber == nullptr) {
    subscriber = media_.FindSubscriberOfSubscription(subscriber_id);
  }
  if (subscriber == nullptr) {
    out_.CompleteError(
        handle, MakeError(ErrorCode::kNotFound,
                          absl::StrCat("subscriber ", subscriber_id,
                                       " is not subscribed in this session")));
    return;
  }
  if (subscriber->subscription_id.empty()) {
    out_.CompleteError(
        handle, MakeError(ErrorCode::kIllegalState,
                          absl::StrCat("subscriber ", subscriber->subscriber_id,
                                       " has no subscription yet; wait for "
                                       "subscribe() to complete")));
    return;
  }
  SendSimpleRequest(
      protocol::SetPreferredLayerRequest{subscriber->subscription_id, max_width,
                                         max_height, max_frame_rate},
      handle);
}

}  // namespace sessioncore::session
