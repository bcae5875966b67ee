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

// Failed-login accounting (OWASP authentication cheat sheet): a lockout is keyed by client address
// *and* account, so an attacker's failures do not lock the owner out from elsewhere; a slower
// per-account backstop stops a guess spread over many addresses; an address (maybe a shared NAT)
// gets a larger allowance across accounts.
struct LoginLimits {
  int per_address_account = 5;  // failures of one account from one address in `window`
  int per_address = 50;         // failures from one address, all accounts, in `window`
  std::chrono::seconds window{15 * 60};
  int per_account = 100;  // failures of one account from anywhere in `account_window`
  std::chrono::seconds account_window{3600};
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginLimits limits) : lim_(limits) {}
  // Atomically checks every limit and, when none is reached, counts this attempt as a failure
  // *before* the password is checked, so parallel attempts can never exceed a limit. Returns the
  // seconds to wait (nothing counted), or 0: go ahead, then call succeeded() if the password was
  // right.
  int64_t reserve(const std::string& email, const std::string& ip, int64_t now);
  // The reserved attempt (made at `now`) was a success: un-count it and clear this address's
  // failures for the account. Other addresses' failures and the address's own count stay.
  void succeeded(const std::string& email, const std::string& ip, int64_t now);
  // Read-only: seconds to wait, or 0 when a try is allowed.
  int64_t retryAfter(const std::string& email, const std::string& ip, int64_t now);
  // Counts a failure without a check (tests, and callers that verified elsewhere).
  void recordFailure(const std::string& email, const std::string& ip, int64_t now);
  size_t entryCount();
  // Memory bound: pruning starts above kPruneAbove keys and always ends at or below kHardKeep.
  static constexpr size_t kPruneAbove = 100'000;
  static constexpr size_t kHardKeep = 90'000;

 private:
  struct Key {
    std::string pair, address, account;
  };
  static Key keys(const std::string& email, const std::string& ip);
  int64_t waitLocked(const Key& k, int64_t now);
  int64_t check(const std::string& key, int max, std::chrono::seconds window, int64_t now);
  void addLocked(const Key& k, int64_t now);
  void prune(int64_t now);
  std::chrono::seconds windowOf(const std::string& key) const;
  LoginLimits lim_;
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
  LoginThrottle throttle_{LoginLimits{}};
  std::string dummy_hash_;  // verifies against unknown emails so timing does not reveal them
};

}  // namespace gaflight::service
