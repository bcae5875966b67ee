#pragma once
// What the database itself says its schema is, read from each engine's catalogue (sqlite_master and
// the pragma functions; pg_catalog in the connection's current schema), so the two engines' schemas
// can be compared object by object (ADR 0014).
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace gaflight::storage {

bool tableExists(Connection& conn, const std::string& table);

// One sorted line per object, in a form both engines share: names lower-cased, column types reduced
// to a class (integer, text, real, blob), a primary-key column counted as NOT NULL (PostgreSQL makes
// it so; SQLite declares it), the constraint-made indexes left to their constraint. For example:
//   table apps
//   column apps.homepage_url text null
//   primary key apps (id)
//   unique api_keys (token_hash)
//   index installations.installations_one_active (org_id,app_id) unique partial
//   foreign key apps (org_id) -> orgs (id)
//   checks apps 1
//   trigger audit_log.audit_log_no_update
std::vector<std::string> describeSchema(Connection& conn);

}  // namespace gaflight::storage
