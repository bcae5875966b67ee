#include "storage/audit_repository.hpp"

namespace gaflight::storage {

void AuditRepository::append(const domain::AuditEntry& e) {
  c_.run(
      "INSERT INTO audit_log(id, org_id, actor_user_id, actor_label, action, target_type, target_id, "
      "details, "
      "request_id, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
      {e.id, e.org_id, optText(e.actor_user_id), e.actor_label, e.action, e.target_type, e.target_id,
       e.details_json.empty() ? std::string("{}") : e.details_json, e.request_id, e.created_at});
}

std::vector<std::pair<int64_t, domain::AuditEntry>> AuditRepository::list(const std::string& org,
                                                                          int64_t before_seq, int limit) {
  std::vector<std::pair<int64_t, domain::AuditEntry>> out;
  c_.run(
      "SELECT seq, id, org_id, actor_user_id, actor_label, action, target_type, target_id, details, "
      "request_id, "
      "created_at FROM audit_log WHERE org_id = ?1 AND (?2 = 0 OR seq < ?2) ORDER BY seq DESC LIMIT ?3",
      {org, before_seq, int64_t{limit + 1}}, [&](const RowView& r) {
        domain::AuditEntry e{r.str(1), r.str(2), r.optStr(3), r.str(4), r.str(5),
                             r.str(6), r.str(7), r.str(8),    r.str(9), r.str(10)};
        out.emplace_back(r.integer(0), std::move(e));
      });
  return out;
}

}  // namespace gaflight::storage
