#include "service/response_cache.hpp"

namespace gaflight::service {

std::shared_ptr<const std::string> ResponseCache::get(const std::string& key) {
  if (!enabled()) return nullptr;
  auto now = std::chrono::steady_clock::now();
  uint64_t gen = generation_.value();
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.generation != gen || it->second.expires <= now) {
    ++misses_;
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  ++hits_;
  return it->second.body;
}

void ResponseCache::put(const std::string& key, std::shared_ptr<const std::string> body,
                        uint64_t generation_at_read) {
  if (!enabled() || generation_at_read != generation_.value()) return;  // a write raced the read
  auto expires = std::chrono::steady_clock::now() + ttl_;
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second.body = std::move(body);
    it->second.generation = generation_at_read;
    it->second.expires = expires;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return;
  }
  while (entries_.size() >= max_entries_ && !lru_.empty()) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  lru_.push_front(key);
  entries_.emplace(key, Entry{std::move(body), generation_at_read, expires, lru_.begin()});
}

}  // namespace gaflight::service
