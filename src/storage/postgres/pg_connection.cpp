#include "storage/postgres/pg_connection.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "storage/pg_placeholders.hpp"

namespace gaflight::storage {

namespace {
// Server messages span lines (DETAIL, HINT, "Is the server running…"); logs and errors want one.
std::string oneLine(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

constexpr Oid kByteaOid = 17;  // pg_type.oids, fixed since PostgreSQL 7
constexpr Oid kTextOid = 25;

// Whether the rewritten statement uses `$n` (not as the prefix of a longer number).
bool mentionsParameter(std::string_view pg_sql, size_t n) {
  const std::string token = "$" + std::to_string(n);
  for (size_t at = pg_sql.find(token); at != std::string_view::npos; at = pg_sql.find(token, at + 1)) {
    size_t end = at + token.size();
    if (end == pg_sql.size() || pg_sql[end] < '0' || pg_sql[end] > '9') return true;
  }
  return false;
}

// A row of a PGresult in text format.
class PgRow final : public RowView {
 public:
  explicit PgRow(const PGresult* res) : res_(res) {}
  void setRow(int row) { row_ = row; }
  bool isNull(int c) const override { return PQgetisnull(res_, row_, c) == 1; }
  int64_t integer(int c) const override {
    std::string_view v = text(c);
    if (v.empty()) return 0;  // NULL reads as 0, as in SQLite
    int64_t out = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc() && end == v.data() + v.size()) return out;
    if (v == "t") return 1;  // boolean columns
    if (v == "f") return 0;
    double d = 0;
    auto [dend, dec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (dec == std::errc() && dend == v.data() + v.size()) return static_cast<int64_t>(d);  // numeric
    throw DbError(DbError::Kind::kGeneric, "column " + std::to_string(c) + " does not hold an integer");
  }
  double real(int c) const override {
    std::string_view v = text(c);
    if (v.empty()) return 0;
    double out = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc() && end == v.data() + v.size()) return out;
    throw DbError(DbError::Kind::kGeneric, "column " + std::to_string(c) + " does not hold a number");
  }
  std::string_view text(int c) const override {
    const char* p = PQgetvalue(res_, row_, c);  // NULL when the column is out of range
    return p ? std::string_view(p, static_cast<size_t>(PQgetlength(res_, row_, c))) : std::string_view();
  }
  std::string bytes(int c) const override {
    if (PQftype(res_, c) != kByteaOid || isNull(c)) return str(c);
    size_t n = 0;
    unsigned char* raw =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, c)), &n);
    if (raw == nullptr) throw DbError(DbError::Kind::kGeneric, "column " + std::to_string(c) + ": bad bytea");
    std::string out(reinterpret_cast<const char*>(raw), n);
    PQfreemem(raw);
    return out;
  }

 private:
  const PGresult* res_;
  int row_ = 0;
};

void ignoreNotice(void* /*arg*/, const char* /*message*/) {}  // NOTICEs would go to stderr otherwise

using ResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;
ResultPtr own(PGresult* r) { return {r, PQclear}; }

int64_t rowsChanged(const PGresult* res) {
  std::string_view tag = PQcmdStatus(const_cast<PGresult*>(res));
  if (!tag.starts_with("INSERT") && !tag.starts_with("UPDATE") && !tag.starts_with("DELETE") &&
      !tag.starts_with("MERGE"))
    return 0;  // SELECT reports its row count here too; the seam promises 0 for reads
  std::string_view n = PQcmdTuples(const_cast<PGresult*>(res));
  int64_t out = 0;
  std::from_chars(n.data(), n.data() + n.size(), out);
  return out;
}
}  // namespace

DbError::Kind pgErrorKind(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return DbError::Kind::kGeneric;
  std::string_view cls = sqlstate.substr(0, 2);
  if (cls == "23") return DbError::Kind::kConstraint;
  // 08P01 (protocol violation) is also what a wrong parameter count gives: a bug, not an outage.
  if ((cls == "08" && sqlstate != "08P01") || cls == "53") return DbError::Kind::kUnavailable;
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "57014" ||
      sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03")
    return DbError::Kind::kUnavailable;
  return DbError::Kind::kGeneric;
}

int pgSqlstateCode(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return 0;
  int code = 0;
  for (size_t i = 0; i < 5; ++i) code += ((sqlstate[i] - '0') & 0x3F) << (6 * i);
  return code;
}

void validatePgUrl(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err ? oneLine(err) : "out of memory";
    PQfreemem(err);
    throw std::invalid_argument("--db: not a valid PostgreSQL URL: " + msg);
  }
  PQconninfoFree(opts);
}

PgConnection::PgConnection(std::string url, PgSettings settings)
    : url_(std::move(url)), settings_(std::move(settings)) {
  connect();
}

PgConnection::~PgConnection() { PQfinish(conn_); }

void PgConnection::connect() {
  // Defaults first: a keyword the URL sets itself (expanded from dbname, later) overrides them.
  std::string timeout = std::to_string(settings_.connect_timeout_s);
  std::array<const char*, 5> keys{"connect_timeout", "application_name", "client_encoding", "dbname",
                                  nullptr};
  std::array<const char*, 5> values{timeout.c_str(), "gaflight", "UTF8", url_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  if (conn_ == nullptr) throwUnavailable("53200", "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = oneLine(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throwUnavailable("08001", "cannot connect to PostgreSQL: " + msg);
  }
  PQsetNoticeProcessor(conn_, ignoreNotice, nullptr);
}

void PgConnection::ensureConnected() {
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return;
  // Reconnecting under an open transaction would run the caller's next statements outside it (in
  // autocommit); the caller must see the failure and roll back first.
  if (tx_open_) throwUnavailable("08003", "the PostgreSQL connection was lost inside a transaction");
  cache_.clear();  // prepared statements live in the server session that is gone
  PQfinish(conn_);
  conn_ = nullptr;
  connect();
}

void PgConnection::throwUnavailable(std::string_view sqlstate, const std::string& message) {
  if (settings_.health) settings_.health->recordUnavailable();
  // A lost or refused connection and exhausted resources take a moment; lock conflicts clear fast.
  bool slow = sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate.starts_with("57P");
  throw DatabaseUnavailable(pgSqlstateCode(sqlstate), slow ? 5 : 1,
                            message + " (SQLSTATE " + std::string(sqlstate) + ")");
}

void PgConnection::fail(const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = std::string(what) + ": " + oneLine(primary ? primary : PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) {
    // The session is gone (terminated backend, server restart, network): whatever the SQLSTATE.
    cache_.clear();
    throwUnavailable(state ? state : "08006", msg);
  }
  std::string_view sqlstate = state ? state : "";
  DbError::Kind kind = pgErrorKind(sqlstate);
  if (kind == DbError::Kind::kUnavailable) throwUnavailable(sqlstate, msg);
  throw DbError(kind, msg + (state ? " (SQLSTATE " + std::string(state) + ")" : std::string()));
}

ResultPtr PgConnection::exec(const char* sql) { return own(PQexec(conn_, sql)); }

void PgConnection::execScript(std::string_view sql) {
  ensureConnected();
  auto res = exec(std::string(sql).c_str());
  auto st = PQresultStatus(res.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) fail(res.get(), "exec");
}

std::string PgConnection::prepare(std::string_view sql, size_t param_count) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    for (const auto& [count, name] : it->second)
      if (count == param_count) return name;
  }
  std::string pg_sql;
  try {
    pg_sql = rewritePlaceholders(sql);
  } catch (const std::invalid_argument& e) {
    throw DbError(DbError::Kind::kGeneric, std::string("prepare: ") + e.what());
  }
  // Repositories bind one parameter list to several statements (insert and update of a row), and SQLite
  // ignores the numbers a statement does not use; PostgreSQL cannot type those, so they are declared text.
  std::vector<Oid> types(param_count, 0);  // 0: the server infers the type from the statement
  for (size_t n = 1; n <= param_count; ++n)
    if (!mentionsParameter(pg_sql, n)) types[n - 1] = kTextOid;
  std::string name = "gf" + std::to_string(++next_statement_);
  auto res = own(PQprepare(conn_, name.c_str(), pg_sql.c_str(), static_cast<int>(param_count), types.data()));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) fail(res.get(), "prepare");
  cache_[std::string(sql)].emplace_back(param_count, name);
  return name;
}

int64_t PgConnection::run(std::string_view sql, const Params& params, const RowCallback& on_row) {
  ensureConnected();
  const std::string name = prepare(sql, params.size());
  std::vector<std::string> numbers(params.size());
  std::vector<const char*> values(params.size(), nullptr);  // nullptr is SQL NULL
  std::vector<int> lengths(params.size(), 0);
  std::vector<int> formats(params.size(), 0);  // 1 = binary: bytes go as they are, zero bytes included
  for (size_t i = 0; i < params.size(); ++i) {
    const auto& p = params[i];
    if (const auto* iv = std::get_if<int64_t>(&p)) {
      numbers[i] = std::to_string(*iv);
      values[i] = numbers[i].c_str();
    } else if (const auto* dv = std::get_if<double>(&p)) {
      std::array<char, 32> buf{};
      auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), *dv);  // shortest round trip
      numbers[i].assign(buf.data(), end);
      values[i] = numbers[i].c_str();
    } else if (const auto* sv = std::get_if<std::string>(&p)) {
      // Text parameters are NUL-terminated on the wire; SQLite would have stored the byte.
      if (sv->find('\0') != std::string::npos)
        throw DbError(DbError::Kind::kGeneric,
                      "a text parameter holds a NUL byte, which PostgreSQL cannot store");
      values[i] = sv->c_str();
    } else if (const auto* bv = std::get_if<Bytes>(&p)) {
      values[i] = bv->data.data();
      lengths[i] = static_cast<int>(bv->data.size());
      formats[i] = 1;
    }
  }
  auto res = own(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(),
                                lengths.data(), formats.data(), 0));
  auto st = PQresultStatus(res.get());
  if (st == PGRES_TUPLES_OK) {
    if (on_row) {
      PgRow row(res.get());
      int n = PQntuples(res.get());
      for (int r = 0; r < n; ++r) {
        row.setRow(r);
        on_row(row);
      }
    }
    return rowsChanged(res.get());
  }
  if (st == PGRES_COMMAND_OK) return rowsChanged(res.get());
  if (st == PGRES_EMPTY_QUERY) return 0;
  fail(res.get(), "run");
}

void PgConnection::begin(TxMode mode) {
  if (tx_open_ && inTransaction())
    throw DbError(DbError::Kind::kGeneric, "begin: a transaction is already open on this connection");
  tx_open_ = false;
  ensureConnected();
  auto res = exec("BEGIN");
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) fail(res.get(), "begin");
  tx_open_ = true;
  write_tx_ = mode != TxMode::kRead;
}

void PgConnection::commit() {
  ensureConnected();  // a connection lost inside the transaction throws here: nothing was committed
  auto res = exec("COMMIT");
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) fail(res.get(), "commit");  // caller rolls back
  tx_open_ = false;
  // COMMIT of a transaction aborted by an earlier error succeeds as a ROLLBACK.
  if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK")
    throw DbError(DbError::Kind::kGeneric,
                  "commit: the transaction was rolled back after an error inside it");
  if (write_tx_ && settings_.health) settings_.health->recordWriteCommitted();
  write_tx_ = false;
}

void PgConnection::rollback() {
  tx_open_ = false;
  write_tx_ = false;
  // A lost session has rolled back on the server already; the next call reconnects.
  if (!inTransaction() || PQstatus(conn_) != CONNECTION_OK) return;
  auto res = exec("ROLLBACK");
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) fail(res.get(), "rollback");
}

bool PgConnection::inTransaction() const {
  if (conn_ == nullptr) return false;
  auto st = PQtransactionStatus(conn_);
  return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE;
}

int PgConnection::backendPid() const { return conn_ ? PQbackendPID(conn_) : 0; }

}  // namespace gaflight::storage
