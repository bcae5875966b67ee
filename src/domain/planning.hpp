#pragma once
// Planning sessions (bookings): the pure rules. The service loads the aircraft, the people and the
// sessions that might clash inside its write transaction and asks these functions for a verdict.
//
// Rules:
// - Times are half-open intervals [start_at, end_at): a session ending at 10:00 and one starting
//   at 10:00 do not overlap. A session lasts at most kMaxSessionSeconds (14 days).
// - An aircraft or an instructor held by two sessions at overlapping times is a conflict (409).
//   Only sessions that hold their resources count: `cancelled` and `no_show` never conflict.
//   A `maintenance_block` holds its aircraft like any booking, so nothing else can book it.
// - A `flight` on an aircraft whose airworthiness is `not_airworthy` is refused (422, aircraft_id).
// - A solo flight (kind `flight`, a student, no instructor) needs the student's medical to be valid
//   on every day of the session: `medical_valid_until` >= the UTC date of the session's last second;
//   a missing medical is refused too (422, student_id).
// - Kind requirements: `flight` needs an aircraft and a student or an instructor; `ground` and
//   `simulator` need an instructor or a student and take no aircraft (a simulator is not a fleet
//   aircraft); `maintenance_block` needs an aircraft and takes no people.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/entities.hpp"

namespace gaflight::domain {

struct PlanningSession {
  std::string id, org_id;
  std::string kind;              // flight, ground, simulator, maintenance_block
  std::string start_at, end_at;  // RFC 3339 UTC, second precision; end_at > start_at
  std::optional<std::string> aircraft_id, instructor_id, student_id;
  std::string status = "scheduled";  // scheduled, confirmed, completed, cancelled, no_show
  std::optional<std::string> notes;
  std::optional<std::string> created_by;  // user id (usr_…) of the console user who booked it
  std::string created_at, updated_at;
  bool deleted = false;    // read only by a delta sync, which serves it as a tombstone
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

inline constexpr int64_t kMaxSessionSeconds = int64_t{14} * 24 * 3600;
inline constexpr size_t kMaxSessionNotesChars = 2000;

const std::vector<std::string>& planningKinds();
const std::vector<std::string>& planningStatuses();

// Whether a session in this status holds its aircraft and instructor (cancelled / no_show do not).
bool holdsResources(std::string_view status);

// Half-open intervals [a_start, a_end) and [b_start, b_end): touching intervals do not overlap.
bool intervalsOverlap(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end);

// A solo flight: kind flight with a student and no instructor.
bool isSoloFlight(const PlanningSession& s);

// Whole minutes from start_at to end_at (the rendered `duration_min`).
int64_t durationMinutes(const PlanningSession& s);

// Checks kind, status, notes, the kind's required and forbidden resources, and the times; rewrites
// start_at / end_at in canonical UTC form ("2026-05-28T10:00:00Z"). Errors are 422 naming the field.
Status validateSession(PlanningSession& s);

enum class ClashResource { kAircraft, kInstructor };

struct Clash {
  ClashResource resource;
  PlanningSession other;
};

// The first of `others` (ignoring `s` itself and sessions that do not hold resources) that holds
// s's aircraft or instructor at an overlapping time. Aircraft clashes are reported first.
std::optional<Clash> findClash(const PlanningSession& s, const std::vector<PlanningSession>& others);

// 409 conflict naming the clashing session (extension member `conflicting_session_id`) and, in
// detail, which resource clashes and when; `resource_label` is e.g. the registration.
Error clashError(const Clash& clash, std::string_view resource_label);

// A flight on a not-airworthy aircraft → 422 (aircraft_id).
Status checkAirworthiness(const PlanningSession& s, const Aircraft& aircraft);

// A solo flight whose student has no medical valid on the session's dates → 422 (student_id).
Status checkSoloMedical(const PlanningSession& s, const std::optional<std::string>& medical_valid_until);

}  // namespace gaflight::domain
