#pragma once
// Tells the delivery engine that new deliveries were committed (it also polls, so a lost wake-up
// only costs latency). Lives beside the engine so services depend on webhook/, never the reverse.
#include <atomic>

namespace gaflight::webhook {

class DeliveryNotifier {
 public:
  virtual ~DeliveryNotifier() = default;
  virtual void wake() = 0;
};

class NoopNotifier final : public DeliveryNotifier {
 public:
  void wake() override {}
};

// Lets services be built before the engine that will receive their wake-ups.
class ForwardingNotifier final : public DeliveryNotifier {
 public:
  void setTarget(DeliveryNotifier* t) { target_.store(t); }
  void wake() override {
    if (auto* t = target_.load()) t->wake();
  }

 private:
  std::atomic<DeliveryNotifier*> target_{nullptr};
};

}  // namespace gaflight::webhook
