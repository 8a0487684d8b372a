#include "core/session/local_media.h"

namespace sessioncore::session {

PublisherRecord* LocalMedia::FindPublisher(std::string_view publisher_id) {
  auto it = publishers_.find(std::string(publisher_id));
  return it == publishers_.end() ? nullptr : &it->second;
}

PublisherRecord* LocalMedia::FindPublisherOfStream(std::string_view stream_id) {
  if (stream_id.empty()) return nullptr;
  for (auto& [id, publisher] : publishers_) {
    if (publisher.stream_id == stream_id) return &publisher;
  }
  return nullptr;
}

SubscriberRecord* LocalMedia::FindSubscriber(std::string_view subscriber_id) {
  auto it = subscribers_.find(std::string(subscriber_id));
  return it == subscribers_.end() ? nullptr : &it->second;
}

SubscriberRecord* LocalMedia::FindSubscriberOfSubscription(
    std::string_view subscription_id) {
  if (subscription_id.empty()) return nullptr;
  for (auto& [id, subscriber] : subscribers_) {
    if (subscriber.subscription_id == subscription_id) return &subscriber;
  }
  return nullptr;
}

void LocalMedia::Clear() {
  publishers_.clear();
  subscribers_.clear();
}

}  // namespace sessioncore::session
