// The delivery engine's claim → send → record → retry logic (SPEC §5) over a real SQLite file, with
// a FakeSender at the network seam and a FakeClock for leases and backoff: no sockets, no sleeps.
// tests/postgres/pg_delivery_engine_test.cpp compiles this file again with
// GAFLIGHT_ENGINE_TESTS_ON_POSTGRES, so the same cases run on PostgreSQL in pg_tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "fake_sender.hpp"
#include "fakes.hpp"
#include "observability/metrics.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/webhook_repository.hpp"
#include "webhook/delivery_engine.hpp"
#include "webhook/signer.hpp"
#ifdef GAFLIGHT_ENGINE_TESTS_ON_POSTGRES
#include "postgres/pg_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#endif

namespace gaflight::webhook {
namespace {

namespace fs = std::filesystem;
using testing::FakeClock;
using testing::FakeSender;

constexpr const char* kOrg = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string header(const SendRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<missing>";
}

class DeliveryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifdef GAFLIGHT_ENGINE_TESTS_ON_POSTGRES
    storage::PgConnection(storage::pgTestUrl(), storage::PgSettings{})
        .execScript(storage::kPgResetTestSchema);
    db_ = storage::openDatabase(storage::pgTestUrl());
#else
    path_ = (fs::temp_directory_path() / ("gaflight-engine-" + ids::newUlid() + ".db")).string();
    db_ = storage::openDatabase("sqlite:" + path_);
#endif
    storage::migrate(db_->connection());
    db_->connection().run(
        "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
        "VALUES (?1, 'Club', 'Europe/Paris', 'FR', 'EUR', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        {std::string(kOrg)});
  }
  void TearDown() override {
    db_.reset();
    if (path_.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix, ec);
  }

  storage::WebhookRepository repo() { return storage::WebhookRepository(db_->connection()); }
  std::string nowText() const { return timefmt::formatInstant(clock_.now()); }
  int64_t nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch()).count();
  }

  void addEndpoint(const std::string& id, bool active = true) {
    domain::WebhookEndpoint e;
    e.id = id;
    e.org_id = kOrg;
    e.url = "https://hooks.example.test/" + id;
    e.event_types = {"webhook.test"};
    e.active = active;
    e.created_at = e.updated_at = nowText();
    repo().insertEndpoint(e, box_.seal(id, kSecret));
  }
  // One event and its pending delivery to `endpoint`, due now; returns the delivery id.
  std::string addDelivery(const std::string& endpoint) {
    domain::EventRecord ev;
    ev.id = "evt_" + ids::newUlid();
    ev.org_id = kOrg;
    ev.type = "webhook.test";
    ev.created_at = nowText();
    ev.body = R"({"id":")" + ev.id + R"(","type":"webhook.test"})";
    repo().insertEvent(ev);
    std::string id = ids::newUuid();
    repo().insertDelivery(id, kOrg, endpoint, ev.id, ev.type, nowMs(), nowText());
    return id;
  }
  domain::WebhookDelivery delivery(const std::string& endpoint, const std::string& id) {
    auto d = repo().findDelivery(kOrg, endpoint, id);
    EXPECT_TRUE(d.has_value());
    return d.value_or(domain::WebhookDelivery{});
  }

  // An engine whose sender is a fake; `state` shows what it was asked to send.
  std::unique_ptr<DeliveryEngine> engine(const std::shared_ptr<FakeSender::State>& state,
                                         EngineOptions opt = {}) {
    return std::make_unique<DeliveryEngine>(*db_, clock_, box_, metrics_, opt,
                                            std::make_unique<FakeSender>(state));
  }

  // `n` attempts of the only delivery in flight, each answered 500, then past every backoff step.
  void failAttempts(DeliveryEngine& e, FakeSender::State& sent, int n) {
    for (int attempt = 1; attempt <= n; ++attempt) {
      e.runOnce();
      testing::answer(sent, sent.started.back(), 500);
      e.runOnce();
      clock_.advance(std::chrono::minutes(3));
    }
  }

  std::string path_;  // the SQLite file; empty on PostgreSQL
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_;
  SecretBox box_{crypto::randomBytes(32)};
  observability::Metrics metrics_;
};

TEST_F(DeliveryEngineTest, A2xxMarksTheDeliverySucceededWithItsAttemptRecorded) {
  addEndpoint("wh_a");
  std::string id = addDelivery("wh_a");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);

  e->runOnce();
  ASSERT_EQ(sent->started.size(), 1U);
  const auto& req = sent->started[0];
  EXPECT_EQ(req.url, "https://hooks.example.test/wh_a");
  EXPECT_EQ(header(req, "X-GA-Webhook-Delivery"), id);
  EXPECT_EQ(header(req, "X-GA-Webhook-Attempt"), "1");
  // Signed with the secret the box opened, over the stored envelope bytes.
  EXPECT_EQ(header(req, "X-GA-Webhook-Signature"), gaSignature(kSecret, req.body));
  EXPECT_EQ(delivery("wh_a", id).status, "pending");  // in flight: nothing recorded yet

  testing::answer(*sent, req, 204, "thanks", 37);
  e->runOnce();
  auto d = delivery("wh_a", id);
  EXPECT_EQ(d.status, "succeeded");
  EXPECT_EQ(d.attempt_count, 1);
  ASSERT_EQ(d.attempts.size(), 1U);
  EXPECT_TRUE(d.attempts[0].succeeded);
  EXPECT_EQ(d.attempts[0].attempt, 1);
  EXPECT_EQ(d.attempts[0].status_code, 204);
  EXPECT_EQ(d.attempts[0].latency_ms, 37);
  EXPECT_EQ(d.attempts[0].response_excerpt, "thanks");
  EXPECT_FALSE(d.attempts[0].error.has_value());
  EXPECT_NE(metrics_.render().find("gaflight_webhook_attempts_total{result=\"success\"} 1"),
            std::string::npos);

  e->runOnce();
  EXPECT_EQ(sent->started.size(), 1U);  // a succeeded delivery is never sent again
}

TEST_F(DeliveryEngineTest, A500SchedulesTheSpecBackoffAndIsNotClaimableBeforeIt) {
  addEndpoint("wh_a");
  std::string id = addDelivery("wh_a");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);
  e->runOnce();
  ASSERT_EQ(sent->started.size(), 1U);
  testing::answer(*sent, sent->started[0], 500, "boom");
  int64_t failed_at = nowMs();
  e->runOnce();

  auto d = delivery("wh_a", id);
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.attempt_count, 1);
  ASSERT_EQ(d.attempts.size(), 1U);
  EXPECT_FALSE(d.attempts[0].succeeded);
  EXPECT_EQ(d.attempts[0].status_code, 500);
  EXPECT_EQ(d.attempts[0].error, "HTTP 500");
  // SPEC §5: the second attempt 1 s after the failure, ±10 %.
  ASSERT_TRUE(d.next_attempt_ms.has_value());
  int64_t due = *d.next_attempt_ms;
  EXPECT_GE(due - failed_at, 900);
  EXPECT_LE(due - failed_at, 1100);

  clock_.advance(std::chrono::milliseconds(due - nowMs() - 1));
  e->runOnce();
  EXPECT_EQ(sent->started.size(), 1U) << "claimed before its retry time";
  clock_.advance(std::chrono::milliseconds(1));
  e->runOnce();
  ASSERT_EQ(sent->started.size(), 2U);
  EXPECT_EQ(header(sent->started[1], "X-GA-Webhook-Attempt"), "2");
  EXPECT_EQ(header(sent->started[1], "X-GA-Webhook-Delivery"), id);
  EXPECT_EQ(sent->started[1].body, sent->started[0].body);  // identical bytes on every attempt
}

TEST_F(DeliveryEngineTest, EachFailureWaitsTheNextStepOfTheScheduleThenTheDeliveryFails) {
  addEndpoint("wh_a");
  std::string id = addDelivery("wh_a");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);
  const int64_t base_ms[] = {1'000, 5'000, 25'000, 125'000};
  for (int attempt = 1; attempt <= 5; ++attempt) {
    e->runOnce();
    ASSERT_EQ(sent->started.size(), static_cast<size_t>(attempt));
    EXPECT_EQ(header(sent->started.back(), "X-GA-Webhook-Attempt"), std::to_string(attempt));
    testing::answer(*sent, sent->started.back(), 503);
    int64_t failed_at = nowMs();
    e->runOnce();
    auto d = delivery("wh_a", id);
    EXPECT_EQ(d.attempt_count, attempt);
    if (attempt == 5) {
      EXPECT_EQ(d.status, "failed");
      EXPECT_FALSE(d.next_attempt_ms.has_value());
      break;
    }
    ASSERT_TRUE(d.next_attempt_ms.has_value());
    int64_t delay = *d.next_attempt_ms - failed_at;
    EXPECT_GE(delay, base_ms[attempt - 1] * 9 / 10) << "after attempt " << attempt;
    EXPECT_LE(delay, base_ms[attempt - 1] * 11 / 10) << "after attempt " << attempt;
    clock_.advance(std::chrono::milliseconds(delay));
  }
  clock_.advance(std::chrono::hours(1));
  e->runOnce();
  EXPECT_EQ(sent->started.size(), 5U);  // failed is final
}

TEST_F(DeliveryEngineTest, ALeaseBlocksASecondOwnerUntilItExpires) {
  addEndpoint("wh_a");
  std::string id = addDelivery("wh_a");
  EngineOptions opt;
  opt.lease_ms = 15'000;
  auto first_sent = std::make_shared<FakeSender::State>();
  auto second_sent = std::make_shared<FakeSender::State>();
  auto first = engine(first_sent, opt);
  auto second = engine(second_sent, opt);

  first->runOnce();
  ASSERT_EQ(first_sent->started.size(), 1U);
  second->runOnce();
  EXPECT_TRUE(second_sent->started.empty());
  clock_.advance(std::chrono::milliseconds(opt.lease_ms - 1));
  second->runOnce();
  EXPECT_TRUE(second_sent->started.empty()) << "claimed while the first owner's lease was live";

  // The first owner died silently: its lease runs out and the delivery is sent again (at-least-once),
  // as the same attempt because the first one was never recorded.
  clock_.advance(std::chrono::milliseconds(1));
  second->runOnce();
  ASSERT_EQ(second_sent->started.size(), 1U);
  EXPECT_EQ(header(second_sent->started[0], "X-GA-Webhook-Delivery"), id);
  EXPECT_EQ(header(second_sent->started[0], "X-GA-Webhook-Attempt"), "1");
}

TEST_F(DeliveryEngineTest, ReleasingInFlightLeasesMakesThemClaimableAtOnce) {
  addEndpoint("wh_a");
  addDelivery("wh_a");
  auto first_sent = std::make_shared<FakeSender::State>();
  auto second_sent = std::make_shared<FakeSender::State>();
  auto first = engine(first_sent);
  auto second = engine(second_sent);
  first->runOnce();
  ASSERT_EQ(first_sent->started.size(), 1U);
  first->releaseInFlight();
  second->runOnce();
  EXPECT_EQ(second_sent->started.size(), 1U);  // no clock advance needed
}

TEST_F(DeliveryEngineTest, RedirectsAndTransportErrorsAreFailuresWithTheirReason) {
  addEndpoint("wh_a");
  std::string redirected = addDelivery("wh_a");
  std::string reset = addDelivery("wh_a");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);
  e->runOnce();
  ASSERT_EQ(sent->started.size(), 2U);
  for (const auto& r : sent->started) {
    if (header(r, "X-GA-Webhook-Delivery") == redirected)
      testing::answer(*sent, r, 302, "");
    else
      testing::failTransport(*sent, r, "Connection reset by peer");
  }
  e->runOnce();
  auto d = delivery("wh_a", redirected);
  ASSERT_EQ(d.attempts.size(), 1U);
  EXPECT_FALSE(d.attempts[0].succeeded);
  EXPECT_EQ(d.attempts[0].error, "redirects are not followed (HTTP 302)");
  EXPECT_FALSE(d.attempts[0].response_excerpt.has_value());  // empty body: nothing kept
  auto r = delivery("wh_a", reset);
  ASSERT_EQ(r.attempts.size(), 1U);
  EXPECT_FALSE(r.attempts[0].succeeded);
  EXPECT_FALSE(r.attempts[0].status_code.has_value());
  EXPECT_EQ(r.attempts[0].error, "Connection reset by peer");
  EXPECT_EQ(r.status, "pending");  // retried later
  EXPECT_NE(metrics_.render().find("gaflight_webhook_attempts_total{result=\"failure\"} 2"),
            std::string::npos);
}

TEST_F(DeliveryEngineTest, AStartTheSenderRefusesIsRecordedAsAFailedAttempt) {
  addEndpoint("wh_a");
  std::string id = addDelivery("wh_a");
  auto sent = std::make_shared<FakeSender::State>();
  sent->refuse_with = "only https targets are allowed";
  auto e = engine(sent);
  e->runOnce();
  EXPECT_TRUE(sent->started.empty());
  auto d = delivery("wh_a", id);
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.attempt_count, 1);
  ASSERT_EQ(d.attempts.size(), 1U);
  EXPECT_EQ(d.attempts[0].error, "only https targets are allowed");
  ASSERT_TRUE(d.next_attempt_ms.has_value());
  EXPECT_GT(*d.next_attempt_ms, nowMs());
}

TEST_F(DeliveryEngineTest, ADisabledEndpointsDeliveryFailsWithoutBeingSent) {
  addEndpoint("wh_off", false);
  std::string id = addDelivery("wh_off");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);
  e->runOnce();
  EXPECT_TRUE(sent->started.empty());
  auto d = delivery("wh_off", id);
  ASSERT_EQ(d.attempts.size(), 1U);
  EXPECT_EQ(d.attempts[0].error, "the endpoint was disabled or deleted");
}

TEST_F(DeliveryEngineTest, OneEndpointNeverHoldsMoreThanItsCap) {
  addEndpoint("wh_slow");
  addEndpoint("wh_fast");
  for (int i = 0; i < 3; ++i) addDelivery("wh_slow");
  std::string fast = addDelivery("wh_fast");
  EngineOptions opt;
  opt.per_endpoint = 2;
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent, opt);

  e->runOnce();
  ASSERT_EQ(sent->started.size(), 3U);  // two for the slow endpoint, the fast one not held back
  int slow = 0;
  bool fast_started = false;
  for (const auto& r : sent->started) {
    if (r.url.ends_with("wh_slow")) ++slow;
    if (header(r, "X-GA-Webhook-Delivery") == fast) fast_started = true;
  }
  EXPECT_EQ(slow, 2);
  EXPECT_TRUE(fast_started);

  e->runOnce();
  EXPECT_EQ(sent->started.size(), 3U);  // still at the cap
  for (const auto& r : sent->started) {
    if (r.url.ends_with("wh_slow")) {
      testing::answer(*sent, r, 200);
      break;
    }
  }
  e->runOnce();  // records the finished one, freeing a slot
  e->runOnce();
  ASSERT_EQ(sent->started.size(), 4U);
  EXPECT_TRUE(sent->started[3].url.ends_with("wh_slow"));
}

TEST_F(DeliveryEngineTest, AnEndpointFailingForFiveDaysIsDisabledByMaintenance) {
  addEndpoint("wh_dead");
  addEndpoint("wh_ok");
  std::string id = addDelivery("wh_dead");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);
  for (int attempt = 1; attempt <= 5; ++attempt) {
    e->runOnce();
    ASSERT_EQ(sent->started.size(), static_cast<size_t>(attempt));
    testing::answer(*sent, sent->started.back(), 500);
    e->runOnce();
    clock_.advance(std::chrono::minutes(3));  // past every backoff step
  }
  EXPECT_EQ(delivery("wh_dead", id).status, "failed");
  auto failing = repo().findEndpoint(kOrg, "wh_dead");
  ASSERT_TRUE(failing.has_value());
  ASSERT_TRUE(failing->endpoint.failing_since.has_value());

  clock_.advance(std::chrono::hours(24 * 5) - std::chrono::minutes(20));
  e->runMaintenance();
  EXPECT_TRUE(repo().findEndpoint(kOrg, "wh_dead")->endpoint.active) << "disabled before 5 days";

  clock_.advance(std::chrono::minutes(20));
  e->runMaintenance();
  auto dead = repo().findEndpoint(kOrg, "wh_dead");
  ASSERT_TRUE(dead.has_value());
  EXPECT_FALSE(dead->endpoint.active);
  EXPECT_TRUE(dead->endpoint.disabled_reason.has_value());
  EXPECT_TRUE(repo().findEndpoint(kOrg, "wh_ok")->endpoint.active);  // never failed: untouched
}

TEST_F(DeliveryEngineTest, ASuccessClearsTheEndpointsFailingMark) {
  addEndpoint("wh_a");
  std::string doomed = addDelivery("wh_a");
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent);
  failAttempts(*e, *sent, 5);
  ASSERT_EQ(delivery("wh_a", doomed).status, "failed");
  ASSERT_TRUE(repo().findEndpoint(kOrg, "wh_a")->endpoint.failing_since.has_value());
  addDelivery("wh_a");
  e->runOnce();
  testing::answer(*sent, sent->started.back(), 200);
  e->runOnce();
  EXPECT_FALSE(repo().findEndpoint(kOrg, "wh_a")->endpoint.failing_since.has_value());
  clock_.advance(std::chrono::hours(24 * 6));
  e->runMaintenance();
  EXPECT_TRUE(repo().findEndpoint(kOrg, "wh_a")->endpoint.active);
}

// The failing mark is written once per recorded batch: the endpoint's last outcome in the batch wins,
// as if each outcome had been written in turn.
TEST_F(DeliveryEngineTest, InOneBatchTheEndpointsLastOutcomeSetsItsFailingMark) {
  for (bool success_last : {true, false}) {
    std::string endpoint = success_last ? "wh_recovers" : "wh_gives_up";
    addEndpoint(endpoint);
    std::string doomed = addDelivery(endpoint);
    auto sent = std::make_shared<FakeSender::State>();
    auto e = engine(sent);
    failAttempts(*e, *sent, 4);
    std::string fresh = addDelivery(endpoint);
    size_t before = sent->started.size();
    e->runOnce();  // the doomed delivery's last attempt and the fresh one, in flight together
    ASSERT_EQ(sent->started.size(), before + 2) << endpoint;
    // Which request is which: the doomed delivery carries attempt 5 in its headers.
    const auto attemptOf = [&](size_t i) {
      for (const auto& [name, value] : sent->started[i].headers) {
        if (name == "X-GA-Webhook-Attempt") return value;
      }
      return std::string();
    };
    size_t doomed_at = attemptOf(before) == "5" ? before : before + 1;
    size_t fresh_at = doomed_at == before ? before + 1 : before;
    ASSERT_EQ(attemptOf(doomed_at), "5") << endpoint;
    ASSERT_EQ(attemptOf(fresh_at), "1") << endpoint;
    if (success_last) {
      testing::answer(*sent, sent->started[doomed_at], 500);
      testing::answer(*sent, sent->started[fresh_at], 200);
    } else {
      testing::answer(*sent, sent->started[fresh_at], 200);
      testing::answer(*sent, sent->started[doomed_at], 500);
    }
    e->runOnce();
    ASSERT_EQ(delivery(endpoint, doomed).status, "failed") << endpoint;
    ASSERT_EQ(delivery(endpoint, fresh).status, "succeeded") << endpoint;
    EXPECT_EQ(repo().findEndpoint(kOrg, endpoint)->endpoint.failing_since.has_value(), !success_last)
        << endpoint;
  }
}

// Claims, attempts and successes are written in multi-row statements cut into runs of 64, 32, …, 1:
// 150 deliveries cross several runs, and each one is still claimed, sent and recorded exactly once.
TEST_F(DeliveryEngineTest, ABatchOfManyIsClaimedSentAndRecordedOncePerDelivery) {
  std::vector<std::pair<std::string, std::string>> made;  // (endpoint, delivery)
  for (const char* endpoint : {"wh_a", "wh_b", "wh_c"}) addEndpoint(endpoint);
  for (int i = 0; i < 150; ++i) {
    std::string endpoint = i % 3 == 0 ? "wh_a" : (i % 3 == 1 ? "wh_b" : "wh_c");
    made.emplace_back(endpoint, addDelivery(endpoint));
  }
  EngineOptions opt;
  opt.per_endpoint = 100;
  auto sent = std::make_shared<FakeSender::State>();
  auto e = engine(sent, opt);

  e->runOnce();
  ASSERT_EQ(sent->started.size(), made.size());
  std::set<std::string> ids;
  for (const auto& r : sent->started) ids.insert(header(r, "X-GA-Webhook-Delivery"));
  EXPECT_EQ(ids.size(), made.size()) << "a delivery was started twice";
  // Every tenth answered 500: those get a retry, the rest succeed, in one recording pass.
  std::set<std::string> failed;
  for (size_t i = 0; i < sent->started.size(); ++i) {
    bool fail = i % 10 == 0;
    if (fail) failed.insert(header(sent->started[i], "X-GA-Webhook-Delivery"));
    testing::answer(*sent, sent->started[i], fail ? 500 : 200);
  }
  e->runOnce();
  for (const auto& [endpoint, id] : made) {
    auto d = delivery(endpoint, id);
    ASSERT_EQ(d.attempts.size(), 1U) << id;
    EXPECT_EQ(d.attempt_count, 1) << id;
    if (failed.contains(id)) {
      EXPECT_EQ(d.status, "pending") << id;
      EXPECT_EQ(d.attempts[0].status_code, 500) << id;
    } else {
      EXPECT_EQ(d.status, "succeeded") << id;
      EXPECT_TRUE(d.attempts[0].succeeded) << id;
    }
  }
  EXPECT_EQ(failed.size(), 15U);
  e->runOnce();
  EXPECT_EQ(sent->started.size(), made.size()) << "retries wait for their backoff";
}

TEST_F(DeliveryEngineTest, ABatchClaimLeavesOutWhatAnotherOwnerLeasedMeanwhile) {
  addEndpoint("wh_a");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(addDelivery("wh_a"));
  ASSERT_TRUE(repo().claim(ids[2], "other-node", nowMs(), nowMs() + 15'000).has_value());

  auto claimed = repo().claim(ids, "this-node", nowMs(), nowMs() + 15'000);
  std::set<std::string> got;
  for (const auto& c : claimed) {
    got.insert(c.id);
    EXPECT_EQ(c.attempt, 1);
    EXPECT_EQ(c.url, "https://hooks.example.test/wh_a");
    EXPECT_NE(c.body.find("webhook.test"), std::string::npos);
  }
  EXPECT_EQ(got, (std::set<std::string>{ids[0], ids[1], ids[3], ids[4]}));
  EXPECT_TRUE(repo().claim(ids, "third-node", nowMs(), nowMs() + 15'000).empty()) << "all leased now";
}

}  // namespace
}  // namespace gaflight::webhook
