#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fakes.hpp"
#include "service/identity_service.hpp"

namespace gaflight::service {
namespace {

using gaflight::testing::FakeClock;

// Same limits as IdentityService: 5 failures per email, 50 per client address, in 15 minutes.
class LoginThrottleTest : public ::testing::Test {
 protected:
  static constexpr int kPerEmail = 5;
  static constexpr int kPerIp = 50;
  LoginThrottle throttle{kPerEmail, kPerIp, std::chrono::minutes(15)};
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

TEST_F(LoginThrottleTest, ThrottledEmailFromAnotherAddress) {
  fail("ana@example.com", "192.0.2.1", 5);
  EXPECT_GT(throttle.retryAfter("ana@example.com", "198.51.100.7", now()), 0)
      << "the email is throttled whatever the client address";
  EXPECT_EQ(throttle.retryAfter("bob@example.com", "198.51.100.7", now()), 0);
  EXPECT_EQ(throttle.retryAfter("bob@example.com", "192.0.2.1", now()), 0)
      << "five failures are far below the per-address allowance";
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

TEST_F(LoginThrottleTest, SuccessClearsEmailCounter) {
  fail("ana@example.com", "192.0.2.1", 4);
  throttle.recordSuccess("ana@example.com");
  fail("ana@example.com", "192.0.2.2", 4);
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.2", now()), 0)
      << "only 4 failures since the success";
  fail("ana@example.com", "192.0.2.2");
  EXPECT_GT(throttle.retryAfter("ana@example.com", "192.0.2.3", now()), 0);
}

TEST_F(LoginThrottleTest, SuccessClearsThrottledEmail) {
  fail("ana@example.com", "192.0.2.1", 5);
  ASSERT_GT(throttle.retryAfter("ana@example.com", "192.0.2.9", now()), 0);
  throttle.recordSuccess("ana@example.com");
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.9", now()), 0);
}

TEST_F(LoginThrottleTest, SuccessDoesNotClearAddressCounter) {
  for (int i = 0; i < kPerIp; ++i) fail(user(i), "203.0.113.9");
  throttle.recordSuccess(user(0));
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
  LoginThrottle t(2, 3, std::chrono::seconds(60));
  t.recordFailure("a", "ip1", 1000);
  EXPECT_EQ(t.retryAfter("a", "ip1", 1000), 0);
  t.recordFailure("a", "ip2", 1010);
  EXPECT_EQ(t.retryAfter("a", "ip3", 1010), 50)
      << "email limit 2 reached; the failure at 1000 expires at 1060";
  t.recordFailure("b", "ip1", 1020);
  t.recordFailure("c", "ip1", 1030);
  EXPECT_EQ(t.retryAfter("d", "ip1", 1030), 30) << "ip1 limit 3 reached; the failure at 1000 expires at 1060";
  EXPECT_EQ(t.retryAfter("d", "ip2", 1030), 0);
}

// The failure map is bounded by clearing it when it holds more than 100,000 keys. Every failure
// from a new client address adds a key, so anyone with enough addresses (one IPv6 /64 is plenty)
// can spray single failed logins until the map is cleared, wiping the counter of the account
// they are brute-forcing. Bounding memory must not reset throttles that are in force.
TEST_F(LoginThrottleTest, MemoryBoundDoesNotResetThrottledAccount) {
  fail("victim@example.com", "198.51.100.1", kPerEmail);
  ASSERT_GT(throttle.retryAfter("victim@example.com", "198.51.100.2", now()), 0);
  for (int i = 0; i < 100'001; ++i) {
    throttle.recordFailure("nobody@example.com", "2001:db8::" + std::to_string(i), now());
  }
  EXPECT_GT(throttle.retryAfter("victim@example.com", "198.51.100.2", now()), 0)
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
