// The REST API handlers of HttpRouter.
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/error.h"
#include "nlohmann/json.hpp"
#include "server/auth/session_id.h"
#include "server/auth/token_minter.h"
#include "server/http_router.h"
#include "server/log.h"
#include "server/room.h"
#include "server/server_state.h"
#include "server/session_registry.h"
#include "server/store.h"

namespace sessioncore::server {
namespace {

using nlohmann::json;

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpResponse JsonResponse(int status, const json& body) {
  return HttpResponse{status, "application/json", body.dump(), {}};
}

HttpResponse NoContent() { return HttpResponse{204, "", "", {}}; }

// Decodes an application/x-www-form-urlencoded body.
std::map<std::string, std::string> ParseForm(const std::string& body) {
  auto decode = [](absl::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '+') {
        out.push_back(' ');
      } else if (text[i] == '%' && i + 2 < text.size() + 0 &&
                 std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        out.push_back(static_cast<char>(
            std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(text[i]);
      }
    }
    return out;
  };
  std::map<std::string, std::string> fields;
  for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    fields[decode(kv.first)] = decode(kv.second);
  }
  return fields;
}

// Parses a JSON object body; an empty body counts as `{}`.
absl::StatusOr<json> ParseJsonObject(const std::string& body) {
  if (body.empty()) return json::object();
  json value = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "request body must be a JSON object");
  }
  return value;
}

absl::Status NoLiveSession(const std::string& session_id) {
  return MakeError(ErrorCode::kNotFound,
                   absl::StrCat("session ", session_id.substr(0, 200),
                                " has no connected clients"));
}

std::string IsoTime(int64_t unix_seconds) {
  std::time_t time = unix_seconds;
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%a %b %d %H:%M:%S UTC %Y", &utc);
  return buffer;
}

}  // namespace

// The Node SDK sends `p2p.preference` = "enabled" for relayed and "disabled"
// for routed, and reads `[0].session_id` from the JSON array it gets back.
void HttpRouter::CreateSession(const HttpRequest& request,
                               const HttpResponder& respond) {
  absl::StatusOr<auth::RestPrincipal> principal = Authenticate(request, "");
  if (!principal.ok()) return respond(StatusToHttp(principal.status()));
  std::map<std::string, std::string> form = ParseForm(request.body);
  std::string p2p =
      form.count("p2p.preference") ? form["p2p.preference"] : "enabled";
  if (p2p != "enabled" && p2p != "disabled") {
    return respond(
        JsonError(400, absl::StrCat("p2p.preference must be \"enabled\" or "
                                    "\"disabled\", got \"",
                                    p2p.substr(0, 50), "\"")));
  }
  auth::MediaMode mode =
      p2p == "enabled" ? auth::MediaMode::kRelayed : auth::MediaMode::kRouted;
  std::string location = form["location"];
  int64_t now = NowSeconds();
  absl::StatusOr<std::string> session_id =
      auth::CreateSessionId(principal->id, mode, location, now);
  if (!session_id.ok()) return respond(StatusToHttp(session_id.status()));
  SessionRecord record{
      *session_id,
      principal->id,
      mode == auth::MediaMode::kRelayed ? "relayed" : "routed",
      form.count("archiveMode") ? form["archiveMode"] : "manual",
      location,
      now * 1000};
  absl::Status stored = state_.store().PutSession(record);
  if (!stored.ok()) {
    Log(LogLevel::kError, "session_store_failed",
        {{"session", *session_id}, {"error", std::string(stored.message())}});
    return respond(StatusToHttp(stored));
  }
  Log(LogLevel::kInfo, "session_created",
      {{"session", *session_id}, {"media_mode", record.media_mode}});
  json item = {{"session_id", *session_id},
               {"project_id", principal->id},
               {"partner_id", principal->id},
               {"create_dt", IsoTime(now)},
               {"media_server_url", ""}};
  respond(JsonResponse(200, json::array({item})));
}

// Not part of OpenTok: lets the demo page and tests get a token without a
// backend of their own. Off unless the configuration enables it.
void HttpRouter::MintDemoToken(const HttpRequest& request,
                               const HttpResponder& respond) {
  const ServerConfig& config = state_.config();
  if (!config.demo_token_endpoint || config.projects.empty()) {
    return respond(JsonError(404, "the demo token endpoint is disabled"));
  }
  absl::StatusOr<json> body = ParseJsonObject(request.body);
  if (!body.ok()) return respond(StatusToHttp(body.status()));
  const ProjectCredentials& project = config.projects.front();
  std::string session_id = body->value("sessionId", "");
  std::string role_name = body->value("role", "publisher");
  std::optional<Role> role = ParseRole(role_name);
  if (!role.has_value()) {
    return respond(
        JsonError(400, absl::StrCat("role \"", role_name.substr(0, 50),
                                    "\" is not publisher, "
                                    "publisheronly, subscriber or "
                                    "moderator")));
  }
  if (session_id.empty()) {
    auto created = auth::CreateSessionId(
        project.api_key, auth::MediaMode::kRelayed, "", NowSeconds());
    if (!created.ok()) return respond(StatusToHttp(created.status()));
    session_id = *created;
  }
  auth::TokenRequest token_request;
  token_request.session_id = session_id;
  token_request.role = *role;
  token_request.connection_data = body->value("data", "");
  token_request.now = NowSeconds();
  auto token =
      auth::MintProjectJwt(project.api_key, project.api_secret, token_request);
  if (!token.ok()) return respond(StatusToHttp(token.status()));
  Log(LogLevel::kInfo, "demo_token_minted",
      {{"session", session_id}, {"role", role_name}});
  respond(JsonResponse(200, {{"apiKey", project.api_key},
                             {"sessionId", session_id},
                             {"token", *token}}));
}

void HttpRouter::Signal(const HttpRequest& request,
                        const std::string& session_id,
                        std::optional<std::string> to,
                        const HttpResponder& respond) {
  absl::StatusOr<json> body = ParseJsonObject(request.body);
  if (!body.ok()) return respond(StatusToHttp(body.status()));
  const json& type = (*body)["type"];
  const json& data = (*body)["data"];
  if ((!type.is_null() && !type.is_string()) || !data.is_string()) {
    return respond(JsonError(400,
                             "signal body needs \"data\" as a string "
                             "and an optional string \"type\""));
  }
  std::shared_ptr<Room> room = state_.sessions().Find(session_id);
  if (room == nullptr) return respond(StatusToHttp(NoLiveSession(session_id)));
  room->SignalFromServer(
      std::move(to), type.is_string() ? type.get<std::string>() : "",
      data.get<std::string>(), [respond](absl::Status status) {
        respond(status.ok() ? NoContent() : StatusToHttp(status));
      });
}

void HttpRouter::ForceDisconnect(const std::string& session_id,
                                 const std::string& connection_id,
                                 const HttpResponder& respond) {
  std::shared_ptr<Room> room = state_.sessions().Find(session_id);
  if (room == nullptr) return respond(StatusToHttp(NoLiveSession(session_id)));
  room->ForceDisconnectFromServer(
      connection_id, [respond](absl::Status status) {
        respond(status.ok() ? NoContent() : StatusToHttp(status));
      });
}

// `{"active": true, "excludedStreamIds": [...]}` mutes all;
// `{"active": false}` disables force mute.
void HttpRouter::Mute(const HttpRequest& request, const std::string& session_id,
                      const HttpResponder& respond) {
  absl::StatusOr<json> body = ParseJsonObject(request.body);
  if (!body.ok()) return respond(StatusToHttp(body.status()));
  const json& active = (*body)["active"];
  const json& excluded = (*body)["excludedStreamIds"];
  if (!active.is_boolean()) {
    return respond(JsonError(400, "mute body needs \"active\": true or false"));
  }
  std::vector<std::string> excluded_ids;
  if (!excluded.is_null()) {
    if (!excluded.is_array()) {
      return respond(JsonError(400,
                               "excludedStreamIds must be an array of "
                               "stream ID strings"));
    }
    for (const json& id : excluded) {
      if (!id.is_string()) {
        return respond(JsonError(400,
                                 "excludedStreamIds must be an array of "
                                 "stream ID strings"));
      }
      excluded_ids.push_back(id.get<std::string>());
    }
  }
  std::shared_ptr<Room> room = state_.sessions().Find(session_id);
  if (room == nullptr) return respond(StatusToHttp(NoLiveSession(session_id)));
  auto done = [respond](absl::Status status) {
    respond(status.ok() ? JsonResponse(200, json::object())
                        : StatusToHttp(status));
  };
  if (active.get<bool>()) {
    room->ForceMuteAllFromServer(std::move(excluded_ids), done);
  } else {
    room->DisableForceMuteFromServer(done);
  }
}

void HttpRouter::MuteStream(const std::string& session_id,
                            const std::string& stream_id,
                            const HttpResponder& respond) {
  std::shared_ptr<Room> room = state_.sessions().Find(session_id);
  if (room == nullptr) return respond(StatusToHttp(NoLiveSession(session_id)));
  room->ForceMuteStreamFromServer(stream_id, [respond](absl::Status status) {
    respond(status.ok() ? JsonResponse(200, json::object())
                        : StatusToHttp(status));
  });
}

// With an empty `stream_id` lists every stream as {count, items}; else
// returns the one stream.
void HttpRouter::ListStreams(const std::string& session_id,
                             const std::string& stream_id, bool node_sdk,
                             const HttpResponder& respond) {
  auto to_json = [](const StreamSummary& stream) {
    json classes = json::array();
    for (absl::string_view name :
         absl::StrSplit(stream.layout_class_list, ' ', absl::SkipEmpty())) {
      classes.push_back(std::string(name));
    }
    return json{{"id", stream.stream_id},
                {"videoType", std::string(VideoTypeName(stream.video_type))},
                {"name", stream.name},
                {"layoutClassList", classes}};
  };
  std::shared_ptr<Room> room = state_.sessions().Find(session_id);
  if (room == nullptr && stream_id.empty()) {
    return respond(JsonResponse(200, {{"count", 0}, {"items", json::array()}}));
  }
  if (room == nullptr) return respond(StatusToHttp(NoLiveSession(session_id)));
  room->ListStreams([respond, stream_id, to_json,
                     node_sdk](std::vector<StreamSummary> streams) {
    if (stream_id.empty()) {
      json items = json::array();
      for (const StreamSummary& stream : streams) {
        items.push_back(to_json(stream));
      }
      return respond(
          JsonResponse(200, {{"count", items.size()}, {"items", items}}));
    }
    for (const StreamSummary& stream : streams) {
      if (stream.stream_id != stream_id) continue;
      HttpResponse response = JsonResponse(200, to_json(stream));
      // The Node SDK `opentok` 2.23 getStream() passes the body it has
      // already parsed as JSON to JSON.parse again and fails. Sent as
      // text/plain, the body reaches that JSON.parse as a string.
      if (node_sdk) response.content_type = "text/plain; charset=utf-8";
      return respond(std::move(response));
    }
    respond(JsonError(404, absl::StrCat("stream ", stream_id.substr(0, 100),
                                        " not found in this session")));
  });
}

void HttpRouter::GetIssue(const std::string& api_key,
                          const std::string& issue_id,
                          const HttpResponder& respond) {
  auto report = state_.store().GetIssueReport(issue_id);
  if (!report.ok()) return respond(StatusToHttp(report.status()));
  if (!report->has_value() || (*report)->api_key != api_key) {
    return respond(JsonError(
        404, absl::StrCat("issue ", issue_id.substr(0, 100), " not found")));
  }
  const IssueReport& issue = **report;
  respond(JsonResponse(200, {{"issueId", issue.issue_id},
                             {"sessionId", issue.session_id},
                             {"connectionId", issue.connection_id},
                             {"description", issue.description},
                             {"createdAt", issue.create_time_ms}}));
}

}  // namespace sessioncore::server
