#include "service/planning_service.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "service/audit.hpp"
#include "service/paging.hpp"
#include "storage/operations_repository.hpp"

namespace gaflight::service {

namespace {
Error notFound() { return makeError(ErrorCode::kNotFound, "No such planning session."); }

Error unknownRef(const std::string& field, const std::string& what) {
  return makeError(ErrorCode::kValidationFailed, field + " does not name " + what + " of this organisation.",
                   field);
}

bool hasRole(const domain::Pilot& p, const std::string& role) {
  for (const auto& r : p.roles)
    if (r == role) return true;
  return false;
}

enum class RuleCheck { kFull, kReferencesOnly };

// The session's references exist in this organisation (and the instructor is one); with kFull, the
// booking rules: airworthiness, solo medical and no double booking of aircraft or instructor.
Status checkSession(storage::Connection& conn, const std::string& org, const domain::PlanningSession& s,
                    RuleCheck check) {
  storage::OperationsRepository ops(conn);
  std::optional<domain::Aircraft> aircraft;
  std::optional<domain::Pilot> instructor, student;
  if (s.aircraft_id && !(aircraft = ops.findAircraft(org, *s.aircraft_id)))
    return unknownRef("aircraft_id", "an aircraft");
  if (s.instructor_id) {
    instructor = ops.findPilot(org, *s.instructor_id);
    if (!instructor) return unknownRef("instructor_id", "a pilot");
    if (!hasRole(*instructor, "instructor")) {
      return makeError(ErrorCode::kValidationFailed,
                       "instructor_id must name a pilot with the instructor role.", "instructor_id");
    }
  }
  if (s.student_id && !(student = ops.findPilot(org, *s.student_id)))
    return unknownRef("student_id", "a pilot");
  if (check == RuleCheck::kReferencesOnly || !domain::holdsResources(s.status)) return okStatus();
  if (aircraft) {
    if (auto st = domain::checkAirworthiness(s, *aircraft); !st) return st;
  }
  if (student) {
    if (auto st = domain::checkSoloMedical(s, student->medical_valid_until); !st) return st;
  }
  auto others = storage::PlanningRepository(conn).holdingDuring(org, s.aircraft_id, s.instructor_id,
                                                                s.start_at, s.end_at, s.id);
  if (auto clash = domain::findClash(s, others)) {
    std::string label = clash->resource == domain::ClashResource::kAircraft
                            ? aircraft->registration
                            : instructor->first_name + " " + instructor->last_name;
    return domain::clashError(*clash, label);
  }
  return okStatus();
}

// A change that could create a clash or break a rule: anything but notes, or a status change among
// statuses that hold resources (completing yesterday's flight must not fail because the aircraft
// has since gone into maintenance).
RuleCheck checkNeeded(const domain::PlanningSession& before, const domain::PlanningSession& after) {
  bool moved = before.kind != after.kind || before.start_at != after.start_at ||
               before.end_at != after.end_at || before.aircraft_id != after.aircraft_id ||
               before.instructor_id != after.instructor_id || before.student_id != after.student_id;
  bool reinstated = !domain::holdsResources(before.status) && domain::holdsResources(after.status);
  return moved || reinstated ? RuleCheck::kFull : RuleCheck::kReferencesOnly;
}

nlohmann::json auditDetails(const domain::PlanningSession& s) {
  return {{"kind", s.kind},
          {"status", s.status},
          {"start_at", s.start_at},
          {"end_at", s.end_at},
          {"aircraft_id", s.aircraft_id ? nlohmann::json(*s.aircraft_id) : nlohmann::json()},
          {"instructor_id", s.instructor_id ? nlohmann::json(*s.instructor_id) : nlohmann::json()},
          {"student_id", s.student_id ? nlohmann::json(*s.student_id) : nlohmann::json()}};
}
}  // namespace

Result<Page<domain::PlanningSession>> PlanningService::list(const std::string& org,
                                                            const PlanningListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"planning_sessions", org,
                filterSignature(f.from, f.to, f.aircraft_id, f.instructor_id, f.updated_since), 2};
  storage::PlanningRepository repo(ctx_.db.connection());
  return fetchListPage<domain::PlanningSession>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.list(org, {opt.page.limit, after}, f);
      },
      [](const domain::PlanningSession& s) {
        return std::vector<std::string>{s.start_at, s.id};
      });
}

Result<domain::PlanningSession> PlanningService::get(const std::string& org, const std::string& id) {
  auto s = storage::PlanningRepository(ctx_.db.connection()).find(org, id);
  if (!s) return notFound();
  return *s;
}

Result<domain::PlanningSession> PlanningService::create(const std::string& org, domain::PlanningSession s,
                                                        const Actor& actor) {
  if (auto st = domain::validateSession(s); !st) return st.error();
  auto now_tp = ctx_.clock.now();
  const std::string now = timefmt::formatInstant(now_tp);
  s.id = ids::prefixed("ps_", timefmt::toUnixSeconds(now_tp) * 1000);
  s.org_id = org;
  s.created_by = actor.user_id;
  s.created_at = s.updated_at = now;
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  if (auto st = checkSession(conn, org, s, RuleCheck::kFull); !st) return st.error();
  storage::PlanningRepository(conn).insert(s);
  recordAudit(conn, org, actor, "planning_session.created", "planning_session", s.id, auditDetails(s), now);
  tx.commit();
  ctx_.afterCommit();
  return s;
}

Result<domain::PlanningSession> PlanningService::update(const std::string& org, const std::string& id,
                                                        const Patch<domain::PlanningSession>& patch,
                                                        const Actor& actor) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::PlanningRepository repo(conn);
  auto before = repo.find(org, id);
  if (!before) return notFound();
  domain::PlanningSession s = *before;
  if (auto st = patch(s); !st) return st.error();
  if (auto st = domain::validateSession(s); !st) return st.error();
  s.id = id;
  if (auto st = checkSession(conn, org, s, checkNeeded(*before, s)); !st) return st.error();
  const std::string now = timefmt::formatInstant(ctx_.clock.now());
  s.org_id = org;
  s.created_by = before->created_by;
  s.created_at = before->created_at;
  s.updated_at = now;
  repo.update(s);
  recordAudit(conn, org, actor,
              s.status == "cancelled" && before->status != "cancelled" ? "planning_session.cancelled"
                                                                       : "planning_session.updated",
              "planning_session", s.id, auditDetails(s), now);
  tx.commit();
  ctx_.afterCommit();
  return s;
}

Status PlanningService::remove(const std::string& org, const std::string& id, const Actor& actor) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  const std::string now = timefmt::formatInstant(ctx_.clock.now());
  if (!storage::PlanningRepository(conn).softDelete(org, id, now)) return notFound();
  recordAudit(conn, org, actor, "planning_session.deleted", "planning_session", id, nullptr, now);
  tx.commit();
  ctx_.afterCommit();
  return okStatus();
}

}  // namespace gaflight::service
