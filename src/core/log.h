// Log records of the session core and the sink interface they go to.
//
// The core never prints. Code that logs owns a Logger, which
// builds a LogRecord (level, subsystem, message, key/value fields) and
// hands it to a LogSink: the browser glue routes records to the TypeScript
// logger, the server to its own logger. Before a record reaches the sink,
// the Logger replaces the value of every field whose key names a secret
// (see IsSecretLogKey) with "[redacted]", so tokens and keys are never
// written.
//
// Levels: kInfo one line per lifecycle change (connect, disconnect,
// publish, subscribe, reconnect); kWarn an automatic retry or a tolerated
// anomaly; kError something the user sees or retries that ran out; kDebug
// SDP and ICE detail.
#ifndef SESSIONCORE_CORE_LOG_H_
#define SESSIONCORE_CORE_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sessioncore {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Returns "debug", "info", "warn" or "error".
std::string_view LogLevelName(LogLevel level);

// The value written in place of a secret.
inline constexpr std::string_view kRedactedValue = "[redacted]";

// One key/value pair of a record's context, such as {"connectionId", "C-1"}.
struct LogField {
  std::string key;
  std::string value;
};

// One log record. The views in it are valid only during LogSink::Write().
struct LogRecord {
  LogLevel level = LogLevel::kInfo;
  std::string_view subsystem;  // Such as "signaling" or "publisher".
  std::string_view message;
  const std::vector<LogField>* fields = nullptr;  // Never null in Write().
};

// Receives log records. Implementations decide the format, the destination
// and which levels to keep; Write() may be called from any thread that
// logs, so a sink shared between threads must synchronize itself.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(const LogRecord& record) = 0;
};

// Returns true when values of `key` must not be logged. That is the case
// when the key, compared without case and without '_' and '-', contains
// "token", "secret", "resumekey", "credential", "password", "authorization" or
// "signature".
bool IsSecretLogKey(std::string_view key);

// Replaces with kRedactedValue the value of every field whose key is a
// secret key, and every value that starts with "T1==" (the prefix of a
// legacy OpenTok token) whatever its key.
void RedactSecrets(std::vector<LogField>& fields);

// Formats a record as one line: `warn [signaling] message [key:value] ...`.
// Does not redact, because Logger redacts before a record reaches a sink.
std::string FormatLogRecord(const LogRecord& record);

// Writes records of one subsystem to a sink, with secrets redacted.
class Logger {
 public:
  // `sink` may be null, which drops every record; otherwise it must
  // outlive the Logger.
  Logger(LogSink* sink, std::string subsystem);

  void Log(LogLevel level, std::string_view message,
           std::initializer_list<LogField> fields = {}) const;
  // Like Log(), for fields built at run time.
  void LogFields(LogLevel level, std::string_view message,
                 std::vector<LogField> fields) const;
  void Debug(std::string_view message,
             std::initializer_list<LogField> fields = {}) const;
  void Info(std::string_view message,
            std::initializer_list<LogField> fields = {}) const;
  void Warn(std::string_view message,
            std::initializer_list<LogField> fields = {}) const;
  void Error(std::string_view message,
             std::initializer_list<LogField> fields = {}) const;

  const std::string& subsystem() const { return subsystem_; }

 private:
  LogSink* sink_;
  std::string subsystem_;
};

}  // namespace sessioncore

#endif  // SESSIONCORE_CORE_LOG_H_
