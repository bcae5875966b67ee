#pragma once
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
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

// One sqlite3 handle with its prepared-statement cache. WAL, foreign keys and busy_timeout are set on open.
class SqliteHandle {
 public:
  SqliteHandle(const std::string& path, int busy_timeout_ms, std::shared_ptr<DatabaseHealth> health);
  ~SqliteHandle();
  SqliteHandle(const SqliteHandle&) = delete;
  SqliteHandle& operator=(const SqliteHandle&) = delete;
  void execScript(std::string_view sql);
  int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row);
  bool inTransaction() const { return !sqlite3_get_autocommit(db_); }
  bool stale_tx = false;  // a ROLLBACK failed: the next begin() ends the transaction first

 private:
  sqlite3_stmt* prepare(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view what);
  void noteFault(int rc);  // tells the database's health about an unavailable fault

  sqlite3* db_ = nullptr;
  std::shared_ptr<DatabaseHealth> health_;
  StatementCache<sqlite3_stmt*> cache_;
};

// The write side of one database file, shared by every connection to it in this process: the mutex
// writers queue on (instead of sleeping in SQLite's busy handler) and the one handle every write
// transaction runs on. Only that handle writes, so its page cache stays valid from one write
// transaction to the next; SQLite drops a handle's whole cache whenever another handle has committed,
// and every write would otherwise re-read its pages with a system call each. Write transactions that
// queue up behind each other share one COMMIT (group commit); each still commits or rolls back as a
// whole, and commit() returns only once its group's COMMIT has (ADR 0018).
// The writer's turn: one holder at a time; a priority request goes before ordinary ones waiting.
class WriterTurn {
 public:
  void acquire(TxMode mode);
  void release();
  int queued() const { return queued_.load(); }  // connections waiting for a turn
  bool held() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable free_;
  bool held_ = false;
  int priority_waiting_ = 0;
  std::atomic<int> queued_{0};
};

// Why a group's COMMIT failed, as data: every waiting member throws an exception of its own (an
// exception object shared between threads would be read by one while another frees it).
struct GroupFailure {
  DbError::Kind kind = DbError::Kind::kGeneric;
  int engine_code = 0;
  int retry_after_s = 1;
  std::string message;
  static GroupFailure of(const std::exception_ptr& error);
  [[noreturn]] void raise() const;
};

struct SqliteWriter {
  WriterTurn turn;                       // held by the connection whose member is running
  std::unique_ptr<SqliteHandle> handle;  // opened by the first write transaction
  // Under `lock`: the group transaction open on `handle`.
  bool group_open = false;
  int group_members = 0;
  uint64_t group_id = 0;
  // Groups that ended, for members waiting on them.
  std::mutex ended_mu;
  std::condition_variable ended_cv;
  uint64_t ended_group = 0;
  std::map<uint64_t, int> waiting;                 // members waiting, by group
  std::map<uint64_t, GroupFailure> failed_groups;  // the COMMIT's error, kept for the waiters
};

struct SqliteSettings {
  std::shared_ptr<SqliteWriter> writer;    // null: write transactions run on the connection's own handle
  std::shared_ptr<DatabaseHealth> health;  // told about faults and committed writes; may be null
  int busy_timeout_ms = 10'000;
};

// A thread's connection: its own handle for reads, the shared writer's handle from begin(write) to
// commit or rollback.
class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path);
  SqliteConnection(const std::string& path, SqliteSettings settings);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  using Connection::run;
  Dialect dialect() const override { return Dialect::kSqlite; }
  void execScript(std::string_view sql) override;
  int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row) override;
  void begin(TxMode mode) override;
  void commit() override;
  void rollback() override;
  bool inTransaction() const override { return active_->inTransaction(); }

 private:
  static constexpr int kMaxGroupMembers = 16;  // bounds how long the first member waits for its COMMIT

  void releaseWriter();  // back to the own handle, unlocking the writer if this connection held it
  void beginMember(TxMode mode);
  void commitMember();
  void rollbackMember();
  bool mayPassOn() const;
  void endTurnQuietly();  // passes the open group on to a queued writer, or commits it
  void commitGroup();
  void abortGroup(const std::exception_ptr& why);
  void endGroup(const std::exception_ptr& why);
  void waitForGroup(uint64_t group);

  SqliteHandle own_;
  std::shared_ptr<SqliteWriter> writer_;
  std::shared_ptr<DatabaseHealth> health_;
  std::string path_;
  int busy_timeout_ms_;
  SqliteHandle* active_ = &own_;
  bool write_tx_ = false;
  uint64_t group_ = 0;  // the group of this connection's last member
  TxMode member_mode_ = TxMode::kWrite;
};

}  // namespace gaflight::storage
