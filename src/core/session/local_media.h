// The local Publisher and Subscriber objects that the application created
// through ClientSession, keyed by the IDs the glue chose for them.
#ifndef SESSIONCORE_CORE_SESSION_LOCAL_MEDIA_H_
#define SESSIONCORE_CORE_SESSION_LOCAL_MEDIA_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"

namespace sessioncore::session {

struct PublisherRecord {
  std::string publisher_id;
  std::string stream_id;  // Empty until the publish result arrives.
  bool has_audio = true;
  bool has_video = true;
  // A videoDimensions change made while reconnecting, sent after the
  // resume.
  std::optional<VideoDimensions> pending_dimensions;
};

struct SubscriberRecord {
  std::string subscriber_id;
  std::string stream_id;
  std::string subscription_id;  // Empty until the subscribe result arrives.
  std::string pc_id;
};

class LocalMedia {
 public:
  std::map<std::string, PublisherRecord>& publishers() { return publishers_; }
  std::map<std::string, SubscriberRecord>& subscribers() {
    return subscribers_;
  }

  PublisherRecord* FindPublisher(std::string_view publisher_id);
  PublisherRecord* FindPublisherOfStream(std::string_view stream_id);
  SubscriberRecord* FindSubscriber(std::string_view subscriber_id);
  SubscriberRecord* FindSubscriberOfSubscription(
      std::string_view subscription_id);

  void Clear();

 private:
  std::map<std::string, PublisherRecord> publishers_;
  std::map<std::string, SubscriberRecord> subscribers_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_LOCAL_MEDIA_H_
