// The delivery engine against a real receiver, with a fake clock driving the retry schedule,
// the rotation window, auto-disable and retention (SPEC §4–5).
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "core/crypto.hpp"
#include "support/fake_receiver.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class WebhookEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.allow_private_webhook_targets = true; },
                                           &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("hooks@club.example", "Hooks");
    base_ = "/api/v1/console/orgs/" + org_ + "/webhooks";
  }

  nlohmann::json createEndpoint(const std::string& url, std::vector<std::string> types = {"webhook.test"}) {
    auto r =
        server_->console(owner_, "POST", base_, {{"url", url}, {"description", "t"}, {"event_types", types}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  nlohmann::json deliveries(const std::string& endpoint) {
    return server_->console(owner_, "GET", base_ + "/" + endpoint + "/deliveries").json()["data"];
  }

  // The receiver sees a request before the engine records its outcome (and schedules the next
  // attempt from that moment): wait, in real time and bounded, until `n` attempts are recorded.
  bool waitRecorded(const std::string& endpoint, size_t n) {
    for (int i = 0; i < 100; ++i) {
      auto d = deliveries(endpoint);
      if (!d.empty() && d[0]["attempts"].size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Sessions last 12 h; after a long fake-clock jump the owner logs in again.
  void relogin() { owner_ = server_->login("hooks@club.example", TestServer::kPassword); }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, base_;
};

TEST_F(WebhookEngineTest, SignsEveryDeliveryAsSpecified) {
  FakeReceiver receiver;
  auto ep = createEndpoint(receiver.url());
  std::string secret = ep["secret"];
  ASSERT_EQ(secret.rfind("whsec_", 0), 0u);
  auto raw_key = crypto::base64Decode(secret.substr(6));
  ASSERT_TRUE(raw_key);
  EXPECT_EQ(raw_key->size(), 32u);
  ASSERT_EQ(server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test").status,
            202);
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  auto req = receiver.received()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.headers["content-type"], "application/json");
  EXPECT_EQ(req.headers["user-agent"], "gaflight-webhooks/1");
  EXPECT_EQ(req.headers["x-ga-webhook-event"], "webhook.test");
  EXPECT_EQ(req.headers["x-ga-webhook-attempt"], "1");
  EXPECT_EQ(req.headers["x-ga-webhook-signature"],
            "sha256=" + crypto::toHex(crypto::hmacSha256(secret, req.body)));
  std::string id = req.headers["x-ga-webhook-delivery"];
  EXPECT_EQ(req.headers["webhook-id"], id);
  std::string ts = req.headers["webhook-timestamp"];
  auto expected_std =
      "v1," + crypto::base64Encode(crypto::hmacSha256(*raw_key, id + "." + ts + "." + req.body));
  EXPECT_EQ(req.headers["webhook-signature"], expected_std);
  EXPECT_EQ(req.headers.count("x-ga-webhook-signature-secondary"), 0u);
  auto body = nlohmann::json::parse(req.body);
  EXPECT_EQ(body["type"], "webhook.test");
  EXPECT_EQ(body["org_id"], org_);
  EXPECT_EQ(body["api_version"], "v1");
  EXPECT_EQ(body["id"].get<std::string>().rfind("evt_", 0), 0u);
  // The third-party receiver learns who asked only as an opaque user id, never the email.
  EXPECT_EQ(body["data"]["object"]["requested_by"], owner_.user_id);
  EXPECT_EQ(owner_.user_id.rfind("usr_", 0), 0u);
  EXPECT_EQ(req.body.find("hooks@club.example"), std::string::npos) << req.body;
  // The secret is never shown again, and is not stored in plaintext.
  auto got = server_->console(owner_, "GET", base_ + "/" + ep["id"].get<std::string>()).json();
  EXPECT_FALSE(got.contains("secret"));
}

TEST_F(WebhookEngineTest, RetriesOnTheScheduleThenFails) {
  FakeReceiver receiver;
  receiver.setStatus(500);
  auto ep = createEndpoint(receiver.url());
  std::string id = ep["id"];
  ASSERT_EQ(server_->console(owner_, "POST", base_ + "/" + id + "/test").status, 202);
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  ASSERT_TRUE(waitRecorded(id, 1));
  // 1 s ±10 %: no retry while the fake clock stands still…
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(receiver.received().size(), 1u) << "no retry before the delay";
  // …then attempts 2..5 after 1, 5, 25 and 125 s (+10 % jitter at most).
  const std::vector<int> delays_s = {2, 6, 28, 138};
  for (size_t i = 0; i < delays_s.size(); ++i) {
    clock_.advance(std::chrono::seconds(delays_s[i]));
    ASSERT_TRUE(receiver.waitFor(i + 2, std::chrono::seconds(5)))
        << "attempt " << i + 2 << " " << deliveries(id).dump();
    ASSERT_TRUE(waitRecorded(id, i + 2));
  }
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 5u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].headers["x-ga-webhook-attempt"], std::to_string(i + 1));
    EXPECT_EQ(got[i].headers["x-ga-webhook-delivery"], got[0].headers["x-ga-webhook-delivery"]);
    EXPECT_EQ(got[i].body, got[0].body) << "identical bytes on every attempt";
  }
  // After the 5th failure the delivery is failed; nothing more is sent.
  nlohmann::json d;
  for (int i = 0; i < 50; ++i) {
    d = deliveries(id)[0];
    if (d["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(d["status"], "failed");
  EXPECT_EQ(d["attempt_count"], 5);
  ASSERT_EQ(d["attempts"].size(), 5u);
  EXPECT_EQ(d["attempts"][4]["status_code"], 500);
  EXPECT_EQ(d["attempts"][4]["response_excerpt"], "received");
  clock_.advance(std::chrono::seconds(1000));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(receiver.received().size(), 5u);

  // A failed delivery can be retried from the console: one more attempt, same delivery id.
  receiver.setStatus(204);
  auto retry = server_->console(owner_, "POST",
                                base_ + "/" + id + "/deliveries/" + d["id"].get<std::string>() + "/retry");
  ASSERT_EQ(retry.status, 202) << retry.body;
  ASSERT_TRUE(receiver.waitFor(6, std::chrono::seconds(5)));
  EXPECT_EQ(receiver.received()[5].headers["x-ga-webhook-delivery"], got[0].headers["x-ga-webhook-delivery"]);
  EXPECT_EQ(
      server_
          ->console(owner_, "POST", base_ + "/" + id + "/deliveries/" + d["id"].get<std::string>() + "/retry")
          .status,
      409);
}

TEST_F(WebhookEngineTest, RedirectsAreFailuresAndNotFollowed) {
  FakeReceiver receiver;
  receiver.setStatus(302);
  auto ep = createEndpoint(receiver.url());
  server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test");
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto d = deliveries(ep["id"])[0];
  EXPECT_EQ(d["status"], "pending") << "scheduled for a retry";
  EXPECT_EQ(d["attempts"][0]["succeeded"], false);
  EXPECT_NE(d["attempts"][0]["error"].get<std::string>().find("redirect"), std::string::npos);
}

TEST_F(WebhookEngineTest, RotationSignsWithBothSecretsForSeventyTwoHours) {
  FakeReceiver receiver;
  auto ep = createEndpoint(receiver.url());
  std::string id = ep["id"], old_secret = ep["secret"];
  auto rot = server_->console(owner_, "POST", base_ + "/" + id + "/rotate-secret");
  ASSERT_EQ(rot.status, 200);
  std::string new_secret = rot.json()["secret"];
  EXPECT_NE(new_secret, old_secret);
  auto expires = timefmt::parseInstant(rot.json()["secondary_expires_at"].get<std::string>());
  ASSERT_TRUE(expires);
  EXPECT_NEAR(static_cast<double>(*expires - timefmt::toUnixSeconds(clock_.now())), 72 * 3600.0, 5.0);

  server_->console(owner_, "POST", base_ + "/" + id + "/test");
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  auto in_window = receiver.received()[0];
  auto sig = [&](const std::string& secret) {
    return "sha256=" + crypto::toHex(crypto::hmacSha256(secret, in_window.body));
  };
  EXPECT_EQ(in_window.headers["x-ga-webhook-signature"], sig(new_secret));
  EXPECT_EQ(in_window.headers["x-ga-webhook-signature-primary"], sig(new_secret));
  EXPECT_EQ(in_window.headers["x-ga-webhook-signature-secondary"], sig(old_secret));
  EXPECT_NE(in_window.headers["webhook-signature"].find(' '), std::string::npos) << "two v1 signatures";

  clock_.advance(std::chrono::hours(73));
  relogin();
  server_->console(owner_, "POST", base_ + "/" + id + "/test");
  ASSERT_TRUE(receiver.waitFor(2, std::chrono::seconds(5)));
  auto after = receiver.received()[1];
  EXPECT_EQ(after.headers["x-ga-webhook-signature"],
            "sha256=" + crypto::toHex(crypto::hmacSha256(new_secret, after.body)));
  EXPECT_EQ(after.headers.count("x-ga-webhook-signature-secondary"), 0u);
  EXPECT_EQ(after.headers["webhook-signature"].find(' '), std::string::npos) << "only the new secret signs";
}

TEST_F(WebhookEngineTest, ReplayCreatesNewDeliveriesOfTheSameEvent) {
  FakeReceiver receiver;
  auto ep = createEndpoint(receiver.url());
  server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test");
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  auto first = receiver.received()[0];
  std::string event_id = nlohmann::json::parse(first.body)["id"];
  auto replay =
      server_->console(owner_, "POST", "/api/v1/console/orgs/" + org_ + "/events/" + event_id + "/replay");
  ASSERT_EQ(replay.status, 202) << replay.body;
  ASSERT_EQ(replay.json()["data"].size(), 1u);
  ASSERT_TRUE(receiver.waitFor(2, std::chrono::seconds(5)));
  auto second = receiver.received()[1];
  EXPECT_EQ(second.body, first.body);
  EXPECT_NE(second.headers["x-ga-webhook-delivery"], first.headers["x-ga-webhook-delivery"]);
}

// Issue 11 defect 4: any key holding public.events:read could replay an event without limit,
// multiplying deliveries to the organisation's receivers. One replay per event per 60 s, shared by
// the console and the public API, kept in the database.
TEST_F(WebhookEngineTest, ReplayOfOneEventIsLimitedToOnePerCooldown) {
  FakeReceiver receiver;
  auto ep = createEndpoint(receiver.url());
  server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test");
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  std::string event_id = nlohmann::json::parse(receiver.received()[0].body)["id"];
  std::string other_id = nlohmann::json::parse(
      server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test").body)["event_id"];
  const std::string token = createActiveAppWithKey(*server_, owner_, org_, {"public.events:read"}).second;
  auto public_replay = [&](const std::string& id) {
    return server_->client().request("POST", "/api/v1/public/events/" + id + "/replay",
                                     publicHeaders(token, org_));
  };
  auto console_replay = [&](const std::string& id) {
    return server_->console(owner_, "POST", "/api/v1/console/orgs/" + org_ + "/events/" + id + "/replay");
  };

  ASSERT_EQ(public_replay(event_id).status, 202);
  for (int i = 0; i < 5; ++i) {
    auto again = public_replay(event_id);
    ASSERT_EQ(again.status, 429) << again.body;
    EXPECT_EQ(again.header("content-type"), "application/problem+json");
    EXPECT_EQ(again.json()["code"], "rate_limited");
    EXPECT_EQ(again.header("retry-after"), "60");
  }
  auto from_console = console_replay(event_id);
  EXPECT_EQ(from_console.status, 429) << "the console shares the cooldown";
  EXPECT_EQ(from_console.json()["code"], "rate_limited");
  EXPECT_EQ(console_replay(other_id).status, 202) << "the cooldown is per event";

  // Let the four deliveries be recorded before the clock jumps past their 15 s leases (else the
  // engine would rightly claim and send one again).
  auto all_succeeded = [&](size_t n) {
    for (int i = 0; i < 100; ++i) {
      auto d = deliveries(ep["id"]);
      if (d.size() == n &&
          std::all_of(d.begin(), d.end(), [](auto& x) { return x["status"] == "succeeded"; }))
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  ASSERT_TRUE(all_succeeded(4));
  clock_.advance(std::chrono::seconds(59));
  auto late = public_replay(event_id);
  EXPECT_EQ(late.status, 429);
  EXPECT_EQ(late.header("retry-after"), "1");
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(public_replay(event_id).status, 202) << "allowed again once the cooldown is over";
  EXPECT_EQ(console_replay(event_id).status, 429);

  // The refused replays created no deliveries: two test sends, two replays of the first event and
  // one of the second.
  EXPECT_TRUE(all_succeeded(5));
  EXPECT_EQ(receiver.received().size(), 5u);
}

// The cooldown lives in the database, so a second process on the same database sees it.
TEST_F(WebhookEngineTest, ReplayCooldownHoldsAcrossProcessesSharingTheDatabase) {
  FakeReceiver receiver;
  auto ep = createEndpoint(receiver.url());
  std::string event_id = server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test")
                             .json()["event_id"];
  TestServer other(
      [&](config::Config& c) {
        c.db_url = "sqlite:" + server_->dbPath();
        c.allow_private_webhook_targets = true;
      },
      &clock_);
  std::string path = "/api/v1/console/orgs/" + org_ + "/events/" + event_id + "/replay";
  ASSERT_EQ(server_->console(owner_, "POST", path).status, 202);
  auto there = other.console(owner_, "POST", path);
  EXPECT_EQ(there.status, 429) << there.body;
  EXPECT_EQ(there.header("retry-after"), "60");
}

TEST_F(WebhookEngineTest, EndpointFailingForFiveDaysIsDisabledAndCanBeReenabled) {
  FakeReceiver receiver;
  receiver.setStatus(503);
  auto ep = createEndpoint(receiver.url());
  std::string id = ep["id"];
  server_->console(owner_, "POST", base_ + "/" + id + "/test");
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  ASSERT_TRUE(waitRecorded(id, 1));
  size_t n = 1;
  for (int s : {2, 6, 28, 138}) {
    clock_.advance(std::chrono::seconds(s));
    ASSERT_TRUE(receiver.waitFor(++n, std::chrono::seconds(5)));
    ASSERT_TRUE(waitRecorded(id, n));
  }
  server_->app().runWebhookMaintenance();
  EXPECT_EQ(server_->console(owner_, "GET", base_ + "/" + id).json()["active"], true) << "not yet: 5 days";
  clock_.advance(std::chrono::hours(24 * 5 + 1));
  server_->app().runWebhookMaintenance();
  relogin();
  auto disabled = server_->console(owner_, "GET", base_ + "/" + id).json();
  EXPECT_EQ(disabled["active"], false);
  EXPECT_TRUE(disabled["disabled_reason"].is_string());
  auto enabled = server_->console(owner_, "PATCH", base_ + "/" + id, {{"active", true}}).json();
  EXPECT_EQ(enabled["active"], true);
  EXPECT_TRUE(enabled["disabled_reason"].is_null());
}

TEST_F(WebhookEngineTest, EventsAreKeptThirtyDaysThenPruned) {
  FakeReceiver receiver;
  auto ep = createEndpoint(receiver.url());
  server_->console(owner_, "POST", base_ + "/" + ep["id"].get<std::string>() + "/test");
  ASSERT_TRUE(receiver.waitFor(1, std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto events = "/api/v1/console/orgs/" + org_ + "/events";
  clock_.advance(std::chrono::hours(24 * 29));
  server_->app().runWebhookMaintenance();
  relogin();
  EXPECT_EQ(server_->console(owner_, "GET", events).json()["data"].size(), 1u);
  clock_.advance(std::chrono::hours(24 * 2));
  server_->app().runWebhookMaintenance();
  relogin();
  EXPECT_EQ(server_->console(owner_, "GET", events).json()["data"].size(), 0u);
}

TEST_F(WebhookEngineTest, AStuckEndpointDoesNotDelayOthers) {
  FakeReceiver stuck, healthy;
  stuck.setHang(true);
  auto bad = createEndpoint(stuck.url());
  auto good = createEndpoint(healthy.url());
  // More stuck deliveries than the per-endpoint cap, all due before the healthy ones.
  for (int i = 0; i < 40; ++i)
    server_->console(owner_, "POST", base_ + "/" + bad["id"].get<std::string>() + "/test");
  ASSERT_TRUE(stuck.waitFor(8, std::chrono::seconds(5)));
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i)
    server_->console(owner_, "POST", base_ + "/" + good["id"].get<std::string>() + "/test");
  ASSERT_TRUE(healthy.waitFor(5, std::chrono::seconds(3)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_LE(stuck.received().size(), 16u) << "the stuck endpoint holds at most its own slots";
}

TEST_F(WebhookEngineTest, AStuckEndpointDoesNotDelayAnotherOnTheSameHost) {
  FakeReceiver receiver;
  receiver.setHangPath("/slow");
  auto bad = createEndpoint(receiver.url("/slow"));
  auto good = createEndpoint(receiver.url("/fast"));
  for (int i = 0; i < 30; ++i)
    server_->console(owner_, "POST", base_ + "/" + bad["id"].get<std::string>() + "/test");
  ASSERT_TRUE(receiver.waitFor(8, std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  size_t before = receiver.received().size();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i)
    server_->console(owner_, "POST", base_ + "/" + good["id"].get<std::string>() + "/test");
  ASSERT_TRUE(receiver.waitFor(before + 5, std::chrono::seconds(3)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  size_t fast = 0;
  for (const auto& r : receiver.received()) fast += r.target == "/fast" ? 1 : 0;
  EXPECT_EQ(fast, 5u);
}

TEST_F(WebhookEngineTest, RefusesPrivateTargetsWithoutTheDevelopmentFlag) {
  TestServer strict;
  auto [owner, org] = strict.createOwnerWithOrg("strict@club.example", "Strict");
  auto hooks = "/api/v1/console/orgs/" + org + "/webhooks";
  for (const std::string url :
       {"https://127.0.0.1:9/x", "https://localhost:9/x", "https://[::1]:9/x",
        "https://[::ffff:127.0.0.1]:9/x", "https://2130706433:9/x", "http://hooks.example.com/x",
        "ftp://hooks.example.com/x", "https://user:pw@hooks.example.com/x"}) {
    auto r = strict.console(owner, "POST", hooks, {{"url", url}, {"event_types", {"webhook.test"}}});
    EXPECT_EQ(r.status, 422) << url << " " << r.body;
    EXPECT_EQ(r.json()["field"], "url") << url;
  }
}

}  // namespace
}  // namespace gaflight::testing
