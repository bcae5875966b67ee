#include "storage/operations_repository.hpp"

#include "domain/render.hpp"
#include "storage/json_columns.hpp"

#include <nlohmann/json.hpp>

namespace gaflight::storage {

namespace {
constexpr const char* kPilotCols =
    "id, org_id, first_name, last_name, email, phone, roles, status, licence_type, licence_number, "
    "licence_issued_on, medical_class, medical_valid_until, home_base, created_at, updated_at, date_of_birth";

// The kPilotCols columns of a row, starting at column `first` (1 after a leading change_seq).
domain::PilotRow pilotRowAt(const RowView& r, int first) {
  auto text = [&](int i) { return r.text(first + i); };
  auto opt = [&](int i) { return r.optText(first + i); };
  domain::PilotRow p;
  p.id = text(0);
  p.org_id = text(1);
  p.first_name = text(2);
  p.last_name = text(3);
  p.email = opt(4);
  p.phone = opt(5);
  p.roles_json = text(6);
  p.status = text(7);
  p.licence_type = opt(8);
  p.licence_number = opt(9);
  p.licence_issued_on = opt(10);
  p.medical_class = opt(11);
  p.medical_valid_until = opt(12);
  p.home_base = opt(13);
  p.created_at = text(14);
  p.updated_at = text(15);
  p.date_of_birth = opt(16);
  return p;
}

std::optional<std::string> owned(const std::optional<std::string_view>& v) {
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

domain::Pilot toPilot(const domain::PilotRow& v) {
  domain::Pilot p;
  p.id = v.id;
  p.org_id = v.org_id;
  p.first_name = v.first_name;
  p.last_name = v.last_name;
  p.email = owned(v.email);
  p.phone = owned(v.phone);
  p.roles = parseStringArray(v.roles_json);
  p.status = v.status;
  p.licence_type = owned(v.licence_type);
  p.licence_number = owned(v.licence_number);
  p.licence_issued_on = owned(v.licence_issued_on);
  p.medical_class = owned(v.medical_class);
  p.medical_valid_until = owned(v.medical_valid_until);
  p.home_base = owned(v.home_base);
  p.created_at = v.created_at;
  p.updated_at = v.updated_at;
  p.date_of_birth = owned(v.date_of_birth);
  p.change_seq = v.change_seq;
  return p;
}

Params pilotParams(const domain::Pilot& p) {
  return {p.id,
          p.org_id,
          p.first_name,
          p.last_name,
          optText(p.email),
          optText(p.phone),
          nlohmann::json(p.roles).dump(),
          p.status,
          optText(p.licence_type),
          optText(p.licence_number),
          optText(p.licence_issued_on),
          optText(p.medical_class),
          optText(p.medical_valid_until),
          optText(p.home_base),
          p.created_at,
          p.updated_at,
          optText(p.date_of_birth)};
}

constexpr const char* kAircraftCols =
    "id, org_id, registration, icao_type, make, model, year, seats, status, airworthiness, hobbs_tenths, "
    "tach_tenths, home_base, created_at, updated_at";

domain::Aircraft aircraftFromRow(const RowView& r) {
  domain::Aircraft a;
  a.id = r.str(0);
  a.org_id = r.str(1);
  a.registration = r.str(2);
  a.icao_type = r.str(3);
  a.make = r.str(4);
  a.model = r.str(5);
  a.year = r.optInt(6);
  a.seats = r.integer(7);
  a.status = r.str(8);
  a.airworthiness = r.str(9);
  a.hobbs_tenths = r.integer(10);
  a.tach_tenths = r.integer(11);
  a.home_base = r.optStr(12);
  a.created_at = r.str(13);
  a.updated_at = r.str(14);
  return a;
}

Params aircraftParams(const domain::Aircraft& a) {
  return {a.id,
          a.org_id,
          a.registration,
          a.icao_type,
          a.make,
          a.model,
          a.year ? SqlValue(*a.year) : SqlValue(nullptr),
          a.seats,
          a.status,
          a.airworthiness,
          a.hobbs_tenths,
          a.tach_tenths,
          optText(a.home_base),
          a.created_at,
          a.updated_at};
}

constexpr const char* kFlightCols =
    "id, org_id, flight_date, aircraft_id, aircraft_registration, pilot_id, instructor_id, purpose, "
    "departure_icao, "
    "arrival_icao, off_block_at, takeoff_at, landing_at, on_block_at, block_min, air_min, night_min, "
    "ifr_min, "
    "landings_day, landings_night, hobbs_start_tenths, hobbs_end_tenths, tach_start_tenths, tach_end_tenths, "
    "remarks, "
    "status, submitted_by, submitted_at, reviewed_by, reviewed_at, rejection_reason, created_at, updated_at";

domain::Flight flightFromRow(const RowView& r) {
  domain::Flight f;
  f.id = r.str(0);
  f.org_id = r.str(1);
  f.date = r.str(2);
  f.aircraft_id = r.str(3);
  f.aircraft_registration = r.str(4);
  f.pilot_id = r.str(5);
  f.instructor_id = r.optStr(6);
  f.purpose = r.str(7);
  f.departure_icao = r.str(8);
  f.arrival_icao = r.str(9);
  f.off_block_at = r.str(10);
  f.takeoff_at = r.str(11);
  f.landing_at = r.str(12);
  f.on_block_at = r.str(13);
  f.block_min = r.integer(14);
  f.air_min = r.integer(15);
  f.night_min = r.integer(16);
  f.ifr_min = r.integer(17);
  f.landings_day = r.integer(18);
  f.landings_night = r.integer(19);
  f.hobbs_start_tenths = r.integer(20);
  f.hobbs_end_tenths = r.integer(21);
  f.tach_start_tenths = r.integer(22);
  f.tach_end_tenths = r.integer(23);
  f.remarks = r.optStr(24);
  f.status = r.str(25);
  f.submitted_by = r.optStr(26);
  f.submitted_at = r.str(27);
  f.reviewed_by = r.optStr(28);
  f.reviewed_at = r.optStr(29);
  f.rejection_reason = r.optStr(30);
  f.created_at = r.str(31);
  f.updated_at = r.str(32);
  return f;
}
}  // namespace

void OperationsRepository::visitPilots(const std::string& org, const Keyset& page,
                                       const std::optional<std::string>& updated_since,
                                       const std::function<void(const domain::PilotRow&)>& visit) {
  if (updated_since) {
    std::string sql = selectFor(ListOrder::kByChange) + kPilotCols + " FROM pilots WHERE org_id = ?1";
    Params params{org};
    appendChangeOrder(sql, params, "", *updated_since, page);
    c_.run(sql, params, [&](const RowView& r) {
      domain::PilotRow p = pilotRowAt(r, 1);
      p.change_seq = r.integer(0);
      visit(p);
    });
    return;
  }
  static const std::string kSql =
      std::string("SELECT ") + kPilotCols + " FROM pilots WHERE org_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
  c_.run(kSql, {org, page.after.empty() ? std::string() : page.after[0], int64_t{page.limit + 1}},
         [&](const RowView& r) { visit(pilotRowAt(r, 0)); });
}

namespace {
// The stored rendering when it is of the current version, else NULL (ADR 0016).
const std::string kCurrentRendering =
    "CASE WHEN rendered_version = " + std::to_string(domain::kPilotRenderVersion) + " THEN rendered_json END";

const std::string kPilotById =
    std::string("SELECT ") + kPilotCols + " FROM pilots WHERE org_id = ?1 AND id = ?2";

// renderPilot's bytes for the pilot's columns as stored now; nullopt when there is no such pilot.
std::optional<std::string> renderFromColumns(Connection& c, const std::string& org, const std::string& id) {
  std::optional<std::string> json;
  c.run(kPilotById, {org, id}, [&](const RowView& r) {
    json.emplace();
    JsonWriter w(*json);
    domain::renderPilotRow(w, pilotRowAt(r, 0));
  });
  return json;
}
}  // namespace

void storePilotRendering(Connection& c, const std::string& org, const std::string& pilot_id) {
  auto json = renderFromColumns(c, org, pilot_id);
  if (!json) return;
  c.run("UPDATE pilots SET rendered_json = ?3, rendered_version = ?4 WHERE org_id = ?1 AND id = ?2",
        {org, pilot_id, *json, int64_t{domain::kPilotRenderVersion}});
}

int64_t storeMissingPilotRenderings(Connection& c, const std::optional<std::string>& org) {
  std::string sql =
      "SELECT org_id, id FROM pilots WHERE (rendered_json IS NULL OR rendered_version IS NULL OR "
      "rendered_version <> ?1)";
  Params params{int64_t{domain::kPilotRenderVersion}};
  if (org) {
    sql += " AND org_id = ?2";
    params.emplace_back(*org);
  }
  std::vector<std::pair<std::string, std::string>> stale;
  c.run(sql, params, [&](const RowView& r) { stale.emplace_back(r.str(0), r.str(1)); });
  for (const auto& [o, id] : stale) storePilotRendering(c, o, id);
  return static_cast<int64_t>(stale.size());
}

void OperationsRepository::visitStoredPilots(const std::string& org, const Keyset& page,
                                             const std::optional<std::string>& updated_since,
                                             const std::function<void(const domain::StoredJsonRow&)>& visit) {
  // A row without a current rendering (written by an older version, or before the column existed) is
  // rendered from its columns, read by id while the page's statement is open.
  std::optional<std::string> fallback;
  auto emit = [&](domain::StoredJsonRow row, const RowView& r, int json_col) {
    if (auto json = r.optText(json_col)) {
      row.json = *json;
    } else {
      fallback = renderFromColumns(c_, org, std::string(row.id));
      // The row was just listed in this transaction, so it is there.
      row.json = fallback ? std::string_view(*fallback) : std::string_view("null");
    }
    visit(row);
  };
  if (updated_since) {
    std::string sql = selectFor(ListOrder::kByChange) + "id, updated_at, " + kCurrentRendering +
                      " FROM pilots WHERE org_id = ?1";
    Params params{org};
    appendChangeOrder(sql, params, "", *updated_since, page);
    c_.run(sql, params, [&](const RowView& r) { emit({r.text(1), r.text(2), r.integer(0), {}}, r, 3); });
    return;
  }
  // Natural order needs only the id for its cursor, so SQLite's pilots_org_rendered index covers it.
  static const std::string kSql =
      "SELECT id, " + kCurrentRendering + " FROM pilots WHERE org_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
  c_.run(kSql, {org, page.after.empty() ? std::string() : page.after[0], int64_t{page.limit + 1}},
         [&](const RowView& r) {
           emit({r.text(0), {}, 0, {}}, r, 1);
         });
}

std::vector<domain::Pilot> OperationsRepository::listPilots(const std::string& org, const Keyset& page,
                                                            const std::optional<std::string>& updated_since) {
  std::vector<domain::Pilot> out;
  out.reserve(static_cast<size_t>(page.limit) + 1);
  visitPilots(org, page, updated_since, [&](const domain::PilotRow& p) { out.push_back(toPilot(p)); });
  return out;
}

std::optional<domain::Pilot> OperationsRepository::findPilot(const std::string& org, const std::string& id) {
  std::optional<domain::Pilot> out;
  c_.run(kPilotById, {org, id}, [&](const RowView& r) { out = toPilot(pilotRowAt(r, 0)); });
  return out;
}

void OperationsRepository::insertPilot(const domain::Pilot& p) {
  c_.run(std::string("INSERT INTO pilots(") + kPilotCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
         pilotParams(p));
  storePilotRendering(c_, p.org_id, p.id);
}

void OperationsRepository::updatePilot(const domain::Pilot& p) {
  c_.run(
      "UPDATE pilots SET first_name=?3, last_name=?4, email=?5, phone=?6, roles=?7, status=?8, "
      "licence_type=?9, "
      "licence_number=?10, licence_issued_on=?11, medical_class=?12, medical_valid_until=?13, home_base=?14, "
      "date_of_birth=?17, updated_at=?16 WHERE id=?1 AND org_id=?2 AND created_at=?15",
      pilotParams(p));
  storePilotRendering(c_, p.org_id, p.id);
}

std::vector<domain::Aircraft> OperationsRepository::listAircraft(
    const std::string& org, const Keyset& page, const std::optional<std::string>& updated_since) {
  static const std::string kSql = std::string("SELECT ") + kAircraftCols +
                                  " FROM aircraft WHERE org_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
  std::vector<domain::Aircraft> out;
  auto add = [&](const RowView& r) { out.push_back(aircraftFromRow(r)); };
  if (updated_since) {
    std::string sql = selectFor(ListOrder::kByChange) + kAircraftCols + " FROM aircraft WHERE org_id = ?1";
    Params params{org};
    appendChangeOrder(sql, params, "", *updated_since, page);
    c_.run(sql, params, [&](const RowView& r) {
      out.push_back(readListRow<domain::Aircraft>(r, ListOrder::kByChange, aircraftFromRow));
    });
  } else {
    c_.run(kSql, {org, page.after.empty() ? std::string() : page.after[0], int64_t{page.limit + 1}}, add);
  }
  return out;
}

std::optional<domain::Aircraft> OperationsRepository::findAircraft(const std::string& org,
                                                                   const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kAircraftCols + " FROM aircraft WHERE org_id = ?1 AND id = ?2";
  std::optional<domain::Aircraft> out;
  c_.run(kSql, {org, id}, [&](const RowView& r) { out = aircraftFromRow(r); });
  return out;
}

std::vector<domain::AircraftDayMinutes> OperationsRepository::blockMinutesByDay(const std::string& org,
                                                                                const std::string& from,
                                                                                const std::string& to) {
  std::vector<domain::AircraftDayMinutes> out;
  c_.run(
      "SELECT aircraft_id, flight_date, sum(block_min) FROM flights WHERE org_id = ?1 AND flight_date >= ?2 "
      "AND flight_date <= ?3 AND status <> 'rejected' GROUP BY aircraft_id, flight_date",
      {org, from, to}, [&](const RowView& r) {
        out.push_back({r.str(0), r.str(1), r.integer(2)});
      });
  return out;
}

std::vector<domain::AircraftName> OperationsRepository::aircraftNames(const std::string& org) {
  std::vector<domain::AircraftName> out;
  c_.run("SELECT id, registration FROM aircraft WHERE org_id = ?1 ORDER BY registration", {org},
         [&](const RowView& r) {
           out.push_back({r.str(0), r.str(1)});
         });
  return out;
}

bool OperationsRepository::registrationTaken(const std::string& org, const std::string& registration,
                                             const std::string& except_id) {
  return c_.scalarInt("SELECT count(*) FROM aircraft WHERE org_id=?1 AND registration=?2 AND id<>?3",
                      {org, registration, except_id})
             .value_or(0) > 0;
}

void OperationsRepository::insertAircraft(const domain::Aircraft& a) {
  c_.run(std::string("INSERT INTO aircraft(") + kAircraftCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
         aircraftParams(a));
}

void OperationsRepository::updateAircraft(const domain::Aircraft& a) {
  c_.run(
      "UPDATE aircraft SET registration=?3, icao_type=?4, make=?5, model=?6, year=?7, seats=?8, status=?9, "
      "airworthiness=?10, hobbs_tenths=?11, tach_tenths=?12, home_base=?13, updated_at=?15 "
      "WHERE id=?1 AND org_id=?2 AND created_at=?14",
      aircraftParams(a));
}

std::vector<domain::Flight> OperationsRepository::listFlights(const std::string& org, const Keyset& page,
                                                              const FlightFilter& f) {
  // Only the filters present become predicates, so the planner can use the matching index and the
  // keyset bound as a range start (cost independent of page depth). Each shape is prepared once.
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order) + kFlightCols + " FROM flights WHERE org_id = ?1";
  Params params{org};
  auto bind = [&](const char* predicate_fmt, const std::string& v) {
    params.push_back(v);
    std::string pred(predicate_fmt);
    std::string ph = "?" + std::to_string(params.size());
    for (size_t pos; (pos = pred.find('$')) != std::string::npos;) pred.replace(pos, 1, ph);
    sql += " AND " + pred;
  };
  if (page.after.size() == 2 && !f.updated_since) {
    params.push_back(page.after[0]);
    params.push_back(page.after[1]);
    sql += " AND (flight_date, id) < (?" + std::to_string(params.size() - 1) + ", ?" +
           std::to_string(params.size()) + ")";
  }
  if (f.status) bind("status = $", *f.status);
  if (f.from) bind("flight_date >= $", *f.from);
  if (f.to) bind("flight_date <= $", *f.to);
  if (f.pilot_id) bind("pilot_id = $", *f.pilot_id);
  if (f.aircraft_id) bind("aircraft_id = $", *f.aircraft_id);
  if (f.updated_since) {
    appendChangeOrder(sql, params, "", *f.updated_since, page);
  } else {
    params.push_back(int64_t{page.limit + 1});
    sql += " ORDER BY flight_date DESC, id DESC LIMIT ?" + std::to_string(params.size());
  }
  std::vector<domain::Flight> out;
  out.reserve(static_cast<size_t>(page.limit) + 1);
  c_.run(sql, params,
         [&](const RowView& r) { out.push_back(readListRow<domain::Flight>(r, order, flightFromRow)); });
  return out;
}

std::optional<domain::Flight> OperationsRepository::findFlight(const std::string& org,
                                                               const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kFlightCols + " FROM flights WHERE org_id = ?1 AND id = ?2";
  std::optional<domain::Flight> out;
  c_.run(kSql, {org, id}, [&](const RowView& r) { out = flightFromRow(r); });
  return out;
}

void OperationsRepository::insertFlight(const domain::Flight& f) {
  c_.run(std::string("INSERT INTO flights(") + kFlightCols +
             ") VALUES "
             "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,"
             "?26,?27,?28,?29,?30,?31,?32,?33)",
         {f.id,
          f.org_id,
          f.date,
          f.aircraft_id,
          f.aircraft_registration,
          f.pilot_id,
          optText(f.instructor_id),
          f.purpose,
          f.departure_icao,
          f.arrival_icao,
          f.off_block_at,
          f.takeoff_at,
          f.landing_at,
          f.on_block_at,
          f.block_min,
          f.air_min,
          f.night_min,
          f.ifr_min,
          f.landings_day,
          f.landings_night,
          f.hobbs_start_tenths,
          f.hobbs_end_tenths,
          f.tach_start_tenths,
          f.tach_end_tenths,
          optText(f.remarks),
          f.status,
          optText(f.submitted_by),
          f.submitted_at,
          optText(f.reviewed_by),
          optText(f.reviewed_at),
          optText(f.rejection_reason),
          f.created_at,
          f.updated_at});
}

bool OperationsRepository::reviewFlight(const std::string& org, const std::string& id,
                                        const std::string& new_status, const std::string& reviewer,
                                        const std::string& at, const std::optional<std::string>& reason) {
  return c_.run(
             "UPDATE flights SET status=?3, reviewed_by=?4, reviewed_at=?5, rejection_reason=?6, "
             "updated_at=?5 "
             "WHERE org_id=?1 AND id=?2 AND status='submitted'",
             {org, id, new_status, reviewer, at, optText(reason)}) == 1;
}

}  // namespace gaflight::storage
