// Publishing and subscribing: the application calls and their results.
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/session/client_session.h"
#include "core/session/event_payloads.h"
#include "core/session/publish_properties.h"
namespace sessioncore::session {
namespace {

absl::Status UnexpectedResult(std::string_view request) {
  return MakeError(ErrorCode::kUnexpectedServerResponse,
                   absl::StrCat("the server answered ", request,
                                " with a result of the wrong kind"));
}

}  // namespace

void ClientSession::Publish(std::string_view publisher_id,
                            const Json& properties, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kPublish, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().publish,
                              ErrorCode::kUnableToPublish, "publish", handle)) {
    return;
  }
  if (media_.FindPublisher(publisher_id) != nullptr) {
    out_.CompleteError(handle,
                       MakeError(ErrorCode::kIllegalState,
                                 absl::StrCat("publisher ", publisher_id,
                                              " is already publishing")));
    return;
  }
  absl::StatusOr<protocol::PublishRequest> request =
      ParsePublishProperties(properties);
  if (!request.ok()) {
    out_.CompleteError(handle, request.status());
    return;
  }
  std::string id(publisher_id);
  media_.publishers()[id] =
      PublisherRecord{id, "", request->has_audio, request->has_video};
  SendRequest(std::move(*request),
              [this, id, handle](absl::StatusOr<protocol::ResponseResult> r) {
                OnPublishResult(id, handle, std::move(r));
              });
}

void ClientSession::OnPublishResult(
    const std::string& publisher_id, int64_t handle,
    absl::StatusOr<protocol::ResponseResult> outcome) {
  PublisherRecord* publisher = media_.FindPublisher(publisher_id);
  const protocol::PublishResult* result =
      outcome.ok() ? std::get_if<protocol::PublishResult>(&*outcome) : nullptr;
  if (publisher == nullptr || result == nullptr) {
    media_.publishers().erase(publisher_id);
    out_.CompleteError(
        handle, outcome.ok() ? UnexpectedResult("publish") : outcome.status());
    return;
  }
  protocol::StreamInfo info = result->stream;
  info.stream.connection_id = info.connection.connection_id;
  publisher->stream_id = info.stream.stream_id;
  registry_.AddStream(info);
  out_.Event(EventTarget::kPublisher, publisher_id, "streamCreated",
             StreamEventPayload(info));
  out_.CompleteOk(handle, StreamEventPayload(info));
  LogInfo("publishing",
          {{"publisherId", publisher_id}, {"streamId", info.stream.stream_id}});
  // Force mute active at publish time: the server hands back the stream
  // with its audio off.
  if (publisher->has_audio && !info.stream.has_audio) {
    ApplyForcedMute(*publisher);
  }
}

void ClientSession::ApplyForcedMute(PublisherRecord& publisher) {
  if (!publisher.has_audio) return;
  publisher.has_audio = false;
  out_.Media("setAudioEnabled", publisher.publisher_id, false);
  out_.Event(EventTarget::kPublisher, publisher.publisher_id, "muteForced",
             {{"streamId", publisher.stream_id}});
}

void ClientSession::Unpublish(std::string_view publisher_id, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kUnpublish, handle)) return;
  PublisherRecord* publisher = media_.FindPublisher(publisher_id);
  if (publisher == nullptr) {
    out_.CompleteOk(handle, Json::Object());
    return;
  }
  if (publisher->stream_id.empty()) {
    out_.CompleteError(handle,
                       MakeError(ErrorCode::kIllegalState,
                                 absl::StrCat("publisher ", publisher_id,
                                              " has no stream yet; wait for "
                                              "publish() to complete")));
    return;
  }
  std::string stream_id = publisher->stream_id;
  peers_.CloseOwnedBy(publisher_id, out_);
  SendRequest(protocol::UnpublishRequest{stream_id},
              [this, stream_id,
               handle](absl::StatusOr<protocol::ResponseResult> outcome) {
                if (!outcome.ok()) {
                  out_.CompleteError(handle, outcome.status());
                  return;
                }
                // Already gone when the server's streamDestroyed came first.
                DestroyStream(stream_id, StreamDestroyedReason::kUnpublished);
                out_.CompleteOk(handle, Json::Object());
              });
}

absl::Status ClientSession::SetPublisherProperty(std::string_view publisher_id,
                                                 std::string_view property,
                                                 const Json& value) {
  bool reconnecting = state_.Is(SessionState::kReconnecting);
  if (!state_.Is(SessionState::kConnected) && !reconnecting) {
    return DecideCall(SessionCall::kUpdatePublisher, state_.state()).error;
  }
  PublisherRecord* publisher = media_.FindPublisher(publisher_id);
  if (publisher == nullptr || publisher->stream_id.empty()) {
    return MakeError(
        ErrorCode::kNotFound,
        absl::StrCat("publisher ", publisher_id, " has no published stream"));
  }
  protocol::UpdateStreamRequest request{
      publisher->stream_id, protocol::StreamProperty::kHasAudio, false};
  if (property == "hasAudio" || property == "hasVideo") {
    if (!value.IsBool()) {
      return MakeError(ErrorCode::kInvalidParameter,
                       absl::StrCat(property, " is ", value.Dump(),
                                    "; it must be true or false"));
    }
    bool enabled = value.AsBool();
    bool audio = property == "hasAudio";
    (audio ? publisher->has_audio : publisher->has_video) = enabled;
    request.property = audio ? protocol::StreamProperty::kHasAudio
                             : protocol::StreamProperty::kHasVideo;
    request.value = enabled;
  } else if (property == "videoDimensions") {
    absl::StatusOr<VideoDimensions> dimensions =
        ParseVideoDimensions(value, "videoDimensions");
    if (!dimensions.ok()) return dimensions.status();
    request.property = protocol::StreamProperty::kVideoDimensions;
    request.value = *dimensions;
    if (reconnecting) publisher->pending_dimensions = *dimensions;
  } else {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("publisher property ", property,
                                  " is unknown; use hasAudio, hasVideo or "
                                  "videoDimensions"));
  }
  // While reconnecting the wanted value stays in the publisher record and
  // SyncPublishersAfterResume() sends it if the stream differs.
  if (reconnecting) return absl::OkStatus();
  SendStreamUpdate(request.stream_id, request.property,
                   std::move(request.value));
  return absl::OkStatus();
}

void ClientSession::Subscribe(std::string_view subscriber_id,
                              std::string_view stream_id, int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kSubscribe, handle)) return;
  if (RejectWithoutCapability(registry_.capabilities().subscribe,
                              ErrorCode::kUnableToSubscribe, "subscribe",
                              handle)) {
    return;
  }
  if (registry_.FindStream(stream_id) == nullptr) {
    out_.CompleteError(handle, MakeError(ErrorCode::kStreamDestroyed,
                                         absl::StrCat("stream ", stream_id,
                                                      " is not in the session "
                                                      "(it may have ended)")));
    return;
  }
  if (media_.FindSubscriber(subscriber_id) != nullptr) {
    out_.CompleteError(handle,
                       MakeError(ErrorCode::kIllegalState,
                                 absl::StrCat("subscriber ", subscriber_id,
                                              " is already in use")));
    return;
  }
  std::string id(subscriber_id);
  std::string pc_id = peers_.Create(PeerRole::kSubscriber, id, stream_id, "",
                                    RtcConfiguration(), out_);
  media_.subscribers()[id] =
      SubscriberRecord{id, std::string(stream_id), "", pc_id};
  SendRequest(protocol::SubscribeRequest{std::string(stream_id)},
              [this, id, handle](absl::StatusOr<protocol::ResponseResult> r) {
                OnSubscribeResult(id, handle, std::move(r));
              });
}

void ClientSession::OnSubscribeResult(
    const std::string& subscriber_id, int64_t handle,
    absl::StatusOr<protocol::ResponseResult> outcome) {
  SubscriberRecord* subscriber = media_.FindSubscriber(subscriber_id);
  const auto* result = outcome.ok()
                           ? std::get_if<protocol::SubscribeResult>(&*outcome)
                           : nullptr;
  if (result != nullptr && subscriber == nullptr) {
    // Unsubscribed while the request was in flight: end the subscription
    // that the server just created.
    SendRequest(protocol::UnsubscribeRequest{result->subscription_id},
                [](absl::StatusOr<protocol::ResponseResult>) {});
    out_.CompleteError(handle, MakeError(ErrorCode::kIllegalState,
                                         "unsubscribe() was called before "
                                         "subscribe() completed"));
    return;
  }
  if (result == nullptr) {
    if (subscriber != nullptr) peers_.Close(subscriber->pc_id, out_);
    media_.subscribers().erase(subscriber_id);
    out_.CompleteError(handle, outcome.ok() ? UnexpectedResult("subscribe")
                                            : outcome.status());
    return;
  }
  subscriber->subscription_id = result->subscription_id;
  if (PeerRecord* peer = peers_.Find(subscriber->pc_id)) {
    peer->subscription_id = result->subscription_id;
    SendHeldCandidates(*peer);
  }
  out_.CompleteOk(handle, {{"subscriberId", subscriber_id},
                           {"streamId", subscriber->stream_id},
                           {"subscriptionId", result->subscription_id}});
  LogInfo("subscribed", {{"subscriberId", subscriber_id},
                         {"streamId", subscriber->stream_id}});
}

void ClientSession::Unsubscribe(std::string_view subscriber_id,
                                int64_t handle) {
  if (RejectIfNotAllowed(SessionCall::kUnsubscribe, handle)) return;
  SubscriberRecord* subscriber = media_.FindSubscriber(subscriber_id);
  if (subscriber == nullptr) {
    out_.CompleteOk(handle, Json::Object());
    return;
  }
  if (!subscriber->subscription_id.empty()) {
    SendRequest(protocol::UnsubscribeRequest{subscriber->subscription_id},
                [](absl::StatusOr<protocol::ResponseResult>) {});
  }
  DestroySubscriber(std::string(subscriber_id), "unsubscribed");
  out_.CompleteOk(handle, Json::Object());
}

void ClientSession::DestroySubscriber(const std::string& subscriber_id,
                                      std::string_view reason) {
  SubscriberRecord* subscriber = media_.FindSubscriber(subscriber_id);
  if (subscriber == nullptr) return;
  peers_.Close(subscriber->pc_id, out_);
  std::string stream_id = subscriber->stream_id;
  media_.subscribers().erase(subscriber_id);
  out_.Event(EventTarget::kSubscriber, subscriber_id, "destroyed",
             {{"reason", reason}, {"streamId", stream_id}});
}

}  // namespace sessioncore::session
