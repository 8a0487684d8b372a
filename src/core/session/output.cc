#include "core/session/output.h"

#include <utility>

#include "core/error.h"
#include "core/log.h"

namespace sessioncore::session {

void RedactLogContext(Json& context) {
  if (!context.IsObject()) return;
  for (auto& [key, value] : context.Members()) {
    bool token_like =
        value.IsString() && value.AsString().rfind("T1==", 0) == 0;
    if (IsSecretLogKey(key) || token_like) {
      value = kRedactedValue;
    } else if (value.IsObject()) {
      RedactLogContext(value);
    }
  }
}

std::string_view OutputKindName(OutputKind kind) {
  switch (kind) {
    case OutputKind::kOpenSocket:
      return "openSocket";
    case OutputKind::kSend:
      return "send";
    case OutputKind::kCloseSocket:
      return "closeSocket";
    case OutputKind::kArmTimer:
      return "armTimer";
    case OutputKind::kCancelTimer:
      return "cancelTimer";
    case OutputKind::kEvent:
      return "event";
    case OutputKind::kComplete:
      return "complete";
    case OutputKind::kPeer:
      return "peer";
    case OutputKind::kMedia:
      return "media";
    case OutputKind::kLog:
      return "log";
  }
  return "unknown";
}

std::string_view EventTargetName(EventTarget target) {
  switch (target) {
    case EventTarget::kSession:
      return "session";
    case EventTarget::kPublisher:
      return "publisher";
    case EventTarget::kSubscriber:
      return "subscriber";
  }
  return "session";
}

Json Output::ToJson() const {
  Json json = fields;
  json["kind"] = OutputKindName(kind);
  return json;
}

Json ErrorToJson(const absl::Status& error) {
  const ErrorInfo& info = GetErrorInfo(GetErrorCode(error));
  return {{"name", info.name},
          {"code", info.number},
          {"message", std::string(error.message())}};
}

void OutputQueue::OpenSocket(std::string_view url) {
  Append(OutputKind::kOpenSocket, {{"url", url}});
}

void OutputQueue::Send(std::string text) {
  Append(OutputKind::kSend, {{"text", std::move(text)}});
}

void OutputQueue::CloseSocket(int code) {
  Append(OutputKind::kCloseSocket, {{"code", code}});
}

void OutputQueue::ArmTimer(int64_t timer_id, int64_t delay_ms) {
  Append(OutputKind::kArmTimer, {{"timerId", timer_id}, {"delayMs", delay_ms}});
}

void OutputQueue::CancelTimer(int64_t timer_id) {
  Append(OutputKind::kCancelTimer, {{"timerId", timer_id}});
}

int64_t OutputQueue::Event(EventTarget target, std::string_view target_id,
                           std::string_view name, Json payload,
                           bool cancelable) {
  int64_t event_id = next_event_id_++;
  Json fields = {{"target", EventTargetName(target)},
                 {"targetId", target_id},
                 {"name", name},
                 {"payload", std::move(payload)},
                 {"cancelable", cancelable},
                 {"eventId", event_id}};
  if (holding_events_) {
    held_events_.push_back(Output{OutputKind::kEvent, std::move(fields)});
  } else {
    Append(OutputKind::kEvent, std::move(fields));
  }
  return event_id;
}

void OutputQueue::CompleteOk(int64_t handle, Json result) {
  Append(OutputKind::kComplete,
         {{"handle", handle}, {"result", std::move(result)}});
}

void OutputQueue::CompleteError(int64_t handle, const absl::Status& error) {
  Append(OutputKind::kComplete,
         {{"handle", handle}, {"error", ErrorToJson(error)}});
}

void OutputQueue::Peer(std::string_view op, std::string_view pc_id,
                       Json fields) {
  fields["op"] = op;
  fields["pcId"] = pc_id;
  Append(OutputKind::kPeer, std::move(fields));
}

void OutputQueue::Media(std::string_view op, std::string_view publisher_id,
                        bool enabled) {
  Append(OutputKind::kMedia,
         {{"op", op}, {"publisherId", publisher_id}, {"enabled", enabled}});
}

void OutputQueue::Log(std::string_view level, std::string_view message,
                      Json context) {
  RedactLogContext(context);
  Append(OutputKind::kLog, {{"level", level},
                            {"subsystem", "session"},
                            {"message", message},
                            {"context", std::move(context)}});
}

std::vector<Output> OutputQueue::Take() {
  std::vector<Output> taken;
  taken.swap(outputs_);
  return taken;
}

std::vector<Output> OutputQueue::ReleaseHeldEvents() {
  holding_events_ = false;
  std::vector<Output> held;
  held.swap(held_events_);
  return held;
}

void OutputQueue::AppendAll(std::vector<Output> outputs) {
  for (Output& output : outputs) outputs_.push_back(std::move(output));
}

void OutputQueue::Append(OutputKind kind, Json fields) {
  outputs_.push_back(Output{kind, std::move(fields)});
}

}  // namespace sessioncore::session
