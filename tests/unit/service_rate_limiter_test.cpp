#include "service/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fakes.hpp"

namespace gaflight::service {
namespace {

using gaflight::testing::FakeClock;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimiter, BurstAllowedThenRefused) {
  FakeClock clock;
  RateLimiter rl(2.0, 5.0, clock);
  for (int i = 0; i < 5; ++i) {
    auto d = rl.take("key");
    ASSERT_TRUE(d.allowed) << "request " << i;
    EXPECT_EQ(d.limit, 5);
    EXPECT_EQ(d.remaining, 4 - i);
  }
  auto d = rl.take("key");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.limit, 5);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_GE(d.retry_after, 1);
}

TEST(RateLimiter, RefusedRequestsDoNotConsumeTokens) {
  FakeClock clock;
  RateLimiter rl(1.0, 2.0, clock);
  ASSERT_TRUE(rl.take("k").allowed);
  ASSERT_TRUE(rl.take("k").allowed);
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(rl.take("k").allowed);
  clock.advance(seconds(1));
  EXPECT_TRUE(rl.take("k").allowed) << "one token refilled despite the refused attempts";
  EXPECT_FALSE(rl.take("k").allowed);
}

TEST(RateLimiter, RetryAfterIsTimeUntilOneToken) {
  FakeClock clock;
  RateLimiter rl(0.25, 1.0, clock);  // one token every 4 s
  ASSERT_TRUE(rl.take("k").allowed);
  auto d = rl.take("k");
  ASSERT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 4);
  clock.advance(seconds(2));
  d = rl.take("k");
  ASSERT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 2);
  clock.advance(milliseconds(1500));
  d = rl.take("k");
  ASSERT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 1) << "0.5 s rounds up to 1";
  clock.advance(milliseconds(500));
  EXPECT_TRUE(rl.take("k").allowed);
}

TEST(RateLimiter, RetryAfterAtLeastOneEvenWhenAlmostRefilled) {
  FakeClock clock;
  RateLimiter rl(100.0, 1.0, clock);
  ASSERT_TRUE(rl.take("k").allowed);
  clock.advance(milliseconds(5));  // half a token
  auto d = rl.take("k");
  ASSERT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 1);
}

TEST(RateLimiter, RefillsOverTimeUpToBurst) {
  FakeClock clock;
  RateLimiter rl(2.0, 5.0, clock);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(rl.take("k").allowed);
  ASSERT_FALSE(rl.take("k").allowed);

  clock.advance(milliseconds(500));  // +1 token
  auto d = rl.take("k");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_FALSE(rl.take("k").allowed);

  clock.advance(seconds(1));  // +2 tokens
  EXPECT_TRUE(rl.take("k").allowed);
  EXPECT_TRUE(rl.take("k").allowed);
  EXPECT_FALSE(rl.take("k").allowed);

  clock.advance(std::chrono::hours(1));  // capped at the burst
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(rl.take("k").allowed) << i;
  EXPECT_FALSE(rl.take("k").allowed);
}

TEST(RateLimiter, ResetSecondsIsTimeUntilFull) {
  FakeClock clock;
  RateLimiter rl(2.0, 5.0, clock);
  auto d = rl.take("k");  // 4 left → 1 token short → 0.5 s → 1
  EXPECT_EQ(d.reset_seconds, 1);
  for (int i = 0; i < 4; ++i) d = rl.take("k");
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_EQ(d.reset_seconds, 3) << "5 tokens at 2/s = 2.5 s, rounded up";
  clock.advance(seconds(1));  // 2 tokens back
  d = rl.take("k");           // 1 left
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 1);
  EXPECT_EQ(d.reset_seconds, 2);
}

TEST(RateLimiter, KeysAreIndependent) {
  FakeClock clock;
  RateLimiter rl(1.0, 3.0, clock);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(rl.take("key-a").allowed);
  EXPECT_FALSE(rl.take("key-a").allowed);
  auto b = rl.take("key-b");
  EXPECT_TRUE(b.allowed);
  EXPECT_EQ(b.remaining, 2);
  // Many other keys (spread across shards) do not affect either bucket.
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(rl.take("other-" + std::to_string(i)).allowed);
  EXPECT_FALSE(rl.take("key-a").allowed);
  EXPECT_EQ(rl.take("key-b").remaining, 1);
}

TEST(RateLimiter, ClockGoingBackwardsGrantsNoTokens) {
  FakeClock clock;
  RateLimiter rl(1.0, 2.0, clock);
  ASSERT_TRUE(rl.take("k").allowed);
  ASSERT_TRUE(rl.take("k").allowed);
  clock.advance(seconds(-30));
  EXPECT_FALSE(rl.take("k").allowed);
}

TEST(RateLimiter, ManyDistinctKeysStayWithinTheBucketBound) {
  FakeClock clock;
  RateLimiter rl(1.0, 5.0, clock, 160);
  for (int i = 0; i < 20'000; ++i) {
    ASSERT_TRUE(rl.take("key-" + std::to_string(i)).allowed);
    if (i % 1000 == 0) clock.advance(milliseconds(1));
  }
  EXPECT_LE(rl.bucketCount(), 160u);
  EXPECT_GT(rl.bucketCount(), 0u);
}

TEST(RateLimiter, EvictionKeepsBucketsThatAreStillDraining) {
  FakeClock clock;
  RateLimiter rl(1.0, 5.0, clock, 160);
  for (int i = 0; i < 400; ++i) rl.take("old-" + std::to_string(i));  // every shard at its bound
  clock.advance(seconds(10));                                         // old buckets are full again
  for (int i = 0; i < 80; ++i) rl.take("new-" + std::to_string(i));
  EXPECT_LE(rl.bucketCount(), 160u);
  for (int i = 0; i < 80; ++i) {
    // A forgotten bucket would start full (4 left); a kept one has had two tokens taken.
    EXPECT_EQ(rl.take("new-" + std::to_string(i)).remaining, 3) << i;
  }
}

}  // namespace
}  // namespace gaflight::service
