#include "domain/entities.hpp"

namespace gaflight::domain {

const std::vector<std::string>& pilotRoles() {
  static const std::vector<std::string> k = {"student", "member", "instructor", "examiner"};
  return k;
}
const std::vector<std::string>& pilotStatuses() {
  static const std::vector<std::string> k = {"active", "inactive", "suspended"};
  return k;
}
const std::vector<std::string>& aircraftStatuses() {
  static const std::vector<std::string> k = {"available", "maintenance", "grounded"};
  return k;
}
const std::vector<std::string>& flightPurposes() {
  static const std::vector<std::string> k = {
      "dual_training", "solo_training", "rental", "check_ride", "discovery", "ferry", "maintenance_test"};
  return k;
}

bool isOneOf(const std::vector<std::string>& set, const std::string& v) {
  for (const auto& s : set) {
    if (s == v) return true;
  }
  return false;
}

bool isIcaoAirport(const std::string& s) {
  if (s.size() != 4) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

bool isIcaoTypeDesignator(const std::string& s) {
  if (s.size() < 2 || s.size() > 4 || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool isRegistration(const std::string& s) {
  if (s.size() < 3 || s.size() > 10) return false;
  int dashes = 0;
  for (char c : s) {
    if (c == '-')
      ++dashes;
    else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  }
  return dashes <= 1 && s.front() != '-' && s.back() != '-';
}

}  // namespace gaflight::domain
