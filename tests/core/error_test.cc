#include "core/error.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace sessioncore {
namespace {

TEST(ErrorTable, EveryCodeHasUniqueNameAndNumber) {
  std::set<std::string> names;
  std::set<int> numbers;
  const auto last = static_cast<int>(ErrorCode::kSubscriberIceWorkflowFailed);
  for (int raw = 0; raw <= last; ++raw) {
    const ErrorInfo& info = GetErrorInfo(static_cast<ErrorCode>(raw));
    EXPECT_EQ(static_cast<int>(info.code), raw);
    // The subscriber's ICE failure shares its name with the publisher's.
    if (raw != last) {
      EXPECT_TRUE(names.insert(std::string(info.name)).second) << info.name;
    }
    EXPECT_TRUE(numbers.insert(info.number).second) << info.number;
  }
}

TEST(ErrorTable, IceFailureNumbersTellTheSidesApart) {
  EXPECT_EQ(GetErrorInfo(ErrorCode::kIceWorkflowFailed).number, 1553);
  EXPECT_EQ(GetErrorInfo(ErrorCode::kSubscriberIceWorkflowFailed).number, 1554);
  EXPECT_EQ(GetErrorInfo(ErrorCode::kSubscriberIceWorkflowFailed).name,
            "OT_ICE_WORKFLOW_FAILED");
  ASSERT_NE(FindErrorByNumber(1554), nullptr);
  EXPECT_EQ(FindErrorByNumber(1554)->code,
            ErrorCode::kSubscriberIceWorkflowFailed);
}

TEST(ErrorTable, MapsLegacyNumbers) {
  EXPECT_EQ(GetErrorInfo(ErrorCode::kNotConnected).number, 1010);
  EXPECT_EQ(GetErrorInfo(ErrorCode::kNotConnected).name, "OT_NOT_CONNECTED");
  EXPECT_EQ(GetErrorInfo(ErrorCode::kAuthenticationError).number, 1004);
  EXPECT_EQ(GetErrorInfo(ErrorCode::kSignalTooLong).number, 413);
  EXPECT_EQ(GetErrorInfo(ErrorCode::kRateLimitExceeded).number, 429);
  EXPECT_EQ(GetErrorInfo(ErrorCode::kUnableToForceMute).number, 1540);
}

TEST(MakeError, RoundTripsCodeAndMessage) {
  absl::Status status =
      MakeError(ErrorCode::kInvalidParameter, "option x is invalid");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "option x is invalid");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidParameter);
}

TEST(GetErrorCode, PlainStatusIsInternal) {
  EXPECT_EQ(GetErrorCode(absl::InvalidArgumentError("x")),
            ErrorCode::kInternalError);
}

TEST(FindError, LooksUpByNumberAndName) {
  ASSERT_NE(FindErrorByNumber(1011), nullptr);
  EXPECT_EQ(FindErrorByNumber(1011)->code, ErrorCode::kInvalidParameter);
  ASSERT_NE(FindErrorByName("OT_NOT_FOUND"), nullptr);
  EXPECT_EQ(FindErrorByName("OT_NOT_FOUND")->number, 404);
  EXPECT_EQ(FindErrorByNumber(1), nullptr);
  EXPECT_EQ(FindErrorByName("nope"), nullptr);
}

}  // namespace
}  // namespace sessioncore
