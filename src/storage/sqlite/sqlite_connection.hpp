#pragma once
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/sql.hpp"

namespace gaflight::storage {

// One sqlite3 handle with a prepared-statement cache. WAL, foreign keys and busy_timeout are set on open.
class SqliteConnection final : public Connection {
 public:
  // `write_lock` is shared by every connection of the same database in this process.
  SqliteConnection(const std::string& path, std::shared_ptr<std::mutex> write_lock = nullptr);
  ~SqliteConnection() override;
  using Connection::run;
  void execScript(std::string_view sql) override;
  int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row) override;
  void begin(bool write) override;
  void commit() override;
  void rollback() override;
  bool inTransaction() const override { return !sqlite3_get_autocommit(db_); }

 private:
  sqlite3_stmt* prepare(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view what);
  void releaseWriteLock();
  sqlite3* db_ = nullptr;
  std::shared_ptr<std::mutex> write_lock_;
  bool holds_write_lock_ = false;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace gaflight::storage
