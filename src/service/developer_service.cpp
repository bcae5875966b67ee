#include "service/developer_service.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "domain/app_rules.hpp"
#include "domain/scopes.hpp"
#include "service/audit.hpp"
#include "service/paging.hpp"
#include "storage/developer_repository.hpp"

namespace gaflight::service {

namespace {
nlohmann::json scopesJson(const std::vector<domain::RequiredScope>& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : s) out.push_back(r.scope);
  return out;
}

Error notFound(std::string_view what) {
  return makeError(ErrorCode::kNotFound, "No such " + std::string(what) + ".");
}

}  // namespace

std::string DeveloperService::newToken() {
  return std::string(ApiAuthenticator::kTokenPrefix) + crypto::base64UrlEncode(crypto::randomBytes(32));
}

Result<domain::App> DeveloperService::createApp(const std::string& org, const AppInput& in,
                                                const Actor& actor) {
  if (auto st = domain::validateAppMetadata(in.name, in.description, in.homepage_url); !st) return st.error();
  if (auto st = domain::validateRequiredScopes(in.required_scopes); !st) return st.error();
  std::string now = timefmt::formatInstant(clock_.now());
  domain::App app{ids::prefixed("app_"),
                  org,
                  domain::trim(in.name),
                  in.description,
                  in.homepage_url,
                  "draft",
                  in.required_scopes,
                  now,
                  now,
                  std::nullopt,
                  std::nullopt};
  for (auto& s : app.required_scopes) s.justification = domain::trim(s.justification);
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository(conn).insertApp(app);
  recordAudit(conn, org, actor, "app.created", "app", app.id,
              {{"name", app.name}, {"scopes", scopesJson(app.required_scopes)}}, now);
  tx.commit();
  return app;
}

Result<Page<domain::App>> DeveloperService::listApps(const std::string& org, const PageQuery& q) {
  storage::DeveloperRepository repo(db_.connection());
  return fetchPage<domain::App>(
      cursors_, {"apps", org}, q,
      [&](const auto& after) { return repo.listApps(org, firstKey(after), q.limit); },
      [](const domain::App& a) { return std::vector<std::string>{a.id}; });
}

Result<domain::App> DeveloperService::getApp(const std::string& org, const std::string& id) {
  auto app = storage::DeveloperRepository(db_.connection()).findApp(org, id);
  if (!app) return notFound("app");
  return *app;
}

Result<domain::App> DeveloperService::getPublishedApp(const std::string& id) {
  auto app = storage::DeveloperRepository(db_.connection()).findAppAnyOrg(id);
  if (!app || app->status != "active") return notFound("active app");
  return *app;
}

Result<domain::App> DeveloperService::updateApp(const std::string& org, const std::string& id,
                                                const AppPatch& patch, const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  auto app = repo.findApp(org, id);
  if (!app) return notFound("app");
  if (app->status == "revoked") return makeError(ErrorCode::kConflict, "A revoked app cannot be changed.");
  auto before_scopes = scopesJson(app->required_scopes);
  if (patch.name) app->name = domain::trim(*patch.name);
  if (patch.description) app->description = *patch.description;
  if (patch.homepage_url) app->homepage_url = *patch.homepage_url;
  if (patch.required_scopes) {
    if (auto st = domain::validateRequiredScopes(*patch.required_scopes); !st) return st.error();
    app->required_scopes = *patch.required_scopes;
    for (auto& s : app->required_scopes) s.justification = domain::trim(s.justification);
  }
  if (auto st = domain::validateAppMetadata(app->name, app->description, app->homepage_url); !st)
    return st.error();
  std::string now = timefmt::formatInstant(clock_.now());
  app->updated_at = now;
  repo.updateApp(*app);
  auto after_scopes = scopesJson(app->required_scopes);
  recordAudit(conn, org, actor, "app.updated", "app", app->id, {{"name", app->name}}, now);
  if (before_scopes != after_scopes) {
    recordAudit(conn, org, actor, "app.scopes_changed", "app", app->id,
                {{"before", before_scopes}, {"after", after_scopes}}, now);
  }
  tx.commit();
  auth_cache_.invalidate();
  return *app;
}

Result<domain::App> DeveloperService::activateApp(const std::string& org, const std::string& id,
                                                  const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  auto app = repo.findApp(org, id);
  if (!app) return notFound("app");
  if (!domain::canActivate(app->status)) {
    return makeError(ErrorCode::kConflict,
                     "Only a draft app can be activated (this one is " + app->status + ").");
  }
  std::string now = timefmt::formatInstant(clock_.now());
  app->status = "active";
  app->activated_at = now;
  app->updated_at = now;
  repo.updateApp(*app);
  recordAudit(conn, org, actor, "app.activated", "app", app->id, nullptr, now);
  tx.commit();
  auth_cache_.invalidate();
  return *app;
}

Result<domain::App> DeveloperService::revokeApp(const std::string& org, const std::string& id,
                                                const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  auto app = repo.findApp(org, id);
  if (!app) return notFound("app");
  if (!domain::canRevoke(app->status)) return makeError(ErrorCode::kConflict, "The app is already revoked.");
  std::string now = timefmt::formatInstant(clock_.now());
  app->status = "revoked";
  app->revoked_at = now;
  app->updated_at = now;
  repo.updateApp(*app);
  auto [keys, installs] = repo.cascadeRevoke(app->id, now);
  recordAudit(conn, org, actor, "app.revoked", "app", app->id,
              {{"keys_revoked", keys}, {"installations_uninstalled", installs}}, now);
  tx.commit();
  auth_cache_.invalidate();
  return *app;
}

Result<MintedKey> DeveloperService::mintKey(const std::string& org, const std::string& app_id,
                                            const std::string& name,
                                            const std::optional<std::string>& expires_at,
                                            const Actor& actor) {
  auto key_name = domain::trim(name);
  if (key_name.empty() || domain::codePointLength(key_name) > 100) {
    return makeError(ErrorCode::kValidationFailed, "name is required (1–100 characters).", "name");
  }
  std::optional<std::string> expiry;
  if (expires_at) {
    auto t = timefmt::parseInstant(*expires_at);
    if (!t)
      return makeError(ErrorCode::kValidationFailed, "expires_at must be an RFC 3339 instant.", "expires_at");
    if (*t <= timefmt::toUnixSeconds(clock_.now())) {
      return makeError(ErrorCode::kValidationFailed, "expires_at must be in the future.", "expires_at");
    }
    expiry = timefmt::formatInstant(*t);
  }
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  auto app = repo.findApp(org, app_id);
  if (!app) return notFound("app");
  if (!domain::canMintKeys(app->status)) {
    return makeError(ErrorCode::kConflict,
                     "Keys can only be minted for an active app (this one is " + app->status + ").");
  }
  std::string token = newToken();
  std::string now = timefmt::formatInstant(clock_.now());
  domain::ApiKey key{ids::prefixed("key_"), app->id, org, key_name, token.substr(0, 13), "active",
                     actor.user_id,         now,     now, expiry,   std::nullopt,        std::nullopt};
  repo.insertKey(key, crypto::sha256Hex(token));
  recordAudit(conn, org, actor, "key.minted", "api_key", key.id,
              {{"app_id", app->id}, {"name", key.name}, {"prefix", key.prefix}}, now);
  tx.commit();
  auth_cache_.invalidate();
  return MintedKey{key, token};
}

Result<Page<domain::ApiKey>> DeveloperService::listKeys(const std::string& org, const std::string& app_id,
                                                        const PageQuery& q) {
  storage::DeveloperRepository repo(db_.connection());
  if (!repo.findApp(org, app_id)) return notFound("app");
  return fetchPage<domain::ApiKey>(
      cursors_, {"keys", app_id}, q,
      [&](const auto& after) { return repo.listKeys(app_id, firstKey(after), q.limit); },
      [](const domain::ApiKey& k) { return std::vector<std::string>{k.id}; });
}

Result<domain::ApiKey> DeveloperService::revokeKey(const std::string& org, const std::string& app_id,
                                                   const std::string& key_id, const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  if (!repo.findApp(org, app_id)) return notFound("app");
  auto key = repo.findKey(app_id, key_id);
  if (!key) return notFound("key");
  if (key->status != "active") return makeError(ErrorCode::kConflict, "The key is already revoked.");
  std::string now = timefmt::formatInstant(clock_.now());
  repo.revokeKey(app_id, key_id, now);
  recordAudit(conn, org, actor, "key.revoked", "api_key", key_id,
              {{"app_id", app_id}, {"prefix", key->prefix}}, now);
  tx.commit();
  auth_cache_.invalidate();
  key->status = "revoked";
  key->revoked_at = now;
  key->updated_at = now;
  return *key;
}

Result<domain::Installation> DeveloperService::install(const std::string& org, const std::string& app_id,
                                                       const std::vector<std::string>& granted,
                                                       const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  auto app = repo.findAppAnyOrg(app_id);
  if (!app || app->status != "active") {
    return makeError(ErrorCode::kValidationFailed, "app_id must name an active app.", "app_id");
  }
  if (app->org_id == org) {
    return makeError(ErrorCode::kConflict, "The building organisation is already implicitly installed.");
  }
  if (repo.activeInstallation(org, app_id)) {
    return makeError(ErrorCode::kConflict,
                     "This app is already installed; uninstall it first to change scopes.");
  }
  domain::ScopeSet requested;
  for (const auto& s : granted) {
    bool in_app = false;
    for (const auto& r : app->required_scopes) in_app = in_app || r.scope == s;
    if (!in_app) {
      return makeError(ErrorCode::kValidationFailed, "Scope '" + s + "' is not one the app requires.",
                       "granted_scopes");
    }
    requested.insert(s);
  }
  if (requested.empty()) {
    return makeError(ErrorCode::kValidationFailed, "Grant at least one scope.", "granted_scopes");
  }
  std::string now = timefmt::formatInstant(clock_.now());
  domain::Installation inst{ids::prefixed("inst_"),
                            org,
                            app->id,
                            app->name,
                            std::vector<std::string>(requested.begin(), requested.end()),
                            "active",
                            actor.user_id,
                            now,
                            now,
                            std::nullopt};
  repo.insertInstallation(inst);
  recordAudit(conn, org, actor, "installation.created", "installation", inst.id,
              {{"app_id", app->id}, {"granted_scopes", inst.granted_scopes}}, now);
  tx.commit();
  auth_cache_.invalidate();
  return inst;
}

Result<Page<domain::Installation>> DeveloperService::listInstallations(const std::string& org,
                                                                       const PageQuery& q) {
  storage::DeveloperRepository repo(db_.connection());
  return fetchPage<domain::Installation>(
      cursors_, {"installations", org}, q,
      [&](const auto& after) { return repo.listInstallations(org, firstKey(after), q.limit); },
      [](const domain::Installation& i) { return std::vector<std::string>{i.id}; });
}

Result<domain::Installation> DeveloperService::uninstall(const std::string& org, const std::string& id,
                                                         const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::DeveloperRepository repo(conn);
  auto inst = repo.findInstallation(org, id);
  if (!inst) return notFound("installation");
  if (inst->status != "active")
    return makeError(ErrorCode::kConflict, "The installation is already removed.");
  std::string now = timefmt::formatInstant(clock_.now());
  repo.uninstall(org, id, now);
  recordAudit(conn, org, actor, "installation.deleted", "installation", id, {{"app_id", inst->app_id}}, now);
  tx.commit();
  auth_cache_.invalidate();
  inst->status = "uninstalled";
  inst->uninstalled_at = now;
  inst->updated_at = now;
  return *inst;
}

}  // namespace gaflight::service
