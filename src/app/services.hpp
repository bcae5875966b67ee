#pragma once
// The service graph the application wires together; exposed so tests and `gaflight demo` can drive
// services directly without going through HTTP.
#include "app/application.hpp"
#include "core/background_queue.hpp"
#include "core/crypto.hpp"
#include "service/api_auth.hpp"
#include "service/billing_service.hpp"
#include "service/change_watcher.hpp"
#include "service/compliance_service.hpp"
#include "service/cursor.hpp"
#include "service/developer_service.hpp"
#include "service/identity_service.hpp"
#include "service/maintenance_service.hpp"
#include "service/operations_service.hpp"
#include "service/planning_service.hpp"
#include "service/rate_limiter.hpp"
#include "service/response_cache.hpp"
#include "service/training_service.hpp"
#include "service/vtr_service.hpp"
#include "service/webhook_service.hpp"

namespace gaflight::app {

struct Application::Services {
  Services(storage::Database& db, const Clock& clock, const std::string& master_key,
           const config::Config& cfg)
      : cursors(crypto::hmacSha256(master_key, "gaflight/cursor/v1")),
        identity(db, clock, crypto::hmacSha256(master_key, "gaflight/csrf/v1"),
                 std::chrono::hours(cfg.session_ttl_hours)),
        developer(db, clock, cursors, auth_cache),
        operations(db, clock, cursors, data_generation, notifier),
        domain_context{db, clock, cursors, data_generation, notifier},
        maintenance(domain_context),
        compliance(domain_context),
        planning(domain_context),
        training(domain_context, crypto::hmacSha256(master_key, "gaflight/org-signing-keys/v1")),
        billing(domain_context),
        // The deployment's VTR authority key: an Ed25519 seed derived from the master key, so every node
        // of a deployment signs with the same key and nothing more needs distributing.
        vtr(domain_context, crypto::hmacSha256(master_key, "gaflight/vtr-authority/v1")),
        secret_box(crypto::hmacSha256(master_key, "gaflight/webhook-secrets/v1")),
        webhooks(db, clock, cursors, secret_box, notifier, cfg.allow_private_webhook_targets),
        response_cache(data_generation, std::chrono::milliseconds(cfg.response_cache_ms), 4096),
        authenticator(db, clock, auth_cache, background),
        limiter(cfg.rate, cfg.burst, clock),
        change_watcher(db, auth_cache, data_generation) {}
  BackgroundQueue background;  // first member: drained last, after the services that post to it
  service::CursorCodec cursors;
  service::AuthCache auth_cache;
  service::DataGeneration data_generation;
  webhook::ForwardingNotifier notifier;  // → the delivery engine, once it exists
  service::IdentityService identity;
  service::DeveloperService developer;
  service::OperationsService operations;
  service::ServiceContext domain_context;
  service::MaintenanceService maintenance;
  service::ComplianceService compliance;
  service::PlanningService planning;
  service::TrainingService training;
  service::BillingService billing;
  service::VtrService vtr;
  webhook::SecretBox secret_box;
  service::WebhookService webhooks;
  service::ResponseCache response_cache;
  service::ApiAuthenticator authenticator;
  service::RateLimiter limiter;
  service::ChangeWatcher change_watcher;  // other processes' writes → auth_cache, data_generation
};

}  // namespace gaflight::app
