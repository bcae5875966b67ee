#include "domain/scopes.hpp"

namespace gaflight::domain {

const std::vector<std::string>& scopeCatalog() {
  static const std::vector<std::string> kCatalog = {
      "public.pilots:read",      "public.flights:read",  "public.fleet:read",    "public.compliance:read",
      "public.training:read",    "public.signoffs:read", "public.finance:read",  "public.invoices:read",
      "public.maintenance:read", "public.vtr:read",      "public.planning:read", "public.events:read",
  };
  return kCatalog;
}

bool isKnownScope(std::string_view scope) {
  for (const auto& s : scopeCatalog()) {
    if (s == scope) return true;
  }
  return false;
}

size_t codePointLength(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string trim(std::string_view s) {
  const char* ws = " \t\n\r\f\v";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace gaflight::domain
