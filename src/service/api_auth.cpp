#include "service/api_auth.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/ids.hpp"

namespace gaflight::service {

namespace {
constexpr int64_t kTouchIntervalSeconds = 60;  // last_used_at precision; avoids a write per request

bool wellFormedToken(std::string_view t) {
  if (t.size() < ApiAuthenticator::kTokenPrefix.size() + 32 || t.size() > 200) return false;
  if (t.substr(0, ApiAuthenticator::kTokenPrefix.size()) != ApiAuthenticator::kTokenPrefix) return false;
  for (char c : t.substr(ApiAuthenticator::kTokenPrefix.size())) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}
}  // namespace

void ApiAuthenticator::syncGeneration() {
  uint64_t g = cache_.generation();
  if (g != seen_generation_) {
    keys_.clear();
    unknown_keys_ = 0;
    installs_.clear();
    seen_generation_ = g;
  }
}

void ApiAuthenticator::rememberKey(const std::string& hash,
                                   std::shared_ptr<const storage::KeyAuthRecord> record, int64_t now) {
  if (auto it = keys_.find(hash); it != keys_.end()) {  // two concurrent misses of one token
    if (!it->second.record) --unknown_keys_;
    keys_.erase(it);
  }
  if (!record && unknown_keys_ >= max_unknown_) {
    std::erase_if(keys_, [](const auto& kv) { return !kv.second.record; });
    unknown_keys_ = 0;
  }
  if (keys_.size() >= max_entries_) {
    keys_.clear();
    unknown_keys_ = 0;
  }
  if (!record) ++unknown_keys_;
  keys_[hash] = CachedKey{std::move(record), now};
}

ApiAuthenticator::CacheSizes ApiAuthenticator::cacheSizes() {
  std::lock_guard lock(mu_);
  return {keys_.size(), unknown_keys_, installs_.size()};
}

Result<std::shared_ptr<const storage::KeyAuthRecord>> ApiAuthenticator::authenticateKey(
    const std::string* authorization, size_t count) {
  if (!authorization || count != 1) {
    return makeError(ErrorCode::kUnauthenticated,
                     count > 1 ? "Send exactly one Authorization header."
                               : "Send 'Authorization: Bearer gaf_pk_…' with an API key.");
  }
  std::string_view h = *authorization;
  if (h.size() < 7 || !(h.substr(0, 7) == "Bearer " || h.substr(0, 7) == "bearer ")) {
    return makeError(ErrorCode::kUnauthenticated, "The Authorization header must use the Bearer scheme.");
  }
  std::string_view token = h.substr(7);
  if (!wellFormedToken(token)) {
    return makeError(ErrorCode::kUnauthenticated, "The bearer token is not a gaflight API key (gaf_pk_…).");
  }
  const std::string hash = crypto::sha256(token);
  int64_t now = timefmt::toUnixSeconds(clock_.now());

  std::shared_ptr<const storage::KeyAuthRecord> rec;
  bool touch = false;
  {
    std::lock_guard lock(mu_);
    syncGeneration();
    auto it = keys_.find(hash);
    if (it != keys_.end()) {
      rec = it->second.record;
      if (rec && now - it->second.last_touch >= kTouchIntervalSeconds) {
        it->second.last_touch = now;
        touch = true;
      }
    } else {
      uint64_t gen = seen_generation_;
      // Drop the lock for the query; a concurrent invalidation makes us discard what we read.
      mu_.unlock();
      std::shared_ptr<const storage::KeyAuthRecord> fresh;
      try {
        if (auto found = storage::DeveloperRepository(db_.connection()).keyByHash(crypto::toHex(hash)))
          fresh = std::make_shared<const storage::KeyAuthRecord>(std::move(*found));
      } catch (...) {
        mu_.lock();
        throw;
      }
      mu_.lock();
      rec = fresh;
      if (cache_.generation() == gen) {
        rememberKey(hash, fresh, now);
      }
      touch = fresh != nullptr;
    }
  }
  // Instants are fixed-width UTC text, so they compare as strings; formatted only when needed.
  std::string now_text;
  if (rec && (rec->expires_at || touch)) now_text = timefmt::formatInstant(now);
  if (!rec || rec->key_status != "active" || rec->app_status != "active" ||
      (rec->expires_at && *rec->expires_at <= now_text)) {
    return makeError(ErrorCode::kInvalidApiKey, "The API key is unknown, revoked or expired.");
  }
  if (touch) {
    background_.post([&db = db_, key_id = rec->key_id, now_text] {
      storage::DeveloperRepository(db.connection()).touchKey(key_id, now_text);
    });
  }
  return rec;
}

Result<ApiPrincipal> ApiAuthenticator::authorize(const storage::KeyAuthRecord& key,
                                                 const std::string* org_header, size_t org_count,
                                                 std::string_view required_scope) {
  if (!org_header || org_count != 1 || !ids::isUuid(*org_header)) {
    return makeError(ErrorCode::kInvalidOrgId,
                     "Send exactly one X-Org-Id header holding the organisation's lower-case UUID.");
  }
  const std::string& org = *org_header;
  // The scope must be the app's, and granted by the organisation: its own organisation implicitly
  // grants all of the app's scopes. Checked in place: no scope set is built per request.
  auto grants = [&](const domain::ScopeSet& granted) {
    return required_scope.empty() || granted.count(required_scope) > 0;
  };
  bool installed = false, granted_required = false;
  if (org == key.app_org_id) {
    installed = true;
    granted_required = true;
  } else {
    std::string cache_key = key.app_id + "|" + org;
    bool found = false;
    {
      std::lock_guard lock(mu_);
      syncGeneration();
      auto it = installs_.find(cache_key);
      if (it != installs_.end()) {
        found = true;
        installed = it->second.has_value();
        granted_required = installed && grants(*it->second);
      }
    }
    if (!found) {
      uint64_t gen = cache_.generation();
      auto inst = storage::DeveloperRepository(db_.connection()).activeInstallation(org, key.app_id);
      std::optional<domain::ScopeSet> granted;
      if (inst) granted = domain::ScopeSet(inst->granted_scopes.begin(), inst->granted_scopes.end());
      installed = granted.has_value();
      granted_required = installed && grants(*granted);
      std::lock_guard lock(mu_);
      if (cache_.generation() == gen) {
        // The organisation id is the client's choice; the bound keeps made-up ones from piling up.
        if (installs_.size() >= max_entries_ && !installs_.count(cache_key)) installs_.clear();
        installs_[cache_key] = std::move(granted);
      }
    }
  }
  if (!installed) {
    return makeError(ErrorCode::kOrgNotAuthorized,
                     "This organisation does not exist or has not installed the key's app.");
  }
  const bool app_has_required =
      required_scope.empty() ||
      std::find(key.app_scopes.begin(), key.app_scopes.end(), required_scope) != key.app_scopes.end();
  if (!app_has_required || !granted_required) {
    Error e = makeError(ErrorCode::kInsufficientScope,
                        "This request needs the scope " + std::string(required_scope) + ".");
    e.extra_key = "required_scope";
    e.extra_value = std::string(required_scope);
    return e;
  }
  return ApiPrincipal{key.key_id, key.app_id, org};
}

}  // namespace gaflight::service
