#include "core/background_queue.hpp"

namespace gaflight {

BackgroundQueue::BackgroundQueue(size_t capacity) : capacity_(capacity), worker_([this] { run(); }) {}

BackgroundQueue::~BackgroundQueue() { drain(); }

bool BackgroundQueue::post(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || jobs_.size() >= capacity_) return false;
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

void BackgroundQueue::drain() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (worker_.joinable()) worker_.join();
}

void BackgroundQueue::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (...) {  // NOLINT(bugprone-empty-catch) best-effort jobs; failures are not fatal
    }
  }
}

}  // namespace gaflight
