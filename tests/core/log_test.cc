#include "core/log.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sessioncore {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Keeps every record it receives, formatted as one line.
class RecordingSink : public LogSink {
 public:
  void Write(const LogRecord& record) override {
    levels.push_back(record.level);
    lines.push_back(FormatLogRecord(record));
  }
  std::vector<LogLevel> levels;
  std::vector<std::string> lines;
};

TEST(CoreLog, FormatsLevelSubsystemMessageAndFields) {
  RecordingSink sink;
  Logger logger(&sink, "signaling");
  logger.Warn("reconnect attempt failed",
              {{"attempt", "3"}, {"connectionId", "C-1"}});
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_EQ(sink.lines[0],
            "warn [signaling] reconnect attempt failed [attempt:3] "
            "[connectionId:C-1]");
}

TEST(CoreLog, EachLevelReachesSink) {
  RecordingSink sink;
  Logger logger(&sink, "core");
  logger.Debug("d");
  logger.Info("i");
  logger.Warn("w");
  logger.Error("e");
  EXPECT_EQ(sink.levels,
            (std::vector<LogLevel>{LogLevel::kDebug, LogLevel::kInfo,
                                   LogLevel::kWarn, LogLevel::kError}));
  EXPECT_EQ(sink.lines[3], "error [core] e");
}

TEST(CoreLog, RedactsSecretValuesBeforeSinkSeesThem) {
  RecordingSink sink;
  Logger logger(&sink, "session");
  logger.Info("connecting", {{"token", "T1==cGFydG5lcl9pZD0"},
                             {"apiSecret", "s3cr3t-value"},
                             {"resumeKey", "rk-7f3a"},
                             {"credential", "turn-password"},
                             {"sessionId", "1_MX4xMjM0NX4"}});
  ASSERT_EQ(sink.lines.size(), 1u);
  const std::string& line = sink.lines[0];
  for (const char* secret :
       {"cGFydG5lcl9pZD0", "s3cr3t-value", "rk-7f3a", "turn-password"}) {
    EXPECT_THAT(line, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(line, HasSubstr("[token:[redacted]]"));
  EXPECT_THAT(line, HasSubstr("[resumeKey:[redacted]]"));
  EXPECT_THAT(line, HasSubstr("[sessionId:1_MX4xMjM0NX4]"));
}

TEST(CoreLog, SecretKeysMatchIgnoringCaseAndSeparators) {
  EXPECT_TRUE(IsSecretLogKey("TOKEN"));
  EXPECT_TRUE(IsSecretLogKey("accessToken"));
  EXPECT_TRUE(IsSecretLogKey("ResumeKey"));
  EXPECT_TRUE(IsSecretLogKey("resume_key"));
  EXPECT_TRUE(IsSecretLogKey("API-SECRET"));
  EXPECT_TRUE(IsSecretLogKey("turnCredential"));
  EXPECT_TRUE(IsSecretLogKey("Authorization"));
  EXPECT_FALSE(IsSecretLogKey("connectionId"));
  EXPECT_FALSE(IsSecretLogKey("streamId"));
}

TEST(CoreLog, RedactsLegacyTokenUnderAnyKey) {
  std::vector<LogField> fields = {{"value", "T1==abcdef"},
                                  {"note", "T1 is fine"}};
  RedactSecrets(fields);
  EXPECT_EQ(fields[0].value, kRedactedValue);
  EXPECT_EQ(fields[1].value, "T1 is fine");
}

TEST(CoreLog, NullSinkDropsRecords) {
  Logger logger(nullptr, "core");
  logger.Error("nobody listens", {{"token", "x"}});
  EXPECT_EQ(logger.subsystem(), "core");
}

}  // namespace
}  // namespace sessioncore
