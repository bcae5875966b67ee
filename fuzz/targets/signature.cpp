// Webhook signature formats: `sha256=<hex>` and Standard Webhooks `v1,<base64>` over any secret, id and
// body. Input = secret \0 message id \0 body. Signatures are deterministic and well-formed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "webhook/signer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto a = in.find('\0');
  std::string_view secret = in.substr(0, a);
  std::string_view rest = a == std::string_view::npos ? std::string_view{} : in.substr(a + 1);
  auto b = rest.find('\0');
  std::string_view id = rest.substr(0, b);
  std::string_view body = b == std::string_view::npos ? std::string_view{} : rest.substr(b + 1);
  using namespace gaflight::webhook;
  auto ga = gaSignature(secret, body);
  if (ga.rfind("sha256=", 0) != 0 || ga.size() != 7 + 64 || ga != gaSignature(secret, body)) std::abort();
  auto std1 = standardSignature(secret, id, 1700000000, body);
  if (std1) {
    if (std1->rfind("v1,", 0) != 0 || *std1 != *standardSignature(secret, id, 1700000000, body)) std::abort();
  }
  auto headers = signDelivery(secret, std::nullopt, id, "flight.approved", 1, 1700000000, body);
  if (headers.headers.empty()) std::abort();
  return 0;
}
