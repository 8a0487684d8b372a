#include "server/auth/crypto.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <array>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::server::auth {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int kMinRsaBits = 2048;

// Maps each byte to its 6-bit value in `alphabet`, or -1.
std::array<int, 256> MakeDecodeTable(std::string_view alphabet) {
  std::array<int, 256> table;
  table.fill(-1);
  for (size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<uint8_t>(alphabet[i])] = static_cast<int>(i);
  }
  return table;
}

std::string EncodeWithAlphabet(std::string_view bytes,
                               std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) |
                 uint8_t(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  uint32_t n = uint8_t(bytes[i]) << 16;
  if (rest == 2) n |= uint8_t(bytes[i + 1]) << 8;
  out += alphabet[(n >> 18) & 63];
  out += alphabet[(n >> 12) & 63];
  if (rest == 2) out += alphabet[(n >> 6) & 63];
  if (pad) out.append(rest == 1 ? "==" : "=");
  return out;
}

// Decodes unpadded text whose length is not 1 modulo 4. Unused low bits of
// the last character must be zero, so each byte string has one encoding.
absl::StatusOr<std::string> DecodeUnpadded(std::string_view text,
                                           const std::array<int, 256>& table,
                                           const char* alphabet_name) {
  if (text.size() % 4 == 1) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("invalid ", alphabet_name, ": a length of ",
                                  text.size(), " is 1 modulo 4"));
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    int value = table[static_cast<uint8_t>(text[i])];
    if (value < 0) {
      return MakeError(
          ErrorCode::kInvalidParameter,
          absl::StrCat("invalid ", alphabet_name, ": character at offset ", i,
                       " is outside the alphabet"));
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("invalid ", alphabet_name,
                                  ": nonzero padding bits at the end"));
  }
  return out;
}

std::string Hmac(const EVP_MD* md, std::string_view key,
                 std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           out, &length) == nullptr) {
    return "";
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// Decodes one PEM key of any type and either structure (PKCS #1, PKCS #8 or
// SubjectPublicKeyInfo). `selection` is EVP_PKEY_PUBLIC_KEY or
// EVP_PKEY_KEYPAIR. Returns nullptr on failure.
EVP_PKEY* DecodePem(std::string_view pem, int selection) {
  EVP_PKEY* key = nullptr;
  OSSL_DECODER_CTX* ctx = OSSL_DECODER_CTX_new_for_pkey(
      &key, "PEM", nullptr, nullptr, selection, nullptr, nullptr);
  if (ctx == nullptr) return nullptr;
  const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  size_t length = pem.size();
  if (OSSL_DECODER_from_data(ctx, &data, &length) != 1) {
    EVP_PKEY_free(key);
    key = nullptr;
  }
  OSSL_DECODER_CTX_free(ctx);
  return key;
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

absl::Status CheckRsaKey(EVP_PKEY* key) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "invalid key: the PEM key is not an RSA key");
  }
  int bits = EVP_PKEY_get_bits(key);
  if (bits < kMinRsaBits) {
    return MakeError(
        ErrorCode::kInvalidParameter,
        absl::StrCat("invalid key: the RSA key has ", bits, " bits; at least ",
                     kMinRsaBits, " are required"));
  }
  return absl::OkStatus();
}

}  // namespace

struct RsaKey::Impl {
  EVP_PKEY* key = nullptr;
  bool has_private = false;
  ~Impl() { EVP_PKEY_free(key); }
};

std::string Base64Encode(std::string_view bytes) {
  return EncodeWithAlphabet(bytes, kBase64Alphabet, /*pad=*/true);
}

absl::StatusOr<std::string> Base64Decode(std::string_view text) {
  static const std::array<int, 256> table = MakeDecodeTable(kBase64Alphabet);
  size_t padding = 0;
  while (padding < 2 && padding < text.size() &&
         text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  if (text.size() % 4 != 0) {
    return MakeError(ErrorCode::kInvalidParameter,
                     absl::StrCat("invalid base64: a length of ", text.size(),
                                  " is not a multiple of 4"));
  }
  return DecodeUnpadded(text.substr(0, text.size() - padding), table, "base64");
}

std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeWithAlphabet(bytes, kBase64UrlAlphabet, /*pad=*/false);
}

absl::StatusOr<std::string> Base64UrlDecode(std::string_view text) {
  static const std::array<int, 256> table = MakeDecodeTable(kBase64UrlAlphabet);
  return DecodeUnpadded(text, table, "base64url");
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out += kDigits[(uint8_t(c) >> 4) & 0xf];
    out += kDigits[uint8_t(c) & 0xf];
  }
  return out;
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha1(), key, data);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha256(), key, data);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

absl::StatusOr<std::string> RandomBytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(count)) != 1) {
    return MakeError(ErrorCode::kInternalError,
                     "RAND_bytes failed to produce random bytes");
  }
  return out;
}

RsaKey::RsaKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RsaKey::~RsaKey() = default;

absl::StatusOr<std::shared_ptr<const RsaKey>> RsaKey::FromPublicPem(
    std::string_view pem) {
  EVP_PKEY* key = DecodePem(pem, EVP_PKEY_PUBLIC_KEY);
  if (key == nullptr) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "invalid key: expected a PEM \"PUBLIC KEY\" or "
                     "\"RSA PUBLIC KEY\" block");
  }
  return Wrap(key, /*has_private=*/false);
}

absl::StatusOr<std::shared_ptr<const RsaKey>> RsaKey::FromPrivatePem(
    std::string_view pem) {
  EVP_PKEY* key = DecodePem(pem, EVP_PKEY_KEYPAIR);
  if (key == nullptr) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "invalid key: expected an unencrypted PEM "
                     "\"PRIVATE KEY\" or \"RSA PRIVATE KEY\" block");
  }
  return Wrap(key, /*has_private=*/true);
}

absl::StatusOr<std::shared_ptr<const RsaKey>> RsaKey::Wrap(EVP_PKEY* key,
                                                           bool has_private) {
  auto impl = std::make_unique<Impl>();
  impl->key = key;
  impl->has_private = has_private;
  absl::Status status = CheckRsaKey(key);
  if (!status.ok()) return status;
  return std::shared_ptr<const RsaKey>(new RsaKey(std::move(impl)));
}

absl::StatusOr<std::shared_ptr<const RsaKey>> RsaKey::Generate() {
  EVP_PKEY* key = EVP_RSA_gen(kMinRsaBits);
  if (key == nullptr) {
    return MakeError(ErrorCode::kInternalError, "EVP_RSA_gen failed");
  }
  return Wrap(key, /*has_private=*/true);
}

std::string RsaKey::PublicPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), impl_->key);
  return BioToString(bio.get());
}

std::string RsaKey::PrivatePem() const {
  if (!impl_->has_private) return "";
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PKCS8PrivateKey(bio.get(), impl_->key, nullptr, nullptr, 0,
                                nullptr, nullptr);
  return BioToString(bio.get());
}

bool RsaKey::VerifySha256(std::string_view data,
                          std::string_view signature) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pkey_ctx = nullptr;
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), &pkey_ctx, EVP_sha256(), nullptr,
                           impl_->key) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) != 1) {
    return false;
  }
  return EVP_DigestVerify(
             ctx.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(data.data()),
             data.size()) == 1;
}

absl::StatusOr<std::string> RsaKey::SignSha256(std::string_view data) const {
  if (!impl_->has_private) {
    return MakeError(ErrorCode::kInvalidParameter,
                     "cannot sign: the RSA key holds only a public half");
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pkey_ctx = nullptr;
  size_t length = 0;
  const auto* input = reinterpret_cast<const unsigned char*>(data.data());
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), &pkey_ctx, EVP_sha256(), nullptr,
                         impl_->key) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, input, data.size()) != 1) {
    return MakeError(ErrorCode::kInternalError, "RSA signing setup failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(),
                     reinterpret_cast<unsigned char*>(signature.data()),
                     &length, input, data.size()) != 1) {
    return MakeError(ErrorCode::kInternalError, "RSA signing failed");
  }
  signature.resize(length);
  return signature;
}

}  // namespace sessioncore::server::auth
