#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fstream>

namespace gaflight::http {

namespace {
// Mozilla's "intermediate" TLS 1.2 suites (ECDHE + AEAD); TLS 1.3 suites are OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Error tlsError(const std::string& what) {
  unsigned long code = ERR_get_error();
  std::string reason = code ? ERR_reason_error_string(code) ? ERR_reason_error_string(code) : "unknown" : "";
  ERR_clear_error();
  return makeError(ErrorCode::kInvalidParameter, what + (reason.empty() ? "" : ": " + reason));
}
}  // namespace

Result<std::shared_ptr<boost::asio::ssl::context>> loadTlsContext(const std::string& cert_file,
                                                                  const std::string& key_file) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  ERR_clear_error();
  for (const auto* file : {&cert_file, &key_file}) {
    if (!std::ifstream(*file).good()) return makeError(ErrorCode::kInvalidParameter, "cannot read " + *file);
  }
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) return tlsError("TLS 1.2 minimum refused");
  SSL_CTX_set_options(native,
                      SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) return tlsError("cipher list refused");
  if (SSL_CTX_use_certificate_chain_file(native, cert_file.c_str()) != 1)
    return tlsError("cannot load the TLS certificate chain from " + cert_file);
  if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return tlsError("cannot load the TLS private key from " + key_file);
  if (SSL_CTX_check_private_key(native) != 1)
    return tlsError("the TLS private key in " + key_file + " does not match the certificate");
  return ctx;
}

}  // namespace gaflight::http
