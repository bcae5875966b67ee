#pragma once
// Runs one function every `interval` on its own thread until stopped; the first run comes one interval
// after the start. Stopping wakes the thread at once, so shutdown never waits out an interval.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace gaflight {

class PeriodicTask {
 public:
  // `work` must not throw: it runs on a thread nobody joins until stop().
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> work);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;
  void stop();

 private:
  std::chrono::milliseconds interval_;
  std::function<void()> work_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gaflight
