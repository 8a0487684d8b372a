// Plain HTTP request and response types for the REST API and the static
// file handler, so that those handlers compile without Beast. HttpSession
// converts between these and Beast's messages.
#ifndef SESSIONCORE_SERVER_HTTP_TYPES_H_
#define SESSIONCORE_SERVER_HTTP_TYPES_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sessioncore::server {

struct HttpRequest {
  std::string method;  // Upper case, such as "POST".
  std::string target;  // Path and query, such as "/v2/project/1/session/x".
  // Header names in lower case. Only the headers the handlers read are
  // copied: content-type, x-opentok-auth, authorization, origin, user-agent.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote_address;  // For logs.

  // Returns the header value, or an empty string when absent.
  std::string Header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // Empty for responses without a body.
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Delivers the response to a request. May be called from any thread, once.
using HttpResponder = std::function<void(HttpResponse)>;

// Returns a JSON response `{"code": status, "message": message}`.
HttpResponse JsonError(int status, std::string message);

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_HTTP_TYPES_H_
