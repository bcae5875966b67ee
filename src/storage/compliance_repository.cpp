#include "storage/compliance_repository.hpp"

#include "storage/operations_repository.hpp"

namespace gaflight::storage {

namespace {
constexpr const char* kCols =
    "id, org_id, subject, pilot_id, aircraft_id, type, code, number, regime, issued_on, valid_until, "
    "details, created_at, updated_at";

domain::ComplianceRecord fromRow(const RowView& r) {
  domain::ComplianceRecord c;
  c.id = r.str(0);
  c.org_id = r.str(1);
  c.subject = r.str(2);
  c.pilot_id = r.optStr(3);
  c.aircraft_id = r.optStr(4);
  c.type = r.str(5);
  c.code = r.str(6);
  c.number = r.optStr(7);
  c.regime = r.optStr(8);
  c.issued_on = r.optStr(9);
  c.valid_until = r.optStr(10);
  c.details = r.str(11);
  c.created_at = r.str(12);
  c.updated_at = r.str(13);
  return c;
}

Params params(const domain::ComplianceRecord& c) {
  return {c.id,
          c.org_id,
          c.subject,
          optText(c.pilot_id),
          optText(c.aircraft_id),
          c.type,
          c.code,
          optText(c.number),
          optText(c.regime),
          optText(c.issued_on),
          optText(c.valid_until),
          c.details,
          c.created_at,
          c.updated_at};
}

std::string plusDays(const std::string& today, int64_t days) {
  auto d = domain::parseCivilDate(today);
  return d ? domain::formatCivilDate(domain::addDays(*d, days)) : today;
}
}  // namespace

std::vector<domain::ComplianceRecord> ComplianceRepository::list(const std::string& org, const Keyset& page,
                                                                 const ComplianceFilter& f) {
  // A delta sync also returns deleted records (served as tombstones, SPEC §10.2).
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order) + kCols +
                    ", deleted_at IS NOT NULL FROM compliance_records WHERE org_id = ?1" +
                    (f.updated_since ? "" : " AND deleted_at IS NULL");
  Params p{org};
  auto bind = [&](const std::string& v) {
    p.push_back(v);
    return "?" + std::to_string(p.size());
  };
  if (!page.after.empty() && !f.updated_since) sql += " AND id > " + bind(page.after[0]);
  if (f.type) sql += " AND type = " + bind(*f.type);
  if (f.pilot_id) sql += " AND pilot_id = " + bind(*f.pilot_id);
  if (f.aircraft_id) sql += " AND aircraft_id = " + bind(*f.aircraft_id);
  // A VTR's compliance record carries the VTR id as its number (service/vtr_service.cpp).
  if (f.vtr_id) sql += " AND number = " + bind(*f.vtr_id) + " AND type = 'vtr'";
  if (f.status == "expired") {
    sql += " AND valid_until < " + bind(f.today);
  } else if (f.status == "expiring") {
    sql += " AND valid_until >= " + bind(f.today);
    sql += " AND valid_until <= " + bind(plusDays(f.today, domain::kExpiringWithinDays));
  } else if (f.status == "valid") {
    sql += " AND (valid_until IS NULL OR valid_until > " +
           bind(plusDays(f.today, domain::kExpiringWithinDays)) + ")";
  }
  if (f.expiring_within_days) {
    // The expiring list is about documents to renew; currency lapses are shown per pilot.
    sql += " AND type <> 'currency' AND valid_until IS NOT NULL AND valid_until <= " +
           bind(plusDays(f.today, *f.expiring_within_days));
  }
  if (f.updated_since) {
    appendChangeOrder(sql, p, "", *f.updated_since, page);
  } else {
    p.push_back(int64_t{page.limit + 1});
    sql += " ORDER BY id LIMIT ?" + std::to_string(p.size());
  }
  std::vector<domain::ComplianceRecord> out;
  c_.run(sql, p, [&](const RowView& r) {
    out.push_back(readListRow<domain::ComplianceRecord>(r, order, [](const RowView& row) {
      auto record = fromRow(row);
      record.deleted = row.integer(14) != 0;
      return record;
    }));
  });
  return out;
}

std::optional<domain::ComplianceRecord> ComplianceRepository::find(const std::string& org,
                                                                   const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kCols +
      " FROM compliance_records WHERE org_id = ?1 AND id = ?2 AND deleted_at IS NULL";
  std::optional<domain::ComplianceRecord> out;
  c_.run(kSql, {org, id}, [&](const RowView& r) { out = fromRow(r); });
  return out;
}

void ComplianceRepository::insert(const domain::ComplianceRecord& r) {
  c_.run(std::string("INSERT INTO compliance_records(") + kCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
         params(r));
}

void ComplianceRepository::update(const domain::ComplianceRecord& r) {
  c_.run(
      "UPDATE compliance_records SET code=?7, number=?8, regime=?9, issued_on=?10, valid_until=?11, "
      "details=?12, "
      "updated_at=?14 WHERE id=?1 AND org_id=?2 AND deleted_at IS NULL",
      params(r));
}

// Computed records (currency) and VTR mirrors (kept in step by the VTR service) are not deleted by hand.
bool ComplianceRepository::softDelete(const std::string& org, const std::string& id, const std::string& at) {
  return c_.run(
             "UPDATE compliance_records SET deleted_at=?3, updated_at=?3 WHERE org_id=?1 AND id=?2 AND "
             "deleted_at IS NULL AND type NOT IN ('currency', 'vtr')",
             {org, id, at}) == 1;
}

void ComplianceRepository::upsertCurrency(const domain::ComplianceRecord& r) {
  // Only the changed rows move updated_at, so updated_since feeds stay quiet.
  auto changed = c_.run(
      "UPDATE compliance_records SET regime=?9, issued_on=?10, valid_until=?11, details=?12, updated_at=?14, "
      "deleted_at=NULL WHERE org_id=?2 AND pilot_id=?4 AND code=?7 AND type='currency' AND "
      "(coalesce(valid_until,'') <> coalesce(?11,'') OR details <> ?12 OR deleted_at IS NOT NULL)",
      params(r));
  if (changed) return;
  // A parameter only in a SELECT list has no type on PostgreSQL; every column here is TEXT.
  static const std::string kInsert =
      std::string("INSERT INTO compliance_records(") + kCols +
      ") SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT), "
      "CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS TEXT), CAST(?9 AS TEXT), CAST(?10 AS TEXT), "
      "CAST(?11 AS TEXT), CAST(?12 AS TEXT), CAST(?13 AS TEXT), CAST(?14 AS TEXT) WHERE NOT EXISTS (SELECT 1 "
      "FROM compliance_records WHERE org_id=?2 AND pilot_id=?4 AND code=?7 AND type='currency')";
  c_.run(kInsert, params(r));
}

std::optional<std::string> ComplianceRepository::orgCountry(const std::string& org) {
  std::optional<std::string> out;
  c_.run("SELECT country FROM orgs WHERE id = ?1", {org}, [&](const RowView& r) { out = r.optStr(0); });
  return out;
}

std::vector<std::string> ComplianceRepository::pilotIds(const std::string& org) {
  std::vector<std::string> out;
  c_.run("SELECT id FROM pilots WHERE org_id = ?1 ORDER BY id", {org},
         [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

std::optional<std::string> ComplianceRepository::pilotDateOfBirth(const std::string& org,
                                                                  const std::string& pilot_id) {
  std::optional<std::string> out;
  c_.run("SELECT date_of_birth FROM pilots WHERE org_id = ?1 AND id = ?2", {org, pilot_id},
         [&](const RowView& r) { out = r.optStr(0); });
  return out;
}

std::optional<domain::ComplianceRecord> ComplianceRepository::latestMedical(const std::string& org,
                                                                            const std::string& pilot_id) {
  static const std::string kSql = std::string("SELECT ") + kCols +
                                  " FROM compliance_records WHERE org_id = ?1 AND pilot_id = ?2 AND type = "
                                  "'medical' AND deleted_at IS NULL ORDER BY issued_on DESC, id DESC LIMIT 1";
  std::optional<domain::ComplianceRecord> out;
  c_.run(kSql, {org, pilot_id}, [&](const RowView& r) { out = fromRow(r); });
  return out;
}

void ComplianceRepository::setPilotMedical(const std::string& org, const std::string& pilot_id,
                                           const std::optional<std::string>& medical_class,
                                           const std::optional<std::string>& valid_until,
                                           const std::string& at) {
  c_.run(
      "UPDATE pilots SET medical_class=?3, medical_valid_until=?4, updated_at=?5 WHERE org_id=?1 AND id=?2",
      {org, pilot_id, optText(medical_class), optText(valid_until), at});
  storePilotRendering(c_, org, pilot_id);
}

std::optional<std::string> ComplianceRepository::sepRatingExpiry(const std::string& org,
                                                                 const std::string& pilot_id) {
  std::optional<std::string> out;
  c_.run(
      "SELECT max(valid_until) FROM compliance_records WHERE org_id=?1 AND pilot_id=?2 AND type='rating' "
      "AND code='SEP' AND deleted_at IS NULL",
      {org, pilot_id}, [&](const RowView& r) { out = r.optStr(0); });
  return out;
}

std::vector<domain::CurrencyFlight> ComplianceRepository::currencyFlights(const std::string& org,
                                                                          const std::string& pilot_id,
                                                                          const std::string& since) {
  std::vector<domain::CurrencyFlight> out;
  c_.run(
      // Two index searches (flights_org_pilot, flights_org_instructor) instead of one OR that the planner
      // answers by scanning every approved flight since ?3: per pilot, at a million flights.
      // The flags are CASE … 1 ELSE 0, not bare comparisons: PostgreSQL types those boolean and will not
      // UNION them with the integer literals.
      "SELECT id, flight_date, 1, CASE WHEN instructor_id IS NOT NULL THEN 1 ELSE 0 END, "
      "CASE WHEN purpose = 'check_ride' THEN 1 ELSE 0 END, block_min, landings_day, "
      "landings_night FROM flights WHERE org_id = ?1 AND pilot_id = ?2 AND status = 'approved' AND "
      "flight_date >= ?3 UNION ALL SELECT id, flight_date, 0, 1, "
      "CASE WHEN purpose = 'check_ride' THEN 1 ELSE 0 END, block_min, "
      "landings_day, landings_night FROM flights WHERE org_id = ?1 AND instructor_id = ?2 AND pilot_id <> ?2 "
      "AND status = 'approved' AND flight_date >= ?3",
      {org, pilot_id, since}, [&](const RowView& r) {
        domain::CurrencyFlight f;
        f.id = r.str(0);
        auto d = domain::parseCivilDate(r.text(1));
        if (!d) return;
        f.date = *d;
        f.role = r.integer(2) ? domain::FlightRole::kPilotFlying : domain::FlightRole::kInstructor;
        f.with_instructor = r.integer(3) != 0;
        f.check_ride = r.integer(4) != 0;
        f.block_min = r.integer(5);
        f.landings_day = r.integer(6);
        f.landings_night = r.integer(7);
        out.push_back(std::move(f));
      });
  return out;
}

}  // namespace gaflight::storage
