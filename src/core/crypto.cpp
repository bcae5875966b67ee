#include "core/crypto.hpp"

#include <argon2.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

namespace gaflight::crypto {

std::string randomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

namespace {
// Fetched once: OpenSSL 3's one-shot SHA256() and HMAC() look the algorithm up by name on every call,
// which cost more than hashing an API key or a cursor.
const EVP_MD* sha256Algorithm() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) throw std::runtime_error("OpenSSL has no SHA256");
  return md;
}
}  // namespace

std::string sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
                 sha256Algorithm(), nullptr) != 1 ||
      len != SHA256_DIGEST_LENGTH) {
    throw std::runtime_error("SHA256 failed");
  }
  return out;
}

std::string sha256Hex(std::string_view data) { return toHex(sha256(data)); }

std::string hmacSha256(std::string_view key, std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 32;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       reinterpret_cast<unsigned char*>(out.data()), &len);
  out.resize(len);
  return out;
}

// The keyed state: an HMAC context after the key went in (inner and outer pads absorbed).
struct HmacSha256Key::Keyed {
  EVP_MAC_CTX* ctx = nullptr;
};

HmacSha256Key::HmacSha256Key(std::string_view key) : keyed_(new Keyed) {
  static EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  keyed_->ctx = hmac != nullptr ? EVP_MAC_CTX_new(hmac) : nullptr;
  if (keyed_->ctx == nullptr || EVP_MAC_init(keyed_->ctx, reinterpret_cast<const unsigned char*>(key.data()),
                                             key.size(), params) != 1) {
    EVP_MAC_CTX_free(keyed_->ctx);
    delete keyed_;
    throw std::runtime_error("HMAC-SHA256 key set-up failed");
  }
}

HmacSha256Key::~HmacSha256Key() {
  EVP_MAC_CTX_free(keyed_->ctx);
  delete keyed_;
}

std::string HmacSha256Key::sign(std::string_view data) const {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(keyed_->ctx),
                                                                EVP_MAC_CTX_free);
  std::string out(32, '\0');
  size_t len = 0;
  if (!ctx ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, out.size()) != 1 ||
      len != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

bool constantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string toHex(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string base64Encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return std::string();
  // '=' only as the last one or two characters ("x===" and "=" mid-text are malformed).
  size_t first_pad = text.find('=');
  if (first_pad != std::string_view::npos) {
    if (first_pad < text.size() - 2) return std::nullopt;
    for (size_t i = first_pad; i < text.size(); ++i) {
      if (text[i] != '=') return std::nullopt;
    }
  }
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  if (text.back() == '=') pad++;
  if (text.size() > 1 && text[text.size() - 2] == '=') pad++;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string base64UrlEncode(std::string_view raw) {
  std::string s = base64Encode(raw);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return s;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
  std::string s;
  s.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '-')
      s.push_back('+');
    else if (c == '_')
      s.push_back('/');
    else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      s.push_back(c);
    else
      return std::nullopt;
  }
  if (s.size() % 4 == 1) return std::nullopt;
  while (s.size() % 4 != 0) s.push_back('=');
  return base64Decode(s);
}

namespace {
struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;
constexpr size_t kNonce = 12, kTag = 16;
}  // namespace

std::string aesGcmEncrypt(std::string_view key32, std::string_view plaintext, std::string_view aad) {
  if (key32.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
  std::string nonce = randomBytes(kNonce);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string out = nonce;
  out.resize(kNonce + plaintext.size() + kTag);
  int len = 0;
  auto u = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key32), u(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, u(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data() + kNonce), &len, u(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data() + kNonce + len), &len) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, out.data() + kNonce + plaintext.size()) !=
          1) {
    throw std::runtime_error("AES-GCM encryption failed");
  }
  return out;
}

std::optional<std::string> aesGcmDecrypt(std::string_view key32, std::string_view sealed,
                                         std::string_view aad) {
  if (key32.size() != 32 || sealed.size() < kNonce + kTag) return std::nullopt;
  auto u = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  size_t ct_len = sealed.size() - kNonce - kTag;
  std::string out(ct_len, '\0');
  std::string tag(sealed.substr(kNonce + ct_len));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key32), u(sealed.substr(0, kNonce))) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, u(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                        u(sealed.substr(kNonce, ct_len)), static_cast<int>(ct_len)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) != 1) {
    return std::nullopt;
  }
  return out;
}

namespace {
// OWASP: Argon2id, m=19 MiB, t=2, p=1.
constexpr uint32_t kArgonT = 2, kArgonM = 19 * 1024, kArgonP = 1, kSaltLen = 16, kHashLen = 32;
}  // namespace

namespace {
using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

PkeyPtr ed25519Private(std::string_view seed32) {
  if (seed32.size() != 32) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed32), 32), EVP_PKEY_free);
  if (!key) throw std::runtime_error("Ed25519 private key rejected by OpenSSL");
  return key;
}

PkeyPtr ed25519Public(std::string_view public32) {
  if (public32.size() != 32) return PkeyPtr(nullptr, EVP_PKEY_free);
  return PkeyPtr(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(public32), 32), EVP_PKEY_free);
}
}  // namespace

std::string ed25519PublicKey(std::string_view seed32) {
  auto key = ed25519Private(seed32);
  std::string out(32, '\0');
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1 ||
      len != 32)
    throw std::runtime_error("Ed25519 public key derivation failed");
  return out;
}

std::string ed25519Sign(std::string_view seed32, std::string_view message) {
  auto key = ed25519Private(seed32);
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string sig(64, '\0');
  size_t len = sig.size();
  // Ed25519 is a one-shot signature: no digest is named, the whole message is signed.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes(message),
                     message.size()) != 1 ||
      len != 64)
    throw std::runtime_error("Ed25519 signing failed");
  return sig;
}

bool ed25519Verify(std::string_view public32, std::string_view message, std::string_view signature64) {
  auto key = ed25519Public(public32);
  if (!key || signature64.size() != 64) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), bytes(signature64), signature64.size(), bytes(message),
                          message.size()) == 1;
}

std::string ed25519PublicKeyPem(std::string_view public32) {
  auto key = ed25519Public(public32);
  if (!key) throw std::invalid_argument("an Ed25519 public key is 32 bytes");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1)
    throw std::runtime_error("PEM encoding failed");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string hashPassword(std::string_view password) {
  std::string salt = randomBytes(kSaltLen);
  size_t enc_len = argon2_encodedlen(kArgonT, kArgonM, kArgonP, kSaltLen, kHashLen, Argon2_id);
  std::string encoded(enc_len, '\0');
  int rc = argon2id_hash_encoded(kArgonT, kArgonM, kArgonP, password.data(), password.size(), salt.data(),
                                 salt.size(), kHashLen, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(argon2_error_message(rc));
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

bool verifyPassword(std::string_view encoded, std::string_view password) {
  std::string enc(encoded);
  return argon2id_verify(enc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace gaflight::crypto
