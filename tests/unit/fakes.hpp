#pragma once
// Shared test doubles. Nothing here touches the real clock, network or file system.
#include <chrono>
#include <cstdint>
#include <mutex>

#include "core/clock.hpp"

namespace gaflight::testing {

// A Clock whose time only moves when the test says so.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_seconds = 1'780'000'000) : now_(fromSeconds(unix_seconds)) {}

  SysTime now() const override {
    std::lock_guard lock(mu_);
    return now_;
  }
  void set(SysTime t) {
    std::lock_guard lock(mu_);
    now_ = t;
  }
  void setSeconds(int64_t unix_seconds) { set(fromSeconds(unix_seconds)); }
  template <typename Rep, typename Period>
  void advance(std::chrono::duration<Rep, Period> d) {
    std::lock_guard lock(mu_);
    now_ += std::chrono::duration_cast<SysTime::duration>(d);
  }
  int64_t seconds() const { return timefmt::toUnixSeconds(now()); }

 private:
  static SysTime fromSeconds(int64_t s) { return SysTime(std::chrono::seconds(s)); }
  mutable std::mutex mu_;
  SysTime now_;
};

}  // namespace gaflight::testing
