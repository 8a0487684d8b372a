// Field handlers of the response envelope and of the result objects.
#include <utility>
#include <variant>

#include "core/protocol/fields.h"

namespace sessioncore::protocol {
namespace {

void ReadPublishResult(FieldReader& reader, PublishResult& out) {
  reader.ReadObject("stream", out.stream, &ReadStreamInfo);
}

void ReadSubscribeResult(FieldReader& reader, SubscribeResult& out) {
  reader.Read("subscriptionId", out.subscription_id);
}

void ReadReportIssueResult(FieldReader& reader, ReportIssueResult& out) {
  reader.Read("issueId", out.issue_id);
}

template <typename Result>
void ReadResultAs(FieldReader& reader, ResponseResult& out,
                  void (*read)(FieldReader&, Result&)) {
  Result result;
  read(reader, result);
  out = std::move(result);
}

// Results carry no type name, so each kind is recognised by a key that
// only that kind has. An object with none of them must be `{}`; any key it has
// is then reported as unknown by FieldReader::Finish().
void ReadResult(FieldReader& reader, ResponseResult& out) {
  if (reader.Has("connection")) {
    ReadResultAs(reader, out, &ReadSnapshot);
  } else if (reader.Has("stream")) {
    ReadResultAs(reader, out, &ReadPublishResult);
  } else if (reader.Has("subscriptionId")) {
    ReadResultAs(reader, out, &ReadSubscribeResult);
  } else if (reader.Has("issueId")) {
    ReadResultAs(reader, out, &ReadReportIssueResult);
  } else {
    out = EmptyResult{};
  }
}

struct ResultWriter {
  Json operator()(const EmptyResult&) const { return Json::Object(); }
  Json operator()(const Snapshot& snapshot) const {
    return SnapshotToJson(snapshot);
  }
  Json operator()(const PublishResult& result) const {
    return Json{{"stream", StreamInfoToJson(result.stream)}};
  }
  Json operator()(const SubscribeResult& result) const {
    return Json{{"subscriptionId", result.subscription_id}};
  }
  Json operator()(const ReportIssueResult& result) const {
    return Json{{"issueId", result.issue_id}};
  }
};

}  // namespace

void ReadFields(FieldReader& reader, Response& out) {
  reader.Read("id", out.id, 1);
  const bool has_result = reader.Has("result");
  if (has_result == reader.Has("error")) {
    reader.Fail("result", "a response carries exactly one of result and error");
    return;
  }
  if (has_result) {
    ResponseResult result;
    reader.ReadObject("result", result, &ReadResult);
    out.outcome = std::move(result);
  } else {
    WireError error;
    reader.ReadObject("error", error, &ReadWireError);
    out.outcome = std::move(error);
  }
}

void WriteFields(Json& json, const Response& message) {
  json["id"] = message.id;
  if (const auto* error = std::get_if<WireError>(&message.outcome)) {
    Json error_json = Json::Object();
    WriteWireError(error_json, *error);
    json["error"] = std::move(error_json);
    return;
  }
  const auto* result = std::get_if<ResponseResult>(&message.outcome);
  json["result"] = std::visit(ResultWriter{}, *result);
}

}  // namespace sessioncore::protocol
