// Database faults (issue 11, defect 8) against the real server: busy, locked, full and I/O errors
// answer 503 problem+json with Retry-After, the process keeps serving, and the same request
// succeeds once the fault clears, without a restart.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <thread>

#include "storage/sqlite/sqlite_connection.hpp"
#include "support/fake_receiver.hpp"
#include "support/fault_injection.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class DatabaseFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) {
      c.response_cache_ms = 0;     // every public GET reaches the database
      c.db_busy_timeout_ms = 100;  // a foreign lock turns into a fault quickly
      c.allow_private_webhook_targets = true;
    });
    // Before any request, so every server thread's connection is wrapped.
    plan_ = injectFaults(server_->app().database());
    std::tie(owner_, org_) = server_->createOwnerWithOrg("faults@example.com", "Fault Club");
    pilots_ = "/api/v1/console/orgs/" + org_ + "/pilots";
  }

  HttpResult createPilot(const std::string& last_name) {
    return server_->console(owner_, "POST", pilots_, {{"first_name", "Ada"}, {"last_name", last_name}});
  }
  size_t pilotCount() { return server_->console(owner_, "GET", pilots_).json()["data"].size(); }
  long readyz() { return server_->client().get("/readyz").status; }

  static void expectUnavailable(const HttpResult& r, int max_retry_after) {
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto j = r.json();
    EXPECT_EQ(j["code"], "unavailable");
    EXPECT_EQ(j["status"], 503);
    EXPECT_TRUE(j.contains("request_id"));
    ASSERT_FALSE(r.header("retry-after").empty());
    int retry = std::stoi(r.header("retry-after"));
    EXPECT_GE(retry, 1);
    EXPECT_LE(retry, max_retry_after);
  }

  std::unique_ptr<TestServer> server_;
  std::shared_ptr<FaultPlan> plan_;
  ConsoleSession owner_;
  std::string org_;
  std::string pilots_;
};

TEST_F(DatabaseFaultsTest, ConsoleWriteWhileDiskFullIs503AndSucceedsOnceSpaceReturns) {
  ASSERT_EQ(readyz(), 200);
  plan_->arm(FaultPlan::Target::kCommit, SQLITE_FULL);  // the WAL append at COMMIT finds no space
  expectUnavailable(createPilot("Full"), 5);
  EXPECT_EQ(readyz(), 503);
  EXPECT_EQ(server_->client().get("/healthz").status, 200) << "the process keeps serving";

  plan_->clear();
  EXPECT_EQ(pilotCount(), 0u) << "the failed transaction left nothing behind";
  EXPECT_EQ(createPilot("Full").status, 201);
  EXPECT_EQ(pilotCount(), 1u);
  EXPECT_EQ(readyz(), 200) << "a committed write clears the fault";
}

TEST_F(DatabaseFaultsTest, DatabaseLockedByAnotherProcessIs503ThenRecovers) {
  storage::SqliteConnection holder(server_->dbPath());  // as another process would
  holder.execScript("BEGIN EXCLUSIVE");
  expectUnavailable(createPilot("Locked"), 1);
  EXPECT_EQ(readyz(), 503);
  EXPECT_EQ(server_->console(owner_, "GET", pilots_).status, 200) << "reads go on under a write lock";

  holder.execScript("ROLLBACK");
  EXPECT_EQ(createPilot("Locked").status, 201);
  EXPECT_EQ(pilotCount(), 1u);
  EXPECT_EQ(readyz(), 200);
}

TEST_F(DatabaseFaultsTest, PublicReadDuringIoFaultIs503NotInternal) {
  auto [app_id, token] = createActiveAppWithKey(*server_, owner_, org_, {"public.pilots:read"});
  auto headers = publicHeaders(token, org_);
  ASSERT_EQ(server_->client().get("/api/v1/public/pilots", headers).status, 200);

  plan_->arm(FaultPlan::Target::kEveryStatement, SQLITE_IOERR_READ);
  expectUnavailable(server_->client().get("/api/v1/public/pilots", headers), 5);
  EXPECT_EQ(readyz(), 503);
  EXPECT_EQ(server_->client().get("/healthz").status, 200);

  plan_->clear();
  EXPECT_EQ(server_->client().get("/api/v1/public/pilots", headers).status, 200);
  EXPECT_EQ(createPilot("Io").status, 201);
  EXPECT_EQ(readyz(), 200);
}

// The delivery engine and the WAL checkpointer poll the database from their own threads: a fault
// there is logged and retried, and deliveries resume once it clears.
TEST_F(DatabaseFaultsTest, BackgroundThreadsOutliveAFaultAndResume) {
  FakeReceiver receiver;
  auto hooks = "/api/v1/console/orgs/" + org_ + "/webhooks";
  auto ep =
      server_->console(owner_, "POST", hooks,
                       {{"url", receiver.url()}, {"description", "t"}, {"event_types", {"webhook.test"}}});
  ASSERT_EQ(ep.status, 201) << ep.body;

  plan_->arm(FaultPlan::Target::kEveryStatement, SQLITE_IOERR);
  int before = plan_->hits.load();
  for (int i = 0; i < 100 && plan_->hits.load() < before + 5; ++i)  // bounded: background polls hit it
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(plan_->hits.load(), before + 5) << "background threads should have met the fault";
  plan_->clear();

  auto test = server_->console(owner_, "POST", hooks + "/" + ep.json()["id"].get<std::string>() + "/test");
  ASSERT_EQ(test.status, 202) << test.body;
  EXPECT_TRUE(receiver.waitFor(1, std::chrono::seconds(10))) << "the delivery engine is still running";
  EXPECT_EQ(readyz(), 200);
}

}  // namespace
}  // namespace gaflight::testing
