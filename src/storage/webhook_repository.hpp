#pragma once
// Events, webhook endpoints, deliveries and attempts. Scheduling columns are unix milliseconds
// (retries are 1 s ± 10 %, finer than the second-precision instants used elsewhere).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/webhooks.hpp"
#include "storage/list_sql.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct EndpointRow {
  domain::WebhookEndpoint endpoint;
  std::string secret_sealed;
  std::optional<std::string> secondary_sealed;
};

// A claimed delivery with everything needed to send it.
struct ClaimedDelivery {
  std::string id, org_id, endpoint_id, event_id, event_type, body, url;
  int attempt = 0;  // the number of the attempt about to be made
  int max_attempts = 5;
  bool endpoint_usable = true;  // false: endpoint deleted or disabled since the delivery was created
  std::string secret_sealed;
  std::optional<std::string> secondary_sealed, secondary_expires_at;
};

enum class CandidateLocking { kNone, kSkipLocked };

struct DueCandidate {
  std::string id, endpoint_id;
};

struct AttemptRecord {
  std::string delivery_id;
  domain::WebhookAttempt attempt;
};

class WebhookRepository {
 public:
  explicit WebhookRepository(Connection& c) : c_(c) {}

  void insertEvent(const domain::EventRecord& e);
  std::optional<domain::EventRecord> findEvent(const std::string& org, const std::string& id);
  // When the event was last replayed (RFC 3339), and recording a replay; run both in one write
  // transaction so the cooldown holds across processes sharing the database.
  std::optional<std::string> lastReplayAt(const std::string& org, const std::string& id);
  void setLastReplayAt(const std::string& org, const std::string& id, const std::string& at);
  std::vector<domain::EventRecord> listEvents(const std::string& org, const std::optional<std::string>& type,
                                              const std::optional<std::string>& updated_since,
                                              const Keyset& page);

  void insertEndpoint(const domain::WebhookEndpoint& e, const std::string& secret_sealed);
  void updateEndpoint(const domain::WebhookEndpoint& e);
  void rotateSecret(const std::string& id, const std::string& primary, const std::string& secondary,
                    const std::string& secondary_expires_at, const std::string& now);
  bool softDeleteEndpoint(const std::string& org, const std::string& id, const std::string& now);
  std::optional<EndpointRow> findEndpoint(const std::string& org, const std::string& id);
  std::vector<domain::WebhookEndpoint> listEndpoints(const std::string& org, const std::string& after_id,
                                                     int limit);
  // Active endpoints of `org` subscribed to `type`.
  std::vector<std::string> subscribedEndpoints(const std::string& org, const std::string& type);

  void insertDelivery(const std::string& id, const std::string& org, const std::string& endpoint,
                      const std::string& event_id, const std::string& type, int64_t due_ms,
                      const std::string& now);
  // The delivery of `event` to `endpoint` (a test send creates exactly one).
  std::optional<std::string> deliveryIdOf(const std::string& org, const std::string& endpoint,
                                          const std::string& event);
  std::optional<domain::WebhookDelivery> findDelivery(const std::string& org, const std::string& endpoint,
                                                      const std::string& id);
  // Newest first; keyset on (created_at, id).
  std::vector<domain::WebhookDelivery> listDeliveries(const std::string& org, const std::string& endpoint,
                                                      const std::optional<std::string>& status,
                                                      const std::vector<std::string>& after, int limit);
  bool requeueFailed(const std::string& org, const std::string& endpoint, const std::string& id,
                     int64_t now_ms, const std::string& now);

  // Deliveries due now and not leased, oldest due first, skipping endpoints that are already at
  // their concurrency cap (so a backlog for one dead endpoint never hides other endpoints' work).
  // kSkipLocked (PostgreSQL, inside a write transaction): locks the rows returned and passes over rows
  // another transaction has locked.
  std::vector<DueCandidate> dueCandidates(int64_t now_ms, int limit,
                                          const std::vector<std::string>& saturated = {},
                                          CandidateLocking locking = CandidateLocking::kNone);
  // Leases candidates and reads back what sending them needs, a few statements per batch (not two per
  // delivery); a candidate another worker leased first is left out.
  std::vector<ClaimedDelivery> claim(const std::vector<std::string>& ids, const std::string& owner,
                                     int64_t now_ms, int64_t lease_until_ms);
  std::optional<ClaimedDelivery> claim(const std::string& id, const std::string& owner, int64_t now_ms,
                                       int64_t lease_until_ms);
  // Claims for `owner` what `pick` chooses among up to `limit` due candidates, in a priority write
  // transaction of its own (it is the delivery engine's turn, TxMode). On PostgreSQL the candidates are read
  // FOR UPDATE SKIP LOCKED inside it, so engines on several nodes claiming at the same moment take disjoint
  // rows instead of queueing on each other's row locks. On SQLite they are read before the transaction (an
  // idle poll takes no write lock); writers are serialised there and claim() re-checks the lease, so a row
  // another process took meanwhile is skipped.
  using ClaimPicker = std::function<std::vector<std::string>(const std::vector<DueCandidate>&)>;
  std::vector<ClaimedDelivery> claimDue(const std::string& owner, int64_t now_ms, int64_t lease_until_ms,
                                        int limit, const std::vector<std::string>& saturated,
                                        const ClaimPicker& pick);
  // Gives a lease back (clean stop): claimable at once instead of after it expires.
  void releaseLease(const std::string& id, const std::string& owner);
  void recordAttempt(const std::string& delivery_id, const domain::WebhookAttempt& a);
  void recordAttempts(const std::vector<AttemptRecord>& records);  // multi-row inserts
  void markSucceeded(const std::string& id, int attempt, const std::string& now);
  void markSucceeded(const std::vector<std::string>& ids, int attempt, const std::string& now);
  void scheduleRetry(const std::string& id, int attempt, int64_t next_ms, const std::string& now);
  void markFailed(const std::string& id, int attempt, const std::string& now);
  void setEndpointFailing(const std::string& endpoint_id, const std::optional<std::string>& since);
  // Endpoints whose deliveries have all failed since before `cutoff`: disabled, with a reason.
  int64_t disableLongFailing(const std::string& cutoff, const std::string& now);
  // Retention: removes finished deliveries (and attempts) and events older than `cutoff`.
  int64_t pruneBefore(const std::string& cutoff);
  int64_t earliestDueMs();  // 0 when nothing is pending

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
