#include "server/ids.h"

#include <cstdlib>

#include "server/auth/crypto.h"
#include "server/log.h"

namespace sessioncore::server {
namespace {

// OpenSSL's generator fails only when it cannot seed itself; continuing
// with predictable IDs would let clients guess resume keys.
std::string RandomOrDie(size_t count) {
  absl::StatusOr<std::string> bytes = auth::RandomBytes(count);
  if (!bytes.ok()) {
    Log(LogLevel::kError, "random_bytes_failed",
        {{"error", std::string(bytes.status().message())}});
    std::abort();
  }
  return *std::move(bytes);
}

}  // namespace

std::string NewUuid() {
  std::string bytes = RandomOrDie(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
  std::string hex = auth::HexEncode(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string NewSecret() { return auth::HexEncode(RandomOrDie(32)); }

}  // namespace sessioncore::server
