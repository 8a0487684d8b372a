// Shared fixtures for the auth tests: two projects, two RSA key pairs
// generated at run time (no private key is committed), and helpers that
// sign arbitrary JWT headers and claims, so tests can build tokens that the
// minters would never produce. Header-only because every *_test.cc file
// under tests/server joins one binary.
#ifndef SESSIONCORE_TESTS_SERVER_AUTH_AUTH_TEST_SUPPORT_H_
#define SESSIONCORE_TESTS_SERVER_AUTH_AUTH_TEST_SUPPORT_H_

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "nlohmann/json.hpp"
#include "server/auth/crypto.h"
#include "server/auth/session_id.h"
#include "server/auth/token.h"

namespace sessioncore::server::auth::testing {

inline constexpr char kApiKey[] = "46123456";
inline constexpr char kApiSecret[] = "0123456789abcdef0123456789abcdef01234567";
inline constexpr char kOtherApiKey[] = "47000001";
inline constexpr char kOtherApiSecret[] =
    "fedcba9876543210fedcba9876543210fedcba98";
inline constexpr char kApplicationId[] = "5f2b8c1a-9d3e-4f60-8a7b-1c2d3e4f5a6b";
inline constexpr UnixSeconds kNow = 1796399253;  // 2026-12-04T15:47:33Z.

template <typename T>
T ValueOrDie(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) {
    std::cerr << what << " failed: " << value.status() << "\n";
    std::abort();
  }
  return *std::move(value);
}

// Returns the application's key pair, generated once per test binary.
inline const RsaKey& ApplicationKey() {
  static const std::shared_ptr<const RsaKey> key =
      ValueOrDie(RsaKey::Generate(), "RSA key generation");
  return *key;
}

// Returns a second key pair that no application is configured with.
inline const RsaKey& StrangerKey() {
  static const std::shared_ptr<const RsaKey> key =
      ValueOrDie(RsaKey::Generate(), "RSA key generation");
  return *key;
}

// Returns "<base64url header>.<base64url claims>" for any header.
inline std::string UnsignedJwt(const nlohmann::json& header,
                               const nlohmann::json& claims) {
  return Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
}

// Signs `claims` with HMAC-SHA256 under `secret`, with the header's `alg`
// set to `alg` whatever the real algorithm.
inline std::string HmacJwt(const nlohmann::json& claims,
                           const std::string& secret,
                           const std::string& alg = "HS256") {
  std::string input = UnsignedJwt({{"alg", alg}, {"typ", "JWT"}}, claims);
  return input + "." + Base64UrlEncode(HmacSha256(secret, input));
}

// Signs `claims` with RS256 under `key`.
inline std::string RsaJwt(const nlohmann::json& claims, const RsaKey& key) {
  std::string input = UnsignedJwt({{"alg", "RS256"}, {"typ", "JWT"}}, claims);
  return input + "." +
         Base64UrlEncode(ValueOrDie(key.SignSha256(input), "RSA signing"));
}

// Returns project JWT claims as the Node SDK `opentok` 2.23 writes them.
inline nlohmann::json ProjectClaims(const std::string& session_id) {
  return {{"iss", kApiKey},
          {"ist", "project"},
          {"iat", kNow},
          {"exp", kNow + 86400},
          {"session_id", session_id},
          {"create_time", kNow},
          {"expire_time", kNow + 86400},
          {"nonce", 0.5377471125913438},
          {"role", "publisher"},
          {"initial_layout_class_list", ""},
          {"scope", "session.connect"}};
}

// Returns application JWT claims as the Node SDK writes them when it holds
// an application ID and private key.
inline nlohmann::json ApplicationClaims(const std::string& session_id) {
  return {{"scope", "session.connect"},
          {"session_id", session_id},
          {"role", "publisher"},
          {"initial_layout_class_list", ""},
          {"exp", kNow + 86400},
          {"sub", "video"},
          {"acl", {{"paths", {{"/session/**", nlohmann::json::object()}}}}},
          {"jti", "4cbb1e0f-7f8e-4a55-a0b2-5a8e1c2d3f40"},
          {"iat", kNow},
          {"application_id", kApplicationId}};
}

// Creates a relayed session ID for `api_key` with creation time kNow.
inline std::string NewSessionId(const std::string& api_key = kApiKey) {
  return ValueOrDie(CreateSessionId(api_key, MediaMode::kRelayed, "", kNow),
                    "CreateSessionId");
}

}  // namespace sessioncore::server::auth::testing

#endif  // SESSIONCORE_TESTS_SERVER_AUTH_AUTH_TEST_SUPPORT_H_
