// Conversion of core errors into JavaScript Error objects at the Embind
// boundary.
//
// The module is built without C++ exceptions, so a binding reports a failure
// by throwing a JavaScript Error whose `name` is the OpenTok name
// ("OT_INVALID_PARAMETER"), `code` the legacy number (1011) and `message` the
// core's message. Frames unwound by a JavaScript throw do not run their C++
// destructors, so a binding finishes all C++ work before it throws.
#ifndef SESSIONCORE_WASM_JS_ERROR_H_
#define SESSIONCORE_WASM_JS_ERROR_H_

#include <emscripten/val.h>

#include "absl/status/status.h"

namespace sessioncore::wasm {

// Returns a JavaScript Error carrying the name, code and message of `status`,
// which must not be OK.
emscripten::val MakeJsError(const absl::Status& status);

}  // namespace sessioncore::wasm

#endif  // SESSIONCORE_WASM_JS_ERROR_H_
