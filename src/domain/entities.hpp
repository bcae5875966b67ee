#pragma once
// Plain domain records. Meters (hobbs, tach) are integer tenths of an hour; durations minutes;
// instants RFC 3339 UTC strings; dates YYYY-MM-DD.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::domain {

struct Organisation {
  std::string id, name, time_zone, country, currency, created_at, updated_at;
};

struct User {
  std::string id, email, display_name, created_at, updated_at;
};

struct Membership {
  std::string org_id, org_name, role;
};

struct Pilot {
  std::string id, org_id, first_name, last_name;
  std::optional<std::string> email, phone;
  std::vector<std::string> roles;  // student, member, instructor, examiner
  std::string status;              // active, inactive, suspended
  std::optional<std::string> licence_type, licence_number, licence_issued_on;
  std::optional<std::string> medical_class, medical_valid_until;
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD; drives medical validity (age at exam)
  std::optional<std::string> home_base;
  std::string created_at, updated_at;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

// A pilot as a list reads it: views into the current result row, rendered without copying (building
// a Pilot per row was a fifth of an uncached page, issue 9). Valid only during the row callback.
struct PilotRow {
  std::string_view id, org_id, first_name, last_name;
  std::optional<std::string_view> email, phone;
  std::string_view roles_json;  // the stored JSON array of role names, as written from Pilot::roles
  std::string_view status;
  std::optional<std::string_view> licence_type, licence_number, licence_issued_on;
  std::optional<std::string_view> medical_class, medical_valid_until;
  std::optional<std::string_view> date_of_birth, home_base;
  std::string_view created_at, updated_at;
  int64_t change_seq = 0;
};

struct Aircraft {
  std::string id, org_id, registration, icao_type, make, model;
  std::optional<int64_t> year;
  int64_t seats = 0;
  std::string status;         // available, maintenance, grounded
  std::string airworthiness;  // airworthy, not_airworthy
  int64_t hobbs_tenths = 0, tach_tenths = 0;
  std::optional<std::string> home_base;
  std::string created_at, updated_at;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

struct Flight {
  std::string id, org_id, date, aircraft_id, aircraft_registration, pilot_id;
  std::optional<std::string> instructor_id;
  std::string purpose, departure_icao, arrival_icao;
  std::string off_block_at, takeoff_at, landing_at, on_block_at;
  int64_t block_min = 0, air_min = 0, night_min = 0, ifr_min = 0, landings_day = 0, landings_night = 0;
  int64_t hobbs_start_tenths = 0, hobbs_end_tenths = 0, tach_start_tenths = 0, tach_end_tenths = 0;
  std::optional<std::string> remarks;
  std::string status;  // submitted, approved, rejected
  std::optional<std::string> submitted_by;
  std::string submitted_at;
  std::optional<std::string> reviewed_by, reviewed_at, rejection_reason;
  std::string created_at, updated_at;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

struct RequiredScope {
  std::string scope, justification;
};

struct App {
  std::string id, org_id, name, description;
  std::optional<std::string> homepage_url;
  std::string status;  // draft, active, revoked
  std::vector<RequiredScope> required_scopes;
  std::string created_at, updated_at;
  std::optional<std::string> activated_at, revoked_at;
};

struct Installation {
  std::string id, org_id, app_id, app_name;
  std::vector<std::string> granted_scopes;
  std::string status;  // active, uninstalled
  std::optional<std::string> created_by;
  std::string created_at, updated_at;
  std::optional<std::string> uninstalled_at;
};

struct ApiKey {
  std::string id, app_id, org_id, name, prefix, status;
  std::optional<std::string> created_by;
  std::string created_at, updated_at;
  std::optional<std::string> expires_at, last_used_at, revoked_at;
};

struct AuditEntry {
  std::string id, org_id;
  std::optional<std::string> actor_user_id;
  std::string actor_label, action, target_type, target_id, details_json, request_id, created_at;
  // Hash chain (domain/audit_chain.hpp); null on entries written before schema v5.
  std::optional<std::string> prev_hash, hash;
};

// Vocabularies (validated on input).
const std::vector<std::string>& pilotRoles();
const std::vector<std::string>& pilotStatuses();
const std::vector<std::string>& aircraftStatuses();
const std::vector<std::string>& flightPurposes();
bool isOneOf(const std::vector<std::string>& set, const std::string& v);
bool isIcaoAirport(const std::string& s);         // four letters A-Z
bool isIcaoTypeDesignator(const std::string& s);  // 2-4 chars A-Z0-9, starts with a letter
bool isRegistration(const std::string& s);        // e.g. F-GABC, N12345, D-EABC

}  // namespace gaflight::domain
