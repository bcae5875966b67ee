#pragma once
// Public API authentication: bearer key → app → installation in X-Org-Id → effective scopes.
// Keys and installations are cached in memory; any write to apps, keys or installations bumps
// the AuthCache generation, which empties the caches before the next lookup (same process).
#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/background_queue.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/scopes.hpp"
#include "storage/developer_repository.hpp"

namespace gaflight::service {

class AuthCache {
 public:
  void invalidate() { generation_.fetch_add(1, std::memory_order_acq_rel); }
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  std::atomic<uint64_t> generation_{1};
};

// Who is calling, once the key, the organisation and the route's scope have been checked.
struct ApiPrincipal {
  std::string key_id, app_id, org_id;
};

class ApiAuthenticator {
 public:
  // `background` runs the once-a-minute last_used_at write, so a request never waits for the write lock.
  // Cache bounds: at most `max_entries` keys (and as many installations); tokens found unknown
  // (clients choose them freely) are limited to a fifth of that and forgotten first, so a spray of
  // made-up tokens never evicts the real keys.
  static constexpr size_t kDefaultMaxEntries = 50'000;
  ApiAuthenticator(storage::Database& db, const Clock& clock, AuthCache& cache, BackgroundQueue& background,
                   size_t max_entries = kDefaultMaxEntries)
      : db_(db),
        clock_(clock),
        cache_(cache),
        background_(background),
        max_entries_(std::max<size_t>(5, max_entries)),
        max_unknown_(max_entries_ / 5) {}

  // Step 1: the key alone (401s). Returns the key's cached record (shared, never copied per request);
  // its key id is what rate limiting counts.
  Result<std::shared_ptr<const storage::KeyAuthRecord>> authenticateKey(const std::string* authorization,
                                                                        size_t authorization_count);
  // Step 2: the organisation and scope (400/403s).
  Result<ApiPrincipal> authorize(const storage::KeyAuthRecord& key, const std::string* org_header,
                                 size_t org_header_count, std::string_view required_scope);

  static constexpr std::string_view kTokenPrefix = "gaf_pk_";
  struct CacheSizes {
    size_t keys, unknown_keys, installations;
  };
  CacheSizes cacheSizes();

 private:
  void syncGeneration();
  void rememberKey(const std::string& hash, std::shared_ptr<const storage::KeyAuthRecord> record,
                   int64_t now);
  struct CachedKey {
    std::shared_ptr<const storage::KeyAuthRecord> record;  // null: known-unknown token hash
    int64_t last_touch = 0;
  };
  storage::Database& db_;
  const Clock& clock_;
  AuthCache& cache_;
  BackgroundQueue& background_;
  const size_t max_entries_, max_unknown_;
  std::mutex mu_;
  size_t unknown_keys_ = 0;  // entries of keys_ without a record
  uint64_t seen_generation_ = 0;
  std::unordered_map<std::string, CachedKey> keys_;  // by the token's raw SHA-256 (hex only for the query)
  std::unordered_map<std::string, std::optional<domain::ScopeSet>> installs_;  // by app_id + "|" + org
};

}  // namespace gaflight::service
