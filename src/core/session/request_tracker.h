// The requests that ClientSession has sent and that wait for a response,
// keyed by the request `id` of wire protocol v1.
//
// Each request carries a continuation that runs exactly once: with the
// response when it arrives, or with an error when the session gives up on
// the socket (FailAll). That is how every API call with a handle gets
// exactly one completion.
#ifndef SESSIONCORE_CORE_SESSION_REQUEST_TRACKER_H_
#define SESSIONCORE_CORE_SESSION_REQUEST_TRACKER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/protocol/messages.h"

namespace sessioncore::session {

using ResponseCallback =
    std::function<void(absl::StatusOr<protocol::ResponseResult>)>;

class RequestTracker {
 public:
  // Registers a request of `type` and returns its id: 1, 2, 3, ... over the
  // life of the session, so ids stay unique across resumed sockets.
  int64_t Start(std::string type, ResponseCallback on_response);

  // Runs and forgets the continuation of request `id`. Returns false when
  // no request with that id is pending.
  bool Resolve(int64_t id, absl::StatusOr<protocol::ResponseResult> outcome);

  // Returns the type of pending request `id`, or "" when none is pending.
  std::string TypeOf(int64_t id) const;

  // Runs every pending continuation with `error`, in id order, and forgets
  // them. Requests started by those continuations stay pending.
  void FailAll(const absl::Status& error);

  size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    std::string type;
    ResponseCallback on_response;
  };

  int64_t next_id_ = 1;
  std::map<int64_t, Pending> pending_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_REQUEST_TRACKER_H_
