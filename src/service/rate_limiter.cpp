#include "service/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace gaflight::service {

RateLimiter::Decision RateLimiter::take(const std::string& key) {
  double now = std::chrono::duration<double>(clock_.now().time_since_epoch()).count();
  Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(shard.mu);
  auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, now - b.updated) * rate_);
    b.updated = now;
  }
  Decision d{};
  d.limit = static_cast<int64_t>(burst_);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    d.allowed = true;
  } else {
    d.allowed = false;
    d.retry_after = std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / rate_)));
  }
  d.remaining = static_cast<int64_t>(std::floor(b.tokens));
  d.reset_seconds = static_cast<int64_t>(std::ceil((burst_ - b.tokens) / rate_));
  return d;
}

}  // namespace gaflight::service
