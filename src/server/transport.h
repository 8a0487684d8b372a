// The two byte streams that carry HTTP and WebSocket: plain TCP, and TLS
// over TCP when the server has a certificate.
#ifndef SESSIONCORE_SERVER_TRANSPORT_H_
#define SESSIONCORE_SERVER_TRANSPORT_H_

#include <type_traits>

#include "boost/beast/core/tcp_stream.hpp"
#include "boost/beast/ssl/ssl_stream.hpp"

namespace sessioncore::server {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <typename Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_TRANSPORT_H_
