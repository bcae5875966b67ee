#include "domain/planning_render.hpp"

#include "domain/render.hpp"

namespace gaflight::domain {

void renderPlanningSession(JsonWriter& w, const PlanningSession& s) {
  if (s.deleted) return renderTombstone(w, s.id, "planning_session", s.updated_at);
  w.beginObject()
      .field("id", s.id)
      .field("object", "planning_session")
      .field("kind", s.kind)
      .field("status", s.status)
      .field("start_at", s.start_at)
      .field("end_at", s.end_at)
      .field("duration_min", durationMinutes(s))
      .field("aircraft_id", s.aircraft_id)
      .field("instructor_id", s.instructor_id)
      .field("student_id", s.student_id)
      .field("notes", s.notes)
      .field("created_at", s.created_at)
      .field("updated_at", s.updated_at)
      .endObject();
}

}  // namespace gaflight::domain
