#include "storage/sqlite/sqlite_connection.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

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
  // One call instead of a type check and a read: the text pointer is null for NULL (and, rarely, when
  // SQLite is out of memory, which must not read as NULL).
  std::optional<std::string_view> optText(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    if (p != nullptr) return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, c)));
    if (sqlite3_column_type(s_, c) != SQLITE_NULL)
      throw DbError(DbError::Kind::kGeneric, "out of memory reading a column");
    return std::nullopt;
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

DbError::Kind sqliteErrorKind(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return DbError::Kind::kConstraint;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      return DbError::Kind::kUnavailable;
    default:
      return DbError::Kind::kGeneric;
  }
}

void throwSqliteError(int rc, const std::string& message) {
  DbError::Kind kind = sqliteErrorKind(rc);
  if (kind == DbError::Kind::kUnavailable) {
    // Contention clears quickly; a full disk or an I/O fault needs an operator or a moment.
    int primary = rc & 0xff;
    int retry_after_s = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? 1 : 5;
    throw DatabaseUnavailable(rc, retry_after_s, message + " (sqlite code " + std::to_string(rc) + ")");
  }
  throw DbError(kind, message);
}

SqliteHandle::SqliteHandle(const std::string& path, int busy_timeout_ms,
                           std::shared_ptr<DatabaseHealth> health)
    : health_(std::move(health)) {
  createPrivateFile(path);
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    noteFault(rc);
    throwSqliteError(rc, "cannot open SQLite database '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  sqlite3_extended_result_codes(db_, 1);
  try {
    execScript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA "
        "temp_store=MEMORY;"
        "PRAGMA cache_size=-16000; PRAGMA wal_autocheckpoint=0;");
  } catch (...) {
    sqlite3_close_v2(db_);  // no destructor runs for a throwing constructor; retried on the next use
    throw;
  }
}

void SqliteHandle::noteFault(int rc) {
  if (health_ && sqliteErrorKind(rc) == DbError::Kind::kUnavailable) health_->recordUnavailable();
}

SqliteHandle::~SqliteHandle() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void SqliteHandle::fail(int rc, std::string_view what) {
  noteFault(rc);
  throwSqliteError(rc, std::string(what) + ": " + sqlite3_errmsg(db_));
}

void SqliteHandle::execScript(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    noteFault(rc);
    throwSqliteError(sqlite3_extended_errcode(db_), "sqlite exec: " + msg);
  }
}

sqlite3_stmt* SqliteHandle::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) fail(rc, "prepare");
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

int64_t SqliteHandle::run(std::string_view sql, const Params& params, const RowCallback& on_row) {
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
    else if (auto* bv = std::get_if<Bytes>(&p))
      rc = sqlite3_bind_blob(stmt, idx, bv->data.data(), static_cast<int>(bv->data.size()), SQLITE_TRANSIENT);
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

SqliteConnection::SqliteConnection(const std::string& path)
    : SqliteConnection(path, SqliteSettings{nullptr, nullptr, 10'000}) {}

SqliteConnection::SqliteConnection(const std::string& path, SqliteSettings settings)
    : own_(path, settings.busy_timeout_ms, settings.health),
      writer_(std::move(settings.writer)),
      health_(std::move(settings.health)),
      path_(path),
      busy_timeout_ms_(settings.busy_timeout_ms) {}

SqliteConnection::~SqliteConnection() { releaseWriter(); }

void SqliteConnection::execScript(std::string_view sql) { active_->execScript(sql); }

int64_t SqliteConnection::run(std::string_view sql, const Params& params, const RowCallback& on_row) {
  return active_->run(sql, params, on_row);
}

GroupFailure GroupFailure::of(const std::exception_ptr& error) {
  GroupFailure f;
  try {
    std::rethrow_exception(error);
  } catch (const DatabaseUnavailable& e) {
    f.kind = DbError::Kind::kUnavailable;
    f.engine_code = e.engineCode();
    f.retry_after_s = e.retryAfterSeconds();
    f.message = e.what();
  } catch (const DbError& e) {
    f.kind = e.kind();
    f.message = e.what();
  } catch (const std::exception& e) {
    f.message = e.what();
  } catch (...) {
    f.message = "the group's COMMIT failed";
  }
  return f;
}

void GroupFailure::raise() const {
  if (kind == DbError::Kind::kUnavailable) throw DatabaseUnavailable(engine_code, retry_after_s, message);
  throw DbError(kind, message);
}

void WriterTurn::acquire(TxMode mode) {
  ++queued_;
  std::unique_lock guard(mu_);
  if (mode == TxMode::kPriorityWrite) {
    ++priority_waiting_;
    free_.wait(guard, [&] { return !held_; });
    --priority_waiting_;
  } else {
    free_.wait(guard, [&] { return !held_ && priority_waiting_ == 0; });
  }
  held_ = true;
  --queued_;
}

void WriterTurn::release() {
  {
    std::lock_guard guard(mu_);
    held_ = false;
  }
  free_.notify_all();
}

bool WriterTurn::held() const {
  std::lock_guard guard(mu_);
  return held_;
}

void SqliteConnection::releaseWriter() {
  if (active_ != &own_) {
    active_ = &own_;
    writer_->turn.release();
  }
}

void SqliteConnection::begin(TxMode mode) {
  bool write = mode != TxMode::kRead;
  if (write && writer_) {
    beginMember(mode);
    return;
  }
  // A transaction left open by a failed ROLLBACK (e.g. during an I/O fault) would make every later
  // BEGIN on this handle fail; end it so the handle recovers with the database.
  if (own_.stale_tx && own_.inTransaction()) {
    try {
      own_.run("ROLLBACK", {}, nullptr);
    } catch (const DbError&) {  // NOLINT(bugprone-empty-catch) the BEGIN below reports the state
    }
  }
  own_.stale_tx = false;
  own_.run(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", {}, nullptr);
  write_tx_ = write;
}

void SqliteConnection::commit() {
  if (active_ != &own_) {
    commitMember();
    return;
  }
  own_.run("COMMIT", {}, nullptr);  // on failure the transaction stays open for the caller's rollback
  if (write_tx_ && health_) health_->recordWriteCommitted();
  write_tx_ = false;
}

void SqliteConnection::rollback() {
  write_tx_ = false;
  if (active_ != &own_) {
    rollbackMember();
    return;
  }
  try {
    if (own_.inTransaction()) own_.run("ROLLBACK", {}, nullptr);
  } catch (...) {
    own_.stale_tx = own_.inTransaction();
    throw;
  }
}

// ---- group commit on the shared writer (ADR 0018) ----
// A write transaction is a member: a savepoint inside the group's BEGIN IMMEDIATE … COMMIT on the
// writer's handle. A member that finishes while another writer is queued leaves the group open for it
// and waits for the group's COMMIT; the member that finds nobody queued (or a full group) commits.

void SqliteConnection::beginMember(TxMode mode) {
  SqliteWriter& w = *writer_;
  w.turn.acquire(mode);
  try {
    if (!w.handle) w.handle = std::make_unique<SqliteHandle>(path_, busy_timeout_ms_, health_);
  } catch (...) {
    w.turn.release();
    throw;
  }
  active_ = w.handle.get();
  member_mode_ = mode;
  SqliteHandle& h = *active_;
  try {
    if (!w.group_open) {
      // A transaction left open by a failed ROLLBACK would make the BEGIN fail; end it first.
      if (h.stale_tx && h.inTransaction()) {
        try {
          h.run("ROLLBACK", {}, nullptr);
        } catch (const DbError&) {  // NOLINT(bugprone-empty-catch) the BEGIN below reports the state
        }
      }
      h.stale_tx = false;
      h.run("BEGIN IMMEDIATE", {}, nullptr);
      w.group_open = true;
      w.group_members = 0;
      ++w.group_id;
    }
    h.run("SAVEPOINT gaflight_member", {}, nullptr);
  } catch (...) {
    // Nothing of this member is in the group; what earlier members left goes on or is committed.
    if (w.group_open) {
      endTurnQuietly();
    } else {
      releaseWriter();
    }
    throw;
  }
  ++w.group_members;
  group_ = w.group_id;
  write_tx_ = true;
}

void SqliteConnection::commitMember() {
  active_->run("RELEASE gaflight_member", {}, nullptr);  // on failure the caller's rollback runs
  write_tx_ = false;
  if (mayPassOn()) {
    {
      std::lock_guard guard(writer_->ended_mu);
      ++writer_->waiting[group_];
    }
    releaseWriter();
    waitForGroup(group_);
  } else {
    commitGroup();
  }
  if (health_) health_->recordWriteCommitted();
}

void SqliteConnection::rollbackMember() {
  SqliteHandle& h = *active_;
  try {
    h.run("ROLLBACK TO gaflight_member", {}, nullptr);
    h.run("RELEASE gaflight_member", {}, nullptr);
  } catch (...) {
    abortGroup(std::current_exception());  // the handle cannot undo one member: the group goes
    throw;
  }
  endTurnQuietly();
}

// A priority member (the delivery engine) never waits for a group: it commits it, so its thread goes
// back to its transfers at once.
bool SqliteConnection::mayPassOn() const {
  const SqliteWriter& w = *writer_;
  return member_mode_ != TxMode::kPriorityWrite && w.turn.queued() > 0 && w.group_members < kMaxGroupMembers;
}

void SqliteConnection::endTurnQuietly() {
  if (mayPassOn()) {
    releaseWriter();
    return;
  }
  try {
    commitGroup();
  } catch (...) {  // NOLINT(bugprone-empty-catch) the group's members hear of it in waitForGroup
  }
}

void SqliteConnection::commitGroup() {
  try {
    active_->run("COMMIT", {}, nullptr);
  } catch (...) {
    abortGroup(std::current_exception());
    throw;
  }
  endGroup(nullptr);
  releaseWriter();
}

void SqliteConnection::abortGroup(const std::exception_ptr& why) {
  SqliteHandle& h = *active_;
  try {
    if (h.inTransaction()) h.run("ROLLBACK", {}, nullptr);
  } catch (...) {
    h.stale_tx = h.inTransaction();
  }
  endGroup(why);
  releaseWriter();
}

void SqliteConnection::endGroup(const std::exception_ptr& why) {
  SqliteWriter& w = *writer_;
  w.group_open = false;
  {
    std::lock_guard guard(w.ended_mu);
    w.ended_group = w.group_id;
    if (why && w.waiting.contains(w.group_id)) w.failed_groups[w.group_id] = GroupFailure::of(why);
  }
  w.ended_cv.notify_all();
}

void SqliteConnection::waitForGroup(uint64_t group) {
  SqliteWriter& w = *writer_;
  std::unique_lock guard(w.ended_mu);
  w.ended_cv.wait(guard, [&] { return w.ended_group >= group; });
  std::optional<GroupFailure> failure;
  if (auto failed = w.failed_groups.find(group); failed != w.failed_groups.end()) failure = failed->second;
  if (--w.waiting[group] == 0) {  // the group's last waiter forgets it
    w.waiting.erase(group);
    w.failed_groups.erase(group);
  }
  guard.unlock();
  if (failure) failure->raise();
}

}  // namespace gaflight::storage
