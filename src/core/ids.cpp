#include "core/ids.hpp"

#include <chrono>

#include "core/crypto.hpp"

namespace gaflight::ids {

namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
bool isCrockford(char c) {
  for (const char* p = kCrockford; *p; ++p) {
    if (*p == c) return true;
  }
  return false;
}
}  // namespace

std::string newUuid() {
  std::string b = crypto::randomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  std::string hex = crypto::toHex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

bool isUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string newUlid(int64_t ms) {
  // 48-bit timestamp (10 chars) + 80 random bits (16 chars).
  std::string out(26, '0');
  uint64_t t = static_cast<uint64_t>(ms);
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kCrockford[t & 31];
    t >>= 5;
  }
  std::string r = crypto::randomBytes(10);
  // 80 bits -> 16 base32 digits.
  unsigned __int128 acc = 0;
  for (unsigned char c : r) acc = (acc << 8) | c;
  for (int i = 25; i >= 10; --i) {
    out[static_cast<size_t>(i)] = kCrockford[static_cast<unsigned>(acc & 31)];
    acc >>= 5;
  }
  return out;
}

std::string newUlid() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return newUlid(ms);
}

std::string prefixed(std::string_view prefix, int64_t ms) { return std::string(prefix) + newUlid(ms); }
std::string prefixed(std::string_view prefix) { return std::string(prefix) + newUlid(); }

bool isPrefixedId(std::string_view s, std::string_view prefix) {
  if (s.size() != prefix.size() + 26 || s.substr(0, prefix.size()) != prefix) return false;
  for (char c : s.substr(prefix.size())) {
    if (!isCrockford(c)) return false;
  }
  return true;
}

}  // namespace gaflight::ids
