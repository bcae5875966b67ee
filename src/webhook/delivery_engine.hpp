#pragma once
// The delivery engine (SPEC §5): claims due deliveries with a lease, hands them to a Sender on its own
// thread, records every attempt and schedules retries. A crash leaves leases that expire, so another
// run picks the work up again (at-least-once).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "storage/sql.hpp"
#include "webhook/notifier.hpp"
#include "webhook/secret_box.hpp"
#include "webhook/sender.hpp"

namespace gaflight::observability {
class Metrics;
}

namespace gaflight::webhook {

struct EngineOptions {
  bool allow_private_targets = false;
  int max_in_flight = 512;    // transfers at once, all endpoints
  int per_endpoint = 16;      // transfers at once to one endpoint: a slow one cannot take every slot
  int64_t lease_ms = 15'000;  // > total timeout, so a live worker never loses its lease
  int64_t poll_ms = 200;      // fallback when no wake-up arrives (other processes, retries)
  long connect_timeout_ms = 5'000;
  long total_timeout_ms = 10'000;
  int retention_days = 30;
};

class DeliveryEngine final : public DeliveryNotifier {
 public:
  // Sends through a CurlSender built from `options`.
  DeliveryEngine(storage::Database& db, const Clock& clock, const SecretBox& box,
                 observability::Metrics& metrics, EngineOptions options);
  DeliveryEngine(storage::Database& db, const Clock& clock, const SecretBox& box,
                 observability::Metrics& metrics, EngineOptions options, std::unique_ptr<Sender> sender);
  ~DeliveryEngine() override;
  DeliveryEngine(const DeliveryEngine&) = delete;
  DeliveryEngine& operator=(const DeliveryEngine&) = delete;

  void start();
  // Stops sending; in-flight deliveries get their leases released so they are claimable at once.
  void stop();
  void wake() override;
  // Runs retention pruning and auto-disable now (also done every minute).
  void runMaintenance();
  // One pass of the loop without waiting: maintenance when due, claim and start what is due (within
  // the caps), record what finished. The thread calls it between waits; tests call it directly
  // instead of start(), never both.
  void runOnce();
  // Releases the leases of deliveries still in flight (what stop() does after the loop ends).
  void releaseInFlight();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gaflight::webhook
