#pragma once
// Compliance: the reads behind the public API and the writes behind the console (issue 7).
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service/actor.hpp"
#include "service/service_context.hpp"

namespace gaflight::service {

// Recomputes the computed currency records (type `currency`) of these pilots from their approved
// flights. Runs inside the caller's write transaction (e.g. a flight approval).
void refreshPilotCurrency(storage::Connection& conn, const std::string& org,
                          const std::vector<std::string>& pilot_ids, SysTime now);

class ComplianceService {
 public:
  explicit ComplianceService(const ServiceContext& ctx) : ctx_(ctx) {}

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
