#include "webhook/secret_box.hpp"

#include "core/crypto.hpp"

namespace gaflight::webhook {

std::string SecretBox::seal(const std::string& endpoint_id, const std::string& secret) const {
  return crypto::base64Encode(crypto::aesGcmEncrypt(key_, secret, "whsec|" + endpoint_id));
}

std::optional<std::string> SecretBox::open(const std::string& endpoint_id, const std::string& sealed) const {
  auto raw = crypto::base64Decode(sealed);
  if (!raw) return std::nullopt;
  return crypto::aesGcmDecrypt(key_, *raw, "whsec|" + endpoint_id);
}

}  // namespace gaflight::webhook
