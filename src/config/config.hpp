#pragma once
// Plain configuration with defaults; loaded from flags and GAFLIGHT_* variables in main.cpp and
// validated once here. No component reads the environment itself.
#include <chrono>
#include <string>

#include "core/error.hpp"
#include "http/server.hpp"

namespace gaflight::config {

struct Config {
  std::string db_url = "sqlite:./gaflight.db";
  std::string listen = "127.0.0.1:8080";
  std::string rate_limit = "100:200";  // RATE:BURST per key
  bool allow_private_webhook_targets = false;
  int io_threads = 2;
  int handler_threads = 4;
  bool access_log = true;
  std::string log_level = "info";
  std::string web_root = GAFLIGHT_DEFAULT_WEB_ROOT;  // web/console
  bool secure_cookies = false;                       // forced on when serving TLS
  // `serve --tls-cert/--tls-key` (PEM): TLS built in, reloaded on SIGHUP. Both or neither.
  std::string tls_cert_file, tls_key_file;
  // Address of a reverse proxy whose X-Forwarded-For is believed (login throttling); "" = none.
  // validate() stores it in canonical form.
  std::string trusted_proxy;
  int session_ttl_hours = 12;
  int shutdown_grace_ms = 10'000;
  int response_cache_ms = 1000;
  int event_retention_days = 30;    // events (and finished deliveries) older than this are pruned
  int db_busy_timeout_ms = 10'000;  // SQLite: wait this long for another process's lock, then 503
  int delivery_lease_ms = 15'000;   // a crashed worker's deliveries are claimable again after this
  bool deliver_webhooks = true;  // false: accept and record, but do not send (e.g. a read replica)  // public
                                 // GET micro-cache TTL; 0 disables it
  std::string master_key_b64;    // GAFLIGHT_MASTER_KEY; empty = key file beside the SQLite database
  http::ServerLimits limits;

  // Derived by validate():
  std::string host;
  uint16_t port = 0;
  double rate = 100, burst = 200;
};

// Parses listen and rate limit, checks ranges. Returns a message for the operator on failure.
Status validate(Config& c);
// The 32-byte master key: GAFLIGHT_MASTER_KEY (base64 or 64 hex chars) or, for SQLite, a key file
// `<database>.key` created with mode 0600 on first start.
std::string loadMasterKey(const Config& c);
// Path of the SQLite file for a sqlite: URL ("" otherwise).
std::string sqlitePath(const std::string& db_url);

}  // namespace gaflight::config
