#pragma once
// Runs the real application in-process on 127.0.0.1:0 with a throwaway SQLite database.
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "app/application.hpp"
#include "support/http_client.hpp"

namespace gaflight::testing {

class FakeClock final : public Clock {
 public:
  SysTime now() const override {
    std::lock_guard lock(mu_);
    return now_;
  }
  void advance(std::chrono::seconds s) {
    std::lock_guard lock(mu_);
    now_ += s;
  }

 private:
  mutable std::mutex mu_;
  SysTime now_ = std::chrono::system_clock::now();
};

struct ConsoleSession {
  std::string cookie;  // "gaf_session=…"
  std::string csrf;
  std::string user_id;
};

class TestServer {
 public:
  // `tweak` adjusts the configuration before start (limits, rate limit…).
  explicit TestServer(const std::function<void(config::Config&)>& tweak = {}, const Clock* clock = nullptr);
  ~TestServer();
  int port() const { return app_->port(); }
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port()); }
  HttpClient client() const { return HttpClient(baseUrl()); }
  app::Application& app() { return *app_; }
  const std::string& dbPath() const { return db_path_; }

  // Creates a user owning a fresh organisation; returns {session, org_id}.
  std::pair<ConsoleSession, std::string> createOwnerWithOrg(const std::string& email,
                                                            const std::string& org_name);
  ConsoleSession login(const std::string& email, const std::string& password);
  // Console call with session cookie and CSRF header.
  HttpResult console(const ConsoleSession& s, const std::string& method, const std::string& path,
                     const nlohmann::json& body = nullptr);

  static constexpr const char* kPassword = "correct horse battery staple";

 private:
  std::filesystem::path dir_;
  std::string db_path_;
  std::unique_ptr<app::Application> app_;
};

// Creates an active app holding `scopes` in `org` and mints a key; returns {app_id, token}.
std::pair<std::string, std::string> createActiveAppWithKey(TestServer& server, const ConsoleSession& s,
                                                           const std::string& org,
                                                           const std::vector<std::string>& scopes);
std::vector<std::string> publicHeaders(const std::string& token, const std::string& org);

}  // namespace gaflight::testing
