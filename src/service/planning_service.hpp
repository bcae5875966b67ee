#pragma once
// Planning: the reads behind the public API and the writes behind the console (issue 7).
// Every booking write re-checks the rules of domain/planning.hpp inside its write transaction
// (BEGIN IMMEDIATE serialises writers), so two concurrent bookings of one slot cannot both win.
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/planning.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/patch.hpp"
#include "service/service_context.hpp"
#include "storage/planning_repository.hpp"

namespace gaflight::service {

struct PlanningListOptions {
  PageQuery page;
  storage::PlanningFilter filter;
};

class PlanningService {
 public:
  explicit PlanningService(const ServiceContext& ctx) : ctx_(ctx) {}

  // Ordered by start_at, id.
  Result<Page<domain::PlanningSession>> list(const std::string& org, const PlanningListOptions& opt);
  Result<domain::PlanningSession> get(const std::string& org, const std::string& id);
  Result<domain::PlanningSession> create(const std::string& org, domain::PlanningSession s,
                                         const Actor& actor);
  // `patch` applies the caller's changes (a move, a status change, notes) to the stored session.
  Result<domain::PlanningSession> update(const std::string& org, const std::string& id,
                                         const Patch<domain::PlanningSession>& patch, const Actor& actor);
  Status remove(const std::string& org, const std::string& id, const Actor& actor);

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
