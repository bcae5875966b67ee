#pragma once
// A small micro-cache of rendered public list pages. Entries die when (a) this process writes
// operations data (the generation moves) or (b) their time-to-live passes, which bounds how stale
// a page can be after a write made by another process sharing the database. Authentication,
// scope checks and rate limiting still run on every request; only the rendered body is reused.
#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace gaflight::service {

class DataGeneration {
 public:
  void bump() { value_.fetch_add(1, std::memory_order_acq_rel); }
  uint64_t value() const { return value_.load(std::memory_order_acquire); }

 private:
  std::atomic<uint64_t> value_{1};
};

class ResponseCache {
 public:
  ResponseCache(const DataGeneration& generation, std::chrono::milliseconds ttl, size_t max_entries)
      : generation_(generation), ttl_(ttl), max_entries_(max_entries) {}
  bool enabled() const { return max_entries_ > 0 && ttl_.count() > 0; }
  std::shared_ptr<const std::string> get(const std::string& key);
  // `generation_at_read` is the generation observed before the data was read.
  void put(const std::string& key, std::shared_ptr<const std::string> body, uint64_t generation_at_read);
  uint64_t hits() const { return hits_.load(); }
  uint64_t misses() const { return misses_.load(); }

 private:
  struct Entry {
    std::shared_ptr<const std::string> body;
    uint64_t generation;
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator lru;
  };
  const DataGeneration& generation_;
  std::chrono::milliseconds ttl_;
  size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front = most recent
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace gaflight::service
