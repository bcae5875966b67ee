#pragma once
// How a planning session looks on the public API and in the console.
#include "core/json_writer.hpp"
#include "domain/planning.hpp"

namespace gaflight::domain {

void renderPlanningSession(JsonWriter& w, const PlanningSession& s);

}  // namespace gaflight::domain
