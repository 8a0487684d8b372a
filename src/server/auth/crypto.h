// Small wrappers over OpenSSL 3 for token handling: base64 and base64url
// codecs, hex encoding, HMAC-SHA1 and HMAC-SHA256, RSA-SHA256 (PKCS #1 v1.5)
// signatures, constant-time comparison and random bytes.
//
// Every function is thread-safe. Decoders reject malformed input with
// kInvalidParameter and a message that names the rule it broke. The message
// never quotes the input, because the input is often a token, so callers add
// their own context and error code.
#ifndef SESSIONCORE_SERVER_AUTH_CRYPTO_H_
#define SESSIONCORE_SERVER_AUTH_CRYPTO_H_

#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sessioncore::server::auth {

// Encodes `bytes` as standard base64 (RFC 4648 section 4) with '=' padding.
std::string Base64Encode(std::string_view bytes);

// Decodes standard base64. Padding is required when the length is not a
// multiple of 4; whitespace and characters outside the alphabet are errors.
absl::StatusOr<std::string> Base64Decode(std::string_view text);

// Encodes `bytes` as base64url (RFC 4648 section 5) without padding, the
// form JWTs use.
std::string Base64UrlEncode(std::string_view bytes);

// Decodes unpadded base64url. '=' and characters outside the base64url
// alphabet are errors, as is a length of 1 modulo 4.
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);

// Encodes `bytes` as lowercase hexadecimal.
std::string HexEncode(std::string_view bytes);

// Returns the raw 20-byte HMAC-SHA1 of `data` keyed with `key`, or an empty
// string if OpenSSL fails.
std::string HmacSha1(std::string_view key, std::string_view data);

// Returns the raw 32-byte HMAC-SHA256 of `data` keyed with `key`, or an
// empty string if OpenSSL fails.
std::string HmacSha256(std::string_view key, std::string_view data);

// Compares two byte strings in time that depends only on their lengths
// (CRYPTO_memcmp), so a signature check leaks no prefix match.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Returns `count` bytes from OpenSSL's CSPRNG (RAND_bytes).
absl::StatusOr<std::string> RandomBytes(size_t count);

// An RSA key loaded from PEM. Immutable once loaded, so one key may verify
// or sign from several threads at once.
class RsaKey {
 public:
  ~RsaKey();
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  // Loads a public key from a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) or
  // "RSA PUBLIC KEY" (PKCS #1) block. Fails with kInvalidParameter when the
  // text is not such a block or the key is not RSA or is shorter than 2048
  // bits.
  static absl::StatusOr<std::shared_ptr<const RsaKey>> FromPublicPem(
      std::string_view pem);

  // Loads a private key from a PEM "PRIVATE KEY" (PKCS #8) or
  // "RSA PRIVATE KEY" block, with the same rules as FromPublicPem().
  static absl::StatusOr<std::shared_ptr<const RsaKey>> FromPrivatePem(
      std::string_view pem);

  // Generates a fresh 2048-bit key pair. Meant for tests and demos.
  static absl::StatusOr<std::shared_ptr<const RsaKey>> Generate();

  // Returns the public half as a PEM "PUBLIC KEY" block.
  std::string PublicPem() const;

  // Returns the private half as a PEM "PRIVATE KEY" (PKCS #8) block, or an
  // empty string when this key holds only a public half.
  std::string PrivatePem() const;

  // Returns true when `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256
  // signature of `data` under this key.
  bool VerifySha256(std::string_view data, std::string_view signature) const;

  // Signs `data` with RSASSA-PKCS1-v1_5 SHA-256. Fails with kInvalidParameter
  // when the key holds only a public half.
  absl::StatusOr<std::string> SignSha256(std::string_view data) const;

 private:
  struct Impl;
  // Takes ownership of `key` and checks that it is RSA of at least 2048 bits.
  static absl::StatusOr<std::shared_ptr<const RsaKey>> Wrap(EVP_PKEY* key,
                                                            bool has_private);
  explicit RsaKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::server::auth

#endif  // SESSIONCORE_SERVER_AUTH_CRYPTO_H_
