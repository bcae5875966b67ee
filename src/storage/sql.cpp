#include "storage/sql.hpp"

#include <atomic>
#include <unordered_map>

#include "storage/postgres/pg_connection.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace gaflight::storage {

std::optional<std::string> Connection::scalarText(std::string_view sql, const Params& params) {
  std::optional<std::string> out;
  run(sql, params, [&](const RowView& r) {
    if (!out && !r.isNull(0)) out = r.str(0);
  });
  return out;
}

std::optional<int64_t> Connection::scalarInt(std::string_view sql, const Params& params) {
  std::optional<int64_t> out;
  run(sql, params, [&](const RowView& r) {
    if (!out && !r.isNull(0)) out = r.integer(0);
  });
  return out;
}

namespace {
std::atomic<uint64_t> g_next_instance{1};
thread_local std::unordered_map<uint64_t, Connection*> t_connections;
}  // namespace

Database::Database(std::string url, Factory factory, std::shared_ptr<DatabaseHealth> health)
    : url_(std::move(url)),
      factory_(std::move(factory)),
      health_(std::move(health)),
      instance_id_(g_next_instance++) {}

void Database::setDecorator(Decorator decorator) {
  std::lock_guard lock(mu_);
  decorator_ = std::move(decorator);
}

Database::~Database() = default;

Connection& Database::connection() {
  auto it = t_connections.find(instance_id_);
  if (it != t_connections.end()) return *it->second;
  auto conn = factory_();  // throws (e.g. DatabaseUnavailable) without caching anything: retried next call
  Connection* raw = nullptr;
  {
    std::lock_guard lock(mu_);
    if (decorator_) conn = decorator_(std::move(conn));
    raw = conn.get();
    all_.push_back(std::move(conn));
  }
  t_connections.emplace(instance_id_, raw);
  return *raw;
}

std::unique_ptr<Database> openDatabase(const std::string& url, const DatabaseOptions& options) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) throw std::invalid_argument("--db sqlite: needs a path");
    // One writer per database file in this process: writers queue on its mutex instead of sleeping in
    // SQLite's busy handler (which backs off up to 100 ms at a time), and write on its handle.
    SqliteSettings settings;
    settings.writer = std::make_shared<SqliteWriter>();
    settings.health = std::make_shared<DatabaseHealth>();
    settings.busy_timeout_ms = options.busy_timeout_ms;
    return std::make_unique<Database>(
        url, [path, settings] { return std::make_unique<SqliteConnection>(path, settings); },
        settings.health);
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    validatePgUrl(url);
    // One connection per executor thread, made on its first use (Database::connection()).
    PgSettings settings;
    settings.health = std::make_shared<DatabaseHealth>();
    return std::make_unique<Database>(
        url, [url, settings] { return std::make_unique<PgConnection>(url, settings); }, settings.health);
  }
  throw std::invalid_argument("--db must be sqlite:PATH or a postgres:// URL");
}

}  // namespace gaflight::storage
