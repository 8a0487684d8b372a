// The requests that ClientSession has sent and that wait for a response,
// keyed by the request `id` of wire protocol v1.
//
// Each request carries a continuation that runs exactly once: with the
// response when it arrives, or with an error when the session gives up on
// it (FailAll). That is how every API call with a handle gets exactly one
// completion.
//
// When the connection drops, the requests still waiting are held: they stay
// pending, a lost resume socket does not fail them (FailUnheld), and after
// a resume their frames go out again with the same ids (ReleaseHeld). The
// server returns its stored response for a repeated id and does not run
// the request twice.
#ifndef SESSIONCORE_CORE_SESSION_REQUEST_TRACKER_H_
#define SESSIONCORE_CORE_SESSION_REQUEST_TRACKER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

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
  // Keeps `frame`, the encoded request `id`, for a resend after a resume.
  // Ignored when `id` is not pending.
  void KeepFrame(int64_t id, std::string frame);

  // Runs and forgets the continuation of request `id`. Returns false when
  // no request with that id is pending.
  bool Resolve(int64_t id, absl::StatusOr<protocol::ResponseResult> outcome);

  // Returns the type of pending request `id`, or "" when none is pending.
  std::string TypeOf(int64_t id) const;

  // Runs every pending continuation with `error`, in id order, and forgets
  // them. Requests started by those continuations stay pending.
  void FailAll(const absl::Status& error);

  // Fails, as FailAll does, only the pending requests of `type`.
  void FailType(std::string_view type, const absl::Status& error);
  // Marks every pending request as held for a resend after a resume.
  void HoldAll();
  // Fails, as FailAll does, the pending requests that are not held.
  void FailUnheld(const absl::Status& error);
  // Clears the held mark and returns the frames of the held requests in id
  // order, to be sent again.
  std::vector<std::string> ReleaseHeld();

  size_t pending() const { return pending_.size(); }
  size_t held() const;

 private:
  struct Pending {
    std::string type;
    std::string frame;
    ResponseCallback on_response;
    bool held = false;
  };

  // Fails the pending requests for which `select` returns true.
  template <typename Select>
  void FailWhere(Select select, const absl::Status& error);

  int64_t next_id_ = 1;
  std::map<int64_t, Pending> pending_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_REQUEST_TRACKER_H_
