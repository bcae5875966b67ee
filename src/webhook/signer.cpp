#include "webhook/signer.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace gaflight::webhook {

std::string newSecret() { return "whsec_" + crypto::base64Encode(crypto::randomBytes(32)); }

std::string gaSignature(std::string_view secret, std::string_view body) {
  return "sha256=" + crypto::toHex(crypto::hmacSha256(secret, body));
}

std::optional<std::string> standardSignature(std::string_view secret, std::string_view msg_id,
                                             int64_t unix_ts, std::string_view body) {
  constexpr std::string_view kPrefix = "whsec_";
  if (secret.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto key = crypto::base64Decode(secret.substr(kPrefix.size()));
  if (!key) return std::nullopt;
  std::string msg;
  msg.reserve(msg_id.size() + body.size() + 24);
  msg.append(msg_id).append(".").append(std::to_string(unix_ts)).append(".").append(body);
  return "v1," + crypto::base64Encode(crypto::hmacSha256(*key, msg));
}

SignedHeaders signDelivery(std::string_view primary, const std::optional<std::string>& secondary,
                           std::string_view delivery_id, std::string_view event_type, int attempt,
                           int64_t unix_ts, std::string_view body) {
  SignedHeaders out;
  auto& h = out.headers;
  h.emplace_back("Content-Type", "application/json");
  h.emplace_back("User-Agent", "gaflight-webhooks/1");
  h.emplace_back("X-GA-Webhook-Delivery", std::string(delivery_id));
  h.emplace_back("X-GA-Webhook-Timestamp", timefmt::formatInstant(unix_ts));
  h.emplace_back("X-GA-Webhook-Event", std::string(event_type));
  h.emplace_back("X-GA-Webhook-Attempt", std::to_string(attempt));
  std::string primary_sig = gaSignature(primary, body);
  h.emplace_back("X-GA-Webhook-Signature", primary_sig);
  std::string standard = standardSignature(primary, delivery_id, unix_ts, body).value_or("");
  if (secondary) {
    h.emplace_back("X-GA-Webhook-Signature-Primary", primary_sig);
    h.emplace_back("X-GA-Webhook-Signature-Secondary", gaSignature(*secondary, body));
    if (auto second = standardSignature(*secondary, delivery_id, unix_ts, body)) standard += " " + *second;
  }
  h.emplace_back("webhook-id", std::string(delivery_id));
  h.emplace_back("webhook-timestamp", std::to_string(unix_ts));
  h.emplace_back("webhook-signature", standard);
  return out;
}

}  // namespace gaflight::webhook
