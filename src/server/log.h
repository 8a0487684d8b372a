// Structured logging for the session server.
//
// Each call writes one line of `key=value` pairs to stderr (or to a sink that
// a test installs), for example:
//   ts=2026-12-04T15:41:27.123Z level=warn event=request_rejected
//   session=1_MX4... connection=c-3 code=1500 message="..."
// Values that contain spaces, quotes or `=` are quoted. Callers must never
// pass tokens, secrets or resume keys as values.
#ifndef SESSIONCORE_SERVER_LOG_H_
#define SESSIONCORE_SERVER_LOG_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sessioncore::server {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// One `key=value` pair of a log line.
struct LogField {
  std::string_view key;
  std::string value;
};

// Writes one line for `event` with `fields` in the order given. Safe to call
// from any thread.
void Log(LogLevel level, std::string_view event,
         std::initializer_list<LogField> fields = {});

// Replaces the output of Log() with `sink` (which receives each line without
// the trailing newline), or restores stderr when `sink` is empty. Intended for
// tests; the sink is called under the logger's mutex.
void SetLogSink(std::function<void(std::string_view line)> sink);

// Sets the lowest level that Log() writes (kInfo by default).
void SetMinLogLevel(LogLevel level);

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_LOG_H_
