#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "service/actor.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

// Appends one audit entry inside the caller's transaction, so the entry commits with the change.
// Returns the entry's id (a VTR references the entry that issued it).
std::string recordAudit(storage::Connection& conn, const std::string& org, const Actor& actor,
                        const std::string& action, const std::string& target_type,
                        const std::string& target_id, const nlohmann::json& details, const std::string& at);

}  // namespace gaflight::service

#include "core/error.hpp"
#include "domain/entities.hpp"
#include "service/cursor.hpp"

namespace gaflight::service {

// The organisation's audit log, newest first.
Result<Page<domain::AuditEntry>> listAuditLog(storage::Database& db, const CursorCodec& cursors,
                                              const std::string& org, const PageQuery& q);

}  // namespace gaflight::service
