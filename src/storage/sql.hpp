#pragma once
// The one seam between repositories and a database engine. Repositories write portable SQL with
// `?N` placeholders (SQLite numbers them as written; the PostgreSQL driver rewrites them to `$N`),
// so a PostgreSQL backend is a new Connection, not new repositories, services or handlers.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "storage/db_error.hpp"

namespace gaflight::storage {

// Bytes for a BLOB column, bound as binary: a text parameter cannot carry a zero byte to PostgreSQL.
struct Bytes {
  std::string data;
};

using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string, Bytes>;
using Params = std::vector<SqlValue>;

inline SqlValue optText(const std::optional<std::string>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

// A row during iteration; valid only inside the callback.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual bool isNull(int col) const = 0;
  virtual int64_t integer(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string_view text(int col) const = 0;
  std::string str(int col) const { return std::string(text(col)); }
  // A BLOB column's bytes (PostgreSQL sends bytea as hex text; SQLite as stored).
  virtual std::string bytes(int col) const { return str(col); }
  std::optional<std::string> optStr(int col) const {
    return isNull(col) ? std::nullopt : std::optional<std::string>(str(col));
  }
  // A view of a nullable text column, valid until the next row.
  virtual std::optional<std::string_view> optText(int col) const {
    return isNull(col) ? std::nullopt : std::optional<std::string_view>(text(col));
  }
  std::optional<int64_t> optInt(int col) const {
    return isNull(col) ? std::nullopt : std::optional<int64_t>(integer(col));
  }
};

using RowCallback = std::function<void(const RowView&)>;

// Which engine a connection talks to, for the few places that cannot stay portable (migrations).
enum class Dialect { kSqlite, kPostgres };

// What a transaction is for. kPriorityWrite goes ahead of ordinary writers queued in this process
// (SQLite; on PostgreSQL it is kWrite): the delivery engine's short batched turns release many
// deliveries at once and would otherwise wait behind every request thread's write.
enum class TxMode { kRead, kWrite, kPriorityWrite };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  virtual void execScript(std::string_view sql) = 0;  // DDL, no parameters
  // Runs a statement; calls `on_row` for each result row. Returns rows changed (DML) or 0.
  virtual int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row) = 0;
  int64_t run(std::string_view sql, const Params& params = {}) { return run(sql, params, nullptr); }
  // First column of the first row, if any.
  std::optional<std::string> scalarText(std::string_view sql, const Params& params = {});
  std::optional<int64_t> scalarInt(std::string_view sql, const Params& params = {});

  virtual void begin(TxMode mode) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool inTransaction() const = 0;
};

// RAII transaction: rolls back unless committed. Write transactions take the write lock up front
// (SQLite BEGIN IMMEDIATE) so two writers never deadlock on a lock upgrade.
class Transaction {
 public:
  Transaction(Connection& c, TxMode mode) : c_(c) { c_.begin(mode); }
  ~Transaction() {
    if (!done_) {
      try {
        c_.rollback();
      } catch (...) {  // NOLINT(bugprone-empty-catch) destructor must not throw
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit();
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

// Whether the database answered lately. A driver records each DatabaseUnavailable it throws and
// each committed write; /readyz reports unavailable from a fault until a write commits again, or
// until kRetryWindow has passed without a new fault (so an idle instance is tried again).
class DatabaseHealth {
 public:
  static constexpr std::chrono::seconds kRetryWindow{5};
  void recordUnavailable() {
    last_fault_ticks_.store(std::chrono::steady_clock::now().time_since_epoch().count());
    faulted_.store(true);
  }
  void recordWriteCommitted() {
    if (faulted_.load()) faulted_.store(false);
  }
  bool available() const {
    if (!faulted_.load()) return true;
    auto since = std::chrono::steady_clock::now().time_since_epoch() -
                 std::chrono::steady_clock::duration(last_fault_ticks_.load());
    return since > kRetryWindow;
  }

 private:
  std::atomic<bool> faulted_{false};
  std::atomic<std::chrono::steady_clock::rep> last_fault_ticks_{0};
};

// Hands each thread its own connection (connections are not thread-safe; the DB executor's
// threads each keep one for their lifetime). Owns and closes every connection it created.
class Database {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  // Test seam: wraps each connection created afterwards (fault injection).
  using Decorator = std::function<std::unique_ptr<Connection>(std::unique_ptr<Connection>)>;
  Database(std::string url, Factory factory,
           std::shared_ptr<DatabaseHealth> health = std::make_shared<DatabaseHealth>());
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Connection& connection();
  const std::string& url() const { return url_; }
  bool isSqlite() const { return url_.rfind("sqlite:", 0) == 0; }
  DatabaseHealth& health() { return *health_; }
  void setDecorator(Decorator decorator);

 private:
  std::string url_;
  Factory factory_;
  std::shared_ptr<DatabaseHealth> health_;
  Decorator decorator_;
  uint64_t instance_id_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> all_;
};

struct DatabaseOptions {
  int busy_timeout_ms = 10'000;  // how long a writer waits for another process's lock before 503
};

// Opens `sqlite:PATH` or a `postgres://` / `postgresql://` URL (libpq syntax). Connections are made
// on first use by each thread, so an unreachable server surfaces as DatabaseUnavailable there.
std::unique_ptr<Database> openDatabase(const std::string& url, const DatabaseOptions& options = {});

}  // namespace gaflight::storage
