#include "webhook/target_guard.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

namespace gaflight::webhook {

namespace {

Error urlError(std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), "url");
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char toLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowerCopy(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), toLower);
  return out;
}

// RFC 3986 characters (unreserved, gen-delims, sub-delims, '%'). Anything else ('\\', '<', '{', '|', ...)
// is a classic source of parser differentials between us and the HTTP client, so it is refused.
bool isUriChar(char c) {
  if (isAlpha(c) || isDigit(c)) return true;
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

// One inet_aton part: "0x.." hex, "0.." octal, otherwise decimal. Values above 2^32-1 are refused.
std::optional<uint64_t> parseIpv4Part(std::string_view p) {
  if (p.empty()) return std::nullopt;
  int base = 10;
  if (p.size() >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p.remove_prefix(2);
    if (p.empty()) return std::nullopt;  // bare "0x": refuse rather than guess
  } else if (p.size() >= 2 && p[0] == '0') {
    base = 8;
    p.remove_prefix(1);
  }
  uint64_t v = 0;
  for (char c : p) {
    int d;
    if (isDigit(c)) {
      d = c - '0';
    } else if (base == 16 && isHexDigit(c)) {
      d = toLower(c) - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (d >= base) return std::nullopt;
    v = v * base + d;
    if (v > 0xffffffffULL) return std::nullopt;
  }
  return v;
}

// WHATWG's "ends in a number": if the last label is numeric the host must be an IPv4 literal, so
// "999.1.1.1" or "1.2.3.4.5" is an error instead of silently becoming a DNS lookup.
bool looksNumeric(std::string_view label) {
  if (label.empty()) return false;
  if (std::all_of(label.begin(), label.end(), isDigit)) return true;
  if (label.size() >= 2 && label[0] == '0' && (label[1] == 'x' || label[1] == 'X')) {
    return std::all_of(label.begin() + 2, label.end(), isHexDigit);
  }
  return false;
}

std::optional<std::string> validateHostName(std::string_view host) {
  if (host.empty()) return "The URL must have a host.";
  if (host.size() > 253) return "The URL host is too long.";
  for (char c : host) {
    if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '.') {
      return "The URL host may contain only ASCII letters, digits, '-' and '.' (IDN is not supported).";
    }
  }
  size_t start = 0;
  while (true) {
    size_t dot = host.find('.', start);
    std::string_view label =
        host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty()) return "The URL host has an empty label.";
    if (label.size() > 63) return "The URL host has a label longer than 63 characters.";
    if (label.front() == '-' || label.back() == '-')
      return "The URL host has a label starting or ending with '-'.";
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return std::nullopt;
}

uint32_t hostOrder(const in_addr& a) { return ntohl(a.s_addr); }

bool inV4(uint32_t ip, uint32_t net, int prefix) {
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (ip & mask) == (net & mask);
}

constexpr uint32_t v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | uint32_t{d};
}

in_addr v4FromBytes(const uint8_t* b) {
  in_addr a{};
  std::memcpy(&a.s_addr, b, 4);  // already network order
  return a;
}

bool allZero(const uint8_t* b, size_t n) {
  return std::all_of(b, b + n, [](uint8_t x) { return x == 0; });
}

std::string withArticle(AddressClass c) {
  // Spelled out: "an unspecified" but "a unique-local", so first-letter rules do not work.
  bool an = c == AddressClass::kUnspecified || c == AddressClass::kIpv4MappedBlocked;
  return std::string(an ? "an " : "a ") + std::string(addressClassName(c));
}

// Numeric text → canonical text + class; nullopt when the text is not a plain IPv4/IPv6 address.
struct NumericAddress {
  std::string canonical;
  AddressClass cls;
};

std::optional<NumericAddress> classifyNumeric(const std::string& text) {
  char buf[INET6_ADDRSTRLEN] = {};
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) {
    inet_ntop(AF_INET, &a4, buf, sizeof buf);
    return NumericAddress{buf, classifyAddress(a4)};
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) {
    inet_ntop(AF_INET6, &a6, buf, sizeof buf);
    return NumericAddress{buf, classifyAddress(a6)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<in_addr> parseIpv4Loose(std::string_view text) {
  std::array<uint64_t, 4> parts{};
  size_t n = 0;
  size_t start = 0;
  while (true) {
    if (n == parts.size()) return std::nullopt;  // a fifth part
    size_t dot = text.find('.', start);
    auto part = parseIpv4Part(
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!part) return std::nullopt;
    parts[n++] = *part;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // Leading parts are single bytes; the last part fills all remaining bytes (inet_aton rules).
  uint32_t value = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    if (parts[i] > 255) return std::nullopt;
    value |= static_cast<uint32_t>(parts[i]) << (24 - 8 * i);
  }
  uint64_t last_max = n == 1 ? 0xffffffffULL : (1ULL << (8 * (5 - n))) - 1;
  if (parts[n - 1] > last_max) return std::nullopt;
  value |= static_cast<uint32_t>(parts[n - 1]);
  in_addr out{};
  out.s_addr = htonl(value);
  return out;
}

Result<ParsedUrl> parseWebhookUrl(std::string_view url) {
  if (url.empty()) return urlError("The URL is required.");
  if (url.size() > kMaxWebhookUrlLength) return urlError("The URL is longer than 2048 characters.");
  for (size_t i = 0; i < url.size(); ++i) {
    char c = url[i];
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return urlError("The URL must not contain whitespace or control characters.");
    if (u >= 0x80) return urlError("The URL must be ASCII; internationalised names are not supported.");
    if (c == '#') return urlError("The URL must not contain a fragment ('#').");
    if (!isUriChar(c)) return urlError("The URL contains a character that is not allowed.");
    if (c == '%' && (i + 2 >= url.size() || !isHexDigit(url[i + 1]) || !isHexDigit(url[i + 2]))) {
      return urlError("The URL contains an invalid percent-encoding.");
    }
  }

  ParsedUrl out;
  size_t sep = url.find("://");
  size_t colon = url.find(':');
  if (sep == std::string_view::npos || sep != colon) {
    bool has_scheme = colon != std::string_view::npos && colon < url.find('/');
    return urlError(has_scheme ? "The URL scheme must be http or https."
                               : "The URL must be absolute (https://...).");
  }
  out.scheme = lowerCopy(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") return urlError("The URL scheme must be http or https.");

  std::string_view rest = url.substr(sep + 3);
  size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
  if (authority.find('@') != std::string_view::npos) {
    return urlError("The URL must not contain credentials (user@host).");
  }

  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return urlError("The URL has an unterminated IPv6 address.");
    std::string inner(authority.substr(1, close - 1));
    in6_addr a6{};
    if (inner.empty() || inet_pton(AF_INET6, inner.c_str(), &a6) != 1) {
      return urlError("The URL host is not a valid IPv6 address.");
    }
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return urlError("The URL has unexpected characters after the IPv6 address.");
      has_port = true;
      port_text = after.substr(1);
    }
    out.host = lowerCopy(inner);
    out.host_is_literal = true;
  } else {
    size_t pc = authority.find(':');
    std::string_view host = authority.substr(0, pc);
    if (pc != std::string_view::npos) {
      if (authority.find(':', pc + 1) != std::string_view::npos) {
        return urlError("IPv6 addresses in URLs must be enclosed in brackets.");
      }
      has_port = true;
      port_text = authority.substr(pc + 1);
    }
    if (auto why = validateHostName(host)) return urlError(*why);
    out.host = lowerCopy(host);
    std::string_view last_label = std::string_view(out.host).substr(out.host.rfind('.') + 1);
    if (looksNumeric(last_label)) {
      if (!parseIpv4Loose(out.host)) return urlError("The URL host is not a valid IPv4 address.");
      out.host_is_literal = true;
    }
  }

  if (has_port) {
    if (port_text.empty() || port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), isDigit)) {
      return urlError("The URL port must be a number between 1 and 65535.");
    }
    int port = 0;
    for (char c : port_text) port = port * 10 + (c - '0');
    if (port < 1 || port > 65535) return urlError("The URL port must be a number between 1 and 65535.");
    out.port = static_cast<uint16_t>(port);
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }

  if (tail.empty()) {
    out.path_and_query = "/";
  } else if (tail.front() == '?') {
    out.path_and_query = "/" + std::string(tail);
  } else {
    out.path_and_query = std::string(tail);
  }
  return out;
}

AddressClass classifyAddress(const in_addr& addr) {
  uint32_t ip = hostOrder(addr);
  if (ip == v4(255, 255, 255, 255)) return AddressClass::kBroadcast;
  if (inV4(ip, v4(0, 0, 0, 0), 8)) return AddressClass::kUnspecified;  // "this network"
  if (inV4(ip, v4(10, 0, 0, 0), 8)) return AddressClass::kPrivate;
  if (inV4(ip, v4(100, 64, 0, 0), 10)) return AddressClass::kCgnat;
  if (inV4(ip, v4(127, 0, 0, 0), 8)) return AddressClass::kLoopback;
  if (inV4(ip, v4(169, 254, 0, 0), 16)) return AddressClass::kLinkLocal;
  if (inV4(ip, v4(172, 16, 0, 0), 12)) return AddressClass::kPrivate;
  if (inV4(ip, v4(192, 0, 0, 0), 24)) return AddressClass::kReserved;  // IETF protocol assignments
  if (inV4(ip, v4(192, 0, 2, 0), 24)) return AddressClass::kDocumentation;
  if (inV4(ip, v4(192, 88, 99, 0), 24)) return AddressClass::kReserved;  // 6to4 relay anycast
  if (inV4(ip, v4(192, 168, 0, 0), 16)) return AddressClass::kPrivate;
  if (inV4(ip, v4(198, 18, 0, 0), 15)) return AddressClass::kReserved;  // benchmarking
  if (inV4(ip, v4(198, 51, 100, 0), 24)) return AddressClass::kDocumentation;
  if (inV4(ip, v4(203, 0, 113, 0), 24)) return AddressClass::kDocumentation;
  if (inV4(ip, v4(224, 0, 0, 0), 4)) return AddressClass::kMulticast;
  if (inV4(ip, v4(240, 0, 0, 0), 4)) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

AddressClass classifyAddress(const in6_addr& addr) {
  const uint8_t* b = addr.s6_addr;
  if (allZero(b, 16)) return AddressClass::kUnspecified;
  if (allZero(b, 15) && b[15] == 1) return AddressClass::kLoopback;
  // ::ffff:0:0/96 IPv4-mapped: the kernel connects to the embedded IPv4 address.
  if (allZero(b, 10) && b[10] == 0xff && b[11] == 0xff) return classifyAddress(v4FromBytes(b + 12));
  if (allZero(b, 12)) return AddressClass::kReserved;  // ::/96 IPv4-compatible (deprecated)
  // 64:ff9b::/96 well-known NAT64 prefix: a NAT64 gateway would forward to the embedded IPv4 address.
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && allZero(b + 4, 8)) {
    return classifyAddress(v4FromBytes(b + 12));
  }
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01) {
    return AddressClass::kReserved;  // 64:ff9b:1::/48 local-use NAT64
  }
  if (b[0] == 0x01 && b[1] == 0x00 && allZero(b + 2, 6)) return AddressClass::kReserved;  // 100::/64 discard
  if (b[0] == 0xff) return AddressClass::kMulticast;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::kPrivate;  // fec0::/10 site-local
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kUniqueLocal;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressClass::kDocumentation;
  if (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0) return AddressClass::kDocumentation;  // 3fff::/20
  if (b[0] == 0x20 && b[1] == 0x01 && (b[2] & 0xfe) == 0)
    return AddressClass::kReserved;                                              // 2001::/23 (Teredo..)
  if (b[0] == 0x20 && b[1] == 0x02) return classifyAddress(v4FromBytes(b + 2));  // 6to4 embeds its IPv4
  // Only 2000::/3 is allocated global unicast; everything else left over is IETF-reserved space.
  if ((b[0] & 0xe0) != 0x20) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

AddressClass classifyAddress(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, &addr, sizeof sin);
    return classifyAddress(sin.sin_addr);
  }
  if (addr.ss_family == AF_INET6) {
    sockaddr_in6 sin6{};
    std::memcpy(&sin6, &addr, sizeof sin6);
    return classifyAddress(sin6.sin6_addr);
  }
  return AddressClass::kReserved;
}

bool isAllowedTarget(AddressClass c) { return c == AddressClass::kPublic; }

std::string_view addressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kCgnat:
      return "carrier-grade NAT";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kBroadcast:
      return "broadcast";
    case AddressClass::kReserved:
      return "reserved";
    case AddressClass::kDocumentation:
      return "documentation";
    case AddressClass::kUniqueLocal:
      return "unique-local";
    case AddressClass::kIpv4MappedBlocked:
      return "IPv4-mapped";
  }
  return "reserved";
}

Resolver systemResolver() {
  return [](const std::string& host, uint16_t port) -> Result<std::vector<std::string>> {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;  // no AI_ADDRCONFIG: every address must be seen and checked
    addrinfo* raw = nullptr;
    int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &raw);
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(raw, &freeaddrinfo);
    if (rc != 0) {
      return urlError(rc == EAI_AGAIN ? "The URL host could not be resolved (temporary DNS failure)."
                                      : "The URL host could not be resolved.");
    }
    std::vector<std::string> out;
    char buf[INET6_ADDRSTRLEN] = {};
    for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
      // inet_ntop (not getnameinfo) so link-local answers carry no "%scope" suffix.
      if (ai->ai_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr, buf, sizeof buf);
      } else if (ai->ai_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr, buf, sizeof buf);
      } else {
        continue;
      }
      out.emplace_back(buf);
    }
    return out;
  };
}

Result<ResolvedTarget> checkTarget(std::string_view url, const GuardOptions& opt, const Resolver& resolve) {
  auto parsed = parseWebhookUrl(url);
  if (!parsed) return parsed.error();
  ResolvedTarget target{std::move(parsed).value(), {}};
  const ParsedUrl& u = target.url;
  if (u.scheme != "https" && !opt.allow_private) return urlError("Webhook URLs must use https.");

  if (u.host_is_literal) {
    // Classify the literal ourselves (any inet_aton spelling) and pin its canonical form.
    std::optional<NumericAddress> num;
    if (auto a4 = parseIpv4Loose(u.host)) {
      char buf[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &*a4, buf, sizeof buf);
      num = NumericAddress{buf, classifyAddress(*a4)};
    } else {
      num = classifyNumeric(u.host);
    }
    if (!num) return urlError("The URL host is not a valid IP address.");
    if (!isAllowedTarget(num->cls) && !opt.allow_private) {
      return urlError("The URL host is " + withArticle(num->cls) +
                      " address; webhook targets must be public.");
    }
    target.addresses.push_back(std::move(num->canonical));
    return target;
  }

  auto answers = resolve(u.host, u.port);
  if (!answers) return answers.error();
  if (answers->empty()) return urlError("The URL host did not resolve to any address.");
  // Every answer is checked: one bad record is enough for a rebinding attack, so any refusal refuses all.
  for (const auto& text : *answers) {
    auto num = classifyNumeric(text);
    if (!num) return urlError("The URL host resolved to an address that could not be checked.");
    if (!isAllowedTarget(num->cls) && !opt.allow_private) {
      return urlError("The URL host resolves to " + withArticle(num->cls) +
                      " address; webhook targets must be public.");
    }
    if (std::find(target.addresses.begin(), target.addresses.end(), num->canonical) ==
        target.addresses.end()) {
      target.addresses.push_back(std::move(num->canonical));
    }
  }
  return target;
}

}  // namespace gaflight::webhook
