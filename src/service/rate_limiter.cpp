#include "service/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

namespace gaflight::service {

RateLimiter::Decision RateLimiter::take(const std::string& key) {
  double now = std::chrono::duration<double>(clock_.now().time_since_epoch()).count();
  Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(shard.mu);
  if (shard.buckets.size() >= max_per_shard_ && !shard.buckets.count(key)) evict(shard, now);
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

void RateLimiter::evict(Shard& shard, double now) {
  auto& m = shard.buckets;
  for (auto it = m.begin(); it != m.end();) {
    bool refilled = it->second.tokens + std::max(0.0, now - it->second.updated) * rate_ >= burst_;
    it = refilled ? m.erase(it) : std::next(it);
  }
  if (m.size() < max_per_shard_) return;
  // All still draining: drop the least recently used quarter (a forgotten key starts full again).
  std::vector<std::pair<double, std::string>> by_age;
  by_age.reserve(m.size());
  for (const auto& [k, b] : m) by_age.emplace_back(b.updated, k);
  size_t drop = std::max<size_t>(1, m.size() - max_per_shard_ * 3 / 4);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop - 1), by_age.end());
  for (size_t i = 0; i < drop; ++i) m.erase(by_age[i].second);
}

size_t RateLimiter::bucketCount() {
  size_t n = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.buckets.size();
  }
  return n;
}

}  // namespace gaflight::service
