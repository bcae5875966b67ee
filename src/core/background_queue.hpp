#pragma once
// One worker thread running small best-effort jobs off the request path (e.g. last_used_at
// updates). Bounded: when full, new jobs are dropped rather than blocking a caller.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace gaflight {

class BackgroundQueue {
 public:
  explicit BackgroundQueue(size_t capacity = 10'000);
  ~BackgroundQueue();
  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;
  bool post(std::function<void()> job);  // false when dropped
  void drain();                          // runs what is queued, then stops the worker

 private:
  void run();
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace gaflight
