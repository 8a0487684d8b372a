#include "server/http_router.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/error.h"
#include "nlohmann/json.hpp"
#include "server/log.h"
#include "server/server_state.h"

namespace sessioncore::server {
namespace {

std::vector<std::string> SplitPath(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  std::vector<std::string> segments;
  for (absl::string_view segment :
       absl::StrSplit(path, '/', absl::SkipEmpty())) {
    segments.emplace_back(segment);
  }
  return segments;
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kAuthenticationError:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kInvalidSessionId:
    case ErrorCode::kInvalidParameter:
    case ErrorCode::kInvalidSignalType:
    case ErrorCode::kProtocolError:
      return 400;
    case ErrorCode::kSignalTooLong:
      return 413;
    case ErrorCode::kRateLimitExceeded:
      return 429;
    default:
      return 500;
  }
}

}  // namespace

HttpResponse JsonError(int status, std::string message) {
  nlohmann::json body = {{"code", status}, {"message", std::move(message)}};
  return HttpResponse{status, "application/json", body.dump(), {}};
}

HttpResponse StatusToHttp(const absl::Status& status) {
  return JsonError(HttpStatusFor(GetErrorCode(status)),
                   std::string(status.message()));
}

void HttpRouter::Handle(const HttpRequest& request, HttpResponder respond) {
  std::vector<std::string> segments = SplitPath(request.target);
  if (request.method == "POST" && segments.size() == 2 &&
      segments[0] == "session" && segments[1] == "create") {
    return CreateSession(request, respond);
  }
  if (request.method == "POST" && segments.size() == 3 && segments[0] == "v1" &&
      segments[1] == "demo" && segments[2] == "token") {
    return MintDemoToken(request, respond);
  }
  if (segments.size() >= 3 && segments[0] == "v2" && segments[1] == "project") {
    ProjectPath path{segments[2], std::vector<std::string>(segments.begin() + 3,
                                                           segments.end())};
    return HandleProject(request, path, respond);
  }
  if (request.method == "GET" || request.method == "HEAD") {
    return respond(ServeStatic(request));
  }
  respond(JsonError(404, absl::StrCat("no route for ", request.method, " ",
                                      SplitPath(request.target).empty()
                                          ? "/"
                                          : request.target.substr(0, 200))));
}

void HttpRouter::HandleProject(const HttpRequest& request,
                               const ProjectPath& path,
                               const HttpResponder& respond) {
  absl::StatusOr<auth::RestPrincipal> principal =
      Authenticate(request, path.api_key);
  if (!principal.ok()) return respond(StatusToHttp(principal.status()));
  const std::vector<std::string>& rest = path.rest;
  const std::string& method = request.method;
  if (rest.size() == 2 && rest[0] == "issue" && method == "GET") {
    return GetIssue(path.api_key, rest[1], respond);
  }
  if (rest.size() < 2 || rest[0] != "session") {
    return respond(JsonError(404, "no such project resource"));
  }
  const std::string& session_id = rest[1];
  absl::Status owner = auth::CheckSessionOwner(*principal, session_id);
  if (!owner.ok()) {
    Log(LogLevel::kWarn, "rest_rejected",
        {{"remote", request.remote_address},
         {"session", session_id.substr(0, 200)},
         {"error", std::string(owner.message())}});
    return respond(StatusToHttp(owner));
  }
  std::size_t n = rest.size();
  if (n == 3 && rest[2] == "signal" && method == "POST") {
    return Signal(request, session_id, std::nullopt, respond);
  }
  if (n == 5 && rest[2] == "connection" && rest[4] == "signal" &&
      method == "POST") {
    return Signal(request, session_id, rest[3], respond);
  }
  if (n == 4 && rest[2] == "connection" && method == "DELETE") {
    return ForceDisconnect(session_id, rest[3], respond);
  }
  if (n == 3 && rest[2] == "mute" && method == "POST") {
    return Mute(request, session_id, respond);
  }
  if (n == 5 && rest[2] == "stream" && rest[4] == "mute" && method == "POST") {
    return MuteStream(session_id, rest[3], respond);
  }
  if ((n == 3 || n == 4) && rest[2] == "stream" && method == "GET") {
    bool node_sdk =
        absl::StartsWith(request.Header("user-agent"), "OpenTok-Node-SDK/2.");
    return ListStreams(session_id, n == 4 ? rest[3] : "", node_sdk, respond);
  }
  respond(JsonError(404, absl::StrCat("no route for ", method, " ",
                                      request.target.substr(0, 200))));
}

absl::StatusOr<auth::RestPrincipal> HttpRouter::Authenticate(
    const HttpRequest& request, const std::string& api_key) const {
  auth::RestAuthHeaders headers;
  if (request.headers.count("x-opentok-auth")) {
    headers.x_opentok_auth = request.Header("x-opentok-auth");
  }
  if (request.headers.count("authorization")) {
    headers.authorization = request.Header("authorization");
  }
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  absl::StatusOr<auth::RestPrincipal> principal =
      state_.verifier().AuthenticateRest(headers, now);
  if (principal.ok() && !api_key.empty() && principal->id != api_key) {
    principal = MakeError(ErrorCode::kPermissionDenied,
                          "the credentials belong to another project than "
                          "the one in the path");
  }
  if (!principal.ok()) {
    Log(LogLevel::kWarn, "rest_rejected",
        {{"remote", request.remote_address},
         {"method", request.method},
         {"path", request.target.substr(0, 200)},
         {"error", std::string(principal.status().message())}});
  }
  return principal;
}

std::string ContentTypeFor(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (absl::EndsWith(path, extension)) return type;
  }
  return "application/octet-stream";
}

// Serves files below the static folder only: a path with a ".." segment,
// a backslash or a NUL byte is refused before it reaches the file system.
HttpResponse HttpRouter::ServeStatic(const HttpRequest& request) const {
  const std::string& root = state_.config().static_root;
  std::string path = request.target.substr(0, request.target.find('?'));
  if (root.empty()) return JsonError(404, "no static folder is configured");
  for (const std::string& segment : SplitPath(path)) {
    if (segment == ".." || segment.find('\\') != std::string::npos ||
        segment.find('\0') != std::string::npos) {
      return JsonError(400, "path must not leave the static folder");
    }
  }
  if (path.empty() || path.back() == '/') path += "index.html";
  std::ifstream file(root + path, std::ios::binary);
  if (!file)
    return JsonError(404, absl::StrCat(path.substr(0, 200), " not found"));
  std::ostringstream content;
  content << file.rdbuf();
  HttpResponse response{200, ContentTypeFor(path), content.str(), {}};
  response.headers.emplace_back("Cache-Control", "no-cache");
  if (request.method == "HEAD") response.body.clear();
  return response;
}

}  // namespace sessioncore::server
