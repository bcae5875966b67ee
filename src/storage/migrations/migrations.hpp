#pragma once
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace gaflight::storage {

// One schema version for both engines (ADR 0014). `sql` is the source: SQLite's DDL, exactly what
// SQLite databases have always run. `postgres_sql` is its translation (toPostgresDdl), with the
// triggers that are more than a RAISE written for PostgreSQL by hand.
struct Migration {
  int version;
  std::string name;
  std::string sql;
  std::string postgres_sql;
  const std::string& sqlFor(Dialect d) const { return d == Dialect::kPostgres ? postgres_sql : sql; }
};

const std::vector<Migration>& allMigrations();
int latestSchemaVersion();
// Applies every pending migration, each in its own transaction. Returns the number applied.
int migrate(Connection& conn);
// Current version recorded in schema_migrations (0 when the table does not exist).
int currentSchemaVersion(Connection& conn);

}  // namespace gaflight::storage
