#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

// The schema version that added audit_log.prev_hash and audit_log.hash.
inline constexpr int kAuditChainSchemaVersion = 5;

// Append-only: there is no update or delete here, and database triggers refuse them anyway.
class AuditRepository {
 public:
  explicit AuditRepository(Connection& c) : c_(c) {}
  void append(const domain::AuditEntry& e);
  // Newest first; `before_seq` = 0 for the first page. Returns entries with their sequence numbers.
  std::vector<std::pair<int64_t, domain::AuditEntry>> list(const std::string& org, int64_t before_seq,
                                                           int limit);
  // The hash of the organisation's newest entry, to seal the next one: nullopt when it has none or the
  // newest predates the chain. Call it inside the write transaction that appends. On PostgreSQL, where
  // BEGIN locks nothing, it first takes the organisation's chain lock (held to commit), so a second
  // appender reads this transaction's entry as the head and its seq comes after it: no fork.
  std::optional<std::string> headHashForAppend(const std::string& org);
  // Every entry of the organisation in seq order, one row at a time (the chain walk streams).
  void forEachInOrder(const std::string& org,
                      const std::function<void(int64_t, const domain::AuditEntry&)>& fn);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
