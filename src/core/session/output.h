// The outputs of ClientSession: commands for the browser glue (open a
// socket, send a frame, arm a timer, drive a peer connection), events for
// the application, request completions and log records.
//
// Each Output is a kind plus the JSON fields of that kind. ToJson() returns
// the object that the glue consumes (keys in any order):
//   {"kind":"openSocket","url":...}
//   {"kind":"send","text":...}
//   {"kind":"closeSocket","code":1000}
//   {"kind":"armTimer","timerId":N,"delayMs":N}
//   {"kind":"cancelTimer","timerId":N}
//   {"kind":"event","target":"session"|"publisher"|"subscriber",
//    "targetId":..,"name":..,"payload":{..},"cancelable":bool,"eventId":N}
//   {"kind":"complete","handle":N,"result":{..}}
//   {"kind":"complete","handle":N,"error":{"name":..,"code":N,"message":..}}
//   {"kind":"peer","op":..,"pcId":.., ...op fields}
//   {"kind":"media","op":"setAudioEnabled"|"setVideoEnabled",
//    "publisherId":..,"enabled":bool}
//   {"kind":"log","level":..,"subsystem":..,"message":..,"context":{..}}
#ifndef SESSIONCORE_CORE_SESSION_OUTPUT_H_
#define SESSIONCORE_CORE_SESSION_OUTPUT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/json/json.h"

namespace sessioncore::session {

enum class OutputKind {
  kOpenSocket,
  kSend,
  kCloseSocket,
  kArmTimer,
  kCancelTimer,
  kEvent,
  kComplete,
  kPeer,
  kMedia,
  kLog,
};

// Returns the JSON spelling of `kind`, such as "openSocket".
std::string_view OutputKindName(OutputKind kind);

// The object an event is dispatched on: the Session, a Publisher or a
// Subscriber.
enum class EventTarget { kSession, kPublisher, kSubscriber };
std::string_view EventTargetName(EventTarget target);

// One output. `fields` contains every key of ToJson() except "kind".
struct Output {
  OutputKind kind;
  Json fields;

  Json ToJson() const;
};

// An ordered list of outputs that the session components append to and the
// glue drains through ClientSession::TakeOutputs().
class OutputQueue {
 public:
  void OpenSocket(std::string_view url);
  void Send(std::string text);
  void CloseSocket(int code);
  void ArmTimer(int64_t timer_id, int64_t delay_ms);
  void CancelTimer(int64_t timer_id);
  // Appends an event and returns its eventId (1, 2, 3, ... per queue).
  int64_t Event(EventTarget target, std::string_view target_id,
                std::string_view name, Json payload, bool cancelable = false);
  void CompleteOk(int64_t handle, Json result);
  // `error` must not be OK; it is reported with its OT_* name and number.
  void CompleteError(int64_t handle, const absl::Status& error);
  // Appends a peer command; `fields` may add op-specific keys.
  void Peer(std::string_view op, std::string_view pc_id,
            Json fields = Json::Object());
  void Media(std::string_view op, std::string_view publisher_id, bool enabled);
  // `level` is "debug", "info", "warn" or "error". Never pass tokens,
  // resume keys or other secrets in `message` or `context`.
  void Log(std::string_view level, std::string_view message,
           Json context = Json::Object());

  // Removes and returns every output in the order appended.
  std::vector<Output> Take();

  // From now on Event() keeps events aside, with their eventIds, instead
  // of appending them; other outputs are appended as usual.
  void HoldEvents() { holding_events_ = true; }
  bool holding_events() const { return holding_events_; }
  // Stops holding and returns the events kept aside, in order.
  std::vector<Output> ReleaseHeldEvents();
  // Appends `outputs` unchanged, such as released events.
  void AppendAll(std::vector<Output> outputs);

 private:
  void Append(OutputKind kind, Json fields);

  std::vector<Output> outputs_;
  int64_t next_event_id_ = 1;
  bool holding_events_ = false;
  std::vector<Output> held_events_;
};

// Applies the redaction rules of core/log.h to a JSON log context, nested
// objects included: values under a secret key, and strings that start
// like a token, become "[redacted]".
void RedactLogContext(Json& context);

// Returns the `{"name","code","message"}` object for a status made by
// MakeError().
Json ErrorToJson(const absl::Status& error);

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_OUTPUT_H_
