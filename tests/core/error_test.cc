#include "core/error.h"

#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"
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
  EXPECT_EQ(status.raw_code(), 1011);
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidParameter);
}

TEST(MakeError, EveryCodeRoundTrips) {
  const auto last = static_cast<int>(ErrorCode::kSubscriberIceWorkflowFailed);
  for (int raw = 0; raw <= last; ++raw) {
    const auto code = static_cast<ErrorCode>(raw);
    const std::string name(GetErrorInfo(code).name);
    absl::Status status = MakeError(code, "failed: " + name);
    EXPECT_FALSE(status.ok()) << name;
    EXPECT_EQ(status.message(), "failed: " + name);
    EXPECT_EQ(GetErrorCode(status), code) << name;
    // An empty message keeps the status inline, without a heap record.
    EXPECT_EQ(GetErrorCode(MakeError(code, "")), code) << name;
  }
}

TEST(MakeError, CodeSurvivesCopyAndStatusOr) {
  absl::Status original = MakeError(ErrorCode::kSignalTooLong, "data long");
  absl::Status copy = original;
  absl::StatusOr<int> result = copy;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(GetErrorCode(result.status()), ErrorCode::kSignalTooLong);
  EXPECT_EQ(result.status().message(), "data long");
  EXPECT_EQ(original, copy);
}

// Counts the rows whose absl code is `code`.
int RowsWithStatusCode(absl::StatusCode code) {
  int rows = 0;
  const auto last = static_cast<int>(ErrorCode::kSubscriberIceWorkflowFailed);
  for (int raw = 0; raw <= last; ++raw) {
    if (GetErrorInfo(static_cast<ErrorCode>(raw)).status_code == code) ++rows;
  }
  return rows;
}

TEST(MakeError, KeepsAbslCodeOnlyWhenUnshared) {
  const auto last = static_cast<int>(ErrorCode::kSubscriberIceWorkflowFailed);
  for (int raw = 0; raw <= last; ++raw) {
    const ErrorInfo& info = GetErrorInfo(static_cast<ErrorCode>(raw));
    absl::Status status = MakeError(info.code, "x");
    if (RowsWithStatusCode(info.status_code) == 1) {
      EXPECT_EQ(status.code(), info.status_code) << info.name;
    } else {
      EXPECT_EQ(status.raw_code(), info.number) << info.name;
      EXPECT_EQ(status.code(), absl::StatusCode::kUnknown) << info.name;
    }
  }
}

TEST(MakeError, RowsWithOwnAbslCode) {
  EXPECT_EQ(MakeError(ErrorCode::kAuthenticationError, "x").code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(MakeError(ErrorCode::kConnectionTimeout, "x").code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(MakeError(ErrorCode::kEncryptionUnsupported, "x").code(),
            absl::StatusCode::kUnimplemented);
}

TEST(MakeError, StoresNoPayload) {
  absl::Status status = MakeError(ErrorCode::kNotConnected, "x");
  int payloads = 0;
  status.ForEachPayload(
      [&payloads](absl::string_view, const absl::Cord&) { ++payloads; });
  EXPECT_EQ(payloads, 0);
}

TEST(GetErrorCode, PlainStatusIsInternal) {
  EXPECT_EQ(GetErrorCode(absl::InvalidArgumentError("x")),
            ErrorCode::kInternalError);
  EXPECT_EQ(GetErrorCode(absl::InternalError("x")), ErrorCode::kInternalError);
  EXPECT_EQ(GetErrorCode(absl::UnknownError("x")), ErrorCode::kInternalError);
}

TEST(GetErrorCode, UnsharedAbslCodeMapsToRow) {
  EXPECT_EQ(GetErrorCode(absl::UnauthenticatedError("x")),
            ErrorCode::kAuthenticationError);
  EXPECT_EQ(GetErrorCode(absl::DeadlineExceededError("x")),
            ErrorCode::kConnectionTimeout);
}

TEST(GetErrorCode, UnknownRawCodeIsInternal) {
  absl::Status status(static_cast<absl::StatusCode>(999), "x");
  EXPECT_EQ(GetErrorCode(status), ErrorCode::kInternalError);
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
