#include "webhook/delivery_engine.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <list>
#include <mutex>
#include <vector>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "observability/logging.hpp"
#include "observability/metrics.hpp"
#include "storage/webhook_repository.hpp"
#include "webhook/signer.hpp"
#include "webhook/target_guard.hpp"

namespace gaflight::webhook {

using observability::LogLevel;

namespace {
constexpr size_t kExcerptBytes = 4096;
constexpr int kClaimBatch = 256;

int64_t unixMs(SysTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};
void ensureCurl() { static CurlGlobal g; }
}  // namespace

struct Transfer {
  storage::ClaimedDelivery d;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string excerpt;
  std::chrono::steady_clock::time_point started;
  std::string started_at;
  char errbuf[CURL_ERROR_SIZE] = {0};
  bool refused_address = false;
  bool allow_private = false;
  std::string refused_reason;
};

struct Outcome {
  storage::ClaimedDelivery d;
  domain::WebhookAttempt attempt;
};

struct DeliveryEngine::Impl {
  storage::Database& db;
  const Clock& clock;
  const service::SecretBox& box;
  observability::Metrics& metrics;
  EngineOptions opt;
  std::string owner = "eng_" + crypto::toHex(crypto::randomBytes(8));
  CURLM* multi = nullptr;
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<bool> woken{true};
  std::map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::map<std::string, int> per_endpoint;
  std::mt19937_64 rng{std::random_device{}()};
  std::chrono::steady_clock::time_point last_maintenance{};

  Impl(storage::Database& d, const Clock& c, const service::SecretBox& b, observability::Metrics& m,
       EngineOptions o)
      : db(d), clock(c), box(b), metrics(m), opt(o) {
    ensureCurl();
    multi = curl_multi_init();
    // No per-host cap in curl: two endpoints may share a host, and the engine already caps each
    // endpoint itself. A curl-level cap would let a stuck endpoint queue its neighbours.
  }
  ~Impl() {
    for (auto& [easy, t] : transfers) {
      curl_multi_remove_handle(multi, easy);
      curl_easy_cleanup(easy);
      curl_slist_free_all(t->headers);
    }
    curl_multi_cleanup(multi);
  }

  static size_t onBody(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * n;
    if (t->excerpt.size() < kExcerptBytes)
      t->excerpt.append(data, std::min(len, kExcerptBytes - t->excerpt.size()));
    return len;  // keep reading (and discarding) so the connection can be reused
  }

  // Every connection is opened here, to the address curl resolved: the address that is checked is
  // the address that is connected to, so DNS rebinding has no window.
  static curl_socket_t onOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* addr) {
    auto* t = static_cast<Transfer*>(user);
    if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
    if (!t->allow_private) {
      sockaddr_storage ss{};
      std::memcpy(&ss, &addr->addr, std::min<size_t>(addr->addrlen, sizeof ss));
      auto cls = classifyAddress(ss);
      if (!isAllowedTarget(cls)) {
        t->refused_address = true;
        t->refused_reason = "the target resolves to a non-public address";
        return CURL_SOCKET_BAD;
      }
    }
    return ::socket(addr->family, addr->socktype, addr->protocol);
  }

  void run() {
    while (!stopping.load()) {
      try {
        loopOnce();
      } catch (const storage::DatabaseUnavailable& e) {
        // Busy, full or failing storage: back off and try again; unrecorded attempts' leases
        // expire and are sent again (at-least-once).
        observability::logEvent(LogLevel::kWarn, "webhooks", "database unavailable", {{"error", e.what()}});
        std::this_thread::sleep_for(std::chrono::seconds(1));
      } catch (const std::exception& e) {
        observability::logEvent(LogLevel::kError, "webhooks", "delivery loop error", {{"error", e.what()}});
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
  }

  void loopOnce() {
    auto steady_now = std::chrono::steady_clock::now();
    if (steady_now - last_maintenance > std::chrono::minutes(1)) {
      last_maintenance = steady_now;
      maintenance();
    }
    if (static_cast<int>(transfers.size()) < opt.max_in_flight) {
      woken = false;
      claimAndStart();
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    collectFinished();
    if (woken.load()) return;  // new work arrived while we were busy
    int numfds = 0;
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(opt.poll_ms), &numfds);
  }

  void claimAndStart() {
    int64_t now_ms = unixMs(clock.now());
    int free_slots = opt.max_in_flight - static_cast<int>(transfers.size());
    std::vector<storage::ClaimedDelivery> claimed;
    {
      auto& conn = db.connection();
      storage::WebhookRepository repo(conn);
      std::vector<std::string> saturated;
      for (const auto& [endpoint, n] : per_endpoint) {
        if (n >= opt.per_endpoint) saturated.push_back(endpoint);
      }
      auto candidates = repo.dueCandidates(now_ms, kClaimBatch, saturated);
      if (candidates.empty()) return;
      // Fair share: at most `per_endpoint` in flight per endpoint, so one slow endpoint only ever
      // holds its own slots and never delays the others.
      std::map<std::string, int> planned = per_endpoint;
      std::vector<std::string> pick;
      for (const auto& c : candidates) {
        if (static_cast<int>(pick.size()) >= free_slots) break;
        int& n = planned[c.endpoint_id];
        if (n >= opt.per_endpoint) continue;
        ++n;
        pick.push_back(c.id);
      }
      if (pick.empty()) return;
      storage::Transaction tx(conn, true);
      for (const auto& id : pick) {
        if (auto c = repo.claim(id, owner, now_ms, now_ms + opt.lease_ms)) claimed.push_back(std::move(*c));
      }
      tx.commit();
    }
    std::vector<Outcome> immediate;
    for (auto& d : claimed) {
      if (!d.endpoint_usable) {
        immediate.push_back(failNow(std::move(d), "the endpoint was disabled or deleted"));
        continue;
      }
      if (auto problem = startTransfer(d)) immediate.push_back(failNow(std::move(d), *problem));
    }
    if (!immediate.empty()) record(immediate);
  }

  Outcome failNow(storage::ClaimedDelivery d, const std::string& why) {
    domain::WebhookAttempt a;
    a.attempt = d.attempt;
    a.started_at = timefmt::formatInstant(clock.now());
    a.error = why;
    a.succeeded = false;
    return Outcome{std::move(d), std::move(a)};
  }

  // Returns an error text when the transfer cannot even start.
  std::optional<std::string> startTransfer(storage::ClaimedDelivery& d) {
    auto url = parseWebhookUrl(d.url);
    if (!url) return "invalid url: " + url.error().detail;
    if (url->scheme != "https" && !opt.allow_private_targets)
      return std::string("only https targets are allowed");
    auto primary = box.open(d.endpoint_id, d.secret_sealed);
    if (!primary) return std::string("the endpoint secret cannot be opened (master key changed?)");
    std::optional<std::string> secondary;
    auto now = clock.now();
    if (d.secondary_sealed && d.secondary_expires_at &&
        *d.secondary_expires_at > timefmt::formatInstant(now)) {
      secondary = box.open(d.endpoint_id, *d.secondary_sealed);
    }
    auto t = std::make_unique<Transfer>();
    t->allow_private = opt.allow_private_targets;
    auto signed_headers =
        signDelivery(*primary, secondary, d.id, d.event_type, d.attempt, timefmt::toUnixSeconds(now), d.body);
    for (const auto& [k, v] : signed_headers.headers) {
      std::string line = k;
      line += ": ";
      line += v;
      t->headers = curl_slist_append(t->headers, line.c_str());
    }
    t->headers = curl_slist_append(t->headers, "Expect:");
    t->d = std::move(d);
    CURL* e = curl_easy_init();
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, t->d.url.c_str());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->d.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->d.body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, opt.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, opt.total_timeout_ms);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    const char* protocols = opt.allow_private_targets ? "http,https" : "https";
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protocols);
    // curl caches the parsed CA store on the multi handle only when it comes from a CA file alone; with
    // a default CA path too (Debian) every https attempt re-parses the whole bundle on this thread.
    char* ca_file = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_CAINFO, &ca_file) == CURLE_OK && ca_file && *ca_file)
      curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::onBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Impl::onOpenSocket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    t->started = std::chrono::steady_clock::now();
    t->started_at = timefmt::formatInstant(now);
    per_endpoint[t->d.endpoint_id]++;
    curl_multi_add_handle(multi, e);
    transfers.emplace(e, std::move(t));
    return std::nullopt;
  }

  void collectFinished() {
    std::vector<Outcome> done;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      auto it = transfers.find(e);
      if (it == transfers.end()) continue;
      auto& t = *it->second;
      long code = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
      domain::WebhookAttempt a;
      a.attempt = t.d.attempt;
      a.started_at = t.started_at;
      a.latency_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started)
              .count();
      if (code > 0) a.status_code = code;
      if (!t.excerpt.empty()) a.response_excerpt = t.excerpt;
      CURLcode rc = msg->data.result;
      a.succeeded = rc == CURLE_OK && code >= 200 && code < 300;
      if (!a.succeeded) {
        if (t.refused_address)
          a.error = "refused: " + t.refused_reason;
        else if (rc != CURLE_OK)
          a.error = t.errbuf[0] ? std::string(t.errbuf) : std::string(curl_easy_strerror(rc));
        else if (code >= 300 && code < 400)
          a.error = "redirects are not followed (HTTP " + std::to_string(code) + ")";
        else
          a.error = "HTTP " + std::to_string(code);
      }
      if (--per_endpoint[t.d.endpoint_id] <= 0) per_endpoint.erase(t.d.endpoint_id);
      done.push_back(Outcome{std::move(t.d), std::move(a)});
      curl_multi_remove_handle(multi, e);
      curl_easy_cleanup(e);
      curl_slist_free_all(t.headers);
      transfers.erase(it);
    }
    if (!done.empty()) record(done);
  }

  // One write transaction for a batch of finished attempts.
  void record(const std::vector<Outcome>& outcomes) {
    auto& conn = db.connection();
    storage::WebhookRepository repo(conn);
    auto now = clock.now();
    std::string now_text = timefmt::formatInstant(now);
    int64_t now_ms = unixMs(now);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    storage::Transaction tx(conn, true);
    for (const auto& o : outcomes) {
      repo.recordAttempt(o.d.id, o.attempt);
      if (o.attempt.succeeded) {
        repo.markSucceeded(o.d.id, o.d.attempt, now_text);
        repo.setEndpointFailing(o.d.endpoint_id, std::nullopt);
      } else if (o.d.attempt < o.d.max_attempts) {
        repo.scheduleRetry(o.d.id, o.d.attempt, now_ms + domain::retryDelayMs(o.d.attempt + 1, unit(rng)),
                           now_text);
      } else {
        repo.markFailed(o.d.id, o.d.attempt, now_text);
        repo.setEndpointFailing(o.d.endpoint_id, now_text);
      }
    }
    tx.commit();
    for (const auto& o : outcomes) {
      metrics.incCounter(std::string("gaflight_webhook_attempts_total{result=\"") +
                         (o.attempt.succeeded ? "success" : "failure") + "\"}");
    }
  }

  void maintenance() {
    auto& conn = db.connection();
    storage::WebhookRepository repo(conn);
    int64_t now = timefmt::toUnixSeconds(clock.now());
    storage::Transaction tx(conn, true);
    int64_t disabled = repo.disableLongFailing(timefmt::formatInstant(now - domain::kAutoDisableAfterSeconds),
                                               timefmt::formatInstant(now));
    int64_t pruned = repo.pruneBefore(timefmt::formatInstant(now - int64_t{opt.retention_days} * 86400));
    tx.commit();
    if (disabled > 0 || pruned > 0) {
      observability::logEvent(LogLevel::kInfo, "webhooks", "maintenance",
                              {{"endpoints_disabled", disabled}, {"events_pruned", pruned}});
    }
  }

  void releaseInFlight() {
    if (transfers.empty()) return;
    try {
      auto& conn = db.connection();
      storage::Transaction tx(conn, true);
      for (auto& [easy, t] : transfers) {
        conn.run(
            "UPDATE webhook_deliveries SET lease_owner=NULL, lease_expires_ms=NULL WHERE id=?1 AND "
            "lease_owner=?2",
            {t->d.id, owner});
      }
      tx.commit();
    } catch (const std::exception& e) {
      observability::logEvent(LogLevel::kWarn, "webhooks", "could not release leases; they will expire",
                              {{"error", e.what()}});
    }
  }
};

DeliveryEngine::DeliveryEngine(storage::Database& db, const Clock& clock, const service::SecretBox& box,
                               observability::Metrics& metrics, EngineOptions options)
    : impl_(std::make_unique<Impl>(db, clock, box, metrics, options)) {}

DeliveryEngine::~DeliveryEngine() { stop(); }

void DeliveryEngine::start() {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] {
    impl_->run();
    impl_->releaseInFlight();
  });
}

void DeliveryEngine::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping = true;
  curl_multi_wakeup(impl_->multi);
  impl_->thread.join();
}

void DeliveryEngine::wake() {
  impl_->woken = true;
  curl_multi_wakeup(impl_->multi);
}

void DeliveryEngine::runMaintenance() { impl_->maintenance(); }

}  // namespace gaflight::webhook
