#include "http/server.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace gaflight::http {
namespace {

TEST(ConnectionCap, FitsBelowTheDescriptorLimitWithHeadroom) {
  // The usual soft limit: 10,000 would never trigger; 128 descriptors stay for the rest.
  EXPECT_EQ(clampConnectionCap(10'000, 1024), 896u);
  // A tenth is kept back once that is more than 128.
  EXPECT_EQ(clampConnectionCap(10'000, 4096), 4096u - 409u);
  // A large limit leaves the requested cap alone.
  EXPECT_EQ(clampConnectionCap(10'000, 1'048'576), 10'000u);
  EXPECT_EQ(clampConnectionCap(10'000, std::numeric_limits<uint64_t>::max()), 10'000u);
  // A small request is never raised.
  EXPECT_EQ(clampConnectionCap(50, 1024), 50u);
}

TEST(ConnectionCap, TinyLimitsKeepHalfAndNeverZero) {
  EXPECT_EQ(clampConnectionCap(10'000, 200), 100u);
  EXPECT_EQ(clampConnectionCap(10'000, 1), 1u);
  EXPECT_EQ(clampConnectionCap(10'000, 0), 1u);
}

TEST(ConnectionCap, RaisingTheDescriptorLimitNeverLowersIt) {
  uint64_t raised = raiseDescriptorLimit();
  EXPECT_GE(raised, 64u);
  EXPECT_EQ(raiseDescriptorLimit(), raised);  // already at the hard limit
}

}  // namespace
}  // namespace gaflight::http
