#pragma once
// Planning: the reads behind the public API and the writes behind the console (issue 7).
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service/actor.hpp"
#include "service/service_context.hpp"

namespace gaflight::service {

class PlanningService {
 public:
  explicit PlanningService(const ServiceContext& ctx) : ctx_(ctx) {}

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
