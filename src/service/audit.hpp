#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "service/actor.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

// Appends one audit entry inside the caller's transaction, so the entry commits with the change, and
// chains it to the organisation's newest entry (domain/audit_chain.hpp). The caller's write transaction
// serialises writers (SQLite BEGIN IMMEDIATE), so two entries never link to the same predecessor; a
// call outside any transaction opens its own. Returns the entry's id (a VTR references the entry that
// issued it).
std::string recordAudit(storage::Connection& conn, const std::string& org, const Actor& actor,
                        const std::string& action, const std::string& target_type,
                        const std::string& target_id, const nlohmann::json& details, const std::string& at);

}  // namespace gaflight::service

#include "core/error.hpp"
#include "domain/audit_chain.hpp"
#include "domain/entities.hpp"
#include "service/cursor.hpp"

namespace gaflight::service {

// The organisation's audit log, newest first.
Result<Page<domain::AuditEntry>> listAuditLog(storage::Database& db, const CursorCodec& cursors,
                                              const std::string& org, const PageQuery& q);

// Recomputes the organisation's hash chain from its first entry, in one read snapshot.
domain::AuditChainReport verifyAuditChain(storage::Database& db, const std::string& org);
// For `gaflight audit verify` against a database file: 404 when the organisation does not exist, 409
// when the schema predates the chain (version 5: run `gaflight migrate`).
Result<domain::AuditChainReport> verifyAuditChainChecked(storage::Database& db, const std::string& org);

}  // namespace gaflight::service
