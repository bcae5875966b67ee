#include "webhook/delivery_engine.hpp"

#include <map>
#include <random>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "observability/logging.hpp"
#include "observability/metrics.hpp"
#include "storage/webhook_repository.hpp"
#include "webhook/curl_sender.hpp"
#include "webhook/signer.hpp"

namespace gaflight::webhook {

using observability::LogLevel;

namespace {
constexpr int kClaimBatch = 256;

int64_t unixMs(SysTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// What a finished exchange means for SPEC §5: only a 2xx over a completed exchange succeeds; a 3xx
// is a failure because redirects are not followed.
domain::WebhookAttempt attemptOf(const storage::ClaimedDelivery& d, const std::string& started_at,
                                 SendCompletion c) {
  domain::WebhookAttempt a;
  a.attempt = d.attempt;
  a.started_at = started_at;
  a.latency_ms = c.latency_ms;
  a.status_code = c.status_code;
  if (!c.excerpt.empty()) a.response_excerpt = std::move(c.excerpt);
  int64_t code = c.status_code.value_or(0);
  a.succeeded = !c.transport_error && code >= 200 && code < 300;
  if (a.succeeded) return a;
  if (c.transport_error)
    a.error = std::move(c.transport_error);
  else if (code >= 300 && code < 400)
    a.error = "redirects are not followed (HTTP " + std::to_string(code) + ")";
  else
    a.error = "HTTP " + std::to_string(code);
  return a;
}
}  // namespace

struct Outcome {
  storage::ClaimedDelivery d;
  domain::WebhookAttempt attempt;
};

// A delivery handed to the sender and not finished yet.
struct InFlight {
  storage::ClaimedDelivery d;
  std::string started_at;
};

struct DeliveryEngine::Impl {
  storage::Database& db;
  const Clock& clock;
  const SecretBox& box;
  observability::Metrics& metrics;
  EngineOptions opt;
  std::unique_ptr<Sender> sender;
  std::string owner = "eng_" + crypto::toHex(crypto::randomBytes(8));
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<bool> woken{true};
  std::map<uint64_t, InFlight> in_flight;  // by ticket
  uint64_t next_ticket = 1;
  std::map<std::string, int> per_endpoint;
  std::mt19937_64 rng{std::random_device{}()};
  std::chrono::steady_clock::time_point last_maintenance{};

  Impl(storage::Database& d, const Clock& c, const SecretBox& b, observability::Metrics& m, EngineOptions o,
       std::unique_ptr<Sender> s)
      : db(d), clock(c), box(b), metrics(m), opt(o), sender(std::move(s)) {}

  void run() {
    while (!stopping.load()) {
      try {
        loopOnce();
        if (!woken.load()) sender->wait(std::chrono::milliseconds(opt.poll_ms));
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
    if (static_cast<int>(in_flight.size()) < opt.max_in_flight) {
      woken = false;
      claimAndStart();
    }
    collectFinished();
  }

  // At most `per_endpoint` in flight per endpoint, so one slow endpoint only ever holds its own slots
  // and never delays the others.
  std::vector<std::string> fairShare(const std::vector<storage::DueCandidate>& candidates,
                                     int free_slots) const {
    std::map<std::string, int> planned = per_endpoint;
    std::vector<std::string> pick;
    for (const auto& c : candidates) {
      if (static_cast<int>(pick.size()) >= free_slots) break;
      int& n = planned[c.endpoint_id];
      if (n >= opt.per_endpoint) continue;
      ++n;
      pick.push_back(c.id);
    }
    return pick;
  }

  void claimAndStart() {
    int64_t now_ms = unixMs(clock.now());
    int free_slots = opt.max_in_flight - static_cast<int>(in_flight.size());
    std::vector<storage::ClaimedDelivery> claimed;
    {
      auto& conn = db.connection();
      storage::WebhookRepository repo(conn);
      std::vector<std::string> saturated;
      for (const auto& [endpoint, n] : per_endpoint) {
        if (n >= opt.per_endpoint) saturated.push_back(endpoint);
      }
      claimed = repo.claimDue(owner, now_ms, now_ms + opt.lease_ms, kClaimBatch, saturated,
                              [&](const auto& candidates) { return fairShare(candidates, free_slots); });
    }
    std::vector<Outcome> immediate;
    for (auto& d : claimed) {
      if (!d.endpoint_usable) {
        immediate.push_back(failNow(std::move(d), "the endpoint was disabled or deleted"));
        continue;
      }
      if (auto problem = startSend(d)) immediate.push_back(failNow(std::move(d), *problem));
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

  // Signs the attempt and hands it to the sender; returns an error text when it cannot even start.
  std::optional<std::string> startSend(storage::ClaimedDelivery& d) {
    auto primary = box.open(d.endpoint_id, d.secret_sealed);
    if (!primary) return std::string("the endpoint secret cannot be opened (master key changed?)");
    std::optional<std::string> secondary;
    auto now = clock.now();
    if (d.secondary_sealed && d.secondary_expires_at &&
        *d.secondary_expires_at > timefmt::formatInstant(now)) {
      secondary = box.open(d.endpoint_id, *d.secondary_sealed);
    }
    SendRequest req;
    req.ticket = next_ticket++;
    req.url = d.url;
    req.headers =
        signDelivery(*primary, secondary, d.id, d.event_type, d.attempt, timefmt::toUnixSeconds(now), d.body)
            .headers;
    req.body = d.body;
    uint64_t ticket = req.ticket;
    if (auto problem = sender->start(std::move(req))) return problem;
    per_endpoint[d.endpoint_id]++;
    in_flight.emplace(ticket, InFlight{std::move(d), timefmt::formatInstant(now)});
    return std::nullopt;
  }

  void collectFinished() {
    std::vector<Outcome> done;
    for (auto& c : sender->collect()) {
      auto it = in_flight.find(c.ticket);
      if (it == in_flight.end()) continue;
      auto& f = it->second;
      domain::WebhookAttempt a = attemptOf(f.d, f.started_at, std::move(c));
      if (--per_endpoint[f.d.endpoint_id] <= 0) per_endpoint.erase(f.d.endpoint_id);
      done.push_back(Outcome{std::move(f.d), std::move(a)});
      in_flight.erase(it);
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
    // An endpoint's failing state is written once per batch, with its last outcome in the batch (what
    // writing it after every delivery would leave), not once per delivery.
    std::map<std::string, std::optional<std::string>> failing_since;
    // Attempts and successes (nearly every outcome) go in multi-row statements.
    std::vector<storage::AttemptRecord> attempts;
    attempts.reserve(outcomes.size());
    std::map<int, std::vector<std::string>> succeeded_by_attempt;
    storage::Transaction tx(conn, storage::TxMode::kPriorityWrite);
    for (const auto& o : outcomes) {
      attempts.push_back({o.d.id, o.attempt});
      if (o.attempt.succeeded) {
        succeeded_by_attempt[o.d.attempt].push_back(o.d.id);
        failing_since[o.d.endpoint_id] = std::nullopt;
      } else if (o.d.attempt < o.d.max_attempts) {
        repo.scheduleRetry(o.d.id, o.d.attempt, now_ms + domain::retryDelayMs(o.d.attempt + 1, unit(rng)),
                           now_text);
      } else {
        repo.markFailed(o.d.id, o.d.attempt, now_text);
        failing_since[o.d.endpoint_id] = now_text;
      }
    }
    repo.recordAttempts(attempts);
    for (const auto& [attempt, ids] : succeeded_by_attempt) repo.markSucceeded(ids, attempt, now_text);
    for (const auto& [endpoint, since] : failing_since) repo.setEndpointFailing(endpoint, since);
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
    storage::Transaction tx(conn, storage::TxMode::kWrite);
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
    if (in_flight.empty()) return;
    try {
      auto& conn = db.connection();
      storage::WebhookRepository repo(conn);
      storage::Transaction tx(conn, storage::TxMode::kWrite);
      for (const auto& [ticket, f] : in_flight) repo.releaseLease(f.d.id, owner);
      tx.commit();
    } catch (const std::exception& e) {
      observability::logEvent(LogLevel::kWarn, "webhooks", "could not release leases; they will expire",
                              {{"error", e.what()}});
    }
  }
};

DeliveryEngine::DeliveryEngine(storage::Database& db, const Clock& clock, const SecretBox& box,
                               observability::Metrics& metrics, EngineOptions options)
    : DeliveryEngine(
          db, clock, box, metrics, options,
          std::make_unique<CurlSender>(CurlSenderOptions{
              options.allow_private_targets, options.connect_timeout_ms, options.total_timeout_ms})) {}

DeliveryEngine::DeliveryEngine(storage::Database& db, const Clock& clock, const SecretBox& box,
                               observability::Metrics& metrics, EngineOptions options,
                               std::unique_ptr<Sender> sender)
    : impl_(std::make_unique<Impl>(db, clock, box, metrics, options, std::move(sender))) {}

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
  impl_->sender->wakeup();
  impl_->thread.join();
}

void DeliveryEngine::wake() {
  impl_->woken = true;
  impl_->sender->wakeup();
}

void DeliveryEngine::runMaintenance() { impl_->maintenance(); }

void DeliveryEngine::runOnce() { impl_->loopOnce(); }

void DeliveryEngine::releaseInFlight() { impl_->releaseInFlight(); }

}  // namespace gaflight::webhook
