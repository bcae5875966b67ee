#pragma once
// Server-side TLS settings for `serve --tls-cert/--tls-key`: TLS 1.2 minimum (1.3 preferred by
// OpenSSL's negotiation), forward-secret AEAD ciphers only for 1.2, no compression, no renegotiation.
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "core/error.hpp"

namespace gaflight::http {

// Reads a PEM certificate chain and its private key; refuses a key that does not match the
// certificate. Errors name the file and OpenSSL's reason, never key material.
Result<std::shared_ptr<boost::asio::ssl::context>> loadTlsContext(const std::string& cert_file,
                                                                  const std::string& key_file);

// The HSTS value sent on every response served over TLS (two years, as browsers' preload lists ask).
inline constexpr const char* kHstsValue = "max-age=63072000; includeSubDomains";

}  // namespace gaflight::http
