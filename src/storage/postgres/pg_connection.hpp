#pragma once
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/sql.hpp"
#include "storage/statement_cache.hpp"

namespace gaflight::storage {

// SQLSTATEs meaning "the server cannot serve now, retry later" (class 08 connection exceptions,
// 53 insufficient resources, 57P01..03 shutdown/cannot connect now, 40001/40P01 serialisation and
// deadlock, 55P03 lock not available, 57014 statement timeout) → DbError::Kind::kUnavailable;
// class 23 → kConstraint; everything else (syntax, undefined table, bad input…) → kGeneric.
DbError::Kind pgErrorKind(std::string_view sqlstate);
// The five-character SQLSTATE packed into an int the way PostgreSQL's MAKE_SQLSTATE does, for
// DatabaseUnavailable::engineCode().
int pgSqlstateCode(std::string_view sqlstate);

// Throws std::invalid_argument naming the problem when libpq cannot parse `url` (no connection made).
void validatePgUrl(const std::string& url);

struct PgSettings {
  std::shared_ptr<DatabaseHealth> health;  // told about faults and committed writes; may be null
  int connect_timeout_s = 10;              // unless the URL sets connect_timeout itself
};

// One libpq connection with a prepared-statement cache keyed by the SQL text as the repositories
// write it. Parameters go as text with no declared type, so the server infers each one from its
// context. Transactions run at the server's default isolation (READ COMMITTED): unlike SQLite's
// BEGIN IMMEDIATE, two write transactions do not exclude each other.
class PgConnection final : public Connection {
 public:
  // Connects now; throws DatabaseUnavailable when the server cannot be reached.
  PgConnection(std::string url, PgSettings settings);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  using Connection::run;
  Dialect dialect() const override { return Dialect::kPostgres; }
  void execScript(std::string_view sql) override;
  int64_t run(std::string_view sql, const Params& params, const RowCallback& on_row) override;
  void begin(TxMode mode) override;
  void commit() override;
  void rollback() override;
  bool inTransaction() const override;
  // The server process serving this connection (pg_backend_pid), for tests and diagnostics.
  int backendPid() const;

 private:
  void connect();
  void ensureConnected();
  std::string prepare(std::string_view sql, size_t param_count);
  std::unique_ptr<PGresult, void (*)(PGresult*)> exec(const char* sql);
  [[noreturn]] void fail(const PGresult* res, std::string_view what);
  [[noreturn]] void throwUnavailable(std::string_view sqlstate, const std::string& message);
  std::string url_;
  PgSettings settings_;
  PGconn* conn_ = nullptr;
  bool tx_open_ = false;  // begin() ran and neither commit() nor rollback() has ended it
  bool write_tx_ = false;
  uint64_t next_statement_ = 0;
  // SQL as written → (parameter count, prepared statement name): a statement is prepared for the
  // number of parameters it is run with, and one text can come with more than it uses.
  StatementCache<std::vector<std::pair<size_t, std::string>>> cache_;
};

}  // namespace gaflight::storage
