#pragma once
// A migrated SQLite file in the temp directory for storage-level unit tests, removed with its -wal and
// -shm files when the test ends.
#include <filesystem>
#include <string>

#include "core/ids.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace gaflight::testing {

class TempSqliteFile {
 public:
  explicit TempSqliteFile(const std::string& stem)
      : path_((std::filesystem::temp_directory_path() / (stem + "-" + ids::newUlid() + ".db")).string()) {
    storage::SqliteConnection c(path_);
    storage::migrate(c);
  }
  ~TempSqliteFile() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }
  TempSqliteFile(const TempSqliteFile&) = delete;
  TempSqliteFile& operator=(const TempSqliteFile&) = delete;
  const std::string& path() const { return path_; }

  // A French club created at the start of 2026: the parent row most tables need.
  static void insertOrg(storage::Connection& c, const std::string& id) {
    c.run(
        "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
        "VALUES (?1, 'Club', 'Europe/Paris', 'FR', 'EUR', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        {id});
  }

 private:
  std::string path_;
};

}  // namespace gaflight::testing
