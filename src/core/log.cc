#include "core/log.h"

#include <array>
#include <cctype>

namespace sessioncore {
namespace {

constexpr std::array<std::string_view, 7> kSecretKeyParts = {
    "token",    "secret",        "resumekey", "credential",
    "password", "authorization", "signature"};

constexpr std::string_view kLegacyTokenPrefix = "T1==";

// Lowercases `key` and drops '_' and '-', so that "resume_key",
// "Resume-Key" and "resumeKey" all read "resumekey".
std::string NormalizeKey(std::string_view key) {
  std::string normalized;
  normalized.reserve(key.size());
  for (char c : key) {
    if (c == '_' || c == '-') continue;
    normalized +=
        static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return normalized;
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
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

bool IsSecretLogKey(std::string_view key) {
  const std::string normalized = NormalizeKey(key);
  for (std::string_view part : kSecretKeyParts) {
    if (normalized.find(part) != std::string::npos) return true;
  }
  return false;
}

void RedactSecrets(std::vector<LogField>& fields) {
  for (LogField& field : fields) {
    const bool legacy_token = field.value.compare(0, kLegacyTokenPrefix.size(),
                                                  kLegacyTokenPrefix) == 0;
    if (legacy_token || IsSecretLogKey(field.key)) {
      field.value = std::string(kRedactedValue);
    }
  }
}

std::string FormatLogRecord(const LogRecord& record) {
  std::string line(LogLevelName(record.level));
  line.append(" [").append(record.subsystem).append("] ");
  line.append(record.message);
  if (record.fields == nullptr) return line;
  for (const LogField& field : *record.fields) {
    line.append(" [").append(field.key).append(":").append(field.value);
    line.append("]");
  }
  return line;
}

Logger::Logger(LogSink* sink, std::string subsystem)
    : sink_(sink), subsystem_(std::move(subsystem)) {}

void Logger::Log(LogLevel level, std::string_view message,
                 std::initializer_list<LogField> fields) const {
  if (sink_ == nullptr) return;
  LogFields(level, message, std::vector<LogField>(fields));
}

void Logger::LogFields(LogLevel level, std::string_view message,
                       std::vector<LogField> fields) const {
  if (sink_ == nullptr) return;
  RedactSecrets(fields);
  sink_->Write(LogRecord{level, subsystem_, message, &fields});
}

void Logger::Debug(std::string_view message,
                   std::initializer_list<LogField> fields) const {
  Log(LogLevel::kDebug, message, fields);
}

void Logger::Info(std::string_view message,
                  std::initializer_list<LogField> fields) const {
  Log(LogLevel::kInfo, message, fields);
}

void Logger::Warn(std::string_view message,
                  std::initializer_list<LogField> fields) const {
  Log(LogLevel::kWarn, message, fields);
}

void Logger::Error(std::string_view message,
                   std::initializer_list<LogField> fields) const {
  Log(LogLevel::kError, message, fields);
}

}  // namespace sessioncore
