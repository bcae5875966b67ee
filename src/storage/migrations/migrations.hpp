#pragma once
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace gaflight::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// What migrate() and currentSchemaVersion() throw (a DbError) on a PostgreSQL connection until the
// schema is ported (issue 10).
constexpr const char* kPostgresSchemaNotPorted =
    "the PostgreSQL schema is not ported yet (issue 10); use --db sqlite:PATH";

const std::vector<Migration>& allMigrations();
int latestSchemaVersion();
// Applies every pending migration, each in its own transaction. Returns the number applied.
int migrate(Connection& conn);
// Current version recorded in schema_migrations (0 when the table does not exist).
int currentSchemaVersion(Connection& conn);

}  // namespace gaflight::storage
