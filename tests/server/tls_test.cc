// Integration tests of https and wss: a self-signed certificate made at test
// time with the OpenSSL API, a real server on loopback that presents it,
// and Beast TLS clients that verify it.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "boost/asio/ssl.hpp"
#include "boost/beast/ssl.hpp"
#include "boost/beast/websocket/ssl.hpp"
#include "gtest/gtest.h"
#include "server/auth/jwt.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

namespace ssl = boost::asio::ssl;

// The name and address that the test certificate is issued for.
constexpr char kHostName[] = "localhost";

struct PemPair {
  std::string certificate;
  std::string private_key;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

EVP_PKEY* NewP256Key() {
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr);
  EVP_PKEY* key = nullptr;
  if (context != nullptr && EVP_PKEY_keygen_init(context) == 1 &&
      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) ==
          1) {
    EVP_PKEY_keygen(context, &key);
  }
  EVP_PKEY_CTX_free(context);
  return key;
}

bool AddExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension =
      X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return false;
  bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// Makes a self-signed certificate for localhost and 127.0.0.1, valid for a
// day, and its private key, both as PEM text.
PemPair MakeSelfSignedCertificate() {
  PemPair pem;
  EVP_PKEY* key = NewP256Key();
  X509* certificate = X509_new();
  if (key == nullptr || certificate == nullptr) {
    ADD_FAILURE() << "OpenSSL could not allocate a key or certificate";
    EVP_PKEY_free(key);
    X509_free(certificate);
    return pem;
  }
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -60);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 24 * 60 * 60);
  X509_set_pubkey(certificate, key);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(kHostName),
                             -1, -1, 0);
  X509_set_issuer_name(certificate, name);
  EXPECT_TRUE(AddExtension(certificate, NID_subject_alt_name,
                           "DNS:localhost,IP:127.0.0.1"));
  EXPECT_TRUE(
      AddExtension(certificate, NID_basic_constraints, "critical,CA:TRUE"));
  EXPECT_GT(X509_sign(certificate, key, EVP_sha256()), 0);

  BIO* certificate_bio = BIO_new(BIO_s_mem());
  BIO* key_bio = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_X509(certificate_bio, certificate), 1);
  EXPECT_EQ(PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr,
                                     nullptr),
            1);
  pem.certificate = BioText(certificate_bio);
  pem.private_key = BioText(key_bio);
  BIO_free(certificate_bio);
  BIO_free(key_bio);
  X509_free(certificate);
  EVP_PKEY_free(key);
  return pem;
}

// Writes `text` to a new file in the test's temporary folder; returns its
// path.
std::string WriteTempFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "sessioncore-tls-" +
                     std::to_string(::getpid()) + "-" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A certificate and key on disk, and a server config that uses them.
struct TlsFiles {
  PemPair pem = MakeSelfSignedCertificate();
  std::string certificate_file = WriteTempFile("cert.pem", pem.certificate);
  std::string private_key_file = WriteTempFile("key.pem", pem.private_key);

  ~TlsFiles() {
    std::remove(certificate_file.c_str());
    std::remove(private_key_file.c_str());
  }

  ServerConfig Config() const {
    ServerConfig config = TestConfig();
    config.tls_cert_file = certificate_file;
    config.tls_key_file = private_key_file;
    return config;
  }
};

// A client TLS context that trusts only `certificate_pem` and checks that
// the server's certificate names kHostName.
std::unique_ptr<ssl::context> ClientContext(
    const std::string& certificate_pem) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  context->add_certificate_authority(net::buffer(certificate_pem));
  context->set_verify_mode(ssl::verify_peer);
  context->set_verify_callback(ssl::host_name_verification(kHostName));
  return context;
}

using TlsSocket = beast::ssl_stream<beast::tcp_stream>;

// Connects TCP and runs the TLS handshake with SNI; returns the handshake
// error.
beast::error_code ConnectTls(TlsSocket& stream, uint16_t port) {
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_after(kReadLimit);
  beast::get_lowest_layer(stream).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return ec;
  SSL_set_tlsext_host_name(stream.native_handle(), kHostName);
  stream.handshake(ssl::stream_base::client, ec);
  return ec;
}

// A blocking wss client that speaks protocol v1 as raw JSON.
class WssClient {
 public:
  WssClient(uint16_t port, const std::string& trusted_certificate_pem)
      : context_(ClientContext(trusted_certificate_pem)), ws_(io_, *context_) {
    ec_ = ConnectTls(ws_.next_layer(), port);
    if (ec_) return;
    beast::get_lowest_layer(ws_).expires_never();
    ws_.handshake(std::string(kHostName) + ":" + std::to_string(port), "/v1/ws",
                  ec_);
  }

  // The error of the TLS or WebSocket handshake; empty on success.
  beast::error_code handshake_error() const { return ec_; }

  json Request(const std::string& type, json fields = json::object()) {
    fields["type"] = type;
    fields["v"] = 1;
    fields["id"] = ++last_id_;
    ws_.write(net::buffer(fields.dump()));
    for (;;) {
      std::optional<json> frame = Next();
      if (!frame) return json();
      if ((*frame)["type"] == "response" && (*frame)["id"] == last_id_) {
        return *frame;
      }
    }
  }

  // Returns the next push of `type`, dropping other frames.
  std::optional<json> NextPush(const std::string& type) {
    for (;;) {
      std::optional<json> frame = Next();
      if (!frame) return std::nullopt;
      if ((*frame)["type"] == type) return frame;
    }
  }

 private:
  std::optional<json> Next() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    bool done = false;
    ws_.async_read(buffer, [&](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    io_.restart();
    io_.run_for(kReadLimit);
    if (!done) {
      ADD_FAILURE() << "no frame within " << kReadLimit.count() << " s";
      beast::get_lowest_layer(ws_).close();
      io_.restart();
      io_.run();
      return std::nullopt;
    }
    if (ec) {
      ADD_FAILURE() << "read failed: " << ec.message();
      return std::nullopt;
    }
    return json::parse(beast::buffers_to_string(buffer.data()));
  }

  net::io_context io_;
  std::unique_ptr<ssl::context> context_;
  websocket::stream<TlsSocket> ws_;
  beast::error_code ec_;
  int64_t last_id_ = 0;
};

json ConnectFields(const TestServer& server, const std::string& session_id) {
  return {{"sessionId", session_id},
          {"token", server.Token(session_id)},
          {"connectionEventsSuppressed", false},
          {"client", {{"sdk", "sessioncore-js"}, {"version", "test"}}}};
}

TEST(ServerTls, WssClientsJoinAndSignal) {
  TlsFiles files;
  TestServer server(files.Config());
  std::string session_id = server.NewSessionId();
  WssClient alice(server.port(), files.pem.certificate);
  WssClient bob(server.port(), files.pem.certificate);
  ASSERT_FALSE(alice.handshake_error()) << alice.handshake_error().message();
  ASSERT_FALSE(bob.handshake_error()) << bob.handshake_error().message();

  json alice_joined =
      alice.Request("connect", ConnectFields(server, session_id));
  ASSERT_TRUE(alice_joined.contains("result")) << alice_joined.dump();
  json bob_joined = bob.Request("connect", ConnectFields(server, session_id));
  ASSERT_TRUE(bob_joined.contains("result")) << bob_joined.dump();
  std::string bob_id = bob_joined["result"]["connection"]["connectionId"];

  json sent = alice.Request(
      "signal", {{"signalType", "chat"}, {"data", "over tls"}, {"to", bob_id}});
  ASSERT_TRUE(sent.contains("result")) << sent.dump();
  std::optional<json> received = bob.NextPush("signal");
  ASSERT_TRUE(received.has_value());
  EXPECT_EQ((*received)["signalType"], "chat");
  EXPECT_EQ((*received)["data"], "over tls");
  EXPECT_EQ((*received)["from"],
            alice_joined["result"]["connection"]["connectionId"]);
}

TEST(ServerTls, RestCallOverHttps) {
  TlsFiles files;
  TestServer server(files.Config());
  net::io_context io;
  std::unique_ptr<ssl::context> context = ClientContext(files.pem.certificate);
  TlsSocket stream(io, *context);
  beast::error_code ec = ConnectTls(stream, server.port());
  ASSERT_FALSE(ec) << ec.message();

  int64_t now = NowSeconds();
  std::string jwt = auth::SignHs256({{"iss", std::string(kDemoApiKey)},
                                     {"ist", "project"},
                                     {"iat", now},
                                     {"exp", now + 300},
                                     {"jti", "tls-rest-call"}},
                                    std::string(kDemoApiSecret));
  http::request<http::string_body> request{http::verb::post, "/session/create",
                                           11};
  request.set(http::field::host, kHostName);
  request.set("X-OPENTOK-AUTH", jwt);
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body() = "p2p.preference=enabled";
  request.prepare_payload();
  http::write(stream, request, ec);
  ASSERT_FALSE(ec) << ec.message();
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response, ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_EQ(response.result_int(), 200) << response.body();
  json body = json::parse(response.body());
  ASSERT_TRUE(body.is_array());
  EXPECT_TRUE(
      auth::DecodeSessionId(body[0]["session_id"].get<std::string>()).ok());
}

TEST(ServerTls, ClientRejectsUntrustedCertificate) {
  TlsFiles files;
  TestServer server(files.Config());
  PemPair other = MakeSelfSignedCertificate();
  WssClient client(server.port(), other.certificate);
  EXPECT_TRUE(client.handshake_error());
}

TEST(ServerTls, PlainWebSocketGetsNoUpgrade) {
  TlsFiles files;
  TestServer server(files.Config());
  WsClient plain(server.port());
  EXPECT_TRUE(plain.handshake_error());
}

// Returns the error of starting a server with these TLS files.
absl::Status StartError(const std::string& certificate_file,
                        const std::string& private_key_file) {
  ServerConfig config = TestConfig();
  config.tls_cert_file = certificate_file;
  config.tls_key_file = private_key_file;
  Server server(std::move(config));
  absl::StatusOr<uint16_t> port = server.Start();
  return port.status();
}

TEST(ServerTls, MissingCertificateFileNamed) {
  TlsFiles files;
  std::string missing = files.certificate_file + ".missing";
  absl::Status status = StartError(missing, files.private_key_file);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(missing), std::string::npos) << status;
  EXPECT_NE(status.message().find("tls.certFile"), std::string::npos) << status;
}

TEST(ServerTls, MissingKeyFileNamed) {
  TlsFiles files;
  std::string missing = files.private_key_file + ".missing";
  absl::Status status = StartError(files.certificate_file, missing);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(missing), std::string::npos) << status;
  EXPECT_NE(status.message().find("tls.keyFile"), std::string::npos) << status;
}

TEST(ServerTls, CertificateFileWithoutPemNamed) {
  TlsFiles files;
  std::string garbage = WriteTempFile("garbage.pem", "not a certificate\n");
  absl::Status status = StartError(garbage, files.private_key_file);
  std::remove(garbage.c_str());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(garbage), std::string::npos) << status;
}

TEST(ServerTls, KeyOfAnotherCertificateNamed) {
  TlsFiles files;
  PemPair other = MakeSelfSignedCertificate();
  std::string other_key = WriteTempFile("other-key.pem", other.private_key);
  absl::Status status = StartError(files.certificate_file, other_key);
  std::remove(other_key.c_str());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(other_key), std::string::npos) << status;
  EXPECT_NE(status.message().find("does not match"), std::string::npos)
      << status;
}

}  // namespace
}  // namespace sessioncore::server::testing
