#pragma once
// The real Sender: libcurl's multi interface, many transfers on the engine's one thread. It holds the
// send-time half of the SSRF guard (every connected address is classified), the timeouts of SPEC §5
// and the 4 KiB excerpt cap.
#include <map>
#include <memory>

#include "webhook/sender.hpp"

namespace gaflight::webhook {

struct CurlSenderOptions {
  bool allow_private_targets = false;  // development only: http and loopback/private addresses
  long connect_timeout_ms = 5'000;
  long total_timeout_ms = 10'000;
};

class CurlSender final : public Sender {
 public:
  explicit CurlSender(CurlSenderOptions options);
  ~CurlSender() override;
  CurlSender(const CurlSender&) = delete;
  CurlSender& operator=(const CurlSender&) = delete;

  std::optional<std::string> start(SendRequest request) override;
  std::vector<SendCompletion> collect() override;
  void wait(std::chrono::milliseconds timeout) override;
  void wakeup() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gaflight::webhook
