// ClientSession with a LogSink: records go to the sink, not to the
// outputs, and never carry the token or the resume key.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/log.h"
#include "nlohmann/json.hpp"
#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

struct CapturedRecord {
  LogLevel level;
  std::string subsystem;
  std::string message;
  std::vector<LogField> fields;
  std::string line;  // FormatLogRecord() of the record.
};

class CapturingSink : public LogSink {
 public:
  void Write(const LogRecord& record) override {
    records.push_back({record.level, std::string(record.subsystem),
                       std::string(record.message), *record.fields,
                       FormatLogRecord(record)});
  }
  std::vector<CapturedRecord> records;
};

class SessionLogTest : public SessionTest {
 protected:
  SessionLogTest() : SessionTest(SessionOptions(), &sink_) {}

  // Connects, drops the socket and resumes.
  void ConnectDropAndResume() {
    Connect(MakeSnapshot("A"));
    session_.OnSocketClosed(1006, "abnormal");
    Outputs drop = Take();
    session_.OnTimer(TimerWithDelay(drop, 500));
    session_.OnSocketOpen();
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.resume_key = "resume-secret-2";
    Reply(IdOf(Take(), "resume"), snapshot);
    Take();
  }

  CapturingSink sink_;
};

TEST_F(SessionLogTest, RecordsGoToTheSinkNotTheOutputs) {
  ConnectDropAndResume();
  EXPECT_TRUE(OfKind(all_, "log").empty());
  ASSERT_FALSE(sink_.records.empty());
  bool saw_warn = false;
  for (const CapturedRecord& record : sink_.records) {
    EXPECT_EQ(record.subsystem, "session");
    saw_warn = saw_warn || record.level == LogLevel::kWarn;
    bool has_session_id = false;
    for (const LogField& field : record.fields) {
      has_session_id = has_session_id ||
                       (field.key == "sessionId" && field.value == kSessionId);
    }
    EXPECT_TRUE(has_session_id) << record.line;
  }
  EXPECT_TRUE(saw_warn);  // The connection loss.
}

TEST_F(SessionLogTest, RecordsNeverCarryTokenOrResumeKey) {
  ConnectDropAndResume();
  ASSERT_FALSE(sink_.records.empty());
  for (const CapturedRecord& record : sink_.records) {
    EXPECT_EQ(record.line.find(kToken), std::string::npos) << record.line;
    EXPECT_EQ(record.line.find("resume-secret"), std::string::npos)
        << record.line;
  }
}

TEST_F(SessionLogTest, NestedContextIsJsonText) {
  Connect(MakeSnapshot("A"));
  Push(protocol::ErrorPush{
      protocol::WireError{ErrorCode::kNotFound, "stream S-9 not found"}});
  bool found = false;
  for (const CapturedRecord& record : sink_.records) {
    for (const LogField& field : record.fields) {
      if (field.key != "error") continue;
      nlohmann::json error = nlohmann::json::parse(field.value, nullptr, false);
      ASSERT_FALSE(error.is_discarded()) << field.value;
      EXPECT_EQ(error["code"], 404);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(LoggerFields, RedactsSecretKeysAndTokens) {
  CapturingSink sink;
  Logger logger(&sink, "session");
  logger.LogFields(
      LogLevel::kInfo, "m",
      {{"resumeKey", "rk-1"}, {"note", "T1==abc"}, {"connectionId", "C-1"}});
  ASSERT_EQ(sink.records.size(), 1u);
  const std::vector<LogField>& fields = sink.records[0].fields;
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].value, kRedactedValue);
  EXPECT_EQ(fields[1].value, kRedactedValue);
  EXPECT_EQ(fields[2].value, "C-1");
}

}  // namespace
}  // namespace sessioncore::session::testing
