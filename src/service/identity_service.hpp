#pragma once
// Console identity: login (Argon2id), sessions (only a SHA-256 of the cookie is stored), CSRF
// tokens derived from the session (HMAC, nothing extra stored), throttled failed logins, orgs.
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/entities.hpp"
#include "service/actor.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

struct LoginResult {
  std::string session_token;  // goes into the HttpOnly cookie, never stored
  std::string csrf_token;
  domain::User user;
  std::vector<domain::Membership> orgs;
  int64_t max_age_seconds;
};

struct SessionInfo {
  domain::User user;
  std::string csrf_token;
  std::string session_hash;
};

struct OrgInput {
  std::string name, time_zone, country, currency;
};

class LoginThrottle {
 public:
  // At most `max_per_email` failures per email and `max_per_ip` per client address in `window`
  // (an address may be a shared NAT, so it gets a larger allowance than one account).
  LoginThrottle(int max_per_email, int max_per_ip, std::chrono::seconds window)
      : max_email_(max_per_email), max_ip_(max_per_ip), window_(window) {}
  // Seconds to wait, or 0 when a try is allowed.
  int64_t retryAfter(const std::string& email, const std::string& ip, int64_t now);
  void recordFailure(const std::string& email, const std::string& ip, int64_t now);
  void recordSuccess(const std::string& email);
  size_t entryCount();
  // Memory bound: pruning starts above kPruneAbove keys (emails and addresses) and always ends at
  // or below kHardKeep, so the map never holds more than kPruneAbove + 2 keys.
  static constexpr size_t kPruneAbove = 100'000;
  static constexpr size_t kHardKeep = 90'000;

 private:
  int64_t check(const std::string& key, int max, int64_t now);
  void prune(int64_t now);
  int max_email_, max_ip_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
};

class IdentityService {
 public:
  IdentityService(storage::Database& db, const Clock& clock, std::string csrf_key,
                  std::chrono::hours session_ttl);

  Result<LoginResult> login(const std::string& email, const std::string& password,
                            const std::string& client_ip);
  void logout(const std::string& session_token);
  Result<SessionInfo> session(const std::string& session_token);
  bool csrfValid(const SessionInfo& s, const std::string& presented) const;
  std::vector<domain::Membership> memberships(const std::string& user_id);
  std::optional<std::string> roleIn(const std::string& org, const std::string& user_id);

  Result<domain::Organisation> createOrg(const OrgInput& in, const Actor& actor);
  Result<domain::Organisation> getOrg(const std::string& org);

  // Used by `gaflight demo` and tests.
  domain::User createUser(const std::string& email, const std::string& display_name,
                          const std::string& password);
  domain::Organisation createOrgOwnedBy(const OrgInput& in, const domain::User& owner, const Actor& actor);

  static Status validateOrgInput(const OrgInput& in);

 private:
  std::string csrfFor(const std::string& session_hash) const;
  storage::Database& db_;
  const Clock& clock_;
  std::string csrf_key_;
  std::chrono::hours ttl_;
  LoginThrottle throttle_{5, 50, std::chrono::minutes(15)};
  std::string dummy_hash_;  // verifies against unknown emails so timing does not reveal them
};

}  // namespace gaflight::service
