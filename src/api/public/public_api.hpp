#pragma once
#include "http/router.hpp"
#include "service/api_auth.hpp"
#include "service/billing_service.hpp"
#include "service/compliance_service.hpp"
#include "service/maintenance_service.hpp"
#include "service/operations_service.hpp"
#include "service/planning_service.hpp"
#include "service/rate_limiter.hpp"
#include "service/response_cache.hpp"
#include "service/training_service.hpp"
#include "service/vtr_service.hpp"
#include "service/webhook_service.hpp"

namespace gaflight::api {

struct PublicApiDeps {
  service::ApiAuthenticator& auth;
  service::RateLimiter& limiter;
  service::OperationsService& operations;
  service::WebhookService& webhooks;
  service::MaintenanceService& maintenance;
  service::ComplianceService& compliance;
  service::PlanningService& planning;
  service::TrainingService& training;
  service::BillingService& billing;
  service::VtrService& vtr;
  service::ResponseCache& cache;
  const service::DataGeneration& generation;
  storage::Database& db;  // exports read one snapshot (a read transaction) on their stream thread
};

// Registers /api/v1/public/* (SPEC §3). Every route: bearer key → rate limit → org + scope → handler.
void registerPublicApi(http::Router& router, PublicApiDeps deps);
// One file per area (api/public/<area>_routes.cpp), called by registerPublicApi.
void registerPublicMaintenance(http::Router& router, const PublicApiDeps& deps);
void registerPublicCompliance(http::Router& router, const PublicApiDeps& deps);
void registerPublicPlanning(http::Router& router, const PublicApiDeps& deps);
void registerPublicTraining(http::Router& router, const PublicApiDeps& deps);
void registerPublicBilling(http::Router& router, const PublicApiDeps& deps);
void registerPublicVtr(http::Router& router, const PublicApiDeps& deps);

}  // namespace gaflight::api
