#pragma once
// Thin wrappers over OpenSSL 3 and libargon2. No hand-rolled primitives.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::crypto {

std::string randomBytes(size_t n);          // CSPRNG (RAND_bytes); throws on failure
std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256Hex(std::string_view data);
std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes

// HMAC-SHA256 under one key, keyed once: each sign() starts from a copy of the keyed state, so a
// per-request MAC (cursors) costs two hash blocks, not OpenSSL's algorithm look-up. Safe to share
// between threads (sign() never changes the keyed state).
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string_view key);
  ~HmacSha256Key();
  HmacSha256Key(const HmacSha256Key&) = delete;
  HmacSha256Key& operator=(const HmacSha256Key&) = delete;
  std::string sign(std::string_view data) const;  // raw 32 bytes, = hmacSha256(key, data)

 private:
  struct Keyed;
  Keyed* keyed_;
};
bool constantTimeEqual(std::string_view a, std::string_view b);

std::string toHex(std::string_view raw);
std::string base64Encode(std::string_view raw);  // standard alphabet, padded
std::optional<std::string> base64Decode(std::string_view text);
std::string base64UrlEncode(std::string_view raw);  // unpadded
std::optional<std::string> base64UrlDecode(std::string_view text);

// AES-256-GCM; output = 12-byte nonce || ciphertext || 16-byte tag. `aad` binds context.
std::string aesGcmEncrypt(std::string_view key32, std::string_view plaintext, std::string_view aad);
std::optional<std::string> aesGcmDecrypt(std::string_view key32, std::string_view sealed,
                                         std::string_view aad);

// Ed25519 (RFC 8032) through OpenSSL. A private key is its 32-byte seed; a public key its 32 raw bytes.
std::string ed25519PublicKey(std::string_view seed32);
std::string ed25519Sign(std::string_view seed32, std::string_view message);  // raw 64 bytes
bool ed25519Verify(std::string_view public32, std::string_view message, std::string_view signature64);
// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), what `openssl pkeyutl -pubin` reads.
std::string ed25519PublicKeyPem(std::string_view public32);

// Argon2id with an encoded (PHC string) result; parameters chosen per OWASP guidance.
std::string hashPassword(std::string_view password);
bool verifyPassword(std::string_view encoded, std::string_view password);

}  // namespace gaflight::crypto
