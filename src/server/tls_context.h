// TLS server context: the certificate chain and private key that the
// server presents for https and wss.
#ifndef SESSIONCORE_SERVER_TLS_CONTEXT_H_
#define SESSIONCORE_SERVER_TLS_CONTEXT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "boost/asio/ssl/context.hpp"

namespace sessioncore::server {

// Creates a TLS 1.2+ server context from the PEM certificate chain at
// `certificate_file` (the server's certificate first) and the PEM private
// key at `private_key_file`. Fails with kInvalidParameter naming the file
// when it cannot be read, holds no certificate or key, or when the key does
// not belong to the certificate.
absl::StatusOr<std::unique_ptr<boost::asio::ssl::context>> MakeTlsContext(
    const std::string& certificate_file, const std::string& private_key_file);

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_TLS_CONTEXT_H_
