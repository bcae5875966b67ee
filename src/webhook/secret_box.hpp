#pragma once
// Endpoint secrets at rest (SPEC §5): AES-256-GCM under a key derived from the master key, with the
// endpoint id as associated data so a sealed secret cannot be moved to another endpoint.
#include <optional>
#include <string>
#include <utility>

namespace gaflight::webhook {

class SecretBox {
 public:
  explicit SecretBox(std::string key32) : key_(std::move(key32)) {}
  std::string seal(const std::string& endpoint_id, const std::string& secret) const;
  std::optional<std::string> open(const std::string& endpoint_id, const std::string& sealed) const;

 private:
  std::string key_;
};

}  // namespace gaflight::webhook
