#pragma once
// Maintenance: the reads behind the public API and the writes behind the console (issue 7).
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service/actor.hpp"
#include "service/service_context.hpp"

namespace gaflight::service {

// Re-assesses the aircraft's maintenance items after its meters or items changed: records one
// `maintenance.alert` per status transition (ok → upcoming → overdue) and sets the aircraft's
// airworthiness. Runs inside the caller's write transaction (e.g. a flight approval).
void reassessAircraftMaintenance(storage::Connection& conn, const std::string& org,
                                 const std::string& aircraft_id, SysTime now);

class MaintenanceService {
 public:
  explicit MaintenanceService(const ServiceContext& ctx) : ctx_(ctx) {}

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
