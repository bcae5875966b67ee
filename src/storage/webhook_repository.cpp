#include "storage/webhook_repository.hpp"

#include <nlohmann/json.hpp>

#include "storage/batch_sql.hpp"
#include "storage/json_columns.hpp"

namespace gaflight::storage {

namespace {

// Rows per batched statement: 64 attempt rows bind 512 parameters, well inside both engines' limits.
constexpr size_t kMaxBatchRun = 64;

constexpr const char* kEndpointCols =
    "id, org_id, url, description, event_types, active, disabled_reason, secondary_expires_at, "
    "failing_since, "
    "created_at, updated_at, secret_sealed, secondary_sealed";

EndpointRow endpointFromRow(const RowView& r) {
  EndpointRow row;
  auto& e = row.endpoint;
  e.id = r.str(0);
  e.org_id = r.str(1);
  e.url = r.str(2);
  e.description = r.str(3);
  e.event_types = parseStringArray(r.text(4));
  e.active = r.integer(5) != 0;
  e.disabled_reason = r.optStr(6);
  e.secondary_expires_at = r.optStr(7);
  e.failing_since = r.optStr(8);
  e.created_at = r.str(9);
  e.updated_at = r.str(10);
  row.secret_sealed = r.str(11);
  row.secondary_sealed = r.optStr(12);
  return row;
}

constexpr const char* kDeliveryCols =
    "id, org_id, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_ms, created_at, "
    "updated_at";

domain::WebhookDelivery deliveryFromRow(const RowView& r) {
  domain::WebhookDelivery d;
  d.id = r.str(0);
  d.org_id = r.str(1);
  d.endpoint_id = r.str(2);
  d.event_id = r.str(3);
  d.event_type = r.str(4);
  d.status = r.str(5);
  d.attempt_count = static_cast<int>(r.integer(6));
  if (d.status == "pending") d.next_attempt_ms = r.optInt(7);
  d.created_at = r.str(8);
  d.updated_at = r.str(9);
  return d;
}

void loadAttempts(Connection& c, domain::WebhookDelivery& d) {
  c.run(
      "SELECT attempt, started_at, status_code, latency_ms, response_excerpt, error, succeeded FROM "
      "webhook_attempts "
      "WHERE delivery_id = ?1 ORDER BY attempt",
      {d.id}, [&](const RowView& r) {
        d.attempts.push_back({static_cast<int>(r.integer(0)), r.str(1), r.optInt(2), r.integer(3),
                              r.optStr(4), r.optStr(5), r.integer(6) != 0});
      });
}
}  // namespace

void WebhookRepository::insertEvent(const domain::EventRecord& e) {
  c_.run("INSERT INTO events(id, org_id, type, body, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?5)",
         {e.id, e.org_id, e.type, e.body, e.created_at});
}

std::optional<domain::EventRecord> WebhookRepository::findEvent(const std::string& org,
                                                                const std::string& id) {
  std::optional<domain::EventRecord> out;
  c_.run("SELECT id, org_id, type, body, created_at, updated_at FROM events WHERE org_id = ?1 AND id = ?2",
         {org, id}, [&](const RowView& r) {
           out = domain::EventRecord{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), 0};
         });
  return out;
}

std::optional<std::string> WebhookRepository::deliveryIdOf(const std::string& org,
                                                           const std::string& endpoint,
                                                           const std::string& event) {
  return c_.scalarText(
      "SELECT id FROM webhook_deliveries WHERE org_id = ?1 AND endpoint_id = ?2 AND event_id = ?3 LIMIT 1",
      {org, endpoint, event});
}

std::optional<std::string> WebhookRepository::lastReplayAt(const std::string& org, const std::string& id) {
  std::optional<std::string> out;
  c_.run("SELECT last_replay_at FROM events WHERE org_id = ?1 AND id = ?2", {org, id},
         [&](const RowView& r) { out = r.optStr(0); });
  return out;
}

void WebhookRepository::setLastReplayAt(const std::string& org, const std::string& id,
                                        const std::string& at) {
  c_.run("UPDATE events SET last_replay_at = ?3 WHERE org_id = ?1 AND id = ?2", {org, id, at});
}

std::vector<domain::EventRecord> WebhookRepository::listEvents(
    const std::string& org, const std::optional<std::string>& type,
    const std::optional<std::string>& updated_since, const Keyset& page) {
  const ListOrder order = orderFor(updated_since);
  std::string sql =
      selectFor(order) + "id, org_id, type, body, created_at, updated_at FROM events WHERE org_id = ?1";
  Params p{org};
  if (!page.after.empty() && !updated_since) {
    p.push_back(page.after[0]);
    sql += " AND id < ?" + std::to_string(p.size());
  }
  if (type) {
    p.push_back(*type);
    sql += " AND type = ?" + std::to_string(p.size());
  }
  if (updated_since) {
    appendChangeOrder(sql, p, "", *updated_since, page);
  } else {
    p.push_back(int64_t{page.limit + 1});
    sql += " ORDER BY id DESC LIMIT ?" + std::to_string(p.size());
  }
  std::vector<domain::EventRecord> out;
  c_.run(sql, p, [&](const RowView& r) {
    out.push_back(readListRow<domain::EventRecord>(r, order, [](const RowView& row) {
      return domain::EventRecord{row.str(0), row.str(1), row.str(2), row.str(3), row.str(4), row.str(5), 0};
    }));
  });
  return out;
}

void WebhookRepository::insertEndpoint(const domain::WebhookEndpoint& e, const std::string& secret_sealed) {
  c_.run(
      "INSERT INTO webhook_endpoints(id, org_id, url, description, event_types, active, secret_sealed, "
      "created_at, "
      "updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
      {e.id, e.org_id, e.url, e.description, nlohmann::json(e.event_types).dump(), int64_t{e.active ? 1 : 0},
       secret_sealed, e.created_at, e.updated_at});
}

void WebhookRepository::updateEndpoint(const domain::WebhookEndpoint& e) {
  c_.run(
      "UPDATE webhook_endpoints SET url=?3, description=?4, event_types=?5, active=?6, disabled_reason=?7, "
      "failing_since=?8, updated_at=?9 WHERE id=?1 AND org_id=?2 AND deleted_at IS NULL",
      {e.id, e.org_id, e.url, e.description, nlohmann::json(e.event_types).dump(), int64_t{e.active ? 1 : 0},
       optText(e.disabled_reason), optText(e.failing_since), e.updated_at});
}

void WebhookRepository::rotateSecret(const std::string& id, const std::string& primary,
                                     const std::string& secondary, const std::string& secondary_expires_at,
                                     const std::string& now) {
  c_.run(
      "UPDATE webhook_endpoints SET secret_sealed=?2, secondary_sealed=?3, secondary_expires_at=?4, "
      "updated_at=?5 "
      "WHERE id=?1",
      {id, primary, secondary, secondary_expires_at, now});
}

bool WebhookRepository::softDeleteEndpoint(const std::string& org, const std::string& id,
                                           const std::string& now) {
  return c_.run(
             "UPDATE webhook_endpoints SET deleted_at=?3, active=0, secret_sealed='', secondary_sealed=NULL, "
             "updated_at=?3 WHERE org_id=?1 AND id=?2 AND deleted_at IS NULL",
             {org, id, now}) == 1;
}

std::optional<EndpointRow> WebhookRepository::findEndpoint(const std::string& org, const std::string& id) {
  std::optional<EndpointRow> out;
  c_.run(std::string("SELECT ") + kEndpointCols +
             " FROM webhook_endpoints WHERE org_id=?1 AND id=?2 AND deleted_at IS NULL",
         {org, id}, [&](const RowView& r) { out = endpointFromRow(r); });
  return out;
}

std::vector<domain::WebhookEndpoint> WebhookRepository::listEndpoints(const std::string& org,
                                                                      const std::string& after_id,
                                                                      int limit) {
  std::vector<domain::WebhookEndpoint> out;
  c_.run(std::string("SELECT ") + kEndpointCols +
             " FROM webhook_endpoints WHERE org_id=?1 AND id>?2 AND deleted_at IS NULL ORDER BY id LIMIT ?3",
         {org, after_id, int64_t{limit + 1}},
         [&](const RowView& r) { out.push_back(endpointFromRow(r).endpoint); });
  return out;
}

std::vector<std::string> WebhookRepository::subscribedEndpoints(const std::string& org,
                                                                const std::string& type) {
  std::vector<std::string> out;
  c_.run("SELECT id, event_types FROM webhook_endpoints WHERE org_id=?1 AND active=1 AND deleted_at IS NULL",
         {org}, [&](const RowView& r) {
           for (const auto& t : parseStringArray(r.text(1))) {
             if (t == type) {
               out.push_back(r.str(0));
               break;
             }
           }
         });
  return out;
}

void WebhookRepository::insertDelivery(const std::string& id, const std::string& org,
                                       const std::string& endpoint, const std::string& event_id,
                                       const std::string& type, int64_t due_ms, const std::string& now) {
  c_.run(
      "INSERT INTO webhook_deliveries(id, org_id, endpoint_id, event_id, event_type, status, "
      "next_attempt_ms, "
      "created_at, updated_at) VALUES (?1,?2,?3,?4,?5,'pending',?6,?7,?7)",
      {id, org, endpoint, event_id, type, due_ms, now});
}

std::optional<domain::WebhookDelivery> WebhookRepository::findDelivery(const std::string& org,
                                                                       const std::string& endpoint,
                                                                       const std::string& id) {
  std::optional<domain::WebhookDelivery> out;
  c_.run(std::string("SELECT ") + kDeliveryCols +
             " FROM webhook_deliveries WHERE org_id=?1 AND endpoint_id=?2 AND id=?3",
         {org, endpoint, id}, [&](const RowView& r) { out = deliveryFromRow(r); });
  if (out) loadAttempts(c_, *out);
  return out;
}

std::vector<domain::WebhookDelivery> WebhookRepository::listDeliveries(
    const std::string& org, const std::string& endpoint, const std::optional<std::string>& status,
    const std::vector<std::string>& after, int limit) {
  std::string sql =
      std::string("SELECT ") + kDeliveryCols + " FROM webhook_deliveries WHERE org_id=?1 AND endpoint_id=?2";
  Params p{org, endpoint};
  if (after.size() == 2) {
    p.push_back(after[0]);
    p.push_back(after[1]);
    sql += " AND (created_at, id) < (?3, ?4)";
  }
  if (status) {
    p.push_back(*status);
    sql += " AND status = ?" + std::to_string(p.size());
  }
  p.push_back(int64_t{limit + 1});
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?" + std::to_string(p.size());
  std::vector<domain::WebhookDelivery> out;
  c_.run(sql, p, [&](const RowView& r) { out.push_back(deliveryFromRow(r)); });
  for (auto& d : out) loadAttempts(c_, d);
  return out;
}

bool WebhookRepository::requeueFailed(const std::string& org, const std::string& endpoint,
                                      const std::string& id, int64_t now_ms, const std::string& now) {
  // One more attempt, numbered after the previous ones.
  return c_.run(
             "UPDATE webhook_deliveries SET status='pending', next_attempt_ms=?4, "
             "max_attempts=attempt_count+1, "
             "lease_owner=NULL, lease_expires_ms=NULL, updated_at=?5 "
             "WHERE org_id=?1 AND endpoint_id=?2 AND id=?3 AND status='failed'",
             {org, endpoint, id, now_ms, now}) == 1;
}

std::vector<DueCandidate> WebhookRepository::dueCandidates(int64_t now_ms, int limit,
                                                           const std::vector<std::string>& saturated,
                                                           CandidateLocking locking) {
  std::string sql =
      "SELECT id, endpoint_id FROM webhook_deliveries WHERE status='pending' AND next_attempt_ms <= ?1 "
      "AND (lease_expires_ms IS NULL OR lease_expires_ms <= ?1)";
  Params p{now_ms, int64_t{limit}};
  if (!saturated.empty()) {
    sql += " AND endpoint_id NOT IN (";
    for (size_t i = 0; i < saturated.size(); ++i) {
      p.push_back(saturated[i]);
      sql += (i ? ",?" : "?") + std::to_string(p.size());
    }
    sql += ")";
  }
  sql += " ORDER BY next_attempt_ms LIMIT ?2";
  if (locking == CandidateLocking::kSkipLocked) sql += " FOR UPDATE SKIP LOCKED";
  std::vector<DueCandidate> out;
  c_.run(sql, p, [&](const RowView& r) { out.push_back({r.str(0), r.str(1)}); });
  return out;
}

std::optional<ClaimedDelivery> WebhookRepository::claim(const std::string& id, const std::string& owner,
                                                        int64_t now_ms, int64_t lease_until_ms) {
  auto claimed = claim(std::vector<std::string>{id}, owner, now_ms, lease_until_ms);
  if (claimed.empty()) return std::nullopt;
  return std::move(claimed.front());
}

std::vector<ClaimedDelivery> WebhookRepository::claim(const std::vector<std::string>& ids,
                                                      const std::string& owner, int64_t now_ms,
                                                      int64_t lease_until_ms) {
  std::vector<ClaimedDelivery> claimed;
  forEachBatchRun(ids.size(), kMaxBatchRun, [&](size_t offset, size_t n) {
    Params lease{owner, now_ms, lease_until_ms};
    Params read{owner, lease_until_ms};
    for (size_t i = 0; i < n; ++i) {
      lease.push_back(ids[offset + i]);
      read.push_back(ids[offset + i]);
    }
    // The lease is re-checked here: a row another worker leased since it was a candidate stays theirs.
    // `status || ''` keeps SQLite's planner on the primary key: on the (status, next_attempt_ms) index it
    // would walk every pending row of a backlog for each batch.
    int64_t leased = c_.run(
        "UPDATE webhook_deliveries SET lease_owner=?1, lease_expires_ms=?3 WHERE status || '' = 'pending' "
        "AND (lease_expires_ms IS NULL OR lease_expires_ms <= ?2) AND id IN (" +
            placeholderList(4, n) + ")",
        lease);
    if (leased == 0) return;
    c_.run(
        "SELECT d.id, d.org_id, d.endpoint_id, d.event_id, d.event_type, e.body, w.url, d.attempt_count, "
        "d.max_attempts, w.active, w.deleted_at, w.secret_sealed, w.secondary_sealed, w.secondary_expires_at "
        "FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
        "JOIN webhook_endpoints w ON w.id = d.endpoint_id "
        "WHERE d.lease_owner = ?1 AND d.lease_expires_ms = ?2 AND d.id IN (" +
            placeholderList(3, n) + ") ORDER BY d.next_attempt_ms, d.id",
        read, [&](const RowView& r) {
          ClaimedDelivery c;
          c.id = r.str(0);
          c.org_id = r.str(1);
          c.endpoint_id = r.str(2);
          c.event_id = r.str(3);
          c.event_type = r.str(4);
          c.body = r.str(5);
          c.url = r.str(6);
          c.attempt = static_cast<int>(r.integer(7)) + 1;
          c.max_attempts = static_cast<int>(r.integer(8));
          c.endpoint_usable = r.integer(9) != 0 && r.isNull(10);
          c.secret_sealed = r.str(11);
          c.secondary_sealed = r.optStr(12);
          c.secondary_expires_at = r.optStr(13);
          claimed.push_back(std::move(c));
        });
  });
  return claimed;
}

std::vector<ClaimedDelivery> WebhookRepository::claimDue(const std::string& owner, int64_t now_ms,
                                                         int64_t lease_until_ms, int limit,
                                                         const std::vector<std::string>& saturated,
                                                         const ClaimPicker& pick) {
  if (c_.dialect() != Dialect::kPostgres) {
    // No write lock unless there is something to take: an idle or saturated poll stays a read.
    auto candidates = dueCandidates(now_ms, limit, saturated);
    auto ids = candidates.empty() ? std::vector<std::string>{} : pick(candidates);
    if (ids.empty()) return {};
    Transaction tx(c_, TxMode::kPriorityWrite);
    auto claimed = claim(ids, owner, now_ms, lease_until_ms);
    tx.commit();
    return claimed;
  }
  Transaction tx(c_, TxMode::kPriorityWrite);
  std::vector<ClaimedDelivery> claimed;
  auto candidates = dueCandidates(now_ms, limit, saturated, CandidateLocking::kSkipLocked);
  if (!candidates.empty()) claimed = claim(pick(candidates), owner, now_ms, lease_until_ms);
  tx.commit();
  return claimed;
}

void WebhookRepository::releaseLease(const std::string& id, const std::string& owner) {
  c_.run(
      "UPDATE webhook_deliveries SET lease_owner=NULL, lease_expires_ms=NULL WHERE id=?1 AND lease_owner=?2",
      {id, owner});
}

void WebhookRepository::recordAttempt(const std::string& delivery_id, const domain::WebhookAttempt& a) {
  recordAttempts({{delivery_id, a}});
}

void WebhookRepository::recordAttempts(const std::vector<AttemptRecord>& records) {
  constexpr size_t kColumns = 8;
  forEachBatchRun(records.size(), kMaxBatchRun, [&](size_t offset, size_t n) {
    Params p;
    p.reserve(n * kColumns);
    for (size_t i = 0; i < n; ++i) {
      const auto& [delivery_id, a] = records[offset + i];
      p.insert(p.end(), {delivery_id, int64_t{a.attempt}, a.started_at,
                         a.status_code ? SqlValue(*a.status_code) : SqlValue(nullptr), a.latency_ms,
                         optText(a.response_excerpt), optText(a.error), int64_t{a.succeeded ? 1 : 0}});
    }
    c_.run(
        // A re-run attempt number replaces its row; ON CONFLICT is what both engines accept.
        "INSERT INTO webhook_attempts(delivery_id, attempt, started_at, status_code, latency_ms, "
        "response_excerpt, error, succeeded) VALUES " +
            placeholderRows(1, n, kColumns) +
            " ON CONFLICT (delivery_id, attempt) DO UPDATE SET started_at=excluded.started_at, "
            "status_code=excluded.status_code, latency_ms=excluded.latency_ms, "
            "response_excerpt=excluded.response_excerpt, error=excluded.error, succeeded=excluded.succeeded",
        p);
  });
}

void WebhookRepository::markSucceeded(const std::string& id, int attempt, const std::string& now) {
  markSucceeded(std::vector<std::string>{id}, attempt, now);
}

void WebhookRepository::markSucceeded(const std::vector<std::string>& ids, int attempt,
                                      const std::string& now) {
  forEachBatchRun(ids.size(), kMaxBatchRun, [&](size_t offset, size_t n) {
    Params p{int64_t{attempt}, now};
    p.insert(p.end(), ids.begin() + static_cast<std::ptrdiff_t>(offset),
             ids.begin() + static_cast<std::ptrdiff_t>(offset + n));
    c_.run(
        "UPDATE webhook_deliveries SET status='succeeded', attempt_count=?1, next_attempt_ms=NULL, "
        "lease_owner=NULL, lease_expires_ms=NULL, updated_at=?2 WHERE id IN (" +
            placeholderList(3, n) + ")",
        p);
  });
}

void WebhookRepository::scheduleRetry(const std::string& id, int attempt, int64_t next_ms,
                                      const std::string& now) {
  c_.run(
      "UPDATE webhook_deliveries SET attempt_count=?2, next_attempt_ms=?3, lease_owner=NULL, "
      "lease_expires_ms=NULL, "
      "updated_at=?4 WHERE id=?1",
      {id, int64_t{attempt}, next_ms, now});
}

void WebhookRepository::markFailed(const std::string& id, int attempt, const std::string& now) {
  c_.run(
      "UPDATE webhook_deliveries SET status='failed', attempt_count=?2, next_attempt_ms=NULL, "
      "lease_owner=NULL, "
      "lease_expires_ms=NULL, updated_at=?3 WHERE id=?1",
      {id, int64_t{attempt}, now});
}

void WebhookRepository::setEndpointFailing(const std::string& endpoint_id,
                                           const std::optional<std::string>& since) {
  if (since) {
    c_.run("UPDATE webhook_endpoints SET failing_since=?2 WHERE id=?1 AND failing_since IS NULL",
           {endpoint_id, *since});
  } else {
    c_.run("UPDATE webhook_endpoints SET failing_since=NULL WHERE id=?1 AND failing_since IS NOT NULL",
           {endpoint_id});
  }
}

int64_t WebhookRepository::disableLongFailing(const std::string& cutoff, const std::string& now) {
  return c_.run(
      "UPDATE webhook_endpoints SET active=0, disabled_reason='Every delivery failed for 5 days; fix the "
      "receiver "
      "and re-enable the endpoint.', updated_at=?2 WHERE active=1 AND deleted_at IS NULL AND failing_since "
      "IS NOT NULL "
      "AND failing_since <= ?1",
      {cutoff, now});
}

int64_t WebhookRepository::pruneBefore(const std::string& cutoff) {
  c_.run(
      "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT d.id FROM webhook_deliveries d JOIN events "
      "e ON "
      "e.id = d.event_id WHERE e.created_at < ?1 AND d.status <> 'pending')",
      {cutoff});
  c_.run(
      "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND event_id IN (SELECT id FROM events WHERE "
      "created_at < ?1)",
      {cutoff});
  return c_.run(
      "DELETE FROM events WHERE created_at < ?1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE "
      "d.event_id = "
      "events.id)",
      {cutoff});
}

int64_t WebhookRepository::earliestDueMs() {
  return c_.scalarInt("SELECT min(next_attempt_ms) FROM webhook_deliveries WHERE status='pending'")
      .value_or(0);
}

}  // namespace gaflight::storage
