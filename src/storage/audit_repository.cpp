#include "storage/audit_repository.hpp"

namespace gaflight::storage {

namespace {
constexpr const char* kColumns =
    "seq, id, org_id, actor_user_id, actor_label, action, target_type, target_id, details, request_id, "
    "created_at, prev_hash, hash";

domain::AuditEntry entryFrom(const RowView& r) {
  return domain::AuditEntry{r.str(1), r.str(2), r.optStr(3), r.str(4),  r.str(5),     r.str(6),
                            r.str(7), r.str(8), r.str(9),    r.str(10), r.optStr(11), r.optStr(12)};
}
}  // namespace

void AuditRepository::append(const domain::AuditEntry& e) {
  c_.run(
      "INSERT INTO audit_log(id, org_id, actor_user_id, actor_label, action, target_type, target_id, "
      "details, request_id, created_at, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
      {e.id, e.org_id, optText(e.actor_user_id), e.actor_label, e.action, e.target_type, e.target_id,
       e.details_json.empty() ? std::string("{}") : e.details_json, e.request_id, e.created_at,
       optText(e.prev_hash), optText(e.hash)});
}

std::vector<std::pair<int64_t, domain::AuditEntry>> AuditRepository::list(const std::string& org,
                                                                          int64_t before_seq, int limit) {
  std::vector<std::pair<int64_t, domain::AuditEntry>> out;
  // The CAST types ?2 as BIGINT on PostgreSQL (from `?2 = 0` alone it would be a 32-bit integer).
  c_.run(std::string("SELECT ") + kColumns +
             " FROM audit_log WHERE org_id = ?1 AND (CAST(?2 AS BIGINT) = 0 OR seq < ?2) ORDER BY seq DESC "
             "LIMIT ?3",
         {org, before_seq, int64_t{limit + 1}},
         [&](const RowView& r) { out.emplace_back(r.integer(0), entryFrom(r)); });
  return out;
}

std::optional<std::string> AuditRepository::headHashForAppend(const std::string& org) {
  // SQLite's write transaction already serialises appenders. The lock's first key names the audit
  // chain (migrations use the one-key form), the second the organisation.
  if (c_.dialect() == Dialect::kPostgres)
    c_.run("SELECT pg_advisory_xact_lock(1096107348, hashtext(?1))", {org});
  std::optional<std::string> hash;
  c_.run("SELECT hash FROM audit_log WHERE org_id = ?1 ORDER BY seq DESC LIMIT 1", {org},
         [&](const RowView& r) { hash = r.optStr(0); });
  return hash;
}

void AuditRepository::forEachInOrder(const std::string& org,
                                     const std::function<void(int64_t, const domain::AuditEntry&)>& fn) {
  c_.run(std::string("SELECT ") + kColumns + " FROM audit_log WHERE org_id = ?1 ORDER BY seq", {org},
         [&](const RowView& r) { fn(r.integer(0), entryFrom(r)); });
}

}  // namespace gaflight::storage
