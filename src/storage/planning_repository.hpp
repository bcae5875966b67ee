#pragma once
// Planning sessions (bookings), table `planning_sessions` (migration v3). Every query takes the
// organisation id: no query crosses tenants.
//
// Columns (for anyone writing rows directly, e.g. demo data):
//   id             "ps_" + ULID (ids::prefixed("ps_", unix_ms))
//   org_id         the organisation (UUID)
//   kind           flight | ground | simulator | maintenance_block
//   start_at       RFC 3339 UTC, second precision, fixed width ("2026-05-28T10:00:00Z")
//   end_at         same format, strictly after start_at; a session lasts at most 14 days
//                  (domain::kMaxSessionSeconds; the list queries rely on that bound)
//                  The interval is half-open [start_at, end_at): back-to-back sessions do not clash.
//   aircraft_id    acft_… — required for flight and maintenance_block, NULL for ground/simulator
//   instructor_id  plt_… of a pilot holding the `instructor` role, or NULL
//   student_id     plt_… of any pilot, or NULL (flight/ground/simulator need a student or an instructor;
//                  maintenance_block has neither). A flight with a student and no instructor is solo.
//   status         scheduled | confirmed | completed | cancelled | no_show
//                  (cancelled and no_show release the aircraft and instructor)
//   notes          free text (≤ 2000 characters) or NULL
//   created_by     usr_… of the console user who booked it, or NULL
//   created_at, updated_at  RFC 3339 UTC; updated_at moves on every change (delta sync)
//   deleted_at     NULL, or when it was deleted (soft delete; deleted rows are never listed)
// Rules between rows (no double booking, airworthiness, solo medical): domain/planning.hpp.
#include <optional>
#include <string>
#include <vector>

#include "domain/planning.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

// Sessions overlapping [from, to) (normalised RFC 3339 UTC instants), by resource, changed since.
struct PlanningFilter {
  std::optional<std::string> from, to, aircraft_id, instructor_id, updated_since;
};

class PlanningRepository {
 public:
  explicit PlanningRepository(Connection& c) : c_(c) {}

  // Ordered by start_at, id; keyset = {start_at, id}. Deleted sessions are never returned.
  std::vector<domain::PlanningSession> list(const std::string& org, const Keyset& page,
                                            const PlanningFilter& f);
  std::optional<domain::PlanningSession> find(const std::string& org, const std::string& id);
  void insert(const domain::PlanningSession& s);
  void update(const domain::PlanningSession& s);
  // Soft delete; false when there was no such (undeleted) session.
  bool softDelete(const std::string& org, const std::string& id, const std::string& at);
  // Sessions holding the aircraft or the instructor (either may be absent) somewhere in [start, end),
  // other than `except_id`. Run inside the write transaction that then writes the booking.
  std::vector<domain::PlanningSession> holdingDuring(const std::string& org,
                                                     const std::optional<std::string>& aircraft_id,
                                                     const std::optional<std::string>& instructor_id,
                                                     const std::string& start, const std::string& end,
                                                     const std::string& except_id);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
