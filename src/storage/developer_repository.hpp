#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

// What the public API needs to authenticate a key, in one query.
struct KeyAuthRecord {
  std::string key_id, key_status, app_id, app_org_id, app_status;
  std::optional<std::string> expires_at, last_used_at;
  std::vector<std::string> app_scopes;
};

class DeveloperRepository {
 public:
  explicit DeveloperRepository(Connection& c) : c_(c) {}

  void insertApp(const domain::App& a);
  void updateApp(const domain::App& a);
  std::optional<domain::App> findApp(const std::string& org, const std::string& id);
  std::optional<domain::App> findAppAnyOrg(const std::string& id);  // installation of another org's app
  std::vector<domain::App> listApps(const std::string& org, const std::string& after_id, int limit);
  // The revoke cascade: keys revoked, installations uninstalled. Returns {keys, installations} changed.
  std::pair<int64_t, int64_t> cascadeRevoke(const std::string& app_id, const std::string& at);

  void insertKey(const domain::ApiKey& k, const std::string& token_hash);
  std::optional<domain::ApiKey> findKey(const std::string& app_id, const std::string& key_id);
  std::vector<domain::ApiKey> listKeys(const std::string& app_id, const std::string& after_id, int limit);
  bool revokeKey(const std::string& app_id, const std::string& key_id, const std::string& at);
  std::optional<KeyAuthRecord> keyByHash(const std::string& token_hash);
  void touchKey(const std::string& key_id, const std::string& at);

  void insertInstallation(const domain::Installation& i);
  std::optional<domain::Installation> findInstallation(const std::string& org, const std::string& id);
  std::optional<domain::Installation> activeInstallation(const std::string& org, const std::string& app_id);
  std::vector<domain::Installation> listInstallations(const std::string& org, const std::string& after_id,
                                                      int limit);
  bool uninstall(const std::string& org, const std::string& id, const std::string& at);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
