#include "config/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/crypto.hpp"
#include "http/message.hpp"

namespace gaflight::config {

namespace {
Error configError(std::string msg) { return makeError(ErrorCode::kInvalidParameter, std::move(msg)); }

std::optional<std::string> decodeKey(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  if (t.size() == 64) {
    std::string raw;
    for (size_t i = 0; i < 64; i += 2) {
      unsigned v = 0;
      auto [p, ec] = std::from_chars(t.data() + i, t.data() + i + 2, v, 16);
      if (ec != std::errc() || p != t.data() + i + 2) return std::nullopt;
      raw.push_back(static_cast<char>(v));
    }
    return raw;
  }
  auto raw = crypto::base64Decode(t);
  if (raw && raw->size() == 32) return raw;
  return std::nullopt;
}
}  // namespace

std::string sqlitePath(const std::string& db_url) {
  return db_url.rfind("sqlite:", 0) == 0 ? db_url.substr(7) : std::string();
}

Status validate(Config& c) {
  auto colon = c.listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return configError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  c.host = c.listen.substr(0, colon);
  if (c.host.size() > 2 && c.host.front() == '[' && c.host.back() == ']')
    c.host = c.host.substr(1, c.host.size() - 2);
  int port = -1;
  auto ps = c.listen.substr(colon + 1);
  auto [p, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), port);
  if (ec != std::errc() || p != ps.data() + ps.size() || port < 0 || port > 65535) {
    return configError("--listen port must be 0–65535");
  }
  c.port = static_cast<uint16_t>(port);
  if (c.tls_cert_file.empty() != c.tls_key_file.empty())
    return configError("--tls-cert and --tls-key go together (PEM certificate chain and its private key)");
  if (!c.tls_cert_file.empty()) {
    c.secure_cookies = true;  // a TLS-only server's session cookie is Secure and __Host- prefixed
  }
  if (!c.trusted_proxy.empty()) {
    std::string canonical = http::canonicalAddress(c.trusted_proxy);
    if (canonical.empty()) return configError("--trusted-proxy must be an IPv4 or IPv6 address");
    c.trusted_proxy = canonical;
  }
  auto rc = c.rate_limit.find(':');
  try {
    if (rc == std::string::npos) throw std::invalid_argument("x");
    size_t used = 0;
    c.rate = std::stod(c.rate_limit.substr(0, rc), &used);
    if (used != rc) throw std::invalid_argument("x");
    auto burst_text = c.rate_limit.substr(rc + 1);
    c.burst = std::stod(burst_text, &used);
    if (used != burst_text.size()) throw std::invalid_argument("x");
  } catch (...) {
    return configError("--rate-limit must be RATE:BURST, e.g. 100:200");
  }
  if (!(c.rate > 0) || !(c.burst >= 1)) return configError("--rate-limit needs RATE > 0 and BURST >= 1");
  if (c.io_threads < 1 || c.io_threads > 64) return configError("--io-threads must be 1–64");
  if (c.handler_threads < 1 || c.handler_threads > 256) return configError("--handler-threads must be 1–256");
  if (c.db_busy_timeout_ms < 1 || c.db_busy_timeout_ms > 600'000)
    return configError("--db-busy-timeout-ms must be 1–600000");
  if (c.limits.max_connections_per_ip < 1) return configError("--max-connections-per-ip must be at least 1");
  if (c.db_url.rfind("sqlite:", 0) != 0 && c.db_url.rfind("postgres://", 0) != 0 &&
      c.db_url.rfind("postgresql://", 0) != 0) {
    return configError("--db must be sqlite:PATH or a postgres:// URL");
  }
  return okStatus();
}

std::string loadMasterKey(const Config& c) {
  if (!c.master_key_b64.empty()) {
    auto key = decodeKey(c.master_key_b64);
    if (!key)
      throw std::runtime_error("GAFLIGHT_MASTER_KEY must be 32 bytes, as base64 or 64 hex characters");
    return *key;
  }
  std::string db = sqlitePath(c.db_url);
  if (db.empty()) throw std::runtime_error("GAFLIGHT_MASTER_KEY is required with a PostgreSQL database");
  std::string path = db + ".key";
  std::ifstream in(path);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    auto key = decodeKey(ss.str());
    if (!key) throw std::runtime_error("the master key file " + path + " is damaged");
    return *key;
  }
  std::string key = crypto::randomBytes(32);
  // O_EXCL: two processes starting together must not each write a different key.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    std::ifstream again(path);
    std::stringstream ss;
    ss << again.rdbuf();
    auto existing = decodeKey(ss.str());
    if (!existing) throw std::runtime_error("cannot create the master key file " + path);
    return *existing;
  }
  std::string text = crypto::base64Encode(key) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write the master key file " + path);
  return key;
}

}  // namespace gaflight::config
