#pragma once
// A real (tiny) HTTP/1.1 server on 127.0.0.1 that records webhook deliveries and answers with a
// configurable status — a fake only in what it does with the request, not in how it is reached.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gaflight::testing {

struct ReceivedRequest {
  std::string method, target, body;
  std::map<std::string, std::string> headers;  // lower-case names
};

class FakeReceiver {
 public:
  FakeReceiver();
  ~FakeReceiver();
  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void setStatus(int status) { status_ = status; }
  // Reads requests but never answers (a stuck receiver); they are still recorded.
  void setHang(bool hang) { hang_ = hang; }
  // Hangs only requests to this path (two endpoints on one host, one of them stuck).
  void setHangPath(const std::string& path) {
    std::lock_guard lock(mu_);
    hang_path_ = path;
  }
  std::vector<ReceivedRequest> received() const;
  // Waits (real time) until at least `n` requests arrived; false on timeout.
  bool waitFor(size_t n, std::chrono::milliseconds timeout) const;

 private:
  void serve();
  void handle(int fd);
  std::vector<std::thread> workers_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> status_{200};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> hang_{false};
  std::string hang_path_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<ReceivedRequest> received_;
  std::thread thread_;
};

}  // namespace gaflight::testing
