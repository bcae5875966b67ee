#pragma once
// A small Prometheus text-format registry. Label sets are bounded (route templates, not raw paths).
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace gaflight::observability {

class Metrics {
 public:
  void observeRequest(std::string_view method, std::string_view route, int status, double seconds);
  void incCounter(const std::string& name_with_labels, uint64_t by = 1);
  void setGauge(const std::string& name_with_labels, double value);
  std::string render() const;
  // The method label: standard methods as sent, anything else "OTHER" (labels stay bounded).
  static std::string_view methodLabel(std::string_view method);
  static constexpr size_t kMaxRoutes = 512;  // distinct route labels; more fold into "(other)"

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> requests_;    // key: method|route|status
  std::map<std::string, Histogram> durations_;  // key: route
  std::map<std::string, uint64_t> counters_;
  std::map<std::string, double> gauges_;
};

}  // namespace gaflight::observability
