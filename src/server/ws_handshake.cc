#include "server/ws_handshake.h"

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "server/auth/crypto.h"

namespace sessioncore::server {
namespace {

// RFC 6455 section 1.3 appends this GUID to the key before hashing.
constexpr std::string_view kWsKeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string Sha1(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha1(),
                 nullptr) != 1) {
    return "";
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

}  // namespace

absl::Status CheckWsUpgradeHeaders(std::string_view version,
                                   std::string_view key) {
  if (version != kWsVersion) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("Sec-WebSocket-Version \"", version,
                                  "\" is not supported; use 13"));
  }
  absl::StatusOr<std::string> decoded = auth::Base64Decode(key);
  if (!decoded.ok() || decoded->size() != 16) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("Sec-WebSocket-Key \"", key,
                                  "\" is not the base64 form of 16 bytes"));
  }
  return absl::OkStatus();
}

std::string WsAcceptValue(std::string_view key) {
  return auth::Base64Encode(Sha1(absl::StrCat(key, kWsKeyGuid)));
}

std::string WsUpgradeResponse(std::string_view key) {
  return absl::StrCat(
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Server: sessioncore\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ",
      WsAcceptValue(key), "\r\n\r\n");
}

}  // namespace sessioncore::server
