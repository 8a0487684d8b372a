// The server's half of the WebSocket opening handshake (RFC 6455 section
// 4.2): checking the client's key and version, and the 101 response.
// Beast parses the HTTP request; these functions only read its fields.
#ifndef SESSIONCORE_SERVER_WS_HANDSHAKE_H_
#define SESSIONCORE_SERVER_WS_HANDSHAKE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace sessioncore::server {

// The only protocol version this server speaks.
inline constexpr std::string_view kWsVersion = "13";

// Checks the Sec-WebSocket-Version and Sec-WebSocket-Key header values of
// an upgrade request. Fails with kInvalidParameter naming the header and
// the value when the version is not 13 or the key is not the base64 form
// of 16 bytes.
absl::Status CheckWsUpgradeHeaders(std::string_view version,
                                   std::string_view key);

// Returns the Sec-WebSocket-Accept value for `key`: the base64 SHA-1 of
// the key followed by the GUID that RFC 6455 fixes.
std::string WsAcceptValue(std::string_view key);

// Returns the whole 101 Switching Protocols response for `key`. No
// extension and no subprotocol are accepted.
std::string WsUpgradeResponse(std::string_view key);

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_WS_HANDSHAKE_H_
