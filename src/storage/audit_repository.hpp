#pragma once
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

// Append-only: there is no update or delete here, and database triggers refuse them anyway.
class AuditRepository {
 public:
  explicit AuditRepository(Connection& c) : c_(c) {}
  void append(const domain::AuditEntry& e);
  // Newest first; `before_seq` = 0 for the first page. Returns entries with their sequence numbers.
  std::vector<std::pair<int64_t, domain::AuditEntry>> list(const std::string& org, int64_t before_seq,
                                                           int limit);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
