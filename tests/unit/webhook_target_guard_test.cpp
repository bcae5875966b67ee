#include "webhook/target_guard.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

// Pure tests: addresses below are data only. Nothing here connects anywhere, and the only real DNS
// resolution is of "localhost" (SystemResolverLocalhost); every other hostname goes to a fake resolver.

namespace gaflight::webhook {
namespace {

using AC = AddressClass;

struct AddrCase {
  const char* text;
  AddressClass expected;
};

void PrintTo(const AddrCase& c, std::ostream* os) { *os << c.text; }

in_addr v4(const char* text) {
  in_addr a{};
  EXPECT_EQ(inet_pton(AF_INET, text, &a), 1) << text;
  return a;
}

in6_addr v6(const char* text) {
  in6_addr a{};
  EXPECT_EQ(inet_pton(AF_INET6, text, &a), 1) << text;
  return a;
}

// ---------------------------------------------------------------------------------------------------
// IPv4 classification

class TargetGuardIpv4Class : public ::testing::TestWithParam<AddrCase> {};

TEST_P(TargetGuardIpv4Class, Classifies) {
  EXPECT_EQ(classifyAddress(v4(GetParam().text)), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, TargetGuardIpv4Class,
    ::testing::Values(
        // 0.0.0.0/8 "this network"
        AddrCase{"0.0.0.0", AC::kUnspecified}, AddrCase{"0.255.255.255", AC::kUnspecified},
        AddrCase{"1.0.0.0", AC::kPublic},
        // 10/8
        AddrCase{"9.255.255.255", AC::kPublic}, AddrCase{"10.0.0.0", AC::kPrivate},
        AddrCase{"10.255.255.255", AC::kPrivate}, AddrCase{"11.0.0.0", AC::kPublic},
        // 100.64/10 CGNAT
        AddrCase{"100.63.255.255", AC::kPublic}, AddrCase{"100.64.0.0", AC::kCgnat},
        AddrCase{"100.127.255.255", AC::kCgnat}, AddrCase{"100.128.0.0", AC::kPublic},
        // 127/8
        AddrCase{"126.255.255.255", AC::kPublic}, AddrCase{"127.0.0.0", AC::kLoopback},
        AddrCase{"127.0.0.1", AC::kLoopback}, AddrCase{"127.255.255.255", AC::kLoopback},
        AddrCase{"128.0.0.0", AC::kPublic},
        // 169.254/16
        AddrCase{"169.253.255.255", AC::kPublic}, AddrCase{"169.254.0.0", AC::kLinkLocal},
        AddrCase{"169.254.169.254", AC::kLinkLocal}, AddrCase{"169.254.255.255", AC::kLinkLocal},
        AddrCase{"169.255.0.0", AC::kPublic},
        // 172.16/12
        AddrCase{"172.15.255.255", AC::kPublic}, AddrCase{"172.16.0.0", AC::kPrivate},
        AddrCase{"172.31.255.255", AC::kPrivate}, AddrCase{"172.32.0.0", AC::kPublic},
        // 192.0.0/24, 192.0.2/24
        AddrCase{"191.255.255.255", AC::kPublic}, AddrCase{"192.0.0.0", AC::kReserved},
        AddrCase{"192.0.0.255", AC::kReserved}, AddrCase{"192.0.1.0", AC::kPublic},
        AddrCase{"192.0.2.0", AC::kDocumentation}, AddrCase{"192.0.2.255", AC::kDocumentation},
        AddrCase{"192.0.3.0", AC::kPublic},
        // 192.88.99/24 6to4 relay
        AddrCase{"192.88.98.255", AC::kPublic}, AddrCase{"192.88.99.0", AC::kReserved},
        AddrCase{"192.88.99.255", AC::kReserved}, AddrCase{"192.88.100.0", AC::kPublic},
        // 192.168/16
        AddrCase{"192.167.255.255", AC::kPublic}, AddrCase{"192.168.0.0", AC::kPrivate},
        AddrCase{"192.168.255.255", AC::kPrivate}, AddrCase{"192.169.0.0", AC::kPublic},
        // 198.18/15 benchmarking
        AddrCase{"198.17.255.255", AC::kPublic}, AddrCase{"198.18.0.0", AC::kReserved},
        AddrCase{"198.19.255.255", AC::kReserved}, AddrCase{"198.20.0.0", AC::kPublic},
        // documentation nets
        AddrCase{"198.51.99.255", AC::kPublic}, AddrCase{"198.51.100.0", AC::kDocumentation},
        AddrCase{"198.51.100.255", AC::kDocumentation}, AddrCase{"198.51.101.0", AC::kPublic},
        AddrCase{"203.0.112.255", AC::kPublic}, AddrCase{"203.0.113.0", AC::kDocumentation},
        AddrCase{"203.0.113.255", AC::kDocumentation}, AddrCase{"203.0.114.0", AC::kPublic},
        // 224/4 multicast, 240/4 reserved, broadcast
        AddrCase{"223.255.255.255", AC::kPublic}, AddrCase{"224.0.0.0", AC::kMulticast},
        AddrCase{"239.255.255.255", AC::kMulticast}, AddrCase{"240.0.0.0", AC::kReserved},
        AddrCase{"240.0.0.1", AC::kReserved}, AddrCase{"255.255.255.254", AC::kReserved},
        AddrCase{"255.255.255.255", AC::kBroadcast},
        // ordinary public
        AddrCase{"8.8.8.8", AC::kPublic}, AddrCase{"93.184.216.34", AC::kPublic}));

// ---------------------------------------------------------------------------------------------------
// IPv6 classification

class TargetGuardIpv6Class : public ::testing::TestWithParam<AddrCase> {};

TEST_P(TargetGuardIpv6Class, Classifies) {
  EXPECT_EQ(classifyAddress(v6(GetParam().text)), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, TargetGuardIpv6Class,
    ::testing::Values(
        AddrCase{"::", AC::kUnspecified}, AddrCase{"::1", AC::kLoopback},
        // IPv4-mapped: classified by the embedded address
        AddrCase{"::ffff:127.0.0.1", AC::kLoopback}, AddrCase{"::ffff:7f00:1", AC::kLoopback},
        AddrCase{"::ffff:10.0.0.1", AC::kPrivate}, AddrCase{"::ffff:169.254.169.254", AC::kLinkLocal},
        AddrCase{"::ffff:0.0.0.0", AC::kUnspecified}, AddrCase{"::ffff:8.8.8.8", AC::kPublic},
        // IPv4-compatible (deprecated) ::/96 and the rest of ::/8
        AddrCase{"::2", AC::kReserved}, AddrCase{"::127.0.0.1", AC::kReserved},
        AddrCase{"::8.8.8.8", AC::kReserved}, AddrCase{"::ffff:0:8.8.8.8", AC::kReserved},
        // NAT64 well-known prefix: embedded IPv4
        AddrCase{"64:ff9b::a00:1", AC::kPrivate}, AddrCase{"64:ff9b::7f00:1", AC::kLoopback},
        AddrCase{"64:ff9b::127.0.0.1", AC::kLoopback}, AddrCase{"64:ff9b::808:808", AC::kPublic},
        AddrCase{"64:ff9b:1::1", AC::kReserved}, AddrCase{"64:ff9b:1::808:808", AC::kReserved},
        // discard
        AddrCase{"100::", AC::kReserved}, AddrCase{"100::1", AC::kReserved},
        // 2001::/23 IETF protocol assignments incl. Teredo
        AddrCase{"2001::", AC::kReserved}, AddrCase{"2001:0:4136:e378::1", AC::kReserved},
        AddrCase{"2001:1ff:ffff::1", AC::kReserved}, AddrCase{"2001:200::1", AC::kPublic},
        // documentation
        AddrCase{"2001:db8::1", AC::kDocumentation}, AddrCase{"2001:db8:ffff::1", AC::kDocumentation},
        AddrCase{"2001:db9::1", AC::kPublic}, AddrCase{"3fff::1", AC::kDocumentation},
        // 6to4: embedded IPv4
        AddrCase{"2002:7f00:1::", AC::kLoopback}, AddrCase{"2002:a00:1::1", AC::kPrivate},
        AddrCase{"2002:808:808::1", AC::kPublic},
        // local scopes
        AddrCase{"fc00::1", AC::kUniqueLocal}, AddrCase{"fd12:3456::1", AC::kUniqueLocal},
        AddrCase{"fdff:ffff::1", AC::kUniqueLocal}, AddrCase{"fe80::1", AC::kLinkLocal},
        AddrCase{"febf:ffff::1", AC::kLinkLocal}, AddrCase{"fec0::1", AC::kPrivate},
        AddrCase{"feff::1", AC::kPrivate},
        // multicast
        AddrCase{"ff02::1", AC::kMulticast}, AddrCase{"ff05::2", AC::kMulticast},
        // outside 2000::/3 → not global unicast
        AddrCase{"4000::1", AC::kReserved}, AddrCase{"1fff::1", AC::kReserved},
        // public
        AddrCase{"2606:4700::1", AC::kPublic}, AddrCase{"2a00:1450::1", AC::kPublic}));

TEST(TargetGuardClassify, SockaddrStorageDispatchesByFamily) {
  sockaddr_storage ss{};
  auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
  sin->sin_family = AF_INET;
  sin->sin_addr = v4("127.0.0.1");
  EXPECT_EQ(classifyAddress(ss), AC::kLoopback);

  ss = {};
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_addr = v6("::ffff:10.1.2.3");
  EXPECT_EQ(classifyAddress(ss), AC::kPrivate);
  sin6->sin6_addr = v6("2606:4700::1");
  EXPECT_EQ(classifyAddress(ss), AC::kPublic);

  ss = {};
  ss.ss_family = AF_UNIX;
  EXPECT_EQ(classifyAddress(ss), AC::kReserved);
}

TEST(TargetGuardClassify, OnlyPublicIsAllowed) {
  EXPECT_TRUE(isAllowedTarget(AC::kPublic));
  for (AC c : {AC::kLoopback, AC::kPrivate, AC::kLinkLocal, AC::kCgnat, AC::kMulticast, AC::kUnspecified,
               AC::kBroadcast, AC::kReserved, AC::kDocumentation, AC::kUniqueLocal, AC::kIpv4MappedBlocked}) {
    EXPECT_FALSE(isAllowedTarget(c)) << addressClassName(c);
  }
}

// ---------------------------------------------------------------------------------------------------
// Loose IPv4 parsing (inet_aton spellings)

struct LooseCase {
  const char* text;
  const char* dotted;  // nullptr = must be rejected
};

void PrintTo(const LooseCase& c, std::ostream* os) { *os << c.text; }

class TargetGuardIpv4Loose : public ::testing::TestWithParam<LooseCase> {};

TEST_P(TargetGuardIpv4Loose, Parses) {
  const auto& c = GetParam();
  auto a = parseIpv4Loose(c.text);
  if (c.dotted == nullptr) {
    EXPECT_FALSE(a.has_value()) << c.text;
    return;
  }
  ASSERT_TRUE(a.has_value()) << c.text;
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &*a, buf, sizeof buf);
  EXPECT_STREQ(buf, c.dotted) << c.text;
  // Cross-check against libc's inet_aton, the behaviour we mimic.
  in_addr libc{};
  ASSERT_EQ(inet_aton(c.text, &libc), 1) << c.text;
  EXPECT_EQ(libc.s_addr, a->s_addr) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Spellings, TargetGuardIpv4Loose,
    ::testing::Values(
        LooseCase{"127.0.0.1", "127.0.0.1"}, LooseCase{"2130706433", "127.0.0.1"},
        LooseCase{"0177.0.0.1", "127.0.0.1"}, LooseCase{"0x7f.0.0.1", "127.0.0.1"},
        LooseCase{"0X7F.0.0.1", "127.0.0.1"}, LooseCase{"0x7f000001", "127.0.0.1"},
        LooseCase{"127.1", "127.0.0.1"}, LooseCase{"127.0.1", "127.0.0.1"},
        LooseCase{"017700000001", "127.0.0.1"}, LooseCase{"0x7f.1", "127.0.0.1"},
        LooseCase{"10.0x10000", "10.1.0.0"}, LooseCase{"0", "0.0.0.0"},
        LooseCase{"4294967295", "255.255.255.255"}, LooseCase{"0xffffffff", "255.255.255.255"},
        LooseCase{"010.010.010.010", "8.8.8.8"}, LooseCase{"192.168.65535", "192.168.255.255"},
        // rejected
        LooseCase{"999.1.1.1", nullptr}, LooseCase{"1.2.3.4.5", nullptr}, LooseCase{"0x1g.0.0.1", nullptr},
        LooseCase{"4294967296", nullptr}, LooseCase{"0x100000000", nullptr}, LooseCase{"256.0.0.1", nullptr},
        LooseCase{"1.2.3.256", nullptr}, LooseCase{"1.2.65536", nullptr}, LooseCase{"1.16777216", nullptr},
        LooseCase{"08.0.0.1", nullptr}, LooseCase{"1..2.3", nullptr}, LooseCase{"1.2.3.", nullptr},
        LooseCase{".1.2.3", nullptr}, LooseCase{"", nullptr}, LooseCase{"0x", nullptr},
        LooseCase{"1.2.3.4 ", nullptr}, LooseCase{"-1.2.3.4", nullptr}, LooseCase{"+1.2.3.4", nullptr},
        LooseCase{"localhost", nullptr}, LooseCase{"99999999999999999999999", nullptr}));

TEST(TargetGuardIpv4Loose, SneakySpellingsClassifyAsLoopback) {
  for (const char* s : {"2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "017700000001"}) {
    auto a = parseIpv4Loose(s);
    ASSERT_TRUE(a.has_value()) << s;
    EXPECT_EQ(classifyAddress(*a), AC::kLoopback) << s;
  }
}

// ---------------------------------------------------------------------------------------------------
// URL parsing

void expectUrlRefused(std::string_view url, const std::string& why) {
  auto r = parseWebhookUrl(url);
  ASSERT_FALSE(r.ok()) << why << ": " << url;
  EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << why;
  EXPECT_EQ(r.error().field, "url") << why;
  EXPECT_FALSE(r.error().detail.empty()) << why;
}

TEST(TargetGuardUrl, RejectsMalformedAndUnsafeUrls) {
  struct Case {
    std::string url;
    const char* why;
  };
  const std::vector<Case> cases = {
      {"ftp://example.com/x", "ftp scheme"},
      {"file:///etc/passwd", "file scheme"},
      {"javascript:alert(1)", "javascript scheme"},
      {"gopher://example.com/", "gopher scheme"},
      {"https:example.com/x", "no //"},
      {"//example.com/x", "scheme-relative"},
      {"example.com/x", "no scheme"},
      {"", "empty"},
      {"https://", "missing host"},
      {"https:///path", "missing host with path"},
      {"https://:443/", "missing host with port"},
      {"https://?x=1", "missing host with query"},
      {"https://user:pw@example.com/", "userinfo with password"},
      {"https://user@example.com/", "userinfo"},
      {"https://@example.com/", "empty userinfo"},
      {"https://example.com@127.0.0.1/", "userinfo hiding the real host"},
      {"https://exa mple.com/", "space in host"},
      {"https://example.com/a b", "space in path"},
      {"https://example.com/\n", "newline"},
      {"https://example.com/\r\nX-Injected: 1", "CRLF"},
      {"https://example.com/\t", "tab"},
      {std::string("https://example.com/\0x", 22), "NUL"},
      {"https://example.com/\x7f", "DEL"},
      {"https://ex\xc3\xa4mple.com/", "non-ASCII (IDN)"},
      {"https://xn--exmple-cua.com/\xc3\xa4", "non-ASCII path"},
      {"https://example.com/#frag", "fragment"},
      {"https://example.com#", "empty fragment"},
      {"https://example.com\\@127.0.0.1/", "backslash"},
      {"https://example.com/a\\b", "backslash in path"},
      {"https://example.com/<x>", "angle brackets"},
      {"https://example.com/%zz", "bad percent-encoding"},
      {"https://example.com/%4", "truncated percent-encoding"},
      {"https://exa%6dple.com/", "percent-encoded host"},
      {"https://[::1", "unterminated IPv6"},
      {"https://[::1/x", "unterminated IPv6 with path"},
      {"https://[]/", "empty brackets"},
      {"https://[not-ipv6]/", "garbage in brackets"},
      {"https://[127.0.0.1]/", "IPv4 in brackets"},
      {"https://[fe80::1%25eth0]/", "zone id"},
      {"https://[::1]x/", "junk after bracket"},
      {"https://::1/", "unbracketed IPv6"},
      {"https://example.com:0/", "port 0"},
      {"https://example.com:70000/", "port 70000"},
      {"https://example.com:65536/", "port 65536"},
      {"https://example.com:/", "empty port"},
      {"https://example.com:44a/", "non-numeric port"},
      {"https://example.com:-1/", "negative port"},
      {"https://example.com:443:443/", "two ports"},
      {"https://[::1]:0/", "IPv6 port 0"},
      {"https://[::1]:/", "IPv6 empty port"},
      {"https://exa_mple.com/", "underscore"},
      {"https://.example.com/", "leading dot"},
      {"https://example..com/", "empty label"},
      {"https://example.com./", "trailing dot"},
      {"https://-example.com/", "leading hyphen"},
      {"https://example-.com/", "trailing hyphen"},
      {"https://" + std::string(64, 'a') + ".com/", "label > 63"},
      {"https://999.1.1.1/", "invalid IPv4 literal"},
      {"https://1.2.3.4.5/", "five-part IPv4"},
      {"https://0x1g.0.0.1/", "bad hex IPv4"},
      {"https://example.999/", "numeric last label that is not an IPv4"},
      {"https://example.com/" + std::string(2048, 'a'), "overlong"},
  };
  for (const auto& c : cases) expectUrlRefused(c.url, c.why);
}

TEST(TargetGuardUrl, LengthLimitIsInclusive) {
  std::string base = "https://hooks.example.com/";
  std::string at_limit = base + std::string(kMaxWebhookUrlLength - base.size(), 'a');
  EXPECT_TRUE(parseWebhookUrl(at_limit).ok());
  expectUrlRefused(at_limit + "a", "one over the limit");
}

TEST(TargetGuardUrl, AcceptsOrdinaryHttpsUrl) {
  auto r = parseWebhookUrl("https://hooks.example.com/x?y=1");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->scheme, "https");
  EXPECT_EQ(r->host, "hooks.example.com");
  EXPECT_EQ(r->port, 443);
  EXPECT_EQ(r->path_and_query, "/x?y=1");
  EXPECT_FALSE(r->host_is_literal);
}

TEST(TargetGuardUrl, AcceptsBracketedIpv6WithPort) {
  auto r = parseWebhookUrl("https://[2606:4700::1]:8443/p");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->host, "2606:4700::1");
  EXPECT_EQ(r->port, 8443);
  EXPECT_EQ(r->path_and_query, "/p");
  EXPECT_TRUE(r->host_is_literal);
}

TEST(TargetGuardUrl, AcceptsHttpLoopbackForParsingOnly) {
  auto r = parseWebhookUrl("http://127.0.0.1:9000/h");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->scheme, "http");
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 9000);
  EXPECT_EQ(r->path_and_query, "/h");
  EXPECT_TRUE(r->host_is_literal);
}

TEST(TargetGuardUrl, NormalisesCaseDefaultsAndEmptyPath) {
  auto r = parseWebhookUrl("HTTPS://Hooks.EXAMPLE.com");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->scheme, "https");
  EXPECT_EQ(r->host, "hooks.example.com");
  EXPECT_EQ(r->port, 443);
  EXPECT_EQ(r->path_and_query, "/");

  r = parseWebhookUrl("http://hooks.example.com?a=b");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->port, 80);
  EXPECT_EQ(r->path_and_query, "/?a=b");

  r = parseWebhookUrl("https://[2606:4700::ABCD]:1/");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->host, "2606:4700::abcd");
  EXPECT_EQ(r->port, 1);

  r = parseWebhookUrl("https://hooks.example.com:65535/a%20b/c;d=e?q=%2F&x=@y");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->host, "hooks.example.com");  // '@' after the authority is path data, not userinfo
  EXPECT_EQ(r->port, 65535);
  EXPECT_EQ(r->path_and_query, "/a%20b/c;d=e?q=%2F&x=@y");
}

TEST(TargetGuardUrl, LooseIpv4HostsAreLiterals) {
  for (const char* url :
       {"https://2130706433/", "https://0x7f.1/", "https://0177.0.0.1/", "https://127.1/"}) {
    auto r = parseWebhookUrl(url);
    ASSERT_TRUE(r.ok()) << url << ": " << r.error().detail;
    EXPECT_TRUE(r->host_is_literal) << url;
  }
  // A numeric label that is not last is an ordinary DNS name.
  auto r = parseWebhookUrl("https://127.0.0.1.example.com/");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_FALSE(r->host_is_literal);
}

// ---------------------------------------------------------------------------------------------------
// checkTarget with a fake resolver (hostnames never reach DNS)

struct FakeResolver {
  explicit FakeResolver(std::vector<std::string> a) : answers(std::move(a)) {}

  std::vector<std::string> answers;
  std::vector<std::string> seen_hosts;
  std::vector<uint16_t> seen_ports;

  Resolver fn() {
    return [this](const std::string& host, uint16_t port) -> Result<std::vector<std::string>> {
      seen_hosts.push_back(host);
      seen_ports.push_back(port);
      return answers;
    };
  }
};

Resolver mustNotResolve() {
  return [](const std::string& host, uint16_t) -> Result<std::vector<std::string>> {
    ADD_FAILURE() << "resolver called for literal host " << host;
    return makeError(ErrorCode::kInternal, "unexpected");
  };
}

void expectTargetRefused(const Result<ResolvedTarget>& r, const std::string& detail_part,
                         const std::string& why) {
  ASSERT_FALSE(r.ok()) << why;
  EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << why;
  EXPECT_EQ(r.error().field, "url") << why;
  EXPECT_NE(r.error().detail.find(detail_part), std::string::npos) << why << ": " << r.error().detail;
}

const GuardOptions kStrict{};
const GuardOptions kDev{.allow_private = true};

TEST(TargetGuardCheck, AllPublicAnswersAreAllowedAndReturnedForPinning) {
  FakeResolver fake{{"93.184.216.34", "2606:4700::1", "93.184.216.34"}};
  auto r = checkTarget("https://hooks.example.com:8443/x", kStrict, fake.fn());
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->addresses, (std::vector<std::string>{"93.184.216.34", "2606:4700::1"}));  // de-duplicated
  EXPECT_EQ(r->url.host, "hooks.example.com");
  EXPECT_EQ(fake.seen_hosts, std::vector<std::string>{"hooks.example.com"});
  EXPECT_EQ(fake.seen_ports, std::vector<uint16_t>{8443});
}

TEST(TargetGuardCheck, OneLoopbackAnswerAmongPublicRefusesTheHost) {
  FakeResolver fake{{"93.184.216.34", "127.0.0.1"}};
  expectTargetRefused(checkTarget("https://rebind.example.com/", kStrict, fake.fn()),
                      "resolves to a loopback address", "public + loopback");
}

TEST(TargetGuardCheck, EveryBlockedClassIsNamedInTheRefusal) {
  struct Case {
    const char* answer;
    const char* detail;
  };
  for (const auto& c : std::vector<Case>{{"10.1.2.3", "a private address"},
                                         {"169.254.169.254", "a link-local address"},
                                         {"100.64.0.1", "carrier-grade NAT"},
                                         {"0.0.0.0", "an unspecified address"},
                                         {"::", "an unspecified address"},
                                         {"fd00::1", "a unique-local address"},
                                         {"fe80::1", "a link-local address"},
                                         {"::2", "a reserved address"},
                                         {"::ffff:127.0.0.1", "a loopback address"},
                                         {"64:ff9b::a00:1", "a private address"},
                                         {"ff02::1", "a multicast address"},
                                         {"192.0.2.1", "a documentation address"},
                                         {"240.0.0.1", "a reserved address"}}) {
    FakeResolver fake{{"8.8.8.8", c.answer}};
    expectTargetRefused(checkTarget("https://hooks.example.com/", kStrict, fake.fn()), c.detail, c.answer);
  }
}

TEST(TargetGuardCheck, ResolverFailuresAndOddAnswersAreRefused) {
  FakeResolver empty{std::vector<std::string>{}};
  expectTargetRefused(checkTarget("https://hooks.example.com/", kStrict, empty.fn()), "did not resolve",
                      "empty");

  FakeResolver junk{{"8.8.8.8", "not-an-ip"}};
  expectTargetRefused(checkTarget("https://hooks.example.com/", kStrict, junk.fn()), "could not be checked",
                      "non-numeric answer");
  // Resolver answers are strict numeric text; the loose spellings are only for URL hosts.
  FakeResolver loose{{"0x7f.1"}};
  expectTargetRefused(checkTarget("https://hooks.example.com/", kDev, loose.fn()), "could not be checked",
                      "loose answer");

  Resolver failing = [](const std::string&, uint16_t) -> Result<std::vector<std::string>> {
    return makeError(ErrorCode::kValidationFailed, "The URL host could not be resolved.", "url");
  };
  expectTargetRefused(checkTarget("https://hooks.example.com/", kStrict, failing), "could not be resolved",
                      "resolver error");
}

TEST(TargetGuardCheck, HttpNeedsTheDevelopmentFlag) {
  FakeResolver fake{{"93.184.216.34"}};
  expectTargetRefused(checkTarget("http://hooks.example.com/", kStrict, fake.fn()), "https", "http strict");
  EXPECT_TRUE(fake.seen_hosts.empty()) << "scheme is checked before any resolution";

  auto r = checkTarget("http://hooks.example.com/", kDev, fake.fn());
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->url.port, 80);
  EXPECT_EQ(r->addresses, std::vector<std::string>{"93.184.216.34"});
}

TEST(TargetGuardCheck, LoopbackAllowedOnlyWithTheDevelopmentFlag) {
  FakeResolver fake{{"127.0.0.1", "::1"}};
  expectTargetRefused(checkTarget("https://dev.example.com/", kStrict, fake.fn()), "loopback", "strict");
  auto r = checkTarget("https://dev.example.com/", kDev, fake.fn());
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));

  auto lit = checkTarget("http://127.0.0.1:9000/h", kDev, mustNotResolve());
  ASSERT_TRUE(lit.ok()) << lit.error().detail;
  EXPECT_EQ(lit->addresses, std::vector<std::string>{"127.0.0.1"});
}

TEST(TargetGuardCheck, LiteralHostsAreClassifiedWithoutResolving) {
  struct Case {
    const char* url;
    const char* detail;
    const char* canonical;  // pinned address when the flag allows it
  };
  for (const auto& c : std::vector<Case>{
           {"https://127.0.0.1:1/", "loopback", "127.0.0.1"},
           {"https://[::1]:1/", "loopback", "::1"},
           {"https://[::ffff:127.0.0.1]/", "loopback", "::ffff:127.0.0.1"},
           {"https://[::ffff:7f00:1]/", "loopback", "::ffff:127.0.0.1"},
           {"https://[64:ff9b::7f00:1]/", "loopback", "64:ff9b::7f00:1"},
           {"https://[2002:7f00:1::]/", "loopback", "2002:7f00:1::"},
           {"https://2130706433/", "loopback", "127.0.0.1"},
           {"https://0x7f.1/", "loopback", "127.0.0.1"},
           {"https://0x7F000001/", "loopback", "127.0.0.1"},
           {"https://0177.0.0.1/", "loopback", "127.0.0.1"},
           {"https://017700000001/", "loopback", "127.0.0.1"},
           {"https://127.1/", "loopback", "127.0.0.1"},
           {"https://0/", "unspecified", "0.0.0.0"},
           {"https://[::]/", "unspecified", "::"},
           {"https://10.0.0.1/", "private", "10.0.0.1"},
           {"https://0xa9.0xfe.0xa9.0xfe/", "link-local", "169.254.169.254"},
           {"https://[fe80::1]/", "link-local", "fe80::1"},
           {"https://[fd12:3456::1]/", "unique-local", "fd12:3456::1"},
           {"https://255.255.255.255/", "broadcast", "255.255.255.255"},
           {"https://198.51.100.7/", "documentation", "198.51.100.7"},
       }) {
    expectTargetRefused(checkTarget(c.url, kStrict, mustNotResolve()), c.detail, c.url);
    auto dev = checkTarget(c.url, kDev, mustNotResolve());
    ASSERT_TRUE(dev.ok()) << c.url << ": " << dev.error().detail;
    EXPECT_EQ(dev->addresses, std::vector<std::string>{c.canonical}) << c.url;
  }
}

TEST(TargetGuardCheck, PublicLiteralsPassAndArePinnedCanonically) {
  auto r = checkTarget("https://[2606:4700:0::1]:8443/p", kStrict, mustNotResolve());
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->addresses, std::vector<std::string>{"2606:4700::1"});

  r = checkTarget("https://0x5d.0270.55330/", kStrict, mustNotResolve());  // 93.184.216.34, spelled oddly
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->addresses, std::vector<std::string>{"93.184.216.34"});

  r = checkTarget("https://[::ffff:8.8.8.8]/", kStrict, mustNotResolve());
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->addresses, std::vector<std::string>{"::ffff:8.8.8.8"});
}

TEST(TargetGuardCheck, ParseErrorsPropagate) {
  expectTargetRefused(checkTarget("https://user@hooks.example.com/", kDev, mustNotResolve()), "credentials",
                      "userinfo even in dev");
  expectTargetRefused(checkTarget("ftp://hooks.example.com/", kDev, mustNotResolve()), "scheme",
                      "ftp in dev");
}

// The only real resolution in this file: "localhost" must come back as loopback.
TEST(TargetGuardCheck, SystemResolverLocalhost) {
  expectTargetRefused(checkTarget("https://localhost:1/", kStrict), "loopback", "localhost strict");
  auto r = checkTarget("https://localhost:1/", kDev);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_FALSE(r->addresses.empty());
  for (const auto& a : r->addresses) {
    in_addr a4{};
    in6_addr a6{};
    if (inet_pton(AF_INET, a.c_str(), &a4) == 1) {
      EXPECT_EQ(classifyAddress(a4), AC::kLoopback) << a;
    } else {
      ASSERT_EQ(inet_pton(AF_INET6, a.c_str(), &a6), 1) << a;
      EXPECT_EQ(classifyAddress(a6), AC::kLoopback) << a;
    }
  }
}

}  // namespace
}  // namespace gaflight::webhook
