// Signals, issue reports and the REST entry points of a Room.
#include "absl/strings/str_cat.h"
#include "boost/asio/post.hpp"
#include "core/error.h"
#include "core/protocol/codec.h"
#include "core/signal_rules.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
#include "server/store.h"
namespace sessioncore::server {

namespace net = boost::asio;

// The same rules as the client (core/signal_rules.h) apply first, then the
// sender's rate limit, so that a rejected signal does not use up tokens.
void Room::OnSignal(Member& member, int64_t id, protocol::SignalRequest& r) {
  std::optional<std::string_view> to;
  if (r.to.has_value()) to = *r.to;
  absl::Status status = ValidateSignal(r.type, r.data, to);
  if (status.ok() &&
      !member.signal_limiter.TryTake(RateLimiter::Clock::now())) {
    status = MakeError(ErrorCode::kRateLimitExceeded,
                       absl::StrCat("signal rate limit of ",
                                    state_.config().limits.signals_per_second,
                                    " per second (bursts of ",
                                    state_.config().limits.signal_burst,
                                    ") exceeded; retry later"));
  }
  if (status.ok()) {
    status = SendSignal(member.connection.connection_id, r.to, r.type, r.data);
  }
  if (!status.ok()) return Reject(member, id, "signal", status);
  Reply(member, id, protocol::EmptyResult{});
}

// A signal without `to` reaches every connection, the sender included.
absl::Status Room::SendSignal(const std::optional<std::string>& from,
                              const std::optional<std::string>& to,
                              const std::string& type,
                              const std::string& data) {
  protocol::SignalPush push{type, data, from};
  if (!to.has_value()) {
    PushToAll(push);
    return absl::OkStatus();
  }
  Member* target = FindMember(*to);
  if (target == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     absl::StrCat("connection ", to->substr(0, 100),
                                  " not found in this session"));
  }
  Push(*target, push);
  return absl::OkStatus();
}

void Room::OnReportIssue(Member& member, int64_t id,
                         protocol::ReportIssueRequest& r) {
  IssueReport report;
  report.session_id = session_id_;
  report.api_key = member.api_key;
  report.connection_id = member.connection.connection_id;
  report.description = r.description.value_or("");
  report.create_time_ms = NowUnixMillis();
  absl::StatusOr<std::string> issue_id = state_.store().AddIssueReport(report);
  if (!issue_id.ok()) {
    Log(LogLevel::kError, "issue_report_failed",
        {{"session", session_id_},
         {"connection", report.connection_id},
         {"error", std::string(issue_id.status().message())}});
    return Reject(member, id, "reportIssue",
                  MakeError(ErrorCode::kInternalError,
                            "the issue report could not be stored"));
  }
  Log(LogLevel::kInfo, "issue_reported",
      {{"session", session_id_},
       {"connection", report.connection_id},
       {"issue", *issue_id}});
  Reply(member, id, protocol::ReportIssueResult{*issue_id});
}

void Room::SignalFromServer(std::optional<std::string> to, std::string type,
                            std::string data, Done done) {
  net::post(strand_, [self = shared_from_this(), to = std::move(to),
                      type = std::move(type), data = std::move(data),
                      done = std::move(done)] {
    std::optional<std::string_view> target;
    if (to.has_value()) target = *to;
    absl::Status status = ValidateSignal(type, data, target);
    if (status.ok()) status = self->SendSignal(std::nullopt, to, type, data);
    done(status);
  });
}

void Room::ForceDisconnectFromServer(std::string connection_id, Done done) {
  net::post(strand_,
            [self = shared_from_this(), id = std::move(connection_id),
             done = std::move(done)] { done(self->ForceDisconnect(id)); });
}

void Room::ForceMuteAllFromServer(std::vector<std::string> excluded,
                                  Done done) {
  net::post(strand_, [self = shared_from_this(), excluded = std::move(excluded),
                      done = std::move(done)]() mutable {
    self->ForceMuteAll(std::move(excluded));
    done(absl::OkStatus());
  });
}

void Room::ForceMuteStreamFromServer(std::string stream_id, Done done) {
  net::post(strand_,
            [self = shared_from_this(), id = std::move(stream_id),
             done = std::move(done)] { done(self->ForceMuteStream(id)); });
}

void Room::DisableForceMuteFromServer(Done done) {
  net::post(strand_, [self = shared_from_this(), done = std::move(done)] {
    self->DisableForceMute();
    done(absl::OkStatus());
  });
}

void Room::ListStreams(std::function<void(std::vector<StreamSummary>)> done) {
  net::post(strand_, [self = shared_from_this(), done = std::move(done)] {
    std::vector<StreamSummary> streams;
    for (const auto& [id, stream] : self->streams_) {
      Member* publisher = self->FindMember(stream.connection_id);
      streams.push_back({id, stream.name, stream.video_type,
                         publisher ? publisher->layout_class_list : ""});
    }
    done(std::move(streams));
  });
}

void Room::Shutdown() {
  net::post(strand_, [self = shared_from_this()] {
    Room::Frame frame = MakeFrame(protocol::Encode(protocol::DisconnectedPush{
        protocol::ServerDisconnectReason::kServerShutdown,
        "the server is shutting down"}));
    for (auto& [id, member] : self->members_) {
      if (member->grace_timer) member->grace_timer->cancel();
      if (member->link) member->link->Close(frame);
    }
  });
}

}  // namespace sessioncore::server
