#include "support/test_server.hpp"

#include "app/services.hpp"

#include <random>
#include <stdexcept>

#include "app/application.hpp"
#include "core/crypto.hpp"
#include "storage/identity_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::testing {

TestServer::TestServer(const std::function<void(config::Config&)>& tweak, const Clock* clock) {
  dir_ = std::filesystem::temp_directory_path() / ("gaflight-it-" + crypto::toHex(crypto::randomBytes(6)));
  std::filesystem::create_directories(dir_);
  db_path_ = (dir_ / "test.db").string();
  config::Config cfg;
  cfg.db_url = "sqlite:" + db_path_;
  cfg.listen = "127.0.0.1:0";
  cfg.access_log = false;
  cfg.shutdown_grace_ms = 3000;
  cfg.web_root = GAFLIGHT_DEFAULT_WEB_ROOT;
  if (tweak) tweak(cfg);
  app_ = std::make_unique<app::Application>(cfg, clock);
  app_->start();
}

TestServer::~TestServer() {
  app_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

ConsoleSession TestServer::login(const std::string& email, const std::string& password) {
  auto r = client().request("POST", "/api/v1/console/login", {"Content-Type: application/json"},
                            nlohmann::json{{"email", email}, {"password", password}}.dump());
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  ConsoleSession s;
  auto cookie = r.header("set-cookie");
  s.cookie = cookie.substr(0, cookie.find(';'));
  auto j = r.json();
  s.csrf = j["csrf_token"].get<std::string>();
  s.user_id = j["user"]["id"].get<std::string>();
  return s;
}

std::pair<ConsoleSession, std::string> TestServer::createOwnerWithOrg(const std::string& email,
                                                                      const std::string& org_name) {
  auto& s = app_->services();
  auto user = s.identity.createUser(email, "Test Owner", kPassword);
  auto org = s.identity.createOrgOwnedBy({org_name, "Europe/Paris", "FR", "EUR"}, user,
                                         service::Actor{user.id, user.email, "test"});
  return {login(email, kPassword), org.id};
}

HttpResult TestServer::console(const ConsoleSession& s, const std::string& method, const std::string& path,
                               const nlohmann::json& body) {
  std::vector<std::string> headers = {"Cookie: " + s.cookie, "X-CSRF-Token: " + s.csrf};
  std::string payload;
  if (!body.is_null()) {
    headers.push_back("Content-Type: application/json");
    payload = body.dump();
  }
  return client().request(method, path, headers, payload);
}

std::pair<std::string, std::string> createActiveAppWithKey(TestServer& server, const ConsoleSession& s,
                                                           const std::string& org,
                                                           const std::vector<std::string>& scopes) {
  nlohmann::json req_scopes = nlohmann::json::array();
  for (const auto& sc : scopes) {
    req_scopes.push_back(
        {{"scope", sc}, {"justification", "Our integration needs this data to build the school's reports."}});
  }
  auto base = "/api/v1/console/orgs/" + org + "/apps";
  auto created = server.console(
      s, "POST", base,
      {{"name", "Test app"}, {"description", "integration test"}, {"required_scopes", req_scopes}});
  if (created.status != 201) throw std::runtime_error("create app: " + created.body);
  std::string app_id = created.json()["id"];
  auto act = server.console(s, "POST", base + "/" + app_id + "/activate");
  if (act.status != 200) throw std::runtime_error("activate: " + act.body);
  auto key = server.console(s, "POST", base + "/" + app_id + "/keys", {{"name", "test key"}});
  if (key.status != 201) throw std::runtime_error("mint: " + key.body);
  return {app_id, key.json()["token"].get<std::string>()};
}

std::vector<std::string> publicHeaders(const std::string& token, const std::string& org) {
  return {"Authorization: Bearer " + token, "X-Org-Id: " + org};
}

}  // namespace gaflight::testing
