#include "storage/sqlite/sqlite_connection.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gaflight::storage {

namespace {
// The database holds password hashes and sealed secrets: create the file 0600 (like the key file)
// before SQLite opens it, whatever the umask. SQLite gives the -wal and -shm files the mode of the
// database file. An existing file is left as its operator set it; in-memory and URI names are
// SQLite's business.
void createPrivateFile(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    throw DbError(DbError::Kind::kGeneric,
                  "cannot create SQLite database '" + path + "': " + std::strerror(errno));
  }
}

class SqliteRow final : public RowView {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  bool isNull(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  int64_t integer(int c) const override { return sqlite3_column_int64(s_, c); }
  double real(int c) const override { return sqlite3_column_double(s_, c); }
  std::string_view text(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, c))) : std::string_view();
  }

 private:
  sqlite3_stmt* s_;
};

// Resets a statement when a call leaves, however it leaves.
struct StmtReset {
  sqlite3_stmt* s;
  ~StmtReset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};
}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, std::shared_ptr<std::mutex> write_lock)
    : write_lock_(std::move(write_lock)) {
  createPrivateFile(path);
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(DbError::Kind::kGeneric, "cannot open SQLite database '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
  execScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
      "PRAGMA cache_size=-16000; PRAGMA wal_autocheckpoint=0;");
}

SqliteConnection::~SqliteConnection() {
  releaseWriteLock();
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void SqliteConnection::fail(int rc, std::string_view what) {
  int primary = rc & 0xff;
  auto kind = primary == SQLITE_CONSTRAINT                           ? DbError::Kind::kConstraint
              : (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? DbError::Kind::kBusy
                                                                     : DbError::Kind::kGeneric;
  throw DbError(kind, std::string(what) + ": " + sqlite3_errmsg(db_));
}

void SqliteConnection::execScript(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    auto kind = (rc & 0xff) == SQLITE_CONSTRAINT ? DbError::Kind::kConstraint : DbError::Kind::kGeneric;
    throw DbError(kind, "sqlite exec: " + msg);
  }
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) fail(rc, "prepare");
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

int64_t SqliteConnection::run(std::string_view sql, const Params& params, const RowCallback& on_row) {
  sqlite3_stmt* stmt = prepare(sql);
  StmtReset guard{stmt};
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    const auto& p = params[i];
    if (std::holds_alternative<std::nullptr_t>(p))
      rc = sqlite3_bind_null(stmt, idx);
    else if (auto* iv = std::get_if<int64_t>(&p))
      rc = sqlite3_bind_int64(stmt, idx, *iv);
    else if (auto* dv = std::get_if<double>(&p))
      rc = sqlite3_bind_double(stmt, idx, *dv);
    else {
      const auto& sv = std::get<std::string>(p);
      rc = sqlite3_bind_text(stmt, idx, sv.data(), static_cast<int>(sv.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
  SqliteRow row(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      if (on_row) on_row(row);
      continue;
    }
    if (rc == SQLITE_DONE) break;
    fail(rc, "step");
  }
  return sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
}

void SqliteConnection::releaseWriteLock() {
  if (holds_write_lock_) {
    holds_write_lock_ = false;
    write_lock_->unlock();
  }
}

void SqliteConnection::begin(bool write) {
  if (write && write_lock_) {
    write_lock_->lock();
    holds_write_lock_ = true;
  }
  try {
    run(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  } catch (...) {
    releaseWriteLock();
    throw;
  }
}

void SqliteConnection::commit() {
  run("COMMIT");  // on failure the transaction stays open; the caller's rollback releases the lock
  releaseWriteLock();
}

void SqliteConnection::rollback() {
  try {
    if (inTransaction()) run("ROLLBACK");
  } catch (...) {
    releaseWriteLock();
    throw;
  }
  releaseWriteLock();
}

}  // namespace gaflight::storage
