#pragma once
// A webhook::Sender without sockets: it keeps what the engine started and hands back the
// completions the test scripts, on the next collect().
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "webhook/sender.hpp"

namespace gaflight::testing {

class FakeSender final : public webhook::Sender {
 public:
  // What the test sees; shared so it outlives the engine that owns the sender.
  struct State {
    std::vector<webhook::SendRequest> started;  // every request, in order
    std::map<uint64_t, bool> open;              // tickets started and not completed yet
    std::vector<webhook::SendCompletion> pending;
    std::optional<std::string> refuse_with;  // start() fails with this while set
    int wakeups = 0;
  };

  explicit FakeSender(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::optional<std::string> start(webhook::SendRequest request) override {
    if (state_->refuse_with) return state_->refuse_with;
    state_->open[request.ticket] = true;
    state_->started.push_back(std::move(request));
    return std::nullopt;
  }
  std::vector<webhook::SendCompletion> collect() override {
    std::vector<webhook::SendCompletion> out;
    out.swap(state_->pending);
    for (const auto& c : out) state_->open.erase(c.ticket);
    return out;
  }
  void wait(std::chrono::milliseconds /*timeout*/) override {}
  void wakeup() override { ++state_->wakeups; }

 private:
  std::shared_ptr<State> state_;
};

// Scripts the receiver's answer to a started request.
inline void answer(FakeSender::State& s, const webhook::SendRequest& r, int64_t status,
                   std::string excerpt = "ok", int64_t latency_ms = 42) {
  webhook::SendCompletion c;
  c.ticket = r.ticket;
  c.status_code = status;
  c.excerpt = std::move(excerpt);
  c.latency_ms = latency_ms;
  s.pending.push_back(std::move(c));
}

inline void failTransport(FakeSender::State& s, const webhook::SendRequest& r, std::string error) {
  webhook::SendCompletion c;
  c.ticket = r.ticket;
  c.transport_error = std::move(error);
  s.pending.push_back(std::move(c));
}

}  // namespace gaflight::testing
