#pragma once
// The one seam between repositories and a database engine. Repositories write portable SQL with
// `?N` placeholders (SQLite numbers them as written; the PostgreSQL driver rewrites them to `$N`),
// so a PostgreSQL backend is a new Connection, not new repositories, services or handlers.
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

namespace gaflight::storage {

using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string>;
using Params = std::vector<SqlValue>;

inline SqlValue optText(const std::optional<std::string>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

// Thrown for engine failures (I/O, corruption, constraint violations the caller did not expect).
class DbError : public std::runtime_error {
 public:
  enum class Kind { kGeneric, kConstraint, kBusy };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// A row during iteration; valid only inside the callback.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual bool isNull(int col) const = 0;
  virtual int64_t integer(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string_view text(int col) const = 0;
  std::string str(int col) const { return std::string(text(col)); }
  std::optional<std::string> optStr(int col) const {
    return isNull(col) ? std::nullopt : std::optional<std::string>(str(col));
  }
  std::optional<int64_t> optInt(int col) const {
    return isNull(col) ? std::nullopt : std::optional<int64_t>(integer(col));
  }
};

using RowCallback = std::function<void(const RowView&)>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual void execScript(std::string_view sql) = 0;  // DDL, no parameters
  // Runs a statement; calls `on_row` for each result row. Returns rows changed (DML) or 0.
  virtual int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row) = 0;
  int64_t run(std::string_view sql, const Params& params = {}) { return run(sql, params, nullptr); }
  // First column of the first row, if any.
  std::optional<std::string> scalarText(std::string_view sql, const Params& params = {});
  std::optional<int64_t> scalarInt(std::string_view sql, const Params& params = {});

  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool inTransaction() const = 0;
};

// RAII transaction: rolls back unless committed. Write transactions take the write lock up front
// (SQLite BEGIN IMMEDIATE) so two writers never deadlock on a lock upgrade.
class Transaction {
 public:
  Transaction(Connection& c, bool write) : c_(c) { c_.begin(write); }
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

// Hands each thread its own connection (connections are not thread-safe; the DB executor's
// threads each keep one for their lifetime). Owns and closes every connection it created.
class Database {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  Database(std::string url, Factory factory);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Connection& connection();
  const std::string& url() const { return url_; }
  bool isSqlite() const { return url_.rfind("sqlite:", 0) == 0; }

 private:
  std::string url_;
  Factory factory_;
  uint64_t instance_id_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> all_;
};

// Opens `sqlite:PATH` (postgres:// is reserved for the PostgreSQL backend).
std::unique_ptr<Database> openDatabase(const std::string& url);

}  // namespace gaflight::storage
