#include "service/audit.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "service/paging.hpp"
#include "storage/audit_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/migrations/migrations.hpp"

namespace gaflight::service {

std::string recordAudit(storage::Connection& conn, const std::string& org, const Actor& actor,
                        const std::string& action, const std::string& target_type,
                        const std::string& target_id, const nlohmann::json& details, const std::string& at) {
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
  auto append = [&] {
    storage::AuditRepository repo(conn);
    domain::sealAuditEntry(e, repo.headHashForAppend(org));
    repo.append(e);
  };
  if (conn.inTransaction()) {
    append();
  } else {
    // Reading the head and appending must be one write transaction, or two writers could fork the chain.
    storage::Transaction tx(conn, storage::TxMode::kWrite);
    append();
    tx.commit();
  }
  return e.id;
}

}  // namespace gaflight::service

namespace gaflight::service {

Result<Page<domain::AuditEntry>> listAuditLog(storage::Database& db, const CursorCodec& cursors,
                                              const std::string& org, const PageQuery& q) {
  storage::AuditRepository repo(db.connection());
  using Row = std::pair<int64_t, domain::AuditEntry>;
  auto rows = fetchPage<Row>(
      cursors, {"audit", org}, q,
      [&](const auto& after) { return repo.list(org, after.empty() ? 0 : std::stoll(after[0]), q.limit); },
      [](const Row& r) { return std::vector<std::string>{std::to_string(r.first)}; });
  if (!rows) return rows.error();
  Page<domain::AuditEntry> page;
  page.next_cursor = std::move(rows->next_cursor);
  for (auto& [seq, e] : rows->items) page.items.push_back(std::move(e));
  return page;
}

}  // namespace gaflight::service

namespace gaflight::service {

domain::AuditChainReport verifyAuditChain(storage::Database& db, const std::string& org) {
  auto& conn = db.connection();
  storage::Transaction tx(
      conn, storage::TxMode::kRead);  // one snapshot: entries appended meanwhile are not half-seen
  domain::AuditChainWalker walker;
  storage::AuditRepository(conn).forEachInOrder(
      org, [&](int64_t seq, const domain::AuditEntry& e) { walker.add(seq, e); });
  tx.commit();
  return walker.report();
}

Result<domain::AuditChainReport> verifyAuditChainChecked(storage::Database& db, const std::string& org) {
  auto& conn = db.connection();
  if (storage::currentSchemaVersion(conn) < storage::kAuditChainSchemaVersion)
    return makeError(ErrorCode::kConflict,
                     "the database schema predates the audit chain: run gaflight migrate");
  if (!storage::IdentityRepository(conn).orgExists(org))
    return makeError(ErrorCode::kNotFound, "no organisation " + org + " in this database", "org");
  return verifyAuditChain(db, org);
}

}  // namespace gaflight::service
