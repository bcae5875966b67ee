#include <gtest/gtest.h>

#include "config/config.hpp"

namespace gaflight::config {
namespace {

TEST(ConfigValidate, DefaultsAreValid) {
  Config c;
  EXPECT_TRUE(validate(c).ok());
  EXPECT_EQ(c.db_busy_timeout_ms, 10'000);
}

// The busy timeout bounds how long a request waits for another process's lock before its 503.
TEST(ConfigValidate, BusyTimeoutMustBePositiveAndBounded) {
  for (int ms : {0, -1, 600'001}) {
    Config c;
    c.db_busy_timeout_ms = ms;
    auto st = validate(c);
    ASSERT_FALSE(st.ok()) << ms;
    EXPECT_NE(st.error().detail.find("--db-busy-timeout-ms"), std::string::npos);
  }
  Config c;
  c.db_busy_timeout_ms = 100;
  EXPECT_TRUE(validate(c).ok());
}

}  // namespace
}  // namespace gaflight::config
