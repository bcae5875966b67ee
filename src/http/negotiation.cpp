#include "http/negotiation.hpp"

#include <array>
#include <string>

#include "http/message.hpp"

namespace gaflight::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q = 0, 0.x{1,3}, 1 or 1.0{1,3} in thousandths; -1 when malformed.
int parseQ(std::string_view v) {
  if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return -1;
  int whole = v[0] - '0';
  int frac = 0;
  int digits = 0;
  if (v.size() > 1) {
    if (v[1] != '.') return -1;
    for (size_t i = 2; i < v.size(); ++i) {
      if (v[i] < '0' || v[i] > '9') return -1;
      frac = frac * 10 + (v[i] - '0');
      ++digits;
    }
  }
  for (; digits < 3; ++digits) frac *= 10;
  if (whole == 1 && frac != 0) return -1;
  return whole * 1000 + frac;
}

struct Offer {
  MediaType type;
  std::string_view main, sub;
};
constexpr std::array<Offer, 3> kOffers{{{MediaType::kJson, "application", "json"},
                                        {MediaType::kNdjson, "application", "x-ndjson"},
                                        {MediaType::kCsv, "text", "csv"}}};

struct Best {
  int q = -1;            // -1: no range matched
  int specificity = -1;  // 0 */*, 1 type/*, 2 type/subtype
};

}  // namespace

MediaType negotiate(std::string_view accept, Offers offers) {
  if (trim(accept).empty()) return MediaType::kJson;
  const size_t offered = offers == Offers::kJsonOnly ? 1 : kOffers.size();
  std::array<Best, kOffers.size()> best{};
  bool any_range = false;
  while (!accept.empty()) {
    size_t comma = accept.find(',');
    std::string_view range = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    size_t semi = range.find(';');
    std::string_view type = trim(range.substr(0, semi));
    size_t slash = type.find('/');
    if (type.empty() || slash == std::string_view::npos) continue;
    any_range = true;
    std::string_view main = type.substr(0, slash), sub = type.substr(slash + 1);
    int q = 1000;
    while (semi != std::string_view::npos) {
      range.remove_prefix(semi + 1);
      semi = range.find(';');
      std::string_view param = trim(range.substr(0, semi));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        int parsed = parseQ(param.substr(2));
        q = parsed < 0 ? 0 : parsed;
      }
    }
    int specificity = -1;
    for (size_t i = 0; i < offered; ++i) {
      const auto& o = kOffers[i];
      if (main == "*" && sub == "*") {
        specificity = 0;
      } else if (iequals(main, o.main) && sub == "*") {
        specificity = 1;
      } else if (iequals(main, o.main) && iequals(sub, o.sub)) {
        specificity = 2;
      } else {
        continue;
      }
      if (specificity > best[i].specificity) best[i] = {q, specificity};
    }
  }
  if (!any_range) return MediaType::kJson;  // nothing parsable: as if the header were absent
  size_t chosen = offered;
  for (size_t i = 0; i < offered; ++i) {
    if (best[i].q <= 0) continue;
    if (chosen == offered || best[i].q > best[chosen].q ||
        (best[i].q == best[chosen].q && best[i].specificity > best[chosen].specificity)) {
      chosen = i;
    }
  }
  return chosen == offered ? MediaType::kNotAcceptable : kOffers[chosen].type;
}

}  // namespace gaflight::http
