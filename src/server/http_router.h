// HttpRouter: answers every HTTP request that is not a WebSocket upgrade.
//
// Routes (paths as the Node SDK `opentok` 2.23 calls them; see
// docs/server.md for bodies and responses):
//   POST   /session/create                               create a session
//   POST   /v2/project/{key}/session/{sid}/signal        signal everyone
//   POST   /v2/project/{key}/session/{sid}/connection/{cid}/signal
//   DELETE /v2/project/{key}/session/{sid}/connection/{cid}  force disconnect
//   POST   /v2/project/{key}/session/{sid}/mute          mute all / disable
//   POST   /v2/project/{key}/session/{sid}/stream/{id}/mute
//   GET    /v2/project/{key}/session/{sid}/stream        list streams
//   GET    /v2/project/{key}/session/{sid}/stream/{id}   get one stream
//   GET    /v2/project/{key}/issue/{issueId}             an issue report
//   POST   /v1/demo/token       mint a token (only when enabled in config)
//   GET    anything else        a file of the static folder, when configured
// REST calls need an X-OPENTOK-AUTH project JWT or an `Authorization:
// Bearer` application JWT for the project in the path.
#ifndef SESSIONCORE_SERVER_HTTP_ROUTER_H_
#define SESSIONCORE_SERVER_HTTP_ROUTER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/auth/verifier.h"
#include "server/http_types.h"

namespace sessioncore::server {

class ServerState;

class HttpRouter {
 public:
  explicit HttpRouter(ServerState& state) : state_(state) {}

  // Answers `request` through `respond`, now or later from another thread.
  void Handle(const HttpRequest& request, HttpResponder respond);

 private:
  // The parts of a /v2/project/... path.
  struct ProjectPath {
    std::string api_key;
    std::vector<std::string> rest;  // Segments after the API key.
  };

  void HandleProject(const HttpRequest& request, const ProjectPath& path,
                     const HttpResponder& respond);
  void CreateSession(const HttpRequest& request, const HttpResponder& respond);
  void MintDemoToken(const HttpRequest& request, const HttpResponder& respond);
  void Signal(const HttpRequest& request, const std::string& session_id,
              std::optional<std::string> to, const HttpResponder& respond);
  void ForceDisconnect(const std::string& session_id,
                       const std::string& connection_id,
                       const HttpResponder& respond);
  void Mute(const HttpRequest& request, const std::string& session_id,
            const HttpResponder& respond);
  void MuteStream(const std::string& session_id, const std::string& stream_id,
                  const HttpResponder& respond);
  // Lists every stream, or returns one when `stream_id` is not empty.
  // `node_sdk` is true for requests from the Node SDK `opentok` 2.x.
  void ListStreams(const std::string& session_id, const std::string& stream_id,
                   bool node_sdk, const HttpResponder& respond);
  void GetIssue(const std::string& api_key, const std::string& issue_id,
                const HttpResponder& respond);
  HttpResponse ServeStatic(const HttpRequest& request) const;

  // Authenticates the REST request and checks that the principal owns the
  // project `api_key` (when not empty). Logs and returns the error.
  absl::StatusOr<auth::RestPrincipal> Authenticate(
      const HttpRequest& request, const std::string& api_key) const;

  ServerState& state_;
};

// Maps an error of core/error.h to an HTTP response with its status code
// (401, 403, 404, 400, 413, 429 or 500) and a JSON body.
HttpResponse StatusToHttp(const absl::Status& status);

// Returns the MIME type for a file name, by extension ("application/wasm"
// for ".wasm"); "application/octet-stream" when unknown.
std::string ContentTypeFor(const std::string& path);

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_HTTP_ROUTER_H_
