#pragma once
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>

#include "storage/sql.hpp"
#include "storage/statement_cache.hpp"

namespace gaflight::storage {

// Result codes meaning "the database cannot serve now, retry later" (busy, locked, full, I/O,
// read-only, cannot open, out of memory, WAL protocol) → DbError::Kind::kUnavailable. Corruption
// stays kGeneric (500): it does not clear by waiting.
DbError::Kind sqliteErrorKind(int rc);
// Throws the DbError for `rc` (DatabaseUnavailable for unavailable codes, carrying `rc`).
[[noreturn]] void throwSqliteError(int rc, const std::string& message);

struct SqliteSettings {
  std::shared_ptr<std::mutex> write_lock;  // shared by every connection of the database in this process
  std::shared_ptr<DatabaseHealth> health;  // told about faults and committed writes; may be null
  int busy_timeout_ms = 10'000;
};

// One sqlite3 handle with a prepared-statement cache. WAL, foreign keys and busy_timeout are set on open.
class SqliteConnection final : public Connection {
 public:
  // `write_lock` is shared by every connection of the same database in this process.
  SqliteConnection(const std::string& path, std::shared_ptr<std::mutex> write_lock = nullptr);
  SqliteConnection(const std::string& path, SqliteSettings settings);
  ~SqliteConnection() override;
  using Connection::run;
  Dialect dialect() const override { return Dialect::kSqlite; }
  void execScript(std::string_view sql) override;
  int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row) override;
  void begin(bool write) override;
  void commit() override;
  void rollback() override;
  bool inTransaction() const override { return !sqlite3_get_autocommit(db_); }

 private:
  sqlite3_stmt* prepare(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view what);
  void noteFault(int rc);  // tells the database's health about an unavailable fault
  void releaseWriteLock();
  sqlite3* db_ = nullptr;
  std::shared_ptr<std::mutex> write_lock_;
  std::shared_ptr<DatabaseHealth> health_;
  bool holds_write_lock_ = false;
  bool write_tx_ = false;
  bool stale_tx_ = false;  // a ROLLBACK failed: the next begin() ends the transaction first
  StatementCache<sqlite3_stmt*> cache_;
};

}  // namespace gaflight::storage
