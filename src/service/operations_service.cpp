#include "service/operations_service.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "domain/render.hpp"
#include "domain/scopes.hpp"
#include "service/audit.hpp"
#include "service/billing_service.hpp"
#include "service/compliance_service.hpp"
#include "service/maintenance_service.hpp"
#include "service/paging.hpp"

namespace gaflight::service {

namespace {
Error notFound(std::string_view what) {
  return makeError(ErrorCode::kNotFound, "No such " + std::string(what) + ".");
}
Error invalid(std::string field, std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), std::move(field));
}

bool validEmail(const std::string& e) {
  auto at = e.find('@');
  return e.size() <= 254 && at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos &&
         e.find_first_of(" \t\r\n<>\"") == std::string::npos && e.back() != '.';
}
}  // namespace

Status OperationsService::validatePilot(const domain::Pilot& p) {
  if (domain::trim(p.first_name).empty() || p.first_name.size() > 100)
    return invalid("first_name", "first_name is required.");
  if (domain::trim(p.last_name).empty() || p.last_name.size() > 100)
    return invalid("last_name", "last_name is required.");
  if (p.email && !validEmail(*p.email)) return invalid("email", "email is not a valid address.");
  if (p.phone && p.phone->size() > 40) return invalid("phone", "phone is too long.");
  if (p.roles.empty())
    return invalid("roles", "roles must list at least one of student, member, instructor, examiner.");
  for (const auto& r : p.roles) {
    if (!domain::isOneOf(domain::pilotRoles(), r)) return invalid("roles", "Unknown role '" + r + "'.");
  }
  if (!domain::isOneOf(domain::pilotStatuses(), p.status)) {
    return invalid("status", "status must be active, inactive or suspended.");
  }
  // EASA licences, then the FAA certificates an FAA school's pilots hold (14 CFR 61: student, sport,
  // recreational, private, commercial, ATP).
  static const std::vector<std::string> kLicences = {"SPL",          "LAPL",    "PPL",        "CPL",
                                                     "ATPL",         "MPL",     "STUDENT",    "SPORT",
                                                     "RECREATIONAL", "PRIVATE", "COMMERCIAL", "ATP"};
  if (p.licence_type && !domain::isOneOf(kLicences, *p.licence_type)) {
    return invalid("licence.type",
                   "licence.type must be one of SPL, LAPL, PPL, CPL, ATPL, MPL (EASA) or STUDENT, SPORT, "
                   "RECREATIONAL, PRIVATE, COMMERCIAL, ATP (FAA).");
  }
  if (p.licence_issued_on && !timefmt::isValidDate(*p.licence_issued_on)) {
    return invalid("licence.issued_on", "licence.issued_on must be a YYYY-MM-DD date.");
  }
  // class_3 exists only in the FAA system (14 CFR 61.23).
  static const std::vector<std::string> kMedical = {"class_1", "class_2", "class_3", "lapl"};
  if (p.medical_class && !domain::isOneOf(kMedical, *p.medical_class)) {
    return invalid("medical.class", "medical.class must be class_1, class_2, class_3 or lapl.");
  }
  if (p.date_of_birth && (!timefmt::isValidDate(*p.date_of_birth) || *p.date_of_birth < "1900-01-01")) {
    return invalid("date_of_birth", "date_of_birth must be a YYYY-MM-DD date.");
  }
  if (p.medical_valid_until && !timefmt::isValidDate(*p.medical_valid_until)) {
    return invalid("medical.valid_until", "medical.valid_until must be a YYYY-MM-DD date.");
  }
  if (p.home_base && !domain::isIcaoAirport(*p.home_base)) {
    return invalid("home_base", "home_base must be a four-letter ICAO code.");
  }
  return okStatus();
}

Status OperationsService::validateAircraft(const domain::Aircraft& a) {
  if (!domain::isRegistration(a.registration)) {
    return invalid("registration", "registration must look like F-GABC or N12345 (upper case).");
  }
  if (!domain::isIcaoTypeDesignator(a.icao_type)) {
    return invalid("icao_type", "icao_type must be an ICAO type designator such as C172.");
  }
  if (domain::trim(a.make).empty() || a.make.size() > 100) return invalid("make", "make is required.");
  if (domain::trim(a.model).empty() || a.model.size() > 100) return invalid("model", "model is required.");
  if (a.year && (*a.year < 1903 || *a.year > 2100)) return invalid("year", "year is out of range.");
  if (a.seats < 1 || a.seats > 20) return invalid("seats", "seats must be 1–20.");
  if (!domain::isOneOf(domain::aircraftStatuses(), a.status)) {
    return invalid("status", "status must be available, maintenance or grounded.");
  }
  if (a.airworthiness != "airworthy" && a.airworthiness != "not_airworthy") {
    return invalid("airworthiness", "airworthiness must be airworthy or not_airworthy.");
  }
  if (a.hobbs_tenths < 0 || a.hobbs_tenths > 1'000'000)
    return invalid("hobbs_hours", "hobbs_hours is out of range.");
  if (a.tach_tenths < 0 || a.tach_tenths > 1'000'000)
    return invalid("tach_hours", "tach_hours is out of range.");
  if (a.home_base && !domain::isIcaoAirport(*a.home_base)) {
    return invalid("home_base", "home_base must be a four-letter ICAO code.");
  }
  return okStatus();
}

Result<Page<domain::Pilot>> OperationsService::listPilots(const std::string& org, const ListOptions& opt) {
  ListSpec spec{"pilots", org, opt.updated_since.value_or("-")};
  storage::OperationsRepository repo(db_.connection());
  return fetchListPage<domain::Pilot>(
      cursors_, spec, opt.page, opt.updated_since,
      [&](const auto& after) {
        return repo.listPilots(org, {opt.page.limit, after}, opt.updated_since);
      },
      [](const domain::Pilot& p) { return std::vector<std::string>{p.id}; });
}

Result<std::string> OperationsService::streamPilots(
    const std::string& org, const ListOptions& opt,
    const std::function<void(const domain::StoredJsonRow&)>& emit) {
  ListSpec spec{"pilots", org, opt.updated_since.value_or("-")};
  storage::OperationsRepository repo(db_.connection());
  return streamListPage(
      cursors_, spec, opt.page, opt.updated_since,
      [&](const auto& after, const auto& on_row) {
        repo.visitStoredPilots(org, {opt.page.limit, after}, opt.updated_since, on_row);
      },
      [](const domain::StoredJsonRow& p) { return std::vector<std::string>{std::string(p.id)}; }, emit);
}

Result<domain::Pilot> OperationsService::getPilot(const std::string& org, const std::string& id) {
  auto p = storage::OperationsRepository(db_.connection()).findPilot(org, id);
  if (!p) return notFound("pilot");
  return *p;
}

Result<domain::Pilot> OperationsService::createPilot(const std::string& org, domain::Pilot p,
                                                     const Actor& actor) {
  if (auto st = validatePilot(p); !st) return st.error();
  auto now_tp = clock_.now();
  std::string now = timefmt::formatInstant(now_tp);
  p.id = ids::prefixed("plt_", timefmt::toUnixSeconds(now_tp) * 1000);
  p.org_id = org;
  p.created_at = p.updated_at = now;
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository(conn).insertPilot(p);
  tx.commit();
  generation_.bump();
  return p;
}

Result<domain::Pilot> OperationsService::updatePilot(const std::string& org, const std::string& id,
                                                     const Patch<domain::Pilot>& patch, const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository repo(conn);
  auto existing = repo.findPilot(org, id);
  if (!existing) return notFound("pilot");
  domain::Pilot p = *existing;
  if (auto st = patch(p); !st) return st.error();
  if (auto st = validatePilot(p); !st) return st.error();
  p.id = id;
  p.org_id = org;
  p.created_at = existing->created_at;
  p.updated_at = timefmt::formatInstant(clock_.now());
  repo.updatePilot(p);
  tx.commit();
  generation_.bump();
  return p;
}

Result<Page<domain::Aircraft>> OperationsService::listAircraft(const std::string& org,
                                                               const ListOptions& opt) {
  ListSpec spec{"fleet", org, opt.updated_since.value_or("-")};
  storage::OperationsRepository repo(db_.connection());
  return fetchListPage<domain::Aircraft>(
      cursors_, spec, opt.page, opt.updated_since,
      [&](const auto& after) {
        return repo.listAircraft(org, {opt.page.limit, after}, opt.updated_since);
      },
      [](const domain::Aircraft& a) { return std::vector<std::string>{a.id}; });
}

Result<domain::Aircraft> OperationsService::getAircraft(const std::string& org, const std::string& id) {
  auto a = storage::OperationsRepository(db_.connection()).findAircraft(org, id);
  if (!a) return notFound("aircraft");
  return *a;
}

Result<domain::Aircraft> OperationsService::createAircraft(const std::string& org, domain::Aircraft a,
                                                           const Actor& actor) {
  if (auto st = validateAircraft(a); !st) return st.error();
  auto now_tp = clock_.now();
  a.id = ids::prefixed("acft_", timefmt::toUnixSeconds(now_tp) * 1000);
  a.org_id = org;
  a.created_at = a.updated_at = timefmt::formatInstant(now_tp);
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository repo(conn);
  if (repo.registrationTaken(org, a.registration, "")) {
    return makeError(ErrorCode::kConflict,
                     "An aircraft with registration " + a.registration + " already exists.", "registration");
  }
  repo.insertAircraft(a);
  tx.commit();
  generation_.bump();
  return a;
}

Result<domain::Aircraft> OperationsService::updateAircraft(const std::string& org, const std::string& id,
                                                           const Patch<domain::Aircraft>& patch,
                                                           const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository repo(conn);
  auto existing = repo.findAircraft(org, id);
  if (!existing) return notFound("aircraft");
  domain::Aircraft a = *existing;
  if (auto st = patch(a); !st) return st.error();
  if (auto st = validateAircraft(a); !st) return st.error();
  a.id = id;
  if (repo.registrationTaken(org, a.registration, a.id)) {
    return makeError(ErrorCode::kConflict,
                     "An aircraft with registration " + a.registration + " already exists.", "registration");
  }
  a.org_id = org;
  a.created_at = existing->created_at;
  a.updated_at = timefmt::formatInstant(clock_.now());
  repo.updateAircraft(a);
  // A meter correction can cross a due point just as an approval does (alerts, airworthiness).
  reassessAircraftMaintenance(conn, org, a.id, clock_.now());
  auto stored = repo.findAircraft(org, a.id);
  tx.commit();
  generation_.bump();
  notifier_.wake();
  return *stored;
}

Result<Page<domain::Flight>> OperationsService::listFlights(const std::string& org,
                                                            const FlightListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"flights", org,
                filterSignature(f.status, f.from, f.to, f.pilot_id, f.aircraft_id, f.updated_since), 2};
  storage::OperationsRepository repo(db_.connection());
  return fetchListPage<domain::Flight>(
      cursors_, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.listFlights(org, {opt.page.limit, after}, f);
      },
      [](const domain::Flight& fl) {
        return std::vector<std::string>{fl.date, fl.id};
      });
}

Result<domain::WeeklyFlightHours> OperationsService::weeklyFlightHours(const std::string& org, int weeks) {
  if (weeks < 1 || weeks > 52) {
    return makeError(ErrorCode::kInvalidParameter, "weeks must be an integer from 1 to 52.", "weeks");
  }
  std::string today = timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()));
  auto first = domain::bucketByWeek(today, weeks, {}, {}).week_starts.front();
  storage::OperationsRepository repo(db_.connection());
  return domain::bucketByWeek(today, weeks, repo.aircraftNames(org),
                              repo.blockMinutesByDay(org, first, today));
}

Result<domain::Flight> OperationsService::getFlight(const std::string& org, const std::string& id) {
  auto f = storage::OperationsRepository(db_.connection()).findFlight(org, id);
  if (!f) return notFound("flight");
  return *f;
}

Result<domain::Flight> OperationsService::submitFlight(const std::string& org, const FlightInput& in,
                                                       const Actor& actor) {
  auto times = domain::checkFlightInput(in, timefmt::toUnixSeconds(clock_.now()));
  if (!times) return times.error();

  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository repo(conn);
  auto aircraft = repo.findAircraft(org, in.aircraft_id);
  if (!aircraft) return invalid("aircraft_id", "aircraft_id does not name an aircraft of this organisation.");
  auto pilot = repo.findPilot(org, in.pilot_id);
  if (!pilot) return invalid("pilot_id", "pilot_id does not name a pilot of this organisation.");
  std::optional<std::vector<std::string>> instructor_roles;
  if (in.instructor_id) {
    if (auto instr = repo.findPilot(org, *in.instructor_id)) instructor_roles = instr->roles;
  }
  if (auto st = domain::checkFlightCrew(in, instructor_roles); !st) return st.error();
  auto now_tp = clock_.now();
  std::string now = timefmt::formatInstant(now_tp);
  domain::Flight f;
  f.id = ids::prefixed("flt_", timefmt::toUnixSeconds(now_tp) * 1000);
  f.org_id = org;
  f.date = in.date;
  f.aircraft_id = aircraft->id;
  f.aircraft_registration = aircraft->registration;
  f.pilot_id = pilot->id;
  f.instructor_id = in.instructor_id;
  f.purpose = in.purpose;
  f.departure_icao = in.departure_icao;
  f.arrival_icao = in.arrival_icao;
  f.off_block_at = timefmt::formatInstant(times->off_block);
  f.takeoff_at = timefmt::formatInstant(times->takeoff);
  f.landing_at = timefmt::formatInstant(times->landing);
  f.on_block_at = timefmt::formatInstant(times->on_block);
  f.block_min = times->block_min;
  f.air_min = times->air_min;
  f.night_min = in.night_min;
  f.ifr_min = in.ifr_min;
  f.landings_day = in.landings_day;
  f.landings_night = in.landings_night;
  f.hobbs_start_tenths = in.hobbs_start_tenths;
  f.hobbs_end_tenths = in.hobbs_end_tenths;
  f.tach_start_tenths = in.tach_start_tenths;
  f.tach_end_tenths = in.tach_end_tenths;
  f.remarks = in.remarks;
  f.status = "submitted";
  f.submitted_by = actor.user_id;
  f.submitted_at = now;
  f.created_at = f.updated_at = now;
  repo.insertFlight(f);
  recordEvent(conn, org, "flight.submitted", domain::renderOne(f, domain::renderFlight), now_tp);
  tx.commit();
  generation_.bump();
  notifier_.wake();
  return f;
}

Result<domain::Flight> OperationsService::approveFlight(const std::string& org, const std::string& id,
                                                        const Actor& actor) {
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository repo(conn);
  auto f = repo.findFlight(org, id);
  if (!f) return notFound("flight");
  std::string now = timefmt::formatInstant(clock_.now());
  if (!repo.reviewFlight(org, id, "approved", actor.user_id.value_or(actor.label), now, std::nullopt)) {
    return makeError(ErrorCode::kConflict,
                     "Only a submitted flight can be approved (this one is " + f->status + ").");
  }
  // Approved time moves the aircraft's meters forward (never backwards: flights may be approved out of
  // order).
  auto a = repo.findAircraft(org, f->aircraft_id);
  if (a && (f->hobbs_end_tenths > a->hobbs_tenths || f->tach_end_tenths > a->tach_tenths)) {
    a->hobbs_tenths = std::max(a->hobbs_tenths, f->hobbs_end_tenths);
    a->tach_tenths = std::max(a->tach_tenths, f->tach_end_tenths);
    a->updated_at = now;
    repo.updateAircraft(*a);
  }
  auto updated = repo.findFlight(org, id);
  recordEvent(conn, org, "flight.approved", domain::renderOne(*updated, domain::renderFlight), clock_.now());
  // SPEC §10.3: the same transaction re-computes maintenance status (alerts) and currency.
  reassessAircraftMaintenance(conn, org, f->aircraft_id, clock_.now());
  std::vector<std::string> crew{f->pilot_id};
  if (f->instructor_id) crew.push_back(*f->instructor_id);
  refreshPilotCurrency(conn, org, crew, clock_.now());
  billApprovedFlight(conn, org, *updated, clock_.now());
  tx.commit();
  generation_.bump();
  notifier_.wake();
  return *updated;
}

Result<domain::Flight> OperationsService::rejectFlight(const std::string& org, const std::string& id,
                                                       const std::string& reason, const Actor& actor) {
  auto r = domain::trim(reason);
  if (r.empty() || r.size() > 1000) return invalid("reason", "reason is required (1–1000 characters).");
  auto& conn = db_.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::OperationsRepository repo(conn);
  auto f = repo.findFlight(org, id);
  if (!f) return notFound("flight");
  std::string now = timefmt::formatInstant(clock_.now());
  if (!repo.reviewFlight(org, id, "rejected", actor.user_id.value_or(actor.label), now, r)) {
    return makeError(ErrorCode::kConflict,
                     "Only a submitted flight can be rejected (this one is " + f->status + ").");
  }
  auto updated = repo.findFlight(org, id);
  recordEvent(conn, org, "flight.rejected", domain::renderOne(*updated, domain::renderFlight), clock_.now());
  tx.commit();
  generation_.bump();
  notifier_.wake();
  return *updated;
}

}  // namespace gaflight::service
