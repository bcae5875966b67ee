#include "domain/webhooks.hpp"

#include <algorithm>
#include <cmath>

namespace gaflight::domain {

const std::vector<std::string>& eventTypeCatalog() {
  static const std::vector<std::string> k = {"flight.submitted", "flight.approved", "flight.rejected",
                                             "maintenance.alert", "webhook.test"};
  return k;
}

bool isKnownEventType(const std::string& t) {
  const auto& c = eventTypeCatalog();
  return std::find(c.begin(), c.end(), t) != c.end();
}

int64_t retryDelayMs(int next_attempt, double unit_random) {
  static constexpr int64_t kBaseMs[] = {0, 0, 1'000, 5'000, 25'000, 125'000};
  int idx = std::clamp(next_attempt, 2, 5);
  double jitter = 0.9 + 0.2 * std::clamp(unit_random, 0.0, 1.0);
  return static_cast<int64_t>(std::llround(static_cast<double>(kBaseMs[idx]) * jitter));
}

int64_t replayWaitSeconds(std::optional<int64_t> last_replay, int64_t now) {
  if (!last_replay) return 0;
  return std::max<int64_t>(0, *last_replay + kReplayCooldownSeconds - now);
}

}  // namespace gaflight::domain
