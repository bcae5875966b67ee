#pragma once
// Composition root: builds every component in dependency order and stops them in reverse.
// The only place that names concrete implementations.
#include <atomic>
#include <memory>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"

namespace gaflight::storage {
class Database;
}

namespace gaflight::app {

class Application {
 public:
  // `clock` must outlive the application; defaults to the system clock.
  explicit Application(config::Config cfg, const Clock* clock = nullptr);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  void start();  // migrate, then listen
  uint16_t port() const;
  void shutdown();               // graceful: not ready → drain → stop
  void runWebhookMaintenance();  // retention pruning + auto-disable now (normally once a minute)
  const http::Router& router() const;
  storage::Database& database();
  const config::Config& config() const;

  struct Services;
  Services& services();
  // Re-reads --tls-cert/--tls-key for new connections (SIGHUP).
  Status reloadTls();
  // Serves an already-connected socket (see http::Server::adoptConnection); takes ownership of `fd`.
  void adoptConnection(int fd);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `gaflight migrate`
int runMigrate(const config::Config& cfg);
// `gaflight serve`: blocks until SIGTERM/SIGINT, then shuts down gracefully.
int runServe(config::Config cfg);
// `gaflight audit verify`: prints the entry count and "chain intact" (exit 0) or the first broken link
// (exit 1); exit 2 when it cannot verify (no such file, organisation or schema).
int runAuditVerify(const config::Config& cfg, const std::string& org_id);
// `gaflight demo`: prints what it created and how long it took (on stderr with --json).
int runDemo(const config::Config& cfg, bool json_output, const std::string& base_url,
            const std::string& country = "FR", int min_awaiting_review = 0, int flights = 5200);

}  // namespace gaflight::app
