#pragma once
// Webhook target safety (SPEC §5 "Target safety (SSRF)"): a strict URL parser, an address classifier and
// the full check run at endpoint creation and before every delivery attempt. The check returns the
// numeric addresses it approved so the sender can pin them (CURLOPT_RESOLVE) and no second, possibly
// rebound, DNS answer is ever used.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace gaflight::webhook {

inline constexpr size_t kMaxWebhookUrlLength = 2048;

struct ParsedUrl {
  std::string scheme;            // "http" | "https" (lower-case)
  std::string host;              // lower-case; IPv6 literal without brackets
  std::string path_and_query;    // always starts with '/'; "/" when the URL has no path
  uint16_t port = 0;             // explicit port, or 443/80 by scheme
  bool host_is_literal = false;  // IPv4 in any inet_aton spelling, or bracketed IPv6
};

// Strict absolute http(s) URL parser; errors are kValidationFailed with field "url".
Result<ParsedUrl> parseWebhookUrl(std::string_view url);

enum class AddressClass {
  kPublic,
  kLoopback,
  kPrivate,
  kLinkLocal,
  kCgnat,
  kMulticast,
  kUnspecified,
  kBroadcast,
  kReserved,
  kDocumentation,
  kUniqueLocal,
  kIpv4MappedBlocked,  // unused: mapped/embedded IPv4 is classified by the inner address
};

AddressClass classifyAddress(const in_addr& addr);
AddressClass classifyAddress(const in6_addr& addr);
AddressClass classifyAddress(const sockaddr_storage& addr);  // non-IP families are kReserved
bool isAllowedTarget(AddressClass c);                        // only kPublic
std::string_view addressClassName(AddressClass c);           // "loopback", "private", ... for messages

// IPv4 literal parsed like inet_aton: 1-4 parts, each decimal, octal (leading 0) or hex (0x), the last
// part filling the remaining bytes ("127.1", "2130706433", "0x7f.0.0.1", "017700000001").
std::optional<in_addr> parseIpv4Loose(std::string_view text);

struct GuardOptions {
  bool allow_private = false;  // development flag: allows http and any address class
};

struct ResolvedTarget {
  ParsedUrl url;
  std::vector<std::string> addresses;  // canonical numeric, checked, de-duplicated; pin these
};

// Returns numeric address strings (IPv4 dotted quad or IPv6 text) for host; injectable for tests.
using Resolver = std::function<Result<std::vector<std::string>>(const std::string& host, uint16_t port)>;
Resolver systemResolver();  // getaddrinfo(AF_UNSPEC, SOCK_STREAM)

Result<ResolvedTarget> checkTarget(std::string_view url, const GuardOptions& opt,
                                   const Resolver& resolve = systemResolver());

}  // namespace gaflight::webhook
