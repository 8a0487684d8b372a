// JtiCache: the `jti` (JWT ID) of every REST JWT the server accepted, kept
// until that JWT expires, so that a captured JWT cannot be sent again.
//
// Thread-safe: every method takes one mutex.
#ifndef SESSIONCORE_SERVER_AUTH_JTI_CACHE_H_
#define SESSIONCORE_SERVER_AUTH_JTI_CACHE_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "server/auth/token.h"

namespace sessioncore::server::auth {

// Maximum number of JWT IDs kept. With the Node SDK's JWT lifetime of 300 s
// this allows about 330 REST calls per second. Each entry costs an
// estimated 100 bytes plus the ID.
inline constexpr std::size_t kMaxRememberedJtis = 100000;

class JtiCache {
 public:
  explicit JtiCache(std::size_t max_entries = kMaxRememberedJtis)
      : max_entries_(max_entries) {}

  // Records `jti` of `issuer` (API key or application ID) until
  // `expires_at`, after forgetting every entry that expired at `now`.
  // Fails with kAuthenticationError ("token replayed", naming the jti) when
  // the issuer's jti is already recorded. Fails with kRateLimitExceeded when
  // `max_entries` unexpired IDs are recorded. A failed call records nothing.
  absl::Status Remember(std::string_view issuer, std::string_view jti,
                        UnixSeconds expires_at, UnixSeconds now);

  // The number of IDs recorded, expired ones included until the next
  // Remember().
  std::size_t size() const;

 private:
  void PruneExpired(UnixSeconds now);

  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  // Key: issuer, '\n', jti. Value: expiry time.
  absl::flat_hash_map<std::string, UnixSeconds> expiry_by_key_;
  std::multimap<UnixSeconds, std::string> keys_by_expiry_;
};

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_JTI_CACHE_H_
