// What several connections writing at the same moment must not break on PostgreSQL, where BEGIN takes
// no lock and identity values are handed out in statement order, not commit order (ADR 0017): the audit
// chain stays one chain, and delivery claims running side by side take disjoint rows without waiting.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "pg_test_support.hpp"
#include "service/audit.hpp"
#include "storage/identity_repository.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/webhook_repository.hpp"

namespace gaflight::storage {
namespace {

constexpr const char* kAt = "2026-05-28T12:00:00Z";

std::unique_ptr<Database> freshDatabase() {
  PgConnection(pgTestUrl(), PgSettings{}).execScript(kPgResetTestSchema);
  auto db = openDatabase(pgTestUrl());
  migrate(db->connection());
  IdentityRepository(db->connection()).insertOrg({"org_1", "Club", "Europe/Paris", "FR", "EUR", kAt, kAt});
  return db;
}

// Without the chain lock two appenders read the same head and both link to it: verify reports a fork.
TEST(PgConcurrency, AuditAppendersOnSeveralConnectionsKeepOneChain) {
  auto db = freshDatabase();
  constexpr int kThreads = 4;
  constexpr int kEach = 40;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&db, t] {
      service::Actor actor{std::nullopt, "writer-" + std::to_string(t), "req_" + std::to_string(t)};
      for (int i = 0; i < kEach; ++i) {
        service::recordAudit(db->connection(), "org_1", actor, "pilot.update", "pilot",
                             "p" + std::to_string(i), nullptr, kAt);
      }
    });
  }
  for (auto& w : writers) w.join();
  auto report = service::verifyAuditChain(*db, "org_1");
  EXPECT_TRUE(report.intact()) << "broken at seq " << (report.first_broken ? report.first_broken->seq : 0);
  EXPECT_EQ(report.entries, kThreads * kEach);
}

// Node A holds its claim transaction open (its picker waits); node B claims meanwhile. With
// FOR UPDATE SKIP LOCKED, B returns at once with the rows A did not lock, and A then claims its own.
TEST(PgConcurrency, ClaimsRunningSideBySideTakeDisjointRowsWithoutWaiting) {
  auto db = freshDatabase();
  auto& setup = db->connection();
  WebhookRepository repo(setup);
  seedEventAndEndpoint(repo, kAt);
  std::set<std::string> all;
  for (int i = 0; i < 10; ++i) {
    std::string id = "wd_" + std::to_string(i);
    repo.insertDelivery(id, "org_1", "we_1", "evt_1", "flight.approved", 1'000 + i, kAt);
    all.insert(id);
  }
  auto take_all = [](const std::vector<DueCandidate>& candidates) {
    std::vector<std::string> ids;
    for (const auto& c : candidates) ids.push_back(c.id);
    return ids;
  };

  std::promise<void> a_holds_locks;
  std::promise<std::shared_future<std::vector<ClaimedDelivery>>> b_started;
  bool b_done_while_a_held = false;
  auto node_a = std::async(std::launch::async, [&] {
    PgConnection conn(pgTestUrl(), PgSettings{});
    return WebhookRepository(conn).claimDue(
        "node-a", 2'000, 32'000, 4, {}, [&](const std::vector<DueCandidate>& candidates) {
          a_holds_locks.set_value();
          auto b = b_started.get_future().get();
          // Bounded: if B queued behind A's row locks it could not finish before A commits.
          b_done_while_a_held = b.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
          return take_all(candidates);
        });
  });
  a_holds_locks.get_future().wait();
  std::shared_future<std::vector<ClaimedDelivery>> node_b = std::async(std::launch::async, [&] {
    PgConnection conn(pgTestUrl(), PgSettings{});
    return WebhookRepository(conn).claimDue("node-b", 2'000, 32'000, 10, {}, take_all);
  });
  b_started.set_value(node_b);
  auto claimed_a = node_a.get();
  auto claimed_b = node_b.get();

  EXPECT_TRUE(b_done_while_a_held);
  ASSERT_EQ(claimed_a.size(), 4U);
  ASSERT_EQ(claimed_b.size(), 6U);
  std::set<std::string> seen;
  for (const auto& c : claimed_a) {
    EXPECT_EQ(c.id, "wd_" + std::to_string(seen.size()));  // A took the oldest due, in order
    seen.insert(c.id);
  }
  for (const auto& c : claimed_b) EXPECT_TRUE(seen.insert(c.id).second) << c.id << " claimed twice";
  EXPECT_EQ(seen, all);
  for (const auto& [owner, list] : {std::pair{"node-a", &claimed_a}, std::pair{"node-b", &claimed_b}}) {
    for (const auto& c : *list) {
      EXPECT_EQ(setup.scalarText("SELECT lease_owner FROM webhook_deliveries WHERE id = ?1", {c.id}), owner);
    }
  }
  // Everything is leased now: a third claimer finds nothing due until the leases expire.
  EXPECT_TRUE(repo.claimDue("node-c", 3'000, 33'000, 10, {}, take_all).empty());
  EXPECT_EQ(repo.claimDue("node-c", 32'000, 62'000, 10, {}, take_all).size(), 10U);
}

}  // namespace
}  // namespace gaflight::storage
