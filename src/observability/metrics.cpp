#include "observability/metrics.hpp"

#include <cstdio>

namespace gaflight::observability {

std::string_view Metrics::methodLabel(std::string_view method) {
  // A client can send any token as a method; only the standard ones become labels.
  static constexpr std::array<std::string_view, 8> kKnown = {"GET",   "HEAD",   "POST",    "PUT",
                                                             "PATCH", "DELETE", "OPTIONS", "-"};
  for (auto known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

void Metrics::observeRequest(std::string_view method, std::string_view route, int status, double seconds) {
  method = methodLabel(method);
  if (status < 100 || status > 599) status = 0;
  std::lock_guard lock(mu_);
  // Routes are templates; the cap is a backstop should a caller ever pass something unbounded.
  if (durations_.size() >= kMaxRoutes && !durations_.count(std::string(route))) route = "(other)";
  std::string key;
  key.reserve(method.size() + route.size() + 6);
  key.append(method).append("|").append(route).append("|").append(std::to_string(status));
  ++requests_[key];
  auto& h = durations_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::incCounter(const std::string& name, uint64_t by) {
  std::lock_guard lock(mu_);
  counters_[name] += by;
}

void Metrics::setGauge(const std::string& name, double value) {
  std::lock_guard lock(mu_);
  gauges_[name] = value;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP gaflight_http_requests_total HTTP requests by method, route template and status.\n";
  out += "# TYPE gaflight_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    size_t a = key.find('|'), b = key.rfind('|');
    out += "gaflight_http_requests_total{method=\"" + key.substr(0, a) + "\",route=\"" +
           key.substr(a + 1, b - a - 1) + "\",status=\"" + key.substr(b + 1) + "\"} " + std::to_string(n) +
           "\n";
  }
  out += "# HELP gaflight_http_request_duration_seconds Time from parsed request to response ready.\n";
  out += "# TYPE gaflight_http_request_duration_seconds histogram\n";
  char buf[64];
  for (const auto& [route, h] : durations_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%g", kBuckets[i]);
      out += "gaflight_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + buf + "\"} " +
             std::to_string(h.counts[i]) + "\n";
    }
    out += "gaflight_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    std::snprintf(buf, sizeof buf, "%.6f", h.sum);
    out += "gaflight_http_request_duration_seconds_sum{route=\"" + route + "\"} " + buf + "\n";
    out += "gaflight_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(h.count) + "\n";
  }
  for (const auto& [name, n] : counters_) out += name + " " + std::to_string(n) + "\n";
  for (const auto& [name, v] : gauges_) {
    std::snprintf(buf, sizeof buf, "%g", v);
    out += name + " " + buf + "\n";
  }
  return out;
}

}  // namespace gaflight::observability
