// Webhook target parsing and classification (SSRF guard): any text → a parsed URL or a clean error;
// an accepted literal host is classified, and what the parser accepts it can print back consistently.
#include <arpa/inet.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "webhook/target_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace gaflight::webhook;
  if (auto v4 = parseIpv4Loose(text)) (void)addressClassName(classifyAddress(*v4));
  auto parsed = parseWebhookUrl(text);
  if (!parsed) return 0;
  if (parsed->scheme != "http" && parsed->scheme != "https") std::abort();
  if (parsed->path_and_query.empty() || parsed->path_and_query[0] != '/') std::abort();
  if (parsed->host.empty() || size > kMaxWebhookUrlLength) std::abort();
  if (parsed->host_is_literal) {
    in6_addr v6{};
    if (auto v4 = parseIpv4Loose(parsed->host)) {
      (void)isAllowedTarget(classifyAddress(*v4));
    } else if (inet_pton(AF_INET6, parsed->host.c_str(), &v6) == 1) {
      (void)isAllowedTarget(classifyAddress(v6));
    } else {
      std::abort();  // a literal host must be an address
    }
  }
  return 0;
}
