#pragma once
// Console middleware: session cookie → user; CSRF on every state-changing request; organisation
// membership and role permission for org-scoped routes.
#include <functional>
#include <optional>
#include <string>

#include "domain/roles.hpp"
#include "http/router.hpp"
#include "service/actor.hpp"
#include "service/audit.hpp"
#include "service/billing_service.hpp"
#include "service/compliance_service.hpp"
#include "service/developer_service.hpp"
#include "service/identity_service.hpp"
#include "service/maintenance_service.hpp"
#include "service/operations_service.hpp"
#include "service/planning_service.hpp"
#include "service/training_service.hpp"
#include "service/vtr_service.hpp"
#include "service/webhook_service.hpp"

namespace gaflight::api {

struct ConsoleDeps {
  service::IdentityService& identity;
  service::DeveloperService& developer;
  service::OperationsService& operations;
  service::WebhookService& webhooks;
  service::MaintenanceService& maintenance;
  service::ComplianceService& compliance;
  service::PlanningService& planning;
  service::TrainingService& training;
  service::BillingService& billing;
  service::VtrService& vtr;
  storage::Database& db;
  const service::CursorCodec& cursors;
  bool secure_cookies;
  std::string trusted_proxy;  // canonical address, "" = X-Forwarded-For is never believed
};

struct ConsoleCaller {
  service::SessionInfo session;
  std::string org_id;  // empty for routes outside an organisation
  std::optional<domain::Role> role;
  service::Actor actor;
};

using ConsoleHandler = std::function<http::Response(http::RequestContext&, const ConsoleCaller&)>;

inline constexpr const char* kSessionCookie = "gaf_session";
// Behind TLS (`--secure-cookies`) the cookie is Secure and carries the __Host- prefix: browsers
// accept it only with Secure, Path=/ and no Domain, so neither a sibling subdomain nor a plain-HTTP
// response can plant or overwrite it. Only the name in force is read.
inline constexpr const char* kSecureSessionCookie = "__Host-gaf_session";
inline const char* sessionCookieName(const ConsoleDeps& deps) {
  return deps.secure_cookies ? kSecureSessionCookie : kSessionCookie;
}
std::string cookieValue(const http::Request& req, std::string_view name);

// `permission` empty = any logged-in user (and, with an org, any member).
http::Handler consoleRoute(const ConsoleDeps& deps, bool org_scoped,
                           std::optional<domain::Permission> permission, ConsoleHandler fn);

void registerConsoleSession(http::Router& router, const ConsoleDeps& deps);
void registerConsoleDeveloper(http::Router& router, const ConsoleDeps& deps);
void registerConsoleOperations(http::Router& router, const ConsoleDeps& deps);
void registerConsoleWebhooks(http::Router& router, const ConsoleDeps& deps);
void registerConsoleMaintenance(http::Router& router, const ConsoleDeps& deps);
void registerConsoleCompliance(http::Router& router, const ConsoleDeps& deps);
void registerConsolePlanning(http::Router& router, const ConsoleDeps& deps);
void registerConsoleTraining(http::Router& router, const ConsoleDeps& deps);
void registerConsoleBilling(http::Router& router, const ConsoleDeps& deps);
void registerConsoleVtr(http::Router& router, const ConsoleDeps& deps);

}  // namespace gaflight::api
