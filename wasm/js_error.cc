#include "js_error.h"

#include <string>

#include "core/error.h"

namespace sessioncore::wasm {

emscripten::val MakeJsError(const absl::Status& status) {
  const ErrorInfo& info = GetErrorInfo(GetErrorCode(status));
  emscripten::val error =
      emscripten::val::global("Error").new_(std::string(status.message()));
  error.set("name", std::string(info.name));
  error.set("code", info.number);
  return error;
}

}  // namespace sessioncore::wasm
