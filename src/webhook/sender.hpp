#pragma once
// The delivery engine's seam to the network: it hands over one signed POST per claimed delivery
// and collects what finished. The engine decides what an outcome means (success, retry, failure);
// a sender only moves bytes. CurlSender is the real one; unit tests use a fake.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gaflight::webhook {

struct SendRequest {
  uint64_t ticket = 0;  // chosen by the engine; comes back on the completion
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // the signed headers
  std::string body;
};

struct SendCompletion {
  uint64_t ticket = 0;
  std::optional<int64_t> status_code;  // when the receiver answered
  int64_t latency_ms = 0;
  std::string excerpt;  // at most the first 4 KiB of the response body
  // Set when the exchange itself failed (refused address, timeout, TLS, reset): the status, if any,
  // is then not the receiver's verdict.
  std::optional<std::string> transport_error;
};

class Sender {
 public:
  virtual ~Sender() = default;
  // Starts one POST; returns the reason when it cannot even start (nothing is then in flight).
  virtual std::optional<std::string> start(SendRequest request) = 0;
  // Advances transfers without blocking and returns those that finished since the last call.
  virtual std::vector<SendCompletion> collect() = 0;
  // Blocks until a transfer has progress, `wakeup()` is called or `timeout` passes.
  virtual void wait(std::chrono::milliseconds timeout) = 0;
  // Ends a `wait` early; safe from any thread.
  virtual void wakeup() = 0;
};

}  // namespace gaflight::webhook
