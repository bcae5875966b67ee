#pragma once
// Per-key token bucket (SPEC §3): `rate` tokens per second, capacity `burst`.
#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace gaflight::service {

class RateLimiter {
 public:
  struct Decision {
    bool allowed;
    int64_t limit;          // RateLimit-Limit: the burst capacity
    int64_t remaining;      // RateLimit-Remaining: whole tokens left after this request
    int64_t reset_seconds;  // RateLimit-Reset: seconds until the bucket is full again
    int64_t retry_after;    // Retry-After when refused: seconds until one token is available
  };
  // At most `max_buckets` buckets are kept (memory stays bounded whatever the keys): beyond it,
  // refilled buckets go first (forgetting them changes nothing), then the least recently used.
  static constexpr size_t kDefaultMaxBuckets = 100'000;
  RateLimiter(double rate, double burst, const Clock& clock, size_t max_buckets = kDefaultMaxBuckets)
      : rate_(rate),
        burst_(burst),
        clock_(clock),
        max_per_shard_(std::max<size_t>(1, max_buckets / kShards)) {}
  Decision take(const std::string& key);
  size_t bucketCount();

 private:
  struct Bucket {
    double tokens;
    double updated;  // seconds
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr size_t kShards = 16;
  void evict(Shard& shard, double now);
  double rate_, burst_;
  const Clock& clock_;
  size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace gaflight::service
