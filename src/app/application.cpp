#include "app/application.hpp"
#include "app/services.hpp"

#include <pthread.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "api/public/public_api.hpp"
#include "api/system_routes.hpp"
#include "api/verify_routes.hpp"
#include "core/crypto.hpp"
#include "core/periodic_task.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "observability/logging.hpp"
#include "observability/metrics.hpp"
#include "service/audit.hpp"
#include "service/demo.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sqlite/wal_checkpointer.hpp"
#include "webhook/delivery_engine.hpp"

namespace gaflight::app {

using observability::LogLevel;

namespace {
// How soon another process's revocation or data change reaches this process's caches (issue 10: ≤ 1 s).
constexpr std::chrono::milliseconds kChangePollInterval{250};
}  // namespace

struct Application::Impl {
  config::Config cfg;
  SystemClock system_clock;
  const Clock& clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<Services> services;
  observability::Metrics metrics;
  http::StaticFiles console_files;
  http::StaticFiles docs_files;
  http::Router router;
  std::unique_ptr<api::ConsoleDeps> console_deps;
  std::unique_ptr<api::SystemDeps> system_deps;
  std::unique_ptr<http::Dispatcher> dispatcher;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<webhook::DeliveryEngine> engine;
  std::unique_ptr<storage::WalCheckpointer> checkpointer;
  std::atomic<bool> ready{false};
  // Maintenance calendar sweep (issue 7): every 60 s finds items that became upcoming/overdue by the
  // date alone. Safe with several processes (compare-and-set in the service); first run after 60 s.
  std::unique_ptr<PeriodicTask> calendar_sweep;
  // Other processes' writes to keys, apps, installations and public data reach this process's caches
  // within one poll (ADR 0013).
  std::unique_ptr<PeriodicTask> change_watch;

  Impl(config::Config c, const Clock* external)
      : cfg(std::move(c)),
        clock(external ? *external : system_clock),
        console_files(cfg.web_root),
        docs_files(cfg.web_root + "/../docs") {}

  bool databaseReady() {
    if (!db->health().available()) return false;  // a recent busy/full/I/O fault and no write since
    try {
      return storage::currentSchemaVersion(db->connection()) == storage::latestSchemaVersion();
    } catch (const std::exception&) {
      return false;
    }
  }
};

Application::Application(config::Config cfg, const Clock* clock)
    : impl_(std::make_unique<Impl>(std::move(cfg), clock)) {
  auto& i = *impl_;
  if (auto st = config::validate(i.cfg); !st) throw std::invalid_argument(st.error().detail);
  i.db = storage::openDatabase(i.cfg.db_url, storage::DatabaseOptions{i.cfg.db_busy_timeout_ms});
  std::string master = config::loadMasterKey(i.cfg);
  i.services = std::make_unique<Services>(*i.db, i.clock, master, i.cfg);
  auto& s = *i.services;

  i.system_deps = std::make_unique<api::SystemDeps>(api::SystemDeps{
      [&i] { return i.ready.load() && i.databaseReady(); }, i.metrics, i.docs_files, i.console_files});
  api::registerSystemRoutes(i.router, *i.system_deps);
  api::registerPublicApi(
      i.router, {s.authenticator, s.limiter, s.operations, s.webhooks, s.maintenance, s.compliance,
                 s.planning, s.training, s.billing, s.vtr, s.response_cache, s.data_generation, *i.db});
  i.console_deps = std::make_unique<api::ConsoleDeps>(api::ConsoleDeps{
      s.identity, s.developer, s.operations, s.webhooks, s.maintenance, s.compliance, s.planning, s.training,
      s.billing, s.vtr, *i.db, s.cursors, i.cfg.secure_cookies, i.cfg.trusted_proxy});
  api::registerConsoleSession(i.router, *i.console_deps);
  api::registerConsoleDeveloper(i.router, *i.console_deps);
  api::registerConsoleOperations(i.router, *i.console_deps);
  api::registerConsoleWebhooks(i.router, *i.console_deps);
  api::registerConsoleMaintenance(i.router, *i.console_deps);
  api::registerConsoleCompliance(i.router, *i.console_deps);
  api::registerConsolePlanning(i.router, *i.console_deps);
  api::registerConsoleTraining(i.router, *i.console_deps);
  api::registerConsoleBilling(i.router, *i.console_deps);
  api::registerConsoleVtr(i.router, *i.console_deps);
  api::registerVerifyRoutes(i.router, {s.vtr, i.cfg.web_root + "/../verify"});
  webhook::EngineOptions engine_opt;
  engine_opt.allow_private_targets = i.cfg.allow_private_webhook_targets;
  engine_opt.retention_days = i.cfg.event_retention_days;
  engine_opt.lease_ms = i.cfg.delivery_lease_ms;
  i.engine = std::make_unique<webhook::DeliveryEngine>(*i.db, i.clock, s.secret_box, i.metrics, engine_opt);
  s.notifier.setTarget(i.engine.get());
  i.dispatcher = std::make_unique<http::Dispatcher>(i.router, i.metrics, i.cfg.access_log, i.db->isSqlite());
}

Application::~Application() { shutdown(); }

void Application::start() {
  auto& i = *impl_;
  int applied = storage::migrate(i.db->connection());
  if (applied > 0) {
    observability::logEvent(LogLevel::kInfo, "storage", "migrations applied",
                            {{"applied", applied}, {"version", storage::latestSchemaVersion()}});
  }
  http::ServerOptions opt;
  opt.host = i.cfg.host;
  opt.port = i.cfg.port;
  opt.io_threads = i.cfg.io_threads;
  opt.handler_threads = i.cfg.handler_threads;
  opt.limits = i.cfg.limits;
  opt.tls_cert_file = i.cfg.tls_cert_file;
  opt.tls_key_file = i.cfg.tls_key_file;
  i.server = std::make_unique<http::Server>(opt, *i.dispatcher);
  i.server->start();
  if (i.cfg.deliver_webhooks) i.engine->start();
  if (i.db->isSqlite())
    i.checkpointer = std::make_unique<storage::WalCheckpointer>(*i.db, std::chrono::milliseconds(500));
  i.calendar_sweep = std::make_unique<PeriodicTask>(std::chrono::seconds(60), [&i] {
    try {
      i.services->maintenance.sweepCalendar();
    } catch (const std::exception& e) {
      observability::logEvent(LogLevel::kError, "maintenance", "calendar sweep failed",
                              {{"error", e.what()}});
    }
  });
  i.services->change_watcher.poll();  // the baseline, before the first request
  i.change_watch = std::make_unique<PeriodicTask>(kChangePollInterval, [&i] {
    try {
      i.services->change_watcher.poll();
    } catch (const std::exception& e) {  // a database fault: the next poll tries again
      observability::logEvent(LogLevel::kWarn, "storage", "change watch failed", {{"error", e.what()}});
    }
  });
  i.ready = true;
}

uint16_t Application::port() const { return impl_->server ? impl_->server->port() : 0; }

void Application::shutdown() {
  auto& i = *impl_;
  i.ready = false;
  if (i.server) {
    i.server->shutdown(std::chrono::milliseconds(i.cfg.shutdown_grace_ms));
    i.server.reset();
  }
  if (i.calendar_sweep) i.calendar_sweep->stop();
  if (i.change_watch) i.change_watch->stop();
  if (i.engine) i.engine->stop();
  if (i.services) i.services->notifier.setTarget(nullptr);
  if (i.checkpointer) i.checkpointer->stop();
}

void Application::runWebhookMaintenance() { impl_->engine->runMaintenance(); }

const http::Router& Application::router() const { return impl_->router; }
storage::Database& Application::database() { return *impl_->db; }
const config::Config& Application::config() const { return impl_->cfg; }
Application::Services& Application::services() { return *impl_->services; }
Status Application::reloadTls() { return impl_->server->reloadTls(); }

void Application::adoptConnection(int fd) { impl_->server->adoptConnection(fd); }

int runMigrate(const config::Config& cfg) {
  auto db = storage::openDatabase(cfg.db_url);
  int applied = storage::migrate(db->connection());
  std::cout << "schema at version " << storage::latestSchemaVersion() << " (" << applied
            << " migration(s) applied)\n";
  return 0;
}

int runAuditVerify(const config::Config& cfg, const std::string& org_id) {
  // Read-only: a missing file is an error here, not a new empty database.
  if (cfg.db_url.rfind("sqlite:", 0) == 0 && !std::filesystem::exists(cfg.db_url.substr(7))) {
    std::cerr << "gaflight audit verify: no database file " << cfg.db_url.substr(7) << "\n";
    return 2;
  }
  Result<domain::AuditChainReport> report = makeError(ErrorCode::kInternal, "not run");
  try {
    auto db = storage::openDatabase(cfg.db_url);
    report = service::verifyAuditChainChecked(*db, org_id);
  } catch (const std::exception& e) {  // exit 1 means "broken"; a database fault is not a verdict
    report = makeError(ErrorCode::kInternal, observability::redactSecrets(e.what()));
  }
  if (!report) {
    std::cerr << "gaflight audit verify: " << report.error().detail << "\n";
    return 2;
  }
  std::cout << "organisation " << org_id << ": " << report->entries << " chained entries";
  if (report->legacy_entries > 0)
    std::cout << " (after " << report->legacy_entries << " entries written before the chain, not checked)";
  std::cout << "\n";
  if (const auto& b = report->first_broken) {
    std::cout << "chain BROKEN at entry " << b->entry_id << " (seq " << b->seq << "): ";
    switch (b->fault) {
      case domain::ChainFault::kHashMismatch:
        std::cout << "hash mismatch: stored " << b->found << ", recomputed "
                  << (b->expected.empty() ? "(entry not readable as text)" : b->expected)
                  << " — the entry was changed\n";
        break;
      case domain::ChainFault::kPrevLinkMismatch:
        std::cout << "prev link mismatch: prev_hash " << (b->found.empty() ? "(none)" : b->found)
                  << ", previous entry's hash " << b->expected
                  << " — an entry before it was removed, inserted or reordered\n";
        break;
      case domain::ChainFault::kMissingHash:
        std::cout << "missing hash after the chain started\n";
        break;
    }
    return 1;
  }
  std::cout << "chain intact; head hash " << report->head_hash << "\n";
  return 0;
}

int runServe(config::Config cfg) {
  // Block the signals before any thread starts so only sigwait() below receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);  // TLS certificate reload
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Application app(std::move(cfg));
  app.start();
  observability::logEvent(LogLevel::kInfo, "app", "listening",
                          {{"address", app.config().host},
                           {"port", app.port()},
                           {"db", app.database().isSqlite() ? "sqlite" : "postgres"},
                           {"version", GAFLIGHT_VERSION}});
  int sig = 0;
  for (;;) {
    sigwait(&set, &sig);
    if (sig != SIGHUP) break;
    if (app.config().tls_cert_file.empty()) {
      observability::logEvent(LogLevel::kInfo, "app", "SIGHUP ignored: TLS is not enabled");
    } else if (auto st = app.reloadTls(); !st) {
      observability::logEvent(LogLevel::kError, "app", "TLS reload failed; the previous certificate stays",
                              {{"error", st.error().detail}});
    } else {
      observability::logEvent(LogLevel::kInfo, "app", "TLS certificate reloaded");
    }
  }
  observability::logEvent(LogLevel::kInfo, "app", "shutting down",
                          {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  app.shutdown();
  observability::logEvent(LogLevel::kInfo, "app", "stopped");
  return 0;
}

int runDemo(const config::Config& cfg_in, bool json_output, const std::string& base_url,
            const std::string& country, int min_awaiting_review, int flights) {
  const auto started = std::chrono::steady_clock::now();
  config::Config cfg = cfg_in;
  cfg.access_log = false;
  Application app(cfg);
  storage::migrate(app.database().connection());
  SystemClock clock;
  auto& s = app.services();
  auto demo =
      service::createDemoOrganisation(app.database(), clock, s.identity, s.developer,
                                      {s.training, s.billing, s.vtr}, country, min_awaiting_review, flights);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char took[64];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  std::string url = base_url.empty() ? "http://" + app.config().listen : base_url;
  if (json_output) {
    nlohmann::json out = {{"org_id", demo.org_id},     {"api_key", demo.api_key}, {"email", demo.email},
                          {"password", demo.password}, {"base_url", url},         {"country", demo.country}};
    std::cout << out.dump() << std::endl;
    std::cerr << "demo: " << demo.flights << " flights in " << took << "\n";
  } else {
    std::cout << "Demo organisation created: " << demo.org_name << "\n"
              << "  " << demo.pilots << " pilots, " << demo.aircraft << " aircraft, " << demo.flights
              << " flights (" << demo.submitted << " awaiting approval), created in " << took << "\n\n"
              << "  Console:   " << url << "/\n"
              << "  Login:     " << demo.email << "\n"
              << "  Password:  " << demo.password << "\n"
              << "  Org id:    " << demo.org_id << "\n"
              << "  API key:   " << demo.api_key << "   (shown once; only its hash is stored)\n\n"
              << "  Try:  curl " << url << "/api/v1/public/pilots -H \"Authorization: Bearer " << demo.api_key
              << "\" -H \"X-Org-Id: " << demo.org_id << "\"\n";
  }
  return 0;
}

}  // namespace gaflight::app
