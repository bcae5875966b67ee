#include "http/message.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "core/utf8.hpp"

namespace gaflight::http {

std::string toLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

size_t Request::headerCount(std::string_view name) const {
  size_t n = 0;
  for (const auto& h : headers) n += iequals(h.name, name) ? 1 : 0;
  return n;
}

const std::string* Request::queryParam(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

size_t Request::queryCount(std::string_view name) const {
  size_t n = 0;
  for (const auto& [k, v] : query) n += k == name ? 1 : 0;
  return n;
}

const std::string* Response::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

namespace {
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool percentDecode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return false;
      out.push_back(d);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '\0') {
      return false;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

void parseTarget(Request& req) {
  std::string_view t = req.target;
  size_t q = t.find('?');
  std::string_view raw_path = t.substr(0, q);
  if (!percentDecode(raw_path, req.path, false)) req.path_malformed = true;
  if (q == std::string_view::npos) return;
  std::string_view qs = t.substr(q + 1);
  while (!qs.empty()) {
    size_t amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string k, v;
    bool ok = percentDecode(part.substr(0, eq), k, true);
    if (eq != std::string_view::npos) ok = percentDecode(part.substr(eq + 1), v, true) && ok;
    // Text that is not UTF-8 is refused here, before a filter could carry it to PostgreSQL (a 500 there).
    if (!ok || !utf8::isValid(k) || !utf8::isValid(v)) {
      req.query_malformed = true;
      continue;
    }
    req.query.emplace_back(std::move(k), std::move(v));
  }
}

std::string canonicalAddress(std::string_view text) {
  std::string in(text);
  unsigned char bytes[sizeof(in6_addr)];
  char out[INET6_ADDRSTRLEN];
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, in.c_str(), bytes) == 1 && inet_ntop(family, bytes, out, sizeof out)) return out;
  }
  return {};
}

std::string clientAddress(const Request& req, const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || canonicalAddress(req.remote_ip) != trusted_proxy) return req.remote_ip;
  const std::string* forwarded = nullptr;  // the last header: proxies append
  for (const auto& h : req.headers) {
    if (h.name == "x-forwarded-for") forwarded = &h.value;
  }
  if (!forwarded) return req.remote_ip;
  auto comma = forwarded->rfind(',');
  std::string_view last = std::string_view(*forwarded).substr(comma == std::string::npos ? 0 : comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  std::string address = canonicalAddress(last);
  return address.empty() ? req.remote_ip : address;
}

}  // namespace gaflight::http
