#pragma once
// Per-key token bucket (SPEC §3): `rate` tokens per second, capacity `burst`.
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
  RateLimiter(double rate, double burst, const Clock& clock) : rate_(rate), burst_(burst), clock_(clock) {}
  Decision take(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    double updated;  // seconds
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  double rate_, burst_;
  const Clock& clock_;
  std::array<Shard, 16> shards_;
};

}  // namespace gaflight::service
