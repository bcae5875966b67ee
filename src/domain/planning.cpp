#include "domain/planning.hpp"

#include "core/clock.hpp"
#include "domain/scopes.hpp"

namespace gaflight::domain {

namespace {
Error invalid(std::string field, std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), std::move(field));
}

// Parses an instant field and rewrites it in canonical UTC form.
Result<int64_t> canonicalInstant(const char* field, std::string& text) {
  auto t = timefmt::parseInstant(text);
  if (!t)
    return invalid(field, std::string(field) + " must be an RFC 3339 instant such as 2026-05-28T10:00:00Z.");
  text = timefmt::formatInstant(*t);
  return *t;
}

int64_t secondsOf(const std::string& instant) { return timefmt::parseInstant(instant).value_or(0); }

Status requireAbsent(const std::optional<std::string>& v, const char* field, const std::string& kind) {
  if (v) return invalid(field, "A " + kind + " session takes no " + field + ".");
  return okStatus();
}
}  // namespace

const std::vector<std::string>& planningKinds() {
  static const std::vector<std::string> k = {"flight", "ground", "simulator", "maintenance_block"};
  return k;
}

const std::vector<std::string>& planningStatuses() {
  static const std::vector<std::string> k = {"scheduled", "confirmed", "completed", "cancelled", "no_show"};
  return k;
}

bool holdsResources(std::string_view status) { return status != "cancelled" && status != "no_show"; }

bool intervalsOverlap(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end) {
  return a_start < b_end && b_start < a_end;
}

bool isSoloFlight(const PlanningSession& s) { return s.kind == "flight" && s.student_id && !s.instructor_id; }

int64_t durationMinutes(const PlanningSession& s) {
  return (timefmt::parseInstant(s.end_at).value_or(0) - timefmt::parseInstant(s.start_at).value_or(0)) / 60;
}

Status validateSession(PlanningSession& s) {
  if (!isOneOf(planningKinds(), s.kind))
    return invalid("kind", "kind must be one of flight, ground, simulator, maintenance_block.");
  if (!isOneOf(planningStatuses(), s.status))
    return invalid("status", "status must be one of scheduled, confirmed, completed, cancelled, no_show.");
  if (s.notes && codePointLength(*s.notes) > kMaxSessionNotesChars)
    return invalid("notes", "notes is at most 2000 characters.");
  if (s.kind == "flight" || s.kind == "maintenance_block") {
    if (!s.aircraft_id) return invalid("aircraft_id", "A " + s.kind + " session needs an aircraft_id.");
  } else if (auto st = requireAbsent(s.aircraft_id, "aircraft_id", s.kind); !st) {
    return st;
  }
  if (s.kind == "maintenance_block") {
    for (auto st : {requireAbsent(s.instructor_id, "instructor_id", s.kind),
                    requireAbsent(s.student_id, "student_id", s.kind)}) {
      if (!st) return st;
    }
  } else if (!s.instructor_id && !s.student_id) {
    return invalid("student_id", "A " + s.kind + " session needs a student_id or an instructor_id.");
  }
  if (s.instructor_id && s.student_id && *s.instructor_id == *s.student_id)
    return invalid("student_id", "student_id must not be the instructor.");
  auto start = canonicalInstant("start_at", s.start_at);
  if (!start) return start.error();
  auto end = canonicalInstant("end_at", s.end_at);
  if (!end) return end.error();
  if (*end <= *start) return invalid("end_at", "end_at must be after start_at.");
  if (*end - *start > kMaxSessionSeconds) return invalid("end_at", "A session lasts at most 14 days.");
  return okStatus();
}

std::optional<Clash> findClash(const PlanningSession& s, const std::vector<PlanningSession>& others) {
  if (!holdsResources(s.status)) return std::nullopt;
  const int64_t start = secondsOf(s.start_at), end = secondsOf(s.end_at);
  std::optional<Clash> instructor_clash;
  for (const auto& o : others) {
    if (o.id == s.id || !holdsResources(o.status)) continue;
    if (!intervalsOverlap(start, end, secondsOf(o.start_at), secondsOf(o.end_at))) continue;
    if (s.aircraft_id && o.aircraft_id == s.aircraft_id) return Clash{ClashResource::kAircraft, o};
    if (!instructor_clash && s.instructor_id && o.instructor_id == s.instructor_id)
      instructor_clash = Clash{ClashResource::kInstructor, o};
  }
  return instructor_clash;
}

Error clashError(const Clash& clash, std::string_view resource_label) {
  const bool aircraft = clash.resource == ClashResource::kAircraft;
  std::string detail = std::string(aircraft ? "Aircraft " : "Instructor ") + std::string(resource_label) +
                       " is already booked from " + clash.other.start_at + " to " + clash.other.end_at +
                       " (session " + clash.other.id + ").";
  Error e = makeError(ErrorCode::kConflict, std::move(detail), aircraft ? "aircraft_id" : "instructor_id");
  e.extra_key = "conflicting_session_id";
  e.extra_value = clash.other.id;
  return e;
}

Status checkAirworthiness(const PlanningSession& s, const Aircraft& aircraft) {
  if (s.kind == "flight" && aircraft.airworthiness == "not_airworthy") {
    return invalid("aircraft_id", "Aircraft " + aircraft.registration +
                                      " is not airworthy; a flight cannot be booked on it.");
  }
  return okStatus();
}

Status checkSoloMedical(const PlanningSession& s, const std::optional<std::string>& medical_valid_until) {
  if (!isSoloFlight(s)) return okStatus();
  // The medical must cover the session's last second, i.e. every day of the session.
  const std::string last_day = timefmt::formatDate(secondsOf(s.end_at) - 1);
  if (!medical_valid_until)
    return invalid("student_id", "The student has no medical on record; a solo flight cannot be booked.");
  if (*medical_valid_until < last_day) {
    return invalid("student_id", "The student's medical is valid until " + *medical_valid_until +
                                     "; a solo flight on " + last_day + " cannot be booked.");
  }
  return okStatus();
}

}  // namespace gaflight::domain
