#include "server/auth/jti_cache.h"

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::server::auth {

absl::Status JtiCache::Remember(std::string_view issuer, std::string_view jti,
                                UnixSeconds expires_at, UnixSeconds now) {
  std::string key = absl::StrCat(issuer, "\n", jti);
  std::lock_guard<std::mutex> lock(mutex_);
  PruneExpired(now);
  if (expiry_by_key_.contains(key)) {
    return MakeError(
        ErrorCode::kAuthenticationError,
        absl::StrCat("token replayed: jti \"", jti.substr(0, 100),
                     "\" was already used; sign a new JWT with a fresh jti "
                     "for each request"));
  }
  if (expiry_by_key_.size() >= max_entries_) {
    return MakeError(
        ErrorCode::kRateLimitExceeded,
        absl::StrCat("the server remembers ", expiry_by_key_.size(),
                     " unexpired REST JWT IDs, its maximum; retry when "
                     "some expire, or give REST JWTs a shorter exp"));
  }
  expiry_by_key_.emplace(key, expires_at);
  keys_by_expiry_.emplace(expires_at, std::move(key));
  return absl::OkStatus();
}

std::size_t JtiCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return expiry_by_key_.size();
}

// A JWT is valid while now < exp, so an entry whose expiry is at or before
// `now` can no longer be replayed.
void JtiCache::PruneExpired(UnixSeconds now) {
  auto end = keys_by_expiry_.upper_bound(now);
  for (auto it = keys_by_expiry_.begin(); it != end; ++it) {
    expiry_by_key_.erase(it->second);
  }
  keys_by_expiry_.erase(keys_by_expiry_.begin(), end);
}

}  // namespace sessioncore::server::auth
