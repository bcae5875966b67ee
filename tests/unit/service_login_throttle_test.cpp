#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "fakes.hpp"
#include "service/identity_service.hpp"

namespace gaflight::service {
namespace {

using gaflight::testing::FakeClock;

// Same limits as IdentityService: 5 failures per account from one client address and 50 per address
// in 15 minutes; 100 per account from anywhere in an hour.
class LoginThrottleTest : public ::testing::Test {
 protected:
  static constexpr int kPerEmail = 5;  // per address and account
  static constexpr int kPerIp = 50;
  static constexpr int kPerAccount = 100;
  LoginThrottle throttle{LoginLimits{}};
  FakeClock clock{1'780'000'000};
  int64_t now() const { return clock.seconds(); }
  void fail(const std::string& email, const std::string& ip, int times = 1) {
    for (int i = 0; i < times; ++i) throttle.recordFailure(email, ip, now());
  }
  static std::string user(int i) { return "user" + std::to_string(i) + "@example.com"; }
};

TEST_F(LoginThrottleTest, FreshStateAllows) {
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
}

TEST_F(LoginThrottleTest, FourFailuresStillAllowedFifthThrottles) {
  fail("ana@example.com", "192.0.2.1", 4);
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
  fail("ana@example.com", "192.0.2.1");
  int64_t retry = throttle.retryAfter("ana@example.com", "192.0.2.1", now());
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 15 * 60);
}

TEST_F(LoginThrottleTest, RetryIsTimeUntilBelowLimit) {
  fail("ana@example.com", "192.0.2.1");
  clock.advance(std::chrono::minutes(5));
  fail("ana@example.com", "192.0.2.1", 4);
  // The oldest failure leaves the window 15 min after it was recorded: 10 min from now.
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 10 * 60);
  clock.advance(std::chrono::minutes(9));
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 60);
}

TEST_F(LoginThrottleTest, RetryAccountsForFailuresBeyondTheLimit) {
  fail("ana@example.com", "192.0.2.1");  // t0
  clock.advance(std::chrono::minutes(5));
  fail("ana@example.com", "192.0.2.1", 5);  // t0+5 min: six in the window
  // Dropping below five needs the t0 failure *and* one of the t0+5 failures to expire.
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 15 * 60);
  clock.advance(std::chrono::minutes(10));  // t0 has expired, five remain
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 5 * 60);
}

TEST_F(LoginThrottleTest, WindowExpiryLiftsThrottle) {
  fail("ana@example.com", "192.0.2.1", 5);
  ASSERT_GT(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
  clock.advance(std::chrono::minutes(15) - std::chrono::seconds(1));
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 1);
  clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
}

// Issue 11 defect 5: five failures from one address locked the owner out for 15 minutes from
// anywhere. The lockout is per address and account.
TEST_F(LoginThrottleTest, LockoutFromOneAddressDoesNotBlockAnother) {
  fail("ana@example.com", "192.0.2.1", 5);
  EXPECT_GT(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "198.51.100.7", now()), 0)
      << "the owner, from another address, is not locked out";
  EXPECT_EQ(throttle.reserve("ana@example.com", "198.51.100.7", now()), 0);
  throttle.succeeded("ana@example.com", "198.51.100.7", now());
  EXPECT_GT(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0)
      << "a success elsewhere does not lift the attacker's lockout";
  EXPECT_EQ(throttle.retryAfter("bob@example.com", "192.0.2.1", now()), 0)
      << "five failures are far below the per-address allowance";
}

// A guess spread over many addresses meets the slower per-account backstop.
TEST_F(LoginThrottleTest, PerAccountBackstopAcrossAddresses) {
  for (int i = 0; i < kPerAccount - 1; ++i) {
    ASSERT_EQ(throttle.reserve("ana@example.com", "203.0.113." + std::to_string(i % 250), now()), 0) << i;
    clock.advance(std::chrono::seconds(30));  // 99 failures in under an hour, ≤ 1 per address per window
  }
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "198.51.100.1", now()), 0) << "99 failures";
  fail("ana@example.com", "198.51.100.2");
  int64_t retry = throttle.retryAfter("ana@example.com", "198.51.100.3", now());
  EXPECT_GT(retry, 0) << "100 failures in an hour lock the account from every address";
  EXPECT_LE(retry, 3600);
  EXPECT_EQ(throttle.retryAfter("bob@example.com", "198.51.100.3", now()), 0);
  clock.advance(std::chrono::seconds(retry));
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "198.51.100.3", now()), 0) << "the hour has slid on";
}

// Issue 11 defect 5: check and record were separate steps, so 32 parallel bad logins got 8
// password checks against a limit of 5. reserve() checks and counts under one lock.
TEST_F(LoginThrottleTest, ParallelReservationsNeverExceedTheLimit) {
  for (int round = 0; round < 20; ++round) {
    LoginThrottle t{LoginLimits{}};
    std::atomic<int> granted{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 32; ++i) {
      threads.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        if (t.reserve("ana@example.com", "192.0.2.1", now()) == 0) ++granted;
      });
    }
    go = true;
    for (auto& th : threads) th.join();
    ASSERT_EQ(granted.load(), kPerEmail) << "round " << round;
  }
}

TEST_F(LoginThrottleTest, ReserveCountsTheAttemptAndSuccessUncountsIt) {
  for (int i = 0; i < 4; ++i) ASSERT_EQ(throttle.reserve("ana@example.com", "192.0.2.1", now()), 0);
  ASSERT_EQ(throttle.reserve("ana@example.com", "192.0.2.1", now()), 0);  // the fifth: right password
  throttle.succeeded("ana@example.com", "192.0.2.1", now());
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0) << "success clears the pair";
  for (int i = 0; i < 5; ++i) ASSERT_EQ(throttle.reserve("ana@example.com", "192.0.2.1", now()), 0);
  EXPECT_GT(throttle.reserve("ana@example.com", "192.0.2.1", now()), 0) << "a sixth bad try in a row";
}

TEST_F(LoginThrottleTest, PerAddressThrottleAcrossEmails) {
  for (int i = 0; i < kPerIp - 1; ++i) fail(user(i), "203.0.113.9");
  EXPECT_EQ(throttle.retryAfter("fresh@example.com", "203.0.113.9", now()), 0) << "49 failures";
  fail(user(kPerIp), "203.0.113.9");
  // No single email reached its limit, but the address did.
  int64_t retry = throttle.retryAfter("fresh@example.com", "203.0.113.9", now());
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 15 * 60);
  EXPECT_EQ(throttle.retryAfter("fresh@example.com", "203.0.113.10", now()), 0);
  EXPECT_EQ(throttle.retryAfter(user(0), "203.0.113.10", now()), 0);
}

TEST_F(LoginThrottleTest, SuccessClearsThisAddressCounterForTheAccount) {
  fail("ana@example.com", "192.0.2.2", 4);
  ASSERT_EQ(throttle.reserve("ana@example.com", "192.0.2.2", now()), 0);
  throttle.succeeded("ana@example.com", "192.0.2.2", now());
  fail("ana@example.com", "192.0.2.2", 4);
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.2", now()), 0)
      << "only 4 failures since the success";
  fail("ana@example.com", "192.0.2.2");
  EXPECT_GT(throttle.retryAfter("ana@example.com", "192.0.2.2", now()), 0);
}

TEST_F(LoginThrottleTest, SuccessDoesNotClearAddressCounter) {
  for (int i = 0; i < kPerIp - 1; ++i) fail(user(i), "203.0.113.9");
  ASSERT_EQ(throttle.reserve(user(0), "203.0.113.9", now()), 0);
  throttle.succeeded(user(0), "203.0.113.9", now());
  fail(user(1), "203.0.113.9");
  EXPECT_GT(throttle.retryAfter(user(0), "203.0.113.9", now()), 0)
      << "a success for one account must not reset a spraying address";
}

TEST_F(LoginThrottleTest, SlidingWindowKeepsRecentFailures) {
  // One failure every 4 minutes: at most 4 fall inside any 15-minute window, so never throttled.
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0) << "attempt " << i;
    fail("ana@example.com", "192.0.2.1");
    clock.advance(std::chrono::minutes(4));
  }
  // Two more in quick succession bring the window to five.
  fail("ana@example.com", "192.0.2.1", 2);
  EXPECT_GT(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
}

TEST(LoginThrottle, LimitsAreIndependent) {
  LoginThrottle t(LoginLimits{2, 3, std::chrono::seconds(60), 4, std::chrono::seconds(120)});
  t.recordFailure("a", "ip1", 1000);
  EXPECT_EQ(t.retryAfter("a", "ip1", 1000), 0);
  t.recordFailure("a", "ip1", 1010);
  EXPECT_EQ(t.retryAfter("a", "ip1", 1010), 50)
      << "address+account limit 2 reached; the failure at 1000 expires at 1060";
  EXPECT_EQ(t.retryAfter("a", "ip3", 1010), 0) << "not from another address";
  t.recordFailure("b", "ip1", 1020);
  t.recordFailure("c", "ip1", 1030);
  EXPECT_EQ(t.retryAfter("d", "ip1", 1030), 40)
      << "ip1 holds 4 failures, limit 3: below it once the failure at 1010 expires at 1070";
  EXPECT_EQ(t.retryAfter("d", "ip2", 1030), 0);
  t.recordFailure("a", "ip4", 1040);
  t.recordFailure("a", "ip5", 1050);
  EXPECT_EQ(t.retryAfter("a", "ip6", 1050), 70)
      << "account backstop 4 reached; the failure at 1000 expires at 1120";
}

// The failure map is bounded by clearing it when it holds more than 100,000 keys. Every failure
// from a new client address adds a key, so anyone with enough addresses (one IPv6 /64 is plenty)
// can spray single failed logins until the map is cleared, wiping the counter of the account
// they are brute-forcing. Bounding memory must not reset throttles that are in force.
TEST_F(LoginThrottleTest, MemoryBoundDoesNotResetThrottledAccount) {
  fail("victim@example.com", "198.51.100.1", kPerEmail);
  ASSERT_GT(throttle.retryAfter("victim@example.com", "198.51.100.1", now()), 0);
  for (int i = 0; i < 100'001; ++i) {
    throttle.recordFailure("nobody" + std::to_string(i % 1000) + "@example.com",
                           "2001:db8::" + std::to_string(i), now());
  }
  EXPECT_GT(throttle.retryAfter("victim@example.com", "198.51.100.1", now()), 0)
      << "spraying failures from many addresses lifted the throttle on an attacked account";
}

// Even when every key belongs to a throttled account (so nothing is cheap to forget), pruning
// must make room: a map left at its bound would run a full O(n) prune on every further failure.
TEST_F(LoginThrottleTest, ManyThrottledAccountsStayWithinTheHardBound) {
  for (int i = 0; i < 100'100; ++i) fail(user(i), "192.0.2.9", kPerEmail);
  EXPECT_LE(throttle.entryCount(), LoginThrottle::kPruneAbove + 2);
  EXPECT_LT(throttle.entryCount(), LoginThrottle::kPruneAbove) << "pruning left no headroom";
}

}  // namespace
}  // namespace gaflight::service
