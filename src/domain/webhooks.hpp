#pragma once
// Events and webhook rules (SPEC §4–5): the event catalog, the retry schedule, and records.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gaflight::domain {

const std::vector<std::string>& eventTypeCatalog();  // flight.submitted, …, webhook.test
bool isKnownEventType(const std::string& t);

inline constexpr int kMaxDeliveryAttempts = 5;
inline constexpr int64_t kSecondaryGraceSeconds = int64_t{72} * 3600;
inline constexpr int64_t kAutoDisableAfterSeconds = int64_t{5} * 24 * 3600;

// Delay before attempt `next_attempt` (2..5) after a failure: 1 s, 5 s, 25 s, 125 s, each scaled
// by a jitter factor in [0.9, 1.1] (`unit_random` in [0, 1)). Milliseconds.
int64_t retryDelayMs(int next_attempt, double unit_random);

// A replay re-sends an event to every subscribed endpoint, so an API key could multiply deliveries
// to the installing organisation's receivers: one replay per event per cooldown (both APIs share it).
inline constexpr int64_t kReplayCooldownSeconds = 60;
// Seconds until the event may be replayed again (0 = now), given its last replay (unix seconds).
int64_t replayWaitSeconds(std::optional<int64_t> last_replay, int64_t now);

struct EventRecord {
  std::string id, org_id, type, body, created_at;  // body: the envelope, exact bytes sent
  // Where the change clock placed the event (>= created_at); the key of the events' change order.
  std::string updated_at = {};
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

struct WebhookEndpoint {
  std::string id, org_id, url, description;
  std::vector<std::string> event_types;
  bool active = true;
  std::optional<std::string> disabled_reason, secondary_expires_at, failing_since;
  std::string created_at, updated_at;
};

struct WebhookAttempt {
  int attempt = 0;
  std::string started_at;
  std::optional<int64_t> status_code;
  int64_t latency_ms = 0;
  std::optional<std::string> response_excerpt, error;
  bool succeeded = false;
};

struct WebhookDelivery {
  std::string id, org_id, endpoint_id, event_id, event_type, status;
  int attempt_count = 0;
  std::optional<int64_t> next_attempt_ms;
  std::string created_at, updated_at;
  std::vector<WebhookAttempt> attempts;
};

}  // namespace gaflight::domain
