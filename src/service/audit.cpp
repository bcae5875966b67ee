#include "service/audit.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "storage/audit_repository.hpp"

namespace gaflight::service {

void recordAudit(storage::Connection& conn, const std::string& org, const Actor& actor,
                 const std::string& action, const std::string& target_type, const std::string& target_id,
                 const nlohmann::json& details, const std::string& at) {
  domain::AuditEntry e;
  e.id = ids::prefixed("aud_");
  e.org_id = org;
  e.actor_user_id = actor.user_id;
  e.actor_label = actor.label.empty() ? "system" : actor.label;
  e.action = action;
  e.target_type = target_type;
  e.target_id = target_id;
  e.details_json = details.is_null() ? "{}" : details.dump();
  e.request_id = actor.request_id.empty() ? "-" : actor.request_id;
  e.created_at = at;
  storage::AuditRepository(conn).append(e);
}

}  // namespace gaflight::service

namespace gaflight::service {

Result<Page<domain::AuditEntry>> listAuditLog(storage::Database& db, const CursorCodec& cursors,
                                              const std::string& org, const PageQuery& q) {
  int64_t before = 0;
  if (!q.cursor.empty()) {
    auto keys = cursors.decode(q.cursor, "audit", org, "", 1);
    if (!keys) return keys.error();
    before = std::stoll(keys.value()[0]);
  }
  auto rows = storage::AuditRepository(db.connection()).list(org, before, q.limit);
  Page<domain::AuditEntry> page;
  if (static_cast<int>(rows.size()) > q.limit) {
    rows.resize(static_cast<size_t>(q.limit));
    page.next_cursor = cursors.encode("audit", org, "", {std::to_string(rows.back().first)});
  }
  for (auto& [seq, e] : rows) page.items.push_back(std::move(e));
  return page;
}

}  // namespace gaflight::service
