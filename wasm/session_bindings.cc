// Embind binding of the client session core (ClientSession) for the browser
// glue.
//
// The binding adds no behaviour: each method forwards one input to the
// core, and takeOutputs() returns the outputs drained since the last call as
// a JSON array text. Structured inputs (publish properties, signals,
// candidates) cross the boundary as JSON text. Text that does not parse is a
// fault of the glue, not of the application: the binding completes the
// request handle with OT_INVALID_PARAMETER, if there is one, and appends an
// `otrnError` session event with the details to the next takeOutputs().
//
// Request handles and timer and event IDs cross as JavaScript numbers
// (doubles); Embind in Emscripten 3.1.6 passes 64-bit integers only with
// BigInt support, which the module does not enable.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json/json_parser.h"
#include "core/log.h"
#include "core/session/client_session.h"
#include "core/session_options.h"
#include "js_error.h"

namespace sessioncore::wasm {
namespace {

using emscripten::val;
using session::ClientSession;
using session::Output;

int64_t ToId(double number) { return static_cast<int64_t>(number); }

// Keeps the core's log records as `log` outputs, which the glue hands to
// the TypeScript logger; TakeOutputs() appends them after the core's
// outputs of the same call.
class OutputLogSink : public LogSink {
 public:
  void Write(const LogRecord& record) override {
    Json context = Json::Object();
    for (const LogField& field : *record.fields) {
      context[field.key] = field.value;
    }
    records_.push_back(Json{{"kind", "log"},
                            {"level", LogLevelName(record.level)},
                            {"subsystem", record.subsystem},
                            {"message", record.message},
                            {"context", std::move(context)}});
  }
  std::vector<Json> Take() { return std::exchange(records_, {}); }

 private:
  std::vector<Json> records_;
};

class SessionBinding {
 public:
  SessionBinding(const std::string& session_id, const std::string& api_key,
                 SessionOptions options, const std::string& server_url)
      : log_sink_(std::make_unique<OutputLogSink>()),
        session_(std::make_unique<ClientSession>(session_id, api_key,
                                                 std::move(options), server_url,
                                                 log_sink_.get())) {}

  void Connect(const std::string& token, double handle) {
    session_->Connect(token, ToId(handle));
  }
  void Disconnect(double handle) { session_->Disconnect(ToId(handle)); }

  void Publish(const std::string& publisher_id,
               const std::string& properties_json, double handle) {
    Json properties;
    if (!ParseInput(properties_json, "publish properties", handle,
                    &properties)) {
      return;
    }
    session_->Publish(publisher_id, properties, ToId(handle));
  }
  void Unpublish(const std::string& publisher_id, double handle) {
    session_->Unpublish(publisher_id, ToId(handle));
  }
  void SetPublisherProperty(const std::string& publisher_id,
                            const std::string& property,
                            const std::string& value_json) {
    val error = val::undefined();
    {
      Json value;
      if (!ParseInput(value_json, "publisher property value", -1, &value)) {
        return;
      }
      absl::Status status =
          session_->SetPublisherProperty(publisher_id, property, value);
      if (status.ok()) return;
      error = MakeJsError(status);
    }
    error.throw_();
  }

  void Subscribe(const std::string& subscriber_id, const std::string& stream_id,
                 double handle) {
    session_->Subscribe(subscriber_id, stream_id, ToId(handle));
  }
  void Unsubscribe(const std::string& subscriber_id, double handle) {
    session_->Unsubscribe(subscriber_id, ToId(handle));
  }
  // `layer_json` is {maxWidth, maxHeight, maxFrameRate}, each an integer,
  // null or absent (no limit).
  void SetPreferredLayer(const std::string& subscriber_id,
                         const std::string& layer_json, double handle) {
    Json layer;
    if (!ParseInput(layer_json, "preferred layer", handle, &layer)) return;
    std::optional<int> limits[3];
    const char* keys[3] = {"maxWidth", "maxHeight", "maxFrameRate"};
    for (int i = 0; i < 3; ++i) {
      if (!ReadLimit(layer, keys[i], &limits[i])) {
        Fault(std::string("preferred layer ") + keys[i] +
                  " must be an integer or null: " + layer_json.substr(0, 80),
              handle);
        return;
      }
    }
    session_->SetPreferredLayer(subscriber_id, limits[0], limits[1], limits[2],
                                ToId(handle));
  }
  void Signal(const std::string& signal_json, double handle) {
    Json signal;
    if (!ParseInput(signal_json, "signal", handle, &signal)) return;
    session_->Signal(signal, ToId(handle));
  }

  void ForceMuteAll(const std::string& excluded_json, double handle) {
    Json excluded;
    if (!ParseInput(excluded_json, "excluded stream IDs", handle, &excluded)) {
      return;
    }
    std::vector<std::string> ids;
    for (const Json& id : excluded.Elements()) {
      if (id.IsString()) ids.push_back(id.AsString());
    }
    if (!excluded.IsArray() || ids.size() != excluded.size()) {
      Fault("excluded stream IDs must be an array of strings", handle);
      return;
    }
    session_->ForceMuteAll(ids, ToId(handle));
  }
  void ForceMuteStream(const std::string& stream_id, double handle) {
    session_->ForceMuteStream(stream_id, ToId(handle));
  }
  void DisableForceMute(double handle) {
    session_->DisableForceMute(ToId(handle));
  }
  void ForceDisconnect(const std::string& connection_id, double handle) {
    session_->ForceDisconnect(connection_id, ToId(handle));
  }
  void ForceUnpublish(const std::string& stream_id, double handle) {
    session_->ForceUnpublish(stream_id, ToId(handle));
  }
  void ReportIssue(const std::string& description, double handle) {
    session_->ReportIssue(description, ToId(handle));
  }

  std::string GetSessionInfo() const {
    return session_->GetSessionInfo().Dump();
  }
  std::string GetCapabilities() const {
    val error = val::undefined();
    {
      absl::StatusOr<Json> capabilities = session_->GetCapabilities();
      if (capabilities.ok()) return capabilities->Dump();
      error = MakeJsError(capabilities.status());
    }
    error.throw_();
    __builtin_unreachable();
  }
  std::string State() const {
    return std::string(session::SessionStateName(session_->state()));
  }

  void OnSocketOpen() { session_->OnSocketOpen(); }
  void OnSocketMessage(const std::string& text) {
    session_->OnSocketMessage(text);
  }
  void OnSocketClosed(int code, const std::string& reason) {
    session_->OnSocketClosed(code, reason);
  }
  void OnSocketError() { session_->OnSocketError(); }
  void OnTimer(double timer_id) { session_->OnTimer(ToId(timer_id)); }
  void OnPeerLocalDescription(const std::string& pc_id,
                              const std::string& sdp_type,
                              const std::string& sdp) {
    session_->OnPeerLocalDescription(pc_id, sdp_type, sdp);
  }
  void OnPeerIceCandidate(const std::string& pc_id,
                          const std::string& candidate_json) {
    Json candidate;
    if (!ParseInput(candidate_json, "ICE candidate", -1, &candidate)) return;
    session_->OnPeerIceCandidate(pc_id, candidate);
  }
  void OnPeerStateChange(const std::string& pc_id, const std::string& state) {
    session_->OnPeerStateChange(pc_id, state);
  }
  void PreventDefault(double event_id) {
    session_->PreventDefault(ToId(event_id));
  }
  void DefaultAction(double event_id) {
    session_->DefaultAction(ToId(event_id));
  }
  void Destroy() { session_->Destroy(); }

  // Returns the core's outputs in order, followed by the boundary faults
  // recorded since the last call, as one JSON array text.
  std::string TakeOutputs() {
    Json outputs = Json::Array();
    for (const Output& output : session_->TakeOutputs()) {
      outputs.push_back(output.ToJson());
    }
    for (Json& record : log_sink_->Take()) outputs.push_back(std::move(record));
    for (Json& fault : faults_) outputs.push_back(std::move(fault));
    faults_.clear();
    return outputs.Dump();
  }

 private:
  // Parses `text` into `*out`. On failure records the fault, completes
  // `handle` (when not negative) with OT_INVALID_PARAMETER and returns
  // false.
  bool ParseInput(const std::string& text, const char* what, double handle,
                  Json* out) {
    absl::StatusOr<Json> parsed = ParseJson(text);
    if (parsed.ok()) {
      *out = *std::move(parsed);
      return true;
    }
    Fault(std::string(what) + " is not valid JSON " +
              std::string(parsed.status().message()) + ": " +
              text.substr(0, 80),
          handle);
    return false;
  }

  // Reads `key` of `object` into `*out`: nullopt for absent or null.
  // Returns false for anything but an integer that fits an int.
  static bool ReadLimit(const Json& object, const char* key,
                        std::optional<int>* out) {
    if (!object.IsObject()) return false;
    const Json* limit = object.Find(key);
    if (limit == nullptr || limit->IsNull()) return true;
    if (!limit->IsInteger()) return false;
    int64_t value = limit->AsInteger();
    if (value < INT32_MIN || value > INT32_MAX) return false;
    *out = static_cast<int>(value);
    return true;
  }

  void Fault(const std::string& message, double handle) {
    absl::Status error = MakeError(ErrorCode::kInvalidParameter, message);
    Json details = session::ErrorToJson(error);
    if (handle >= 0) {
      faults_.push_back(Json{
          {"kind", "complete"}, {"handle", ToId(handle)}, {"error", details}});
    }
    faults_.push_back(Json{{"kind", "event"},
                           {"target", "session"},
                           {"targetId", ""},
                           {"name", "otrnError"},
                           {"payload", details},
                           {"cancelable", false},
                           {"eventId", 0}});
  }

  // Declared before session_, so it outlives the session that writes to
  // it.
  std::unique_ptr<OutputLogSink> log_sink_;
  std::unique_ptr<ClientSession> session_;
  std::vector<Json> faults_;
};

// Creates a session for `session_id`; throws an Error with the OpenTok name
// and code when `options_json` is not valid session options.
SessionBinding* CreateClientSession(const std::string& session_id,
                                    const std::string& api_key,
                                    const std::string& options_json,
                                    const std::string& server_url) {
  val error = val::undefined();
  {
    absl::StatusOr<SessionOptions> options =
        ParseSessionOptionsJson(options_json);
    if (options.ok()) {
      return new SessionBinding(session_id, api_key, *std::move(options),
                                server_url);
    }
    error = MakeJsError(options.status());
  }
  error.throw_();
  __builtin_unreachable();
}

EMSCRIPTEN_BINDINGS(sessioncore_session) {
  emscripten::class_<SessionBinding>("ClientSession")
      .function("connect", &SessionBinding::Connect)
      .function("disconnect", &SessionBinding::Disconnect)
      .function("publish", &SessionBinding::Publish)
      .function("unpublish", &SessionBinding::Unpublish)
      .function("setPublisherProperty", &SessionBinding::SetPublisherProperty)
      .function("subscribe", &SessionBinding::Subscribe)
      .function("unsubscribe", &SessionBinding::Unsubscribe)
      .function("setPreferredLayer", &SessionBinding::SetPreferredLayer)
      .function("signal", &SessionBinding::Signal)
      .function("forceMuteAll", &SessionBinding::ForceMuteAll)
      .function("forceMuteStream", &SessionBinding::ForceMuteStream)
      .function("disableForceMute", &SessionBinding::DisableForceMute)
      .function("forceDisconnect", &SessionBinding::ForceDisconnect)
      .function("forceUnpublish", &SessionBinding::ForceUnpublish)
      .function("reportIssue", &SessionBinding::ReportIssue)
      .function("getSessionInfo", &SessionBinding::GetSessionInfo)
      .function("getCapabilities", &SessionBinding::GetCapabilities)
      .function("state", &SessionBinding::State)
      .function("onSocketOpen", &SessionBinding::OnSocketOpen)
      .function("onSocketMessage", &SessionBinding::OnSocketMessage)
      .function("onSocketClosed", &SessionBinding::OnSocketClosed)
      .function("onSocketError", &SessionBinding::OnSocketError)
      .function("onTimer", &SessionBinding::OnTimer)
      .function("onPeerLocalDescription",
                &SessionBinding::OnPeerLocalDescription)
      .function("onPeerIceCandidate", &SessionBinding::OnPeerIceCandidate)
      .function("onPeerStateChange", &SessionBinding::OnPeerStateChange)
      .function("preventDefault", &SessionBinding::PreventDefault)
      .function("defaultAction", &SessionBinding::DefaultAction)
      .function("destroy", &SessionBinding::Destroy)
      .function("takeOutputs", &SessionBinding::TakeOutputs);
  emscripten::function("createClientSession", &CreateClientSession,
                       emscripten::allow_raw_pointers());
}

}  // namespace
}  // namespace sessioncore::wasm
