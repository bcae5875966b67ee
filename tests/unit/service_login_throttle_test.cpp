#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fakes.hpp"
#include "service/identity_service.hpp"

namespace gaflight::service {
namespace {

using gaflight::testing::FakeClock;

// Same limits as IdentityService: 5 failures per 15 minutes.
class LoginThrottleTest : public ::testing::Test {
 protected:
  LoginThrottle throttle{5, std::chrono::minutes(15)};
  FakeClock clock{1'780'000'000};
  int64_t now() const { return clock.seconds(); }
  void fail(const std::string& email, const std::string& ip, int times = 1) {
    for (int i = 0; i < times; ++i) throttle.recordFailure(email, ip, now());
  }
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

TEST_F(LoginThrottleTest, RetryCountsDownFromOldestFailure) {
  fail("ana@example.com", "192.0.2.1");
  clock.advance(std::chrono::minutes(5));
  fail("ana@example.com", "192.0.2.1", 4);
  // The oldest failure leaves the window 15 min after it was recorded: 10 min from now.
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 10 * 60);
  clock.advance(std::chrono::minutes(9));
  EXPECT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 60);
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
}

TEST_F(LoginThrottleTest, PerAddressThrottleAcrossEmails) {
  for (int i = 0; i < 5; ++i) fail("user" + std::to_string(i) + "@example.com", "203.0.113.9");
  // No single email reached the limit, but the address did.
  EXPECT_GT(throttle.retryAfter("fresh@example.com", "203.0.113.9", now()), 0);
  EXPECT_EQ(throttle.retryAfter("fresh@example.com", "203.0.113.10", now()), 0);
  EXPECT_EQ(throttle.retryAfter("user0@example.com", "203.0.113.10", now()), 0);
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

TEST_F(LoginThrottleTest, SuccessDoesNotClearAddressCounter) {
  for (int i = 0; i < 5; ++i) fail("user" + std::to_string(i) + "@example.com", "203.0.113.9");
  throttle.recordSuccess("user0@example.com");
  EXPECT_GT(throttle.retryAfter("user0@example.com", "203.0.113.9", now()), 0)
      << "a success for one account must not reset a spraying address";
}

TEST_F(LoginThrottleTest, SlidingWindowKeepsRecentFailures) {
  // One failure every 4 minutes: at most 4 fall inside any 15-minute window, so never throttled.
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0) << "attempt " << i;
    fail("ana@example.com", "192.0.2.1");
    clock.advance(std::chrono::minutes(4));
  }
  // Five in quick succession are throttled.
  fail("ana@example.com", "192.0.2.1", 2);
  EXPECT_GT(throttle.retryAfter("ana@example.com", "192.0.2.1", now()), 0);
}

}  // namespace
}  // namespace gaflight::service
