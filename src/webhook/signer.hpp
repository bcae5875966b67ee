#pragma once
// Signature headers of SPEC §5: gaflight's own `sha256=<hex>` over the raw body (key = the secret
// string's UTF-8 bytes) and Standard Webhooks 1.0 `v1,<base64>` over id.timestamp.body (key = the
// base64-decoded part of the secret after "whsec_").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::webhook {

std::string newSecret();  // "whsec_" + base64(32 random bytes)
std::string gaSignature(std::string_view secret, std::string_view body);
std::optional<std::string> standardSignature(std::string_view secret, std::string_view msg_id,
                                             int64_t unix_ts, std::string_view body);

struct SignedHeaders {
  std::vector<std::pair<std::string, std::string>> headers;
};

// Every header of a delivery attempt. `secondary` is the previous secret inside its grace window.
SignedHeaders signDelivery(std::string_view primary, const std::optional<std::string>& secondary,
                           std::string_view delivery_id, std::string_view event_type, int attempt,
                           int64_t unix_ts, std::string_view body);

}  // namespace gaflight::webhook
