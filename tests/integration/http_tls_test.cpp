// Built-in TLS (issue 11, SPEC §10.8): a real HTTPS client (libcurl over OpenSSL) against
// `serve --tls-cert/--tls-key`: HSTS on every response, TLS 1.1 refused, certificate reload.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

namespace fs = std::filesystem;

// A self-signed P-256 certificate for 127.0.0.1 (the SAN curl checks), written as two PEM files.
void writeSelfSigned(const fs::path& cert, const fs::path& key, const std::string& common_name) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(EVP_EC_gen("P-256"), EVP_PKEY_free);
  ASSERT_TRUE(pkey);
  std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()),
                   static_cast<long>(std::hash<std::string>{}(common_name)&0x7fffffff));
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 86400);
  X509_set_pubkey(x.get(), pkey.get());
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x.get(), x.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "IP:127.0.0.1");
  ASSERT_NE(san, nullptr);
  X509_add_ext(x.get(), san, -1);
  X509_EXTENSION_free(san);
  ASSERT_GT(X509_sign(x.get(), pkey.get(), EVP_sha256()), 0);
  FILE* c = std::fopen(cert.c_str(), "w");
  ASSERT_NE(c, nullptr);
  PEM_write_X509(c, x.get());
  std::fclose(c);
  FILE* k = std::fopen(key.c_str(), "w");
  ASSERT_NE(k, nullptr);
  PEM_write_PrivateKey(k, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(k);
}

struct CurlResult {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string headers, body, subject;
};

size_t collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

enum class MaxTls { kAny, kTls11 };

CurlResult httpsGet(const std::string& url, const fs::path& ca, MaxTls max = MaxTls::kAny) {
  CurlResult r;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(h.get(), CURLOPT_HEADERFUNCTION, collect);
  curl_easy_setopt(h.get(), CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(h.get(), CURLOPT_CERTINFO, 1L);
  if (max == MaxTls::kTls11) {
    // Lower the client's own floor (SECLEVEL 0 allows TLS 1.1) so a failure is the server's refusal.
    curl_easy_setopt(
        h.get(), CURLOPT_SSLVERSION,
        static_cast<long>(CURL_SSLVERSION_TLSv1_1) | static_cast<long>(CURL_SSLVERSION_MAX_TLSv1_1));
    curl_easy_setopt(h.get(), CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
  }
  r.code = curl_easy_perform(h.get());
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &r.status);
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(h.get(), CURLINFO_CERTINFO, &info) == CURLE_OK && info && info->num_of_certs > 0) {
    for (curl_slist* s = info->certinfo[0]; s; s = s->next) {
      std::string line = s->data;
      if (line.rfind("Subject:", 0) == 0) r.subject = line;
    }
  }
  return r;
}

class HttpTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gaflight-tls-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    writeSelfSigned(cert(), key(), "gaflight-first");
    server_ = std::make_unique<TestServer>([this](config::Config& c) {
      c.tls_cert_file = cert().string();
      c.tls_key_file = key().string();
    });
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  fs::path cert() const { return dir_ / "cert.pem"; }
  fs::path key() const { return dir_ / "key.pem"; }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  fs::path dir_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(HttpTlsTest, ServesHttpsWithHstsOnEveryResponse) {
  auto ok = httpsGet(url("/healthz"), cert());
  ASSERT_EQ(ok.code, CURLE_OK) << curl_easy_strerror(ok.code);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.headers.find("Strict-Transport-Security: max-age=63072000; includeSubDomains"),
            std::string::npos)
      << ok.headers;
  auto problem = httpsGet(url("/api/v1/public/pilots"), cert());  // an error response carries it too
  ASSERT_EQ(problem.code, CURLE_OK);
  EXPECT_EQ(problem.status, 401);
  EXPECT_NE(problem.headers.find("Strict-Transport-Security:"), std::string::npos);
}

TEST_F(HttpTlsTest, RefusesTls11) {
  auto r = httpsGet(url("/healthz"), cert(), MaxTls::kTls11);
  EXPECT_NE(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 0);
}

TEST_F(HttpTlsTest, PlainHttpOnTheTlsPortGetsNoHttpAnswer) {
  // The bytes of a plain request are not a TLS ClientHello: the handshake fails and nothing is served.
  EXPECT_THROW(server_->client().get("/healthz"), std::exception);
  auto ok = httpsGet(url("/healthz"), cert());  // and the server is none the worse for it
  EXPECT_EQ(ok.status, 200);
}

TEST_F(HttpTlsTest, SessionCookieIsSecureAndHostPrefixed) {
  EXPECT_TRUE(server_->app().config().secure_cookies);
}

TEST_F(HttpTlsTest, ReloadServesTheNewCertificateAndKeepsTheOldOnError) {
  auto before = httpsGet(url("/healthz"), cert());
  ASSERT_EQ(before.code, CURLE_OK);
  EXPECT_NE(before.subject.find("gaflight-first"), std::string::npos) << before.subject;

  writeSelfSigned(cert(), key(), "gaflight-second");
  ASSERT_TRUE(server_->app().reloadTls());
  auto after = httpsGet(url("/healthz"), cert());
  ASSERT_EQ(after.code, CURLE_OK);
  EXPECT_NE(after.subject.find("gaflight-second"), std::string::npos) << after.subject;

  std::ofstream(key()) << "not a key\n";
  auto failed = server_->app().reloadTls();
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().detail.find("private key"), std::string::npos) << failed.error().detail;
  auto still = httpsGet(url("/healthz"), cert());
  ASSERT_EQ(still.code, CURLE_OK);
  EXPECT_NE(still.subject.find("gaflight-second"), std::string::npos);
}

TEST(TlsConfig, CertificateAndKeyGoTogether) {
  config::Config c;
  c.tls_cert_file = "/tmp/cert.pem";
  auto st = config::validate(c);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().detail.find("--tls-key"), std::string::npos);
}

}  // namespace
}  // namespace gaflight::testing
