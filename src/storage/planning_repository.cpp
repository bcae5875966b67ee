#include "storage/planning_repository.hpp"

#include "core/clock.hpp"

namespace gaflight::storage {

namespace {
constexpr const char* kCols =
    "id, org_id, kind, start_at, end_at, aircraft_id, instructor_id, student_id, status, notes, created_by, "
    "created_at, updated_at";

domain::PlanningSession fromRow(const RowView& r) {
  domain::PlanningSession s;
  s.id = r.str(0);
  s.org_id = r.str(1);
  s.kind = r.str(2);
  s.start_at = r.str(3);
  s.end_at = r.str(4);
  s.aircraft_id = r.optStr(5);
  s.instructor_id = r.optStr(6);
  s.student_id = r.optStr(7);
  s.status = r.str(8);
  s.notes = r.optStr(9);
  s.created_by = r.optStr(10);
  s.created_at = r.str(11);
  s.updated_at = r.str(12);
  return s;
}

Params rowParams(const domain::PlanningSession& s) {
  return {s.id,
          s.org_id,
          s.kind,
          s.start_at,
          s.end_at,
          optText(s.aircraft_id),
          optText(s.instructor_id),
          optText(s.student_id),
          s.status,
          optText(s.notes),
          optText(s.created_by),
          s.created_at,
          s.updated_at};
}

// A session overlapping an instant started less than the maximum session length before it, so
// `start_at > earliestStart(from)` bounds the index range scan on (org_id, start_at).
std::string earliestStart(const std::string& from) {
  return timefmt::formatInstant(timefmt::parseInstant(from).value_or(0) - domain::kMaxSessionSeconds);
}

std::vector<domain::PlanningSession> query(Connection& c, const std::string& sql, const Params& params) {
  std::vector<domain::PlanningSession> out;
  c.run(sql, params, [&](const RowView& r) { out.push_back(fromRow(r)); });
  return out;
}
}  // namespace

std::vector<domain::PlanningSession> PlanningRepository::list(const std::string& org, const Keyset& page,
                                                              const PlanningFilter& f) {
  // Only the filters present become predicates (each shape is prepared once); the keyset bound and
  // the time window are ranges on start_at, so a page costs the same at any depth.
  // A delta sync also returns deleted sessions (served as tombstones, SPEC §10.2).
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order) + kCols +
                    ", deleted_at IS NOT NULL FROM planning_sessions WHERE org_id = ?1" +
                    (f.updated_since ? "" : " AND deleted_at IS NULL");
  Params params{org};
  if (page.after.size() == 2 && !f.updated_since) {
    params.emplace_back(page.after[0]);
    params.emplace_back(page.after[1]);
    sql += " AND (start_at, id) > (?2, ?3)";
  }
  std::optional<std::string> earliest;
  if (f.from) earliest = earliestStart(*f.from);
  addPredicate(sql, params, "start_at <", f.to);
  addPredicate(sql, params, "end_at >", f.from);
  addPredicate(sql, params, "start_at >", earliest);
  addPredicate(sql, params, "aircraft_id =", f.aircraft_id);
  addPredicate(sql, params, "instructor_id =", f.instructor_id);
  if (f.updated_since) {
    appendChangeOrder(sql, params, "", *f.updated_since, page);
  } else {
    params.emplace_back(int64_t{page.limit + 1});
    sql += " ORDER BY start_at, id LIMIT ?" + std::to_string(params.size());
  }
  std::vector<domain::PlanningSession> out;
  c_.run(sql, params, [&](const RowView& r) {
    out.push_back(readListRow<domain::PlanningSession>(r, order, [](const RowView& row) {
      auto session = fromRow(row);
      session.deleted = row.integer(13) != 0;
      return session;
    }));
  });
  return out;
}

std::optional<domain::PlanningSession> PlanningRepository::find(const std::string& org,
                                                                const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kCols +
      " FROM planning_sessions WHERE org_id = ?1 AND id = ?2 AND deleted_at IS NULL";
  auto rows = query(c_, kSql, {org, id});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void PlanningRepository::insert(const domain::PlanningSession& s) {
  c_.run(std::string("INSERT INTO planning_sessions(") + kCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
         rowParams(s));
}

void PlanningRepository::update(const domain::PlanningSession& s) {
  c_.run(
      "UPDATE planning_sessions SET kind = ?3, start_at = ?4, end_at = ?5, aircraft_id = ?6, instructor_id = "
      "?7, "
      "student_id = ?8, status = ?9, notes = ?10, created_by = ?11, created_at = ?12, updated_at = ?13 "
      "WHERE id = ?1 AND org_id = ?2 AND deleted_at IS NULL",
      rowParams(s));
}

bool PlanningRepository::softDelete(const std::string& org, const std::string& id, const std::string& at) {
  return c_.run(
             "UPDATE planning_sessions SET deleted_at = ?3, updated_at = ?3 WHERE org_id = ?1 AND id = ?2 "
             "AND "
             "deleted_at IS NULL",
             {org, id, at}) > 0;
}

std::vector<domain::PlanningSession> PlanningRepository::holdingDuring(
    const std::string& org, const std::optional<std::string>& aircraft_id,
    const std::optional<std::string>& instructor_id, const std::string& start, const std::string& end,
    const std::string& except_id) {
  if (!aircraft_id && !instructor_id) return {};
  static const std::string kSql = std::string("SELECT ") + kCols +
                                  " FROM planning_sessions WHERE org_id = ?1 AND deleted_at IS NULL AND "
                                  "status NOT IN ('cancelled','no_show')"
                                  " AND start_at < ?3 AND end_at > ?2 AND start_at > ?4 AND id <> ?5 AND "
                                  "(aircraft_id = ?6 OR instructor_id = ?7)"
                                  " ORDER BY start_at, id";
  return query(
      c_, kSql,
      {org, start, end, earliestStart(start), except_id, optText(aircraft_id), optText(instructor_id)});
}

}  // namespace gaflight::storage
