#include "server/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/error.h"

namespace sessioncore::server {
namespace {

namespace ssl = boost::asio::ssl;

absl::Status TlsFileError(std::string_view key, const std::string& path,
                          std::string_view problem) {
  return MakeError(ErrorCode::kInvalidParameter,
                   absl::StrCat("tls.", key, " ", path, ": ", problem));
}

// Reads the whole file, so that a missing or unreadable file gets the
// system's reason instead of an OpenSSL error code.
absl::StatusOr<std::string> ReadPemFile(std::string_view key,
                                        const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return TlsFileError(key, path,
                        absl::StrCat("cannot open: ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

bool IsPemPrivateKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return false;
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ERR_clear_error();
  if (key == nullptr) return false;
  EVP_PKEY_free(key);
  return true;
}

absl::Status UseCertificate(ssl::context& context, const std::string& path) {
  absl::StatusOr<std::string> pem = ReadPemFile("certFile", path);
  if (!pem.ok()) return pem.status();
  boost::system::error_code ec;
  context.use_certificate_chain(boost::asio::buffer(*pem), ec);
  if (ec) {
    return TlsFileError(
        "certFile", path,
        absl::StrCat("no PEM certificate could be read (", ec.message(), ")"));
  }
  return absl::OkStatus();
}

absl::Status UsePrivateKey(ssl::context& context, const std::string& path,
                           const std::string& certificate_path) {
  absl::StatusOr<std::string> pem = ReadPemFile("keyFile", path);
  if (!pem.ok()) return pem.status();
  if (!IsPemPrivateKey(*pem)) {
    return TlsFileError("keyFile", path,
                        "no unencrypted PEM private key could be read");
  }
  boost::system::error_code ec;
  context.use_private_key(boost::asio::buffer(*pem), ssl::context::pem, ec);
  if (ec || SSL_CTX_check_private_key(context.native_handle()) != 1) {
    ERR_clear_error();
    return TlsFileError(
        "keyFile", path,
        absl::StrCat("the private key does not match the certificate in ",
                     certificate_path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ssl::context>> MakeTlsContext(
    const std::string& certificate_file, const std::string& private_key_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds |
                       ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  absl::Status status = UseCertificate(*context, certificate_file);
  if (!status.ok()) return status;
  status = UsePrivateKey(*context, private_key_file, certificate_file);
  if (!status.ok()) return status;
  return context;
}

}  // namespace sessioncore::server
