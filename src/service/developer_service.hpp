#pragma once
// Apps, API keys and installations (SPEC §2). Every change is audited in its own transaction and
// invalidates the public API's auth cache.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/entities.hpp"
#include "service/actor.hpp"
#include "service/api_auth.hpp"
#include "service/cursor.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

struct AppInput {
  std::string name, description;
  std::optional<std::string> homepage_url;
  std::vector<domain::RequiredScope> required_scopes;
};

struct AppPatch {
  std::optional<std::string> name, description;
  std::optional<std::optional<std::string>> homepage_url;  // set to null clears it
  std::optional<std::vector<domain::RequiredScope>> required_scopes;
};

struct MintedKey {
  domain::ApiKey key;
  std::string token;  // shown exactly once
};

class DeveloperService {
 public:
  DeveloperService(storage::Database& db, const Clock& clock, const CursorCodec& cursors,
                   AuthCache& auth_cache)
      : db_(db), clock_(clock), cursors_(cursors), auth_cache_(auth_cache) {}

  Result<domain::App> createApp(const std::string& org, const AppInput& in, const Actor& actor);
  Result<Page<domain::App>> listApps(const std::string& org, const PageQuery& q);
  Result<domain::App> getApp(const std::string& org, const std::string& id);
  // An active app of any organisation, as an installer sees it before granting scopes.
  Result<domain::App> getPublishedApp(const std::string& id);
  Result<domain::App> updateApp(const std::string& org, const std::string& id, const AppPatch& patch,
                                const Actor& actor);
  Result<domain::App> activateApp(const std::string& org, const std::string& id, const Actor& actor);
  Result<domain::App> revokeApp(const std::string& org, const std::string& id, const Actor& actor);

  Result<MintedKey> mintKey(const std::string& org, const std::string& app_id, const std::string& name,
                            const std::optional<std::string>& expires_at, const Actor& actor);
  Result<Page<domain::ApiKey>> listKeys(const std::string& org, const std::string& app_id,
                                        const PageQuery& q);
  Result<domain::ApiKey> revokeKey(const std::string& org, const std::string& app_id,
                                   const std::string& key_id, const Actor& actor);

  Result<domain::Installation> install(const std::string& org, const std::string& app_id,
                                       const std::vector<std::string>& granted, const Actor& actor);
  Result<Page<domain::Installation>> listInstallations(const std::string& org, const PageQuery& q);
  Result<domain::Installation> uninstall(const std::string& org, const std::string& id, const Actor& actor);

  static std::string newToken();

 private:
  storage::Database& db_;
  const Clock& clock_;
  const CursorCodec& cursors_;
  AuthCache& auth_cache_;
};

}  // namespace gaflight::service
