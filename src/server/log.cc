#include "server/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace sessioncore::server {
namespace {

std::mutex& LogMutex() {
  static std::mutex mutex;
  return mutex;
}

std::function<void(std::string_view)>& LogSink() {
  static std::function<void(std::string_view)> sink;
  return sink;
}

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    now.time_since_epoch())
                    .count() %
                1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
  char result[48];
  std::snprintf(result, sizeof(result), "%s.%03dZ", buffer,
                static_cast<int>(millis));
  return result;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' ||
        static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

// Quotes `value` and escapes quotes, backslashes and control characters so
// that one event always stays on one line.
void AppendValue(std::string& line, std::string_view value) {
  if (!NeedsQuotes(value)) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') {
      line.push_back('\\');
      line.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x",
                    static_cast<unsigned char>(c));
      line.append(escaped);
    } else {
      line.push_back(c);
    }
  }
  line.push_back('"');
}

}  // namespace

void Log(LogLevel level, std::string_view event,
         std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < min_level.load()) return;
  std::string line = "ts=" + Timestamp();
  line.append(" level=").append(LevelName(level));
  line.append(" event=").append(event);
  for (const LogField& field : fields) {
    line.push_back(' ');
    line.append(field.key).push_back('=');
    AppendValue(line, field.value);
  }
  std::lock_guard<std::mutex> lock(LogMutex());
  if (LogSink()) {
    LogSink()(line);
  } else {
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

void SetLogSink(std::function<void(std::string_view line)> sink) {
  std::lock_guard<std::mutex> lock(LogMutex());
  LogSink() = std::move(sink);
}

void SetMinLogLevel(LogLevel level) { min_level = static_cast<int>(level); }

}  // namespace sessioncore::server
