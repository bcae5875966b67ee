// gaflight: flight-operations platform server. Subcommands: serve, migrate, demo, audit verify, version.
#include <CLI/CLI.hpp>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/application.hpp"
#include "observability/logging.hpp"
#include "service/demo_data.hpp"

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Each password check allocates Argon2id's 19 MiB work area. With glibc's dynamic mmap threshold,
  // once the first such block is freed later ones come from the calling thread's arena and stay
  // there: RSS grew 19 MiB for every handler thread that ever checked a password. A fixed threshold
  // keeps blocks of 4 MiB and more on mmap, so they go back to the system when freed.
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
  using gaflight::config::Config;
  CLI::App cli{"gaflight — flight operations platform: public API, webhooks and console"};
  cli.require_subcommand(1);
  Config cfg;
  std::string access_log = "on";

  auto addCommon = [&](CLI::App* sub) {
    sub->add_option("--db", cfg.db_url, "sqlite:PATH or postgres:// URL")
        ->envname("GAFLIGHT_DB")
        ->capture_default_str();
    sub->add_option("--log-level", cfg.log_level, "debug|info|warn|error")->envname("GAFLIGHT_LOG_LEVEL");
  };
  auto addServer = [&](CLI::App* sub) {
    sub->add_option("--listen", cfg.listen, "HOST:PORT")->envname("GAFLIGHT_LISTEN")->capture_default_str();
    sub->add_option("--rate-limit", cfg.rate_limit, "per-key RATE:BURST")
        ->envname("GAFLIGHT_RATE_LIMIT")
        ->capture_default_str();
    sub->add_flag("--allow-private-webhook-targets", cfg.allow_private_webhook_targets,
                  "development only: allow http and private/loopback webhook targets")
        ->envname("GAFLIGHT_ALLOW_PRIVATE_WEBHOOK_TARGETS");
    sub->add_option("--io-threads", cfg.io_threads, "network threads")
        ->envname("GAFLIGHT_IO_THREADS")
        ->capture_default_str();
    sub->add_option("--handler-threads", cfg.handler_threads, "request/database executor threads")
        ->envname("GAFLIGHT_HANDLER_THREADS")
        ->capture_default_str();
    sub->add_option("--max-connections-per-ip", cfg.limits.max_connections_per_ip,
                    "open connections allowed from one client address (IPv6: one /64)")
        ->envname("GAFLIGHT_MAX_CONNECTIONS_PER_IP")
        ->capture_default_str()
        ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
    sub->add_option("--access-log", access_log, "on|off")
        ->envname("GAFLIGHT_ACCESS_LOG")
        ->check(CLI::IsMember({"on", "off"}));
    sub->add_option("--web-root", cfg.web_root, "console static files")->envname("GAFLIGHT_WEB_ROOT");
    sub->add_flag("--secure-cookies", cfg.secure_cookies, "mark session cookies Secure (behind HTTPS)")
        ->envname("GAFLIGHT_SECURE_COOKIES");
    sub->add_option("--tls-cert", cfg.tls_cert_file,
                    "serve HTTPS with this PEM certificate chain (SIGHUP reloads)")
        ->envname("GAFLIGHT_TLS_CERT");
    sub->add_option("--tls-key", cfg.tls_key_file, "the PEM private key of --tls-cert")
        ->envname("GAFLIGHT_TLS_KEY");
    sub->add_option(
           "--trusted-proxy", cfg.trusted_proxy,
           "address of the reverse proxy whose X-Forwarded-For gives the client address (default none)")
        ->envname("GAFLIGHT_TRUSTED_PROXY");
    sub->add_option("--response-cache-ms", cfg.response_cache_ms,
                    "public GET micro-cache time-to-live (0 = off); local writes invalidate at once")
        ->envname("GAFLIGHT_RESPONSE_CACHE_MS")
        ->capture_default_str();
    sub->add_option("--event-retention-days", cfg.event_retention_days, "keep events at least this long")
        ->envname("GAFLIGHT_EVENT_RETENTION_DAYS")
        ->capture_default_str()
        ->check(CLI::Range(30, 3650));
    sub->add_option("--delivery-lease-ms", cfg.delivery_lease_ms,
                    "webhook delivery lease (crash recovery delay)")
        ->envname("GAFLIGHT_DELIVERY_LEASE_MS")
        ->capture_default_str()
        ->check(CLI::Range(11000, 600000));
    sub->add_option("--db-busy-timeout-ms", cfg.db_busy_timeout_ms,
                    "SQLite: wait this long for another process's write lock, then answer 503")
        ->envname("GAFLIGHT_DB_BUSY_TIMEOUT_MS")
        ->capture_default_str();
    sub->add_option("--shutdown-grace-ms", cfg.shutdown_grace_ms, "drain time on SIGTERM")
        ->envname("GAFLIGHT_SHUTDOWN_GRACE_MS");
  };

  auto* serve = cli.add_subcommand("serve", "run the HTTP server (migrates on start)");
  addCommon(serve);
  addServer(serve);
  auto* migrate = cli.add_subcommand("migrate", "apply database migrations");
  addCommon(migrate);
  auto* demo = cli.add_subcommand("demo", "create a demo flight school with an owner login and an API key");
  addCommon(demo);
  bool json_output = false;
  std::string base_url;
  demo->add_flag("--json", json_output, "print {org_id, api_key, email, password, base_url} on one line");
  demo->add_option("--base-url", base_url, "base URL to print (default http://<listen>)")
      ->envname("GAFLIGHT_BASE_URL");
  demo->add_option("--listen", cfg.listen, "HOST:PORT the server will use")->envname("GAFLIGHT_LISTEN");
  std::string demo_country = "FR";
  demo->add_option("--country", demo_country,
                   "FR: EASA club near Paris (EUR); US: FAA school in California (USD)")
      ->check(CLI::IsMember({"FR", "US"}))
      ->capture_default_str();
  int demo_awaiting = 0;
  demo->add_option("--awaiting-review", demo_awaiting,
                   "keep at least this many of the most recent flights awaiting review (a review backlog, "
                   "for tests that approve flights); by default only the last few days' flights await it")
      ->check(CLI::Range(0, 100000));
  int demo_flights = gaflight::service::kDefaultDemoFlights;
  demo->add_option(
          "--flights", demo_flights,
          "flights to generate (1..5,000,000): more than the default gives a longer history (up to ten "
          "years) and a bigger school")
      ->check(CLI::Range(1, gaflight::service::kMaxDemoFlights))
      ->capture_default_str();
  auto* audit = cli.add_subcommand("audit", "audit log tools");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", "recompute an organisation's audit hash chain and name the first broken link");
  addCommon(audit_verify);
  std::string audit_org;
  audit_verify->add_option("--org", audit_org, "organisation id")->required();
  auto* version = cli.add_subcommand("version", "print the version");

  CLI11_PARSE(cli, argc, argv);
  if (const char* k = std::getenv("GAFLIGHT_MASTER_KEY")) cfg.master_key_b64 = k;
  cfg.access_log = access_log == "on";
  gaflight::observability::initLogging(gaflight::observability::parseLogLevel(cfg.log_level));
  try {
    if (*version) {
      std::cout << "gaflight " << GAFLIGHT_VERSION << "\n";
      return 0;
    }
    if (*migrate) return gaflight::app::runMigrate(cfg);
    if (*audit_verify) return gaflight::app::runAuditVerify(cfg, audit_org);
    if (*demo)
      return gaflight::app::runDemo(cfg, json_output, base_url, demo_country, demo_awaiting, demo_flights);
    return gaflight::app::runServe(cfg);
  } catch (const std::exception& e) {
    std::cerr << "gaflight: " << gaflight::observability::redactSecrets(e.what()) << "\n";
    return 1;
  }
}
