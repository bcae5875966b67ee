#pragma once
// Bulk inserts for `gaflight demo`: plain rows in, one INSERT statement per table (the connection keeps
// it prepared, so thousands of rows reuse one statement), inside the caller's write transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace gaflight::storage {

using OptText = std::optional<std::string>;
using OptInt = std::optional<int64_t>;

struct DemoPilotRow {
  std::string id, first_name, last_name, email;
  OptText phone;
  std::string roles_json, status;
  OptText licence_type, licence_number, licence_issued_on, medical_class, medical_valid_until;
  std::string home_base, date_of_birth, created_at, updated_at;
};

struct DemoAircraftRow {
  std::string id, registration, icao_type, make, model;
  int64_t year = 0, seats = 0;
  std::string status, airworthiness;
  int64_t hobbs_tenths = 0, tach_tenths = 0;
  std::string home_base;
  int64_t hourly_rate_minor = 0;
  std::string created_at, updated_at;
};

struct DemoFlightRow {
  std::string id, flight_date, aircraft_id, aircraft_registration, pilot_id;
  OptText instructor_id;
  std::string purpose, departure_icao, arrival_icao, off_block_at, takeoff_at, landing_at, on_block_at;
  int64_t block_min = 0, air_min = 0, night_min = 0, ifr_min = 0, landings_day = 0, landings_night = 0;
  int64_t hobbs_start = 0, hobbs_end = 0, tach_start = 0, tach_end = 0;
  OptText remarks;
  std::string status, submitted_by, submitted_at;
  OptText reviewed_by, reviewed_at, rejection_reason;
  std::string created_at, updated_at;
};

struct DemoMaintenanceItemRow {
  std::string id, aircraft_id, title, category;
  OptText reference;
  std::string meter_basis;
  OptInt interval_tenths, interval_days, interval_months;
  OptText last_done_on;
  OptInt last_done_meter_tenths;
  int64_t upcoming_tenths = 100, upcoming_days = 30;
  bool blocks_dispatch = true;
  std::string alerted_status, created_at, updated_at;
};

struct DemoWorkOrderRow {
  std::string id, number, aircraft_id, title;
  OptText description;
  std::string status, opened_on;
  OptText completed_on;
  OptInt completed_hobbs_tenths, completed_tach_tenths;
  OptText created_by;
  std::string created_at, updated_at;
};

struct DemoWorkOrderTaskRow {
  std::string id, work_order_id;
  int64_t position = 0;
  std::string description;
  OptText maintenance_item_id;
  int64_t labour_min = 0;
  OptText signed_off_by, signed_off_licence, signed_off_at;
  std::string created_at, updated_at;
};

struct DemoWorkOrderPartRow {
  std::string id, work_order_id, part_number;
  OptText serial_number, description;
  int64_t quantity = 1, unit_cost_minor = 0;
  std::string created_at, updated_at;
};

struct DemoComplianceRow {
  std::string id, subject;
  OptText pilot_id, aircraft_id;
  std::string type, code;
  OptText number, regime, issued_on, valid_until;
  std::string details = "{}", created_at, updated_at;
};

struct DemoPlanningRow {
  std::string id, kind, start_at, end_at;
  OptText aircraft_id, instructor_id, student_id;
  std::string status;
  OptText notes, created_by;
  std::string created_at, updated_at;
};

// Writes rows of one organisation; every method inserts its rows in the order given.
class DemoWriter {
 public:
  DemoWriter(Connection& c, std::string org_id) : c_(c), org_(std::move(org_id)) {}

  void pilots(const std::vector<DemoPilotRow>& rows);
  void aircraft(const std::vector<DemoAircraftRow>& rows);
  void flights(const std::vector<DemoFlightRow>& rows);
  void maintenanceItems(const std::vector<DemoMaintenanceItemRow>& rows);
  void workOrders(const std::vector<DemoWorkOrderRow>& rows);
  void workOrderTasks(const std::vector<DemoWorkOrderTaskRow>& rows);
  void workOrderParts(const std::vector<DemoWorkOrderPartRow>& rows);
  void complianceRecords(const std::vector<DemoComplianceRow>& rows);
  void planningSessions(const std::vector<DemoPlanningRow>& rows);

  // What a re-run must avoid: registrations and the number of pilots already in the organisation.
  std::vector<std::string> existingRegistrations();
  int64_t existingPilotCount();
  std::vector<std::string> existingWorkOrderNumbers();
  bool orgExists();

 private:
  Connection& c_;
  std::string org_;
};

}  // namespace gaflight::storage
