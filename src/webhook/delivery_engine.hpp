#pragma once
// The delivery engine (SPEC §5): claims due deliveries with a lease, sends them through libcurl's
// multi interface on its own thread, records every attempt and schedules retries. A crash leaves
// leases that expire, so another run picks the work up again (at-least-once).
#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "service/events.hpp"
#include "service/webhook_service.hpp"
#include "storage/sql.hpp"

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

class DeliveryEngine final : public service::DeliveryNotifier {
 public:
  DeliveryEngine(storage::Database& db, const Clock& clock, const service::SecretBox& box,
                 observability::Metrics& metrics, EngineOptions options);
  ~DeliveryEngine() override;
  DeliveryEngine(const DeliveryEngine&) = delete;
  DeliveryEngine& operator=(const DeliveryEngine&) = delete;

  void start();
  // Stops sending; in-flight deliveries get their leases released so they are claimable at once.
  void stop();
  void wake() override;
  // Runs retention pruning and auto-disable now (also done every minute).
  void runMaintenance();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gaflight::webhook
