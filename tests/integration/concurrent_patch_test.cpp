// Concurrent partial updates: a PATCH applies its fields to the record as read inside the write
// transaction, so two PATCHes of different fields that overlap in time both survive (no lost update).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "app/services.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

using std::chrono::milliseconds;

class ConcurrentPatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "100000:100000"; });
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@concurrent.example", "Concurrent School");
    ops_ = "/api/v1/console/orgs/" + org_;
    auto p = server_->console(owner_, "POST", ops_ + "/pilots",
                              {{"first_name", "Camille"}, {"last_name", "Martin"}, {"roles", {"student"}}});
    ASSERT_EQ(p.status, 201) << p.body;
    pilot_ = p.json()["id"];
    auto a = server_->console(owner_, "POST", ops_ + "/fleet",
                              {{"registration", "F-GCON"},
                               {"icao_type", "C172"},
                               {"make", "Cessna"},
                               {"model", "172"},
                               {"seats", 4}});
    ASSERT_EQ(a.status, 201) << a.body;
    aircraft_ = a.json()["id"];
  }

  // Updates one record twice at once: `update` runs with `first`, and while `first` is being applied
  // (inside the update's transaction) `update` runs with `second` on another thread, given 300 ms to
  // finish. It must wait for the first transaction and start from its result; a record read outside
  // the transaction would let it finish in between and then be overwritten.
  template <typename Record>
  void overlap(const std::function<bool(const service::Patch<Record>&)>& update,
               const std::function<void(Record&)>& first, const std::function<void(Record&)>& second) {
    std::future<bool> other;
    bool other_finished_inside = false;
    bool first_ok = update([&](Record& r) {
      first(r);
      other = std::async(std::launch::async, [&] {
        return update([&](Record& r2) {
          second(r2);
          return okStatus();
        });
      });
      other_finished_inside = other.wait_for(milliseconds(300)) == std::future_status::ready;
      return okStatus();
    });
    ASSERT_TRUE(first_ok);
    ASSERT_TRUE(other.valid());
    EXPECT_TRUE(other.get());
    EXPECT_FALSE(other_finished_inside) << "the second update did not wait for the first one's transaction";
  }

  service::OperationsService& ops() { return server_->app().services().operations; }

  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, ops_, pilot_, aircraft_;
  service::Actor actor_{std::nullopt, "test", "req_concurrent"};
};

TEST_F(ConcurrentPatchTest, PilotPatchesOfDifferentFieldsBothSurvive) {
  overlap<domain::Pilot>(
      [&](const auto& patch) { return ops().updatePilot(org_, pilot_, patch, actor_).ok(); },
      [](domain::Pilot& p) { p.phone = "+33 1 23 45 67 89"; },
      [](domain::Pilot& p) { p.home_base = "LFPN"; });
  auto stored = ops().getPilot(org_, pilot_);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->phone, "+33 1 23 45 67 89");
  EXPECT_EQ(stored->home_base, "LFPN");
}

TEST_F(ConcurrentPatchTest, AircraftPatchesOfDifferentFieldsBothSurvive) {
  overlap<domain::Aircraft>(
      [&](const auto& patch) { return ops().updateAircraft(org_, aircraft_, patch, actor_).ok(); },
      [](domain::Aircraft& a) { a.seats = 2; }, [](domain::Aircraft& a) { a.home_base = "LFPT"; });
  auto stored = ops().getAircraft(org_, aircraft_);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->seats, 2);
  EXPECT_EQ(stored->home_base, "LFPT");
}

TEST_F(ConcurrentPatchTest, CompliancePatchesOfDifferentFieldsBothSurvive) {
  auto rec = server_->console(owner_, "POST", ops_ + "/compliance",
                              {{"aircraft_id", aircraft_}, {"type", "insurance"}, {"code", "HULL"}});
  ASSERT_EQ(rec.status, 201) << rec.body;
  std::string id = rec.json()["id"];
  auto& svc = server_->app().services().compliance;
  overlap<service::ComplianceInput>(
      [&](const auto& patch) { return svc.update(org_, id, patch, actor_).ok(); },
      [](service::ComplianceInput& in) { in.number = "POL-2026-001"; },
      [](service::ComplianceInput& in) { in.note = "renewed by phone"; });
  auto stored = svc.get(org_, id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->number, "POL-2026-001");
  EXPECT_NE(stored->details.find("renewed by phone"), std::string::npos) << stored->details;
}

// The same through HTTP: two clients PATCH different fields of one pilot at once; the final record
// carries each client's last value.
TEST_F(ConcurrentPatchTest, ConsolePatchesRacingOverHttpLoseNothing) {
  constexpr int kRounds = 25;
  auto phoneValue = [](int i) { return "+33 6 00 00 00 " + std::to_string(i); };
  auto baseValue = [](int i) { return std::string("LFA") + static_cast<char>('A' + i); };  // ICAO-shaped
  auto patcher = [&](const std::string& field, const std::function<std::string(int)>& value) {
    for (int i = 0; i < kRounds; ++i) {
      auto r = server_->console(owner_, "PATCH", ops_ + "/pilots/" + pilot_, {{field, value(i)}});
      if (r.status != 200) return false;
    }
    return true;
  };
  auto phone = std::async(std::launch::async, patcher, "phone", phoneValue);
  auto base = std::async(std::launch::async, patcher, "home_base", baseValue);
  ASSERT_TRUE(phone.get());
  ASSERT_TRUE(base.get());
  auto final = server_->console(owner_, "GET", ops_ + "/pilots/" + pilot_);
  ASSERT_EQ(final.status, 200);
  EXPECT_EQ(final.json()["phone"], phoneValue(kRounds - 1)) << final.body;
  EXPECT_EQ(final.json()["home_base"], baseValue(kRounds - 1)) << final.body;
}

}  // namespace
}  // namespace gaflight::testing
