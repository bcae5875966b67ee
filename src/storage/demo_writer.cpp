#include "storage/demo_writer.hpp"

#include "storage/operations_repository.hpp"

#include <string_view>

namespace gaflight::storage {

namespace {

SqlValue opt(const OptText& v) { return optText(v); }
SqlValue opt(const OptInt& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

// "INSERT INTO table(org_id, c1, c2, …) VALUES (?1, ?2, …)": the text is built once per call, so the
// connection's statement cache prepares it once for all rows.
std::string insertSql(std::string_view table, std::initializer_list<std::string_view> columns) {
  std::string sql = "INSERT INTO " + std::string(table) + "(org_id";
  std::string values = "?1";
  int n = 1;
  for (auto c : columns) {
    sql += ", " + std::string(c);
    values += ", ?" + std::to_string(++n);
  }
  return sql + ") VALUES (" + values + ")";
}

template <class Row, class ToParams>
void insertAll(Connection& c, const std::string& org, const std::string& sql, const std::vector<Row>& rows,
               ToParams to_params) {
  Params params;
  for (const Row& r : rows) {
    params.clear();
    params.emplace_back(org);
    to_params(r, params);
    c.run(sql, params);
  }
}

template <class... V>
void push(Params& p, V&&... v) {
  (p.emplace_back(std::forward<V>(v)), ...);
}

}  // namespace

void DemoWriter::pilots(const std::vector<DemoPilotRow>& rows) {
  static const std::string sql =
      insertSql("pilots", {"id", "first_name", "last_name", "email", "phone", "roles", "status",
                           "licence_type", "licence_number", "licence_issued_on", "medical_class",
                           "medical_valid_until", "home_base", "date_of_birth", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoPilotRow& r, Params& p) {
    push(p, r.id, r.first_name, r.last_name, r.email, opt(r.phone), r.roles_json, r.status,
         opt(r.licence_type), opt(r.licence_number), opt(r.licence_issued_on), opt(r.medical_class),
         opt(r.medical_valid_until), r.home_base, r.date_of_birth, r.created_at, r.updated_at);
  });
  storeMissingPilotRenderings(c_, org_);
}

void DemoWriter::aircraft(const std::vector<DemoAircraftRow>& rows) {
  static const std::string sql =
      insertSql("aircraft", {"id", "registration", "icao_type", "make", "model", "year", "seats", "status",
                             "airworthiness", "hobbs_tenths", "tach_tenths", "home_base", "hourly_rate_minor",
                             "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoAircraftRow& r, Params& p) {
    push(p, r.id, r.registration, r.icao_type, r.make, r.model, r.year, r.seats, r.status, r.airworthiness,
         r.hobbs_tenths, r.tach_tenths, r.home_base, r.hourly_rate_minor, r.created_at, r.updated_at);
  });
}

void DemoWriter::flights(const std::vector<DemoFlightRow>& rows) {
  static const std::string sql = insertSql("flights", {"id",
                                                       "flight_date",
                                                       "aircraft_id",
                                                       "aircraft_registration",
                                                       "pilot_id",
                                                       "instructor_id",
                                                       "purpose",
                                                       "departure_icao",
                                                       "arrival_icao",
                                                       "off_block_at",
                                                       "takeoff_at",
                                                       "landing_at",
                                                       "on_block_at",
                                                       "block_min",
                                                       "air_min",
                                                       "night_min",
                                                       "ifr_min",
                                                       "landings_day",
                                                       "landings_night",
                                                       "hobbs_start_tenths",
                                                       "hobbs_end_tenths",
                                                       "tach_start_tenths",
                                                       "tach_end_tenths",
                                                       "remarks",
                                                       "status",
                                                       "submitted_by",
                                                       "submitted_at",
                                                       "reviewed_by",
                                                       "reviewed_at",
                                                       "rejection_reason",
                                                       "created_at",
                                                       "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoFlightRow& r, Params& p) {
    push(p, r.id, r.flight_date, r.aircraft_id, r.aircraft_registration, r.pilot_id, opt(r.instructor_id),
         r.purpose, r.departure_icao, r.arrival_icao, r.off_block_at, r.takeoff_at, r.landing_at,
         r.on_block_at, r.block_min, r.air_min, r.night_min, r.ifr_min, r.landings_day, r.landings_night,
         r.hobbs_start, r.hobbs_end, r.tach_start, r.tach_end, opt(r.remarks), r.status, r.submitted_by,
         r.submitted_at, opt(r.reviewed_by), opt(r.reviewed_at), opt(r.rejection_reason), r.created_at,
         r.updated_at);
  });
}

void DemoWriter::maintenanceItems(const std::vector<DemoMaintenanceItemRow>& rows) {
  static const std::string sql =
      insertSql("maintenance_items", {"id", "aircraft_id", "title", "category", "reference", "meter_basis",
                                      "interval_tenths", "interval_days", "interval_months", "last_done_on",
                                      "last_done_meter_tenths", "upcoming_tenths", "upcoming_days",
                                      "blocks_dispatch", "alerted_status", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoMaintenanceItemRow& r, Params& p) {
    push(p, r.id, r.aircraft_id, r.title, r.category, opt(r.reference), r.meter_basis, opt(r.interval_tenths),
         opt(r.interval_days), opt(r.interval_months), opt(r.last_done_on), opt(r.last_done_meter_tenths),
         r.upcoming_tenths, r.upcoming_days, int64_t{r.blocks_dispatch ? 1 : 0}, r.alerted_status,
         r.created_at, r.updated_at);
  });
}

void DemoWriter::workOrders(const std::vector<DemoWorkOrderRow>& rows) {
  static const std::string sql =
      insertSql("work_orders", {"id", "number", "aircraft_id", "title", "description", "status", "opened_on",
                                "completed_on", "completed_hobbs_tenths", "completed_tach_tenths",
                                "created_by", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoWorkOrderRow& r, Params& p) {
    push(p, r.id, r.number, r.aircraft_id, r.title, opt(r.description), r.status, r.opened_on,
         opt(r.completed_on), opt(r.completed_hobbs_tenths), opt(r.completed_tach_tenths), opt(r.created_by),
         r.created_at, r.updated_at);
  });
}

void DemoWriter::workOrderTasks(const std::vector<DemoWorkOrderTaskRow>& rows) {
  static const std::string sql =
      insertSql("work_order_tasks",
                {"id", "work_order_id", "position", "description", "maintenance_item_id", "labour_min",
                 "signed_off_by", "signed_off_licence", "signed_off_at", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoWorkOrderTaskRow& r, Params& p) {
    push(p, r.id, r.work_order_id, r.position, r.description, opt(r.maintenance_item_id), r.labour_min,
         opt(r.signed_off_by), opt(r.signed_off_licence), opt(r.signed_off_at), r.created_at, r.updated_at);
  });
}

void DemoWriter::workOrderParts(const std::vector<DemoWorkOrderPartRow>& rows) {
  static const std::string sql =
      insertSql("work_order_parts", {"id", "work_order_id", "part_number", "serial_number", "description",
                                     "quantity", "unit_cost_minor", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoWorkOrderPartRow& r, Params& p) {
    push(p, r.id, r.work_order_id, r.part_number, opt(r.serial_number), opt(r.description), r.quantity,
         r.unit_cost_minor, r.created_at, r.updated_at);
  });
}

void DemoWriter::complianceRecords(const std::vector<DemoComplianceRow>& rows) {
  static const std::string sql = insertSql(
      "compliance_records", {"id", "subject", "pilot_id", "aircraft_id", "type", "code", "number", "regime",
                             "issued_on", "valid_until", "details", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoComplianceRow& r, Params& p) {
    push(p, r.id, r.subject, opt(r.pilot_id), opt(r.aircraft_id), r.type, r.code, opt(r.number),
         opt(r.regime), opt(r.issued_on), opt(r.valid_until), r.details, r.created_at, r.updated_at);
  });
}

void DemoWriter::planningSessions(const std::vector<DemoPlanningRow>& rows) {
  static const std::string sql = insertSql(
      "planning_sessions", {"id", "kind", "start_at", "end_at", "aircraft_id", "instructor_id", "student_id",
                            "status", "notes", "created_by", "created_at", "updated_at"});
  insertAll(c_, org_, sql, rows, [](const DemoPlanningRow& r, Params& p) {
    push(p, r.id, r.kind, r.start_at, r.end_at, opt(r.aircraft_id), opt(r.instructor_id), opt(r.student_id),
         r.status, opt(r.notes), opt(r.created_by), r.created_at, r.updated_at);
  });
}

std::vector<std::string> DemoWriter::existingRegistrations() {
  std::vector<std::string> out;
  c_.run("SELECT registration FROM aircraft WHERE org_id = ?1", {org_},
         [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

std::vector<std::string> DemoWriter::existingWorkOrderNumbers() {
  std::vector<std::string> out;
  c_.run("SELECT number FROM work_orders WHERE org_id = ?1", {org_},
         [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

int64_t DemoWriter::existingPilotCount() {
  return c_.scalarInt("SELECT count(*) FROM pilots WHERE org_id = ?1", {org_}).value_or(0);
}

bool DemoWriter::orgExists() {
  return c_.scalarInt("SELECT count(*) FROM orgs WHERE id = ?1", {org_}).value_or(0) > 0;
}

}  // namespace gaflight::storage
