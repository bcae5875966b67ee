#include "service/identity_service.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "domain/scopes.hpp"
#include "service/audit.hpp"
#include "storage/identity_repository.hpp"

namespace gaflight::service {

// Keys: "p:" address+account (the lockout), "i:" address, "a:" account (the backstop).
LoginThrottle::Key LoginThrottle::keys(const std::string& email, const std::string& ip) {
  return {"p:" + ip + "|" + email, "i:" + ip, "a:" + email};
}

std::chrono::seconds LoginThrottle::windowOf(const std::string& key) const {
  return key.rfind("a:", 0) == 0 ? lim_.account_window : lim_.window;
}

int64_t LoginThrottle::check(const std::string& key, int max, std::chrono::seconds window, int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - window.count()) q.pop_front();
  if (static_cast<int>(q.size()) < max) return 0;
  return q[q.size() - static_cast<size_t>(max)] + window.count() - now;
}

int64_t LoginThrottle::waitLocked(const Key& k, int64_t now) {
  return std::max({check(k.pair, lim_.per_address_account, lim_.window, now),
                   check(k.address, lim_.per_address, lim_.window, now),
                   check(k.account, lim_.per_account, lim_.account_window, now)});
}

void LoginThrottle::addLocked(const Key& k, int64_t now) {
  if (failures_.size() > kPruneAbove) prune(now);
  for (const auto* key : {&k.pair, &k.address, &k.account}) failures_[*key].push_back(now);
}

int64_t LoginThrottle::retryAfter(const std::string& email, const std::string& ip, int64_t now) {
  std::lock_guard lock(mu_);
  return waitLocked(keys(email, ip), now);
}

int64_t LoginThrottle::reserve(const std::string& email, const std::string& ip, int64_t now) {
  auto k = keys(email, ip);
  std::lock_guard lock(mu_);
  if (int64_t wait = waitLocked(k, now); wait > 0) return wait;
  addLocked(k, now);
  return 0;
}

void LoginThrottle::recordFailure(const std::string& email, const std::string& ip, int64_t now) {
  std::lock_guard lock(mu_);
  addLocked(keys(email, ip), now);
}

void LoginThrottle::succeeded(const std::string& email, const std::string& ip, int64_t now) {
  auto k = keys(email, ip);
  std::lock_guard lock(mu_);
  failures_.erase(k.pair);
  // Un-count the reservation only: a success must not reset a spraying address or the backstop.
  for (const auto* key : {&k.address, &k.account}) {
    auto it = failures_.find(*key);
    if (it == failures_.end()) continue;
    auto& q = it->second;
    for (auto r = q.rbegin(); r != q.rend(); ++r) {
      if (*r == now) {
        q.erase(std::next(r).base());
        break;
      }
    }
    if (q.empty()) failures_.erase(it);
  }
}

// Bounds memory under a spray of addresses without ever forgetting a throttle in force: expired
// entries go first, then address entries, then address+account entries and last account (backstop)
// entries below their limit.
void LoginThrottle::prune(int64_t now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    auto& q = it->second;
    while (!q.empty() && q.front() <= now - windowOf(it->first).count()) q.pop_front();
    it = q.empty() ? failures_.erase(it) : std::next(it);
  }
  const std::pair<const char*, int> passes[] = {
      {"i:", std::numeric_limits<int>::max()}, {"p:", lim_.per_address_account}, {"a:", lim_.per_account}};
  for (const auto& [prefix, max] : passes) {
    for (auto it = failures_.begin(); failures_.size() > 50'000 && it != failures_.end();) {
      bool drop = it->first.rfind(prefix, 0) == 0 && static_cast<int>(it->second.size()) < max;
      it = drop ? failures_.erase(it) : std::next(it);
    }
  }
  // Hard bound: only when more throttles than that are in force at once are some forgotten, so a
  // prune always leaves headroom (no O(n) prune on every further failure).
  for (auto it = failures_.begin(); failures_.size() > kHardKeep && it != failures_.end();) {
    it = failures_.erase(it);
  }
}

size_t LoginThrottle::entryCount() {
  std::lock_guard lock(mu_);
  return failures_.size();
}

IdentityService::IdentityService(storage::Database& db, const Clock& clock, std::string csrf_key,
                                 std::chrono::hours session_ttl)
    : db_(db), clock_(clock), csrf_key_(std::move(csrf_key)), ttl_(session_ttl) {
  dummy_hash_ = crypto::hashPassword(crypto::toHex(crypto::randomBytes(16)));
}

std::string IdentityService::csrfFor(const std::string& session_hash) const {
  return crypto::base64UrlEncode(crypto::hmacSha256(csrf_key_, "csrf|" + session_hash));
}

namespace {
std::string normaliseEmail(std::string_view e) {
  std::string out = domain::trim(e);
  for (char& c : out) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

Result<LoginResult> IdentityService::login(const std::string& email_in, const std::string& password,
                                           const std::string& ip) {
  std::string email = normaliseEmail(email_in);
  int64_t now = timefmt::toUnixSeconds(clock_.now());
  // Reserve the attempt first (one lock for check and count): parallel requests cannot all pass the
  // check before any of them records its failure.
  if (int64_t wait = throttle_.reserve(email, ip, now); wait > 0) {
    Error e = makeError(ErrorCode::kLoginThrottled, "Too many failed logins; try again later.");
    e.retry_after_s = static_cast<int>(wait);
    return e;
  }
  auto& conn = db_.connection();
  storage::IdentityRepository repo(conn);
  auto found = repo.findUserByEmail(email);
  bool ok = crypto::verifyPassword(found ? found->password_hash : dummy_hash_, password) && found;
  if (!ok) return makeError(ErrorCode::kInvalidCredentials, "Invalid email or password.");
  throttle_.succeeded(email, ip, now);
  std::string token = crypto::base64UrlEncode(crypto::randomBytes(32));
  std::string hash = crypto::sha256Hex(token);
  auto ttl_s = std::chrono::duration_cast<std::chrono::seconds>(ttl_).count();
  {
    storage::Transaction tx(conn, storage::TxMode::kWrite);
    repo.deleteExpiredSessions(timefmt::formatInstant(now));
    repo.insertSession(hash, found->user.id, timefmt::formatInstant(now),
                       timefmt::formatInstant(now + ttl_s));
    tx.commit();
  }
  return LoginResult{token, csrfFor(hash), found->user, repo.membershipsOf(found->user.id), ttl_s};
}

void IdentityService::logout(const std::string& session_token) {
  storage::IdentityRepository(db_.connection()).deleteSession(crypto::sha256Hex(session_token));
}

Result<SessionInfo> IdentityService::session(const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 200) {
    return makeError(ErrorCode::kNotLoggedIn, "Log in first.");
  }
  std::string hash = crypto::sha256Hex(session_token);
  storage::IdentityRepository repo(db_.connection());
  auto user_id = repo.sessionUser(hash, timefmt::formatInstant(clock_.now()));
  if (!user_id) return makeError(ErrorCode::kNotLoggedIn, "The session is missing or expired; log in again.");
  auto user = repo.findUser(*user_id);
  if (!user) return makeError(ErrorCode::kNotLoggedIn, "Log in first.");
  return SessionInfo{*user, csrfFor(hash), hash};
}

bool IdentityService::csrfValid(const SessionInfo& s, const std::string& presented) const {
  return crypto::constantTimeEqual(s.csrf_token, presented);
}

std::vector<domain::Membership> IdentityService::memberships(const std::string& user_id) {
  return storage::IdentityRepository(db_.connection()).membershipsOf(user_id);
}

std::optional<std::string> IdentityService::roleIn(const std::string& org, const std::string& user_id) {
  return storage::IdentityRepository(db_.connection()).membershipRole(org, user_id);
}

Status IdentityService::validateOrgInput(const OrgInput& in) {
  auto name = domain::trim(in.name);
  if (name.empty() || domain::codePointLength(name) > 120) {
    return makeError(ErrorCode::kValidationFailed, "name is required (1–120 characters).", "name");
  }
  // IANA zone names: Area/Location, letters, digits, '_', '-', '+', '/'.
  bool tz_ok = !in.time_zone.empty() && in.time_zone.size() <= 64 &&
               (in.time_zone == "UTC" || in.time_zone.find('/') != std::string::npos);
  for (char c : in.time_zone) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+'))
      tz_ok = false;
  }
  if (!tz_ok) {
    return makeError(ErrorCode::kValidationFailed,
                     "time_zone must be an IANA zone name such as Europe/Paris.", "time_zone");
  }
  auto upper2 = [](const std::string& s, size_t n) {
    if (s.size() != n) return false;
    for (char c : s) {
      if (c < 'A' || c > 'Z') return false;
    }
    return true;
  };
  if (!upper2(in.country, 2)) {
    return makeError(ErrorCode::kValidationFailed, "country must be an ISO 3166-1 alpha-2 code such as FR.",
                     "country");
  }
  if (!upper2(in.currency, 3)) {
    return makeError(ErrorCode::kValidationFailed, "currency must be an ISO 4217 code such as EUR.",
                     "currency");
  }
  return okStatus();
}

domain::Organisation IdentityService::createOrgOwnedBy(const OrgInput& in, const domain::User& owner,
                                                       const Actor& actor) {
  auto& conn = db_.connection();
  std::string now = timefmt::formatInstant(clock_.now());
  domain::Organisation org{
      ids::newUuid(), domain::trim(in.name), in.time_zone, in.country, in.currency, now, now};
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::IdentityRepository repo(conn);
  repo.insertOrg(org);
  repo.addMembership(org.id, owner.id, "owner", now);
  recordAudit(conn, org.id, actor, "org.created", "organisation", org.id, {{"name", org.name}}, now);
  tx.commit();
  return org;
}

Result<domain::Organisation> IdentityService::createOrg(const OrgInput& in, const Actor& actor) {
  if (auto st = validateOrgInput(in); !st) return st.error();
  auto user = storage::IdentityRepository(db_.connection()).findUser(actor.user_id.value_or(""));
  if (!user) return makeError(ErrorCode::kNotLoggedIn, "Log in first.");
  return createOrgOwnedBy(in, *user, actor);
}

Result<domain::Organisation> IdentityService::getOrg(const std::string& org) {
  auto o = storage::IdentityRepository(db_.connection()).findOrg(org);
  if (!o) return makeError(ErrorCode::kNotFound, "No such organisation.");
  return *o;
}

domain::User IdentityService::createUser(const std::string& email, const std::string& display_name,
                                         const std::string& password) {
  std::string now = timefmt::formatInstant(clock_.now());
  domain::User u{ids::prefixed("usr_"), normaliseEmail(email), display_name, now, now};
  storage::IdentityRepository(db_.connection()).insertUser(u, crypto::hashPassword(password));
  return u;
}

}  // namespace gaflight::service
