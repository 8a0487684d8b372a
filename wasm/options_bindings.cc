// Embind bindings of the session options model and the error table.
//
// parseSessionOptions(jsonText) returns the validated options with every
// default filled in, as JSON text, or throws an Error with the OpenTok name
// and code. rtcConfiguration(optionsJson, serverIceJson) returns the
// RTCConfiguration for RTCPeerConnection as JSON text. errorTable() returns
// the core's error table so that the TypeScript layer maps every code the
// same way.
#include <emscripten/bind.h>

#include <string>

#include "core/error.h"
#include "core/json/json_parser.h"
#include "core/session_options.h"
#include "js_error.h"

namespace sessioncore::wasm {
namespace {

using emscripten::val;

// Each binding does its C++ work inside an inner scope that stores either the
// result or a JavaScript error, so every C++ object is destroyed before the
// throw unwinds the frame.
std::string ParseOptions(const std::string& options_json) {
  val error = val::undefined();
  {
    absl::StatusOr<SessionOptions> parsed =
        ParseSessionOptionsJson(options_json);
    if (parsed.ok()) return SessionOptionsToJson(*parsed).Dump();
    error = MakeJsError(parsed.status());
  }
  error.throw_();
  __builtin_unreachable();
}

std::string RtcConfiguration(const std::string& options_json,
                             const std::string& server_ice_json) {
  val error = val::undefined();
  {
    absl::StatusOr<SessionOptions> parsed =
        ParseSessionOptionsJson(options_json);
    absl::StatusOr<Json> ice_json = ParseJson(server_ice_json);
    absl::StatusOr<std::vector<IceServer>> servers =
        ice_json.ok() ? ParseIceServerList(*ice_json, "server ICE list")
                      : MakeError(ErrorCode::kInvalidParameter,
                                  "server ICE list is not valid JSON " +
                                      std::string(ice_json.status().message()));
    if (parsed.ok() && servers.ok()) {
      return ToRtcConfiguration(*parsed, *servers).Dump();
    }
    error = MakeJsError(parsed.ok() ? servers.status() : parsed.status());
  }
  error.throw_();
  __builtin_unreachable();
}

std::string ErrorTableJson() {
  Json table = Json::Array();
  for (int raw = 0;; ++raw) {
    const ErrorInfo& info = GetErrorInfo(static_cast<ErrorCode>(raw));
    if (static_cast<int>(info.code) != raw) break;
    table.push_back(Json{{"name", info.name}, {"code", info.number}});
  }
  return table.Dump();
}

EMSCRIPTEN_BINDINGS(sessioncore_options) {
  emscripten::function("parseSessionOptions", &ParseOptions);
  emscripten::function("rtcConfiguration", &RtcConfiguration);
  emscripten::function("errorTable", &ErrorTableJson);
}

}  // namespace
}  // namespace sessioncore::wasm
