#include "storage/developer_repository.hpp"

#include <nlohmann/json.hpp>

#include "storage/json_columns.hpp"

namespace gaflight::storage {

namespace {
constexpr const char* kAppCols =
    "id, org_id, name, description, homepage_url, status, required_scopes, created_at, updated_at, "
    "activated_at, "
    "revoked_at";

std::string scopesToJson(const std::vector<domain::RequiredScope>& scopes) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& s : scopes) arr.push_back({{"scope", s.scope}, {"justification", s.justification}});
  return arr.dump();
}

std::vector<domain::RequiredScope> scopesFromJson(std::string_view text) {
  std::vector<domain::RequiredScope> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) out.push_back({e.value("scope", ""), e.value("justification", "")});
  return out;
}

domain::App appFromRow(const RowView& r) {
  domain::App a;
  a.id = r.str(0);
  a.org_id = r.str(1);
  a.name = r.str(2);
  a.description = r.str(3);
  a.homepage_url = r.optStr(4);
  a.status = r.str(5);
  a.required_scopes = scopesFromJson(r.text(6));
  a.created_at = r.str(7);
  a.updated_at = r.str(8);
  a.activated_at = r.optStr(9);
  a.revoked_at = r.optStr(10);
  return a;
}

constexpr const char* kKeyCols =
    "id, app_id, org_id, name, prefix, status, created_by, created_at, updated_at, expires_at, last_used_at, "
    "revoked_at";

domain::ApiKey keyFromRow(const RowView& r) {
  domain::ApiKey k;
  k.id = r.str(0);
  k.app_id = r.str(1);
  k.org_id = r.str(2);
  k.name = r.str(3);
  k.prefix = r.str(4);
  k.status = r.str(5);
  k.created_by = r.optStr(6);
  k.created_at = r.str(7);
  k.updated_at = r.str(8);
  k.expires_at = r.optStr(9);
  k.last_used_at = r.optStr(10);
  k.revoked_at = r.optStr(11);
  return k;
}

constexpr const char* kInstCols =
    "i.id, i.org_id, i.app_id, a.name, i.granted_scopes, i.status, i.created_by, i.created_at, i.updated_at, "
    "i.uninstalled_at";

domain::Installation instFromRow(const RowView& r) {
  domain::Installation i;
  i.id = r.str(0);
  i.org_id = r.str(1);
  i.app_id = r.str(2);
  i.app_name = r.str(3);
  i.granted_scopes = parseStringArray(r.text(4));
  i.status = r.str(5);
  i.created_by = r.optStr(6);
  i.created_at = r.str(7);
  i.updated_at = r.str(8);
  i.uninstalled_at = r.optStr(9);
  return i;
}
}  // namespace

void DeveloperRepository::insertApp(const domain::App& a) {
  c_.run(std::string("INSERT INTO apps(") + kAppCols + ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
         {a.id, a.org_id, a.name, a.description, optText(a.homepage_url), a.status,
          scopesToJson(a.required_scopes), a.created_at, a.updated_at, optText(a.activated_at),
          optText(a.revoked_at)});
}

void DeveloperRepository::updateApp(const domain::App& a) {
  c_.run(
      "UPDATE apps SET name=?3, description=?4, homepage_url=?5, status=?6, required_scopes=?7, "
      "updated_at=?8, "
      "activated_at=?9, revoked_at=?10 WHERE id=?1 AND org_id=?2",
      {a.id, a.org_id, a.name, a.description, optText(a.homepage_url), a.status,
       scopesToJson(a.required_scopes), a.updated_at, optText(a.activated_at), optText(a.revoked_at)});
}

std::optional<domain::App> DeveloperRepository::findApp(const std::string& org, const std::string& id) {
  std::optional<domain::App> out;
  c_.run(std::string("SELECT ") + kAppCols + " FROM apps WHERE org_id=?1 AND id=?2", {org, id},
         [&](const RowView& r) { out = appFromRow(r); });
  return out;
}

std::optional<domain::App> DeveloperRepository::findAppAnyOrg(const std::string& id) {
  std::optional<domain::App> out;
  c_.run(std::string("SELECT ") + kAppCols + " FROM apps WHERE id=?1", {id},
         [&](const RowView& r) { out = appFromRow(r); });
  return out;
}

std::vector<domain::App> DeveloperRepository::listApps(const std::string& org, const std::string& after_id,
                                                       int limit) {
  std::vector<domain::App> out;
  c_.run(std::string("SELECT ") + kAppCols + " FROM apps WHERE org_id=?1 AND id>?2 ORDER BY id LIMIT ?3",
         {org, after_id, int64_t{limit + 1}}, [&](const RowView& r) { out.push_back(appFromRow(r)); });
  return out;
}

std::pair<int64_t, int64_t> DeveloperRepository::cascadeRevoke(const std::string& app_id,
                                                               const std::string& at) {
  int64_t keys = c_.run(
      "UPDATE api_keys SET status='revoked', revoked_at=?2, updated_at=?2 WHERE app_id=?1 AND "
      "status='active'",
      {app_id, at});
  int64_t insts = c_.run(
      "UPDATE installations SET status='uninstalled', uninstalled_at=?2, updated_at=?2 "
      "WHERE app_id=?1 AND status='active'",
      {app_id, at});
  return {keys, insts};
}

void DeveloperRepository::insertKey(const domain::ApiKey& k, const std::string& token_hash) {
  c_.run(
      "INSERT INTO api_keys(id, app_id, org_id, name, prefix, token_hash, status, created_by, created_at, "
      "updated_at, "
      "expires_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
      {k.id, k.app_id, k.org_id, k.name, k.prefix, token_hash, k.status, optText(k.created_by), k.created_at,
       k.updated_at, optText(k.expires_at)});
}

std::optional<domain::ApiKey> DeveloperRepository::findKey(const std::string& app_id,
                                                           const std::string& key_id) {
  std::optional<domain::ApiKey> out;
  c_.run(std::string("SELECT ") + kKeyCols + " FROM api_keys WHERE app_id=?1 AND id=?2", {app_id, key_id},
         [&](const RowView& r) { out = keyFromRow(r); });
  return out;
}

std::vector<domain::ApiKey> DeveloperRepository::listKeys(const std::string& app_id,
                                                          const std::string& after_id, int limit) {
  std::vector<domain::ApiKey> out;
  c_.run(std::string("SELECT ") + kKeyCols + " FROM api_keys WHERE app_id=?1 AND id>?2 ORDER BY id LIMIT ?3",
         {app_id, after_id, int64_t{limit + 1}}, [&](const RowView& r) { out.push_back(keyFromRow(r)); });
  return out;
}

bool DeveloperRepository::revokeKey(const std::string& app_id, const std::string& key_id,
                                    const std::string& at) {
  return c_.run(
             "UPDATE api_keys SET status='revoked', revoked_at=?3, updated_at=?3 "
             "WHERE app_id=?1 AND id=?2 AND status='active'",
             {app_id, key_id, at}) == 1;
}

std::optional<KeyAuthRecord> DeveloperRepository::keyByHash(const std::string& token_hash) {
  std::optional<KeyAuthRecord> out;
  c_.run(
      "SELECT k.id, k.status, a.id, a.org_id, a.status, k.expires_at, k.last_used_at, a.required_scopes "
      "FROM api_keys k JOIN apps a ON a.id = k.app_id WHERE k.token_hash = ?1",
      {token_hash}, [&](const RowView& r) {
        KeyAuthRecord rec{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.optStr(5), r.optStr(6), {}};
        for (auto& s : scopesFromJson(r.text(7))) rec.app_scopes.push_back(std::move(s.scope));
        out = std::move(rec);
      });
  return out;
}

void DeveloperRepository::touchKey(const std::string& key_id, const std::string& at) {
  c_.run("UPDATE api_keys SET last_used_at=?2 WHERE id=?1", {key_id, at});
}

void DeveloperRepository::insertInstallation(const domain::Installation& i) {
  c_.run(
      "INSERT INTO installations(id, org_id, app_id, granted_scopes, status, created_by, created_at, "
      "updated_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
      {i.id, i.org_id, i.app_id, nlohmann::json(i.granted_scopes).dump(), i.status, optText(i.created_by),
       i.created_at, i.updated_at});
}

std::optional<domain::Installation> DeveloperRepository::findInstallation(const std::string& org,
                                                                          const std::string& id) {
  std::optional<domain::Installation> out;
  c_.run(std::string("SELECT ") + kInstCols +
             " FROM installations i JOIN apps a ON a.id = i.app_id WHERE i.org_id=?1 AND i.id=?2",
         {org, id}, [&](const RowView& r) { out = instFromRow(r); });
  return out;
}

std::optional<domain::Installation> DeveloperRepository::activeInstallation(const std::string& org,
                                                                            const std::string& app_id) {
  std::optional<domain::Installation> out;
  c_.run(std::string("SELECT ") + kInstCols +
             " FROM installations i JOIN apps a ON a.id = i.app_id "
             "WHERE i.org_id=?1 AND i.app_id=?2 AND i.status='active'",
         {org, app_id}, [&](const RowView& r) { out = instFromRow(r); });
  return out;
}

std::vector<domain::Installation> DeveloperRepository::listInstallations(const std::string& org,
                                                                         const std::string& after_id,
                                                                         int limit) {
  std::vector<domain::Installation> out;
  c_.run(std::string("SELECT ") + kInstCols +
             " FROM installations i JOIN apps a ON a.id = i.app_id WHERE i.org_id=?1 AND i.id>?2 "
             "ORDER BY i.id LIMIT ?3",
         {org, after_id, int64_t{limit + 1}}, [&](const RowView& r) { out.push_back(instFromRow(r)); });
  return out;
}

bool DeveloperRepository::uninstall(const std::string& org, const std::string& id, const std::string& at) {
  return c_.run(
             "UPDATE installations SET status='uninstalled', uninstalled_at=?3, updated_at=?3 "
             "WHERE org_id=?1 AND id=?2 AND status='active'",
             {org, id, at}) == 1;
}

}  // namespace gaflight::storage
