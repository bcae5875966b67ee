#pragma once
// Time is an interface so tests can drive it (fake clock) instead of sleeping.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gaflight {

using SysTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SysTime now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SysTime now() const override { return std::chrono::system_clock::now(); }
};

namespace timefmt {
// Instants are stored and rendered as RFC 3339 UTC with second precision: "2026-05-28T12:03:11Z".
// The fixed width makes string order equal time order, which the keyset queries rely on.
std::string formatInstant(SysTime t);
std::string formatInstant(int64_t unix_seconds);
int64_t toUnixSeconds(SysTime t);
// Accepts RFC 3339 with 'Z' or a numeric offset and optional fraction; returns unix seconds.
std::optional<int64_t> parseInstant(std::string_view text);
// Strict YYYY-MM-DD with a real calendar date.
bool isValidDate(std::string_view text);
std::string formatDate(int64_t unix_seconds);
// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm, public domain description).
int64_t daysFromCivil(int y, unsigned m, unsigned d);
}  // namespace timefmt

}  // namespace gaflight
