#include "domain/training_render.hpp"

namespace gaflight::domain {

namespace {
// Minimums lead with total, lesson records with ground; both then give dual, solo, solo_xc, night, sim.
template <typename Minutes>
void sixMinutes(JsonWriter& w, std::string_view name, std::string_view first_key, int64_t first,
                const Minutes& m) {
  w.key(name)
      .beginObject()
      .field(first_key, first)
      .field("dual_min", m.dual)
      .field("solo_min", m.solo)
      .field("solo_xc_min", m.solo_xc)
      .field("night_min", m.night)
      .field("sim_min", m.sim)
      .endObject();
}

void minutesObject(JsonWriter& w, std::string_view name, const MinuteProgress& m) {
  w.key(name)
      .beginObject()
      .field("logged_min", m.logged)
      .field("required_min", m.required)
      .field("remaining_min", m.remaining())
      .endObject();
}

void progressMembers(JsonWriter& w, const TrainingProgress& p) {
  w.field("lessons_completed", p.lessons_completed).field("lessons_total", p.lessons_total);
  w.key("minutes").beginObject();
  minutesObject(w, "total", p.total);
  minutesObject(w, "dual", p.dual);
  minutesObject(w, "solo", p.solo);
  minutesObject(w, "solo_xc", p.solo_xc);
  minutesObject(w, "night", p.night);
  minutesObject(w, "sim", p.sim);
  w.endObject();
  w.key("next_lesson");
  if (p.next_lesson) {
    w.beginObject()
        .field("id", p.next_lesson->id)
        .field("code", p.next_lesson->code)
        .field("title", p.next_lesson->title)
        .endObject();
  } else {
    w.null();
  }
}

void enrollmentMembers(JsonWriter& w, const Enrollment& e) {
  w.field("id", e.id)
      .field("object", "enrollment")
      .field("student_id", e.student_id)
      .field("program_id", e.program_id)
      .field("status", e.status)
      .field("primary_instructor_id", e.primary_instructor_id)
      .field("started_on", e.started_on)
      .field("completed_on", e.completed_on)
      .field("created_at", e.created_at)
      .field("updated_at", e.updated_at);
}
}  // namespace

void renderTrainingLesson(JsonWriter& w, const TrainingLesson& l) {
  w.beginObject()
      .field("id", l.id)
      .field("object", "training_lesson")
      .field("program_id", l.program_id)
      .field("position", l.position)
      .field("code", l.code)
      .field("title", l.title)
      .field("kind", l.kind)
      .field("planned_dual_min", l.planned_dual_min)
      .field("planned_solo_min", l.planned_solo_min);
  w.key("exercises").beginArray();
  for (const auto& e : l.exercises) w.str(e);
  w.endArray().field("created_at", l.created_at).field("updated_at", l.updated_at).endObject();
}

void renderTrainingProgram(JsonWriter& w, const TrainingProgram& p) {
  const auto& m = p.minimums;
  w.beginObject()
      .field("id", p.id)
      .field("object", "training_program")
      .field("code", p.code)
      .field("name", p.name)
      .field("regime", p.regime)
      .field("description", p.description);
  sixMinutes(w, "minimums", "total_min", m.total, m);
  w.field("lesson_count", p.lesson_count);
  if (!p.lessons.empty()) {
    w.key("lessons").beginArray();
    for (const auto& l : p.lessons) renderTrainingLesson(w, l);
    w.endArray();
  }
  w.field("created_at", p.created_at).field("updated_at", p.updated_at).endObject();
}

void renderEnrollment(JsonWriter& w, const Enrollment& e) {
  w.beginObject();
  enrollmentMembers(w, e);
  w.endObject();
}

void renderLessonRecord(JsonWriter& w, const LessonRecord& r) {
  const auto& m = r.minutes;
  w.beginObject()
      .field("id", r.id)
      .field("object", "lesson_record")
      .field("enrollment_id", r.enrollment_id)
      .field("lesson_id", r.lesson_id)
      .field("flight_id", r.flight_id)
      .field("session_date", r.session_date)
      .field("instructor_id", r.instructor_id)
      .field("result", r.result);
  sixMinutes(w, "minutes", "ground_min", m.ground, m);
  w.key("grades").beginArray();
  for (const auto& g : r.grades) {
    w.beginObject()
        .field("exercise", g.exercise)
        .field("grade", g.grade)
        .field("comment", g.comment)
        .endObject();
  }
  w.endArray()
      .field("remarks", r.remarks)
      .field("created_at", r.created_at)
      .field("updated_at", r.updated_at)
      .endObject();
}

void renderSignoff(JsonWriter& w, const Signoff& s) {
  w.beginObject()
      .field("id", s.id)
      .field("object", "signoff")
      .field("student_id", s.student_id)
      .field("instructor_id", s.instructor_id)
      .field("program_id", s.program_id)
      .field("lesson_id", s.lesson_id)
      .field("lesson_code", s.lesson_code)
      .field("lesson_title", s.lesson_title)
      .field("enrollment_id", s.enrollment_id)
      .field("lesson_record_id", s.lesson_record_id)
      .field("result", s.result)
      .field("date", s.signed_on)
      .field("session_date", s.session_date)
      .field("signed_at", s.signed_at);
  w.key("signature")
      .beginObject()
      .field("algorithm", "ed25519")
      .field("key_id", s.key_id)
      .field("value", s.signature)
      .field("signer_name", s.signer_name)
      .field("certificate_number", s.certificate_number)
      .endObject();
  w.field("supersedes_id", s.supersedes_id)
      .field("superseded_by_id", s.superseded_by_id)
      .field("status", s.superseded_by_id ? "superseded" : "valid")
      .field("created_at", s.created_at)
      .field("updated_at", s.updated_at)
      .endObject();
}

void renderTrainingProgress(JsonWriter& w, const TrainingProgress& p) {
  const auto& e = p.enrollment;
  w.beginObject()
      .field("id", e.id)
      .field("object", "training_progress")
      .field("student_id", e.student_id)
      .field("program_id", e.program_id)
      .field("program_code", p.program_code)
      .field("enrollment_status", e.status);
  progressMembers(w, p);
  w.field("created_at", e.created_at).field("updated_at", e.updated_at).endObject();
}

void renderEnrollmentRow(JsonWriter& w, const TrainingProgress& p) {
  const auto& e = p.enrollment;
  w.beginObject();
  enrollmentMembers(w, e);
  w.field("student_name", e.student_name)
      .field("program_code", e.program_code)
      .field("program_name", e.program_name);
  w.key("progress").beginObject();
  progressMembers(w, p);
  w.endObject().endObject();
}

void renderEnrollmentDetail(JsonWriter& w, const EnrollmentDetail& d) {
  const auto& e = d.progress.enrollment;
  w.beginObject().field("object", "enrollment_detail");
  w.key("enrollment");
  renderEnrollmentRow(w, d.progress);
  w.key("program");
  renderTrainingProgram(w, d.program);
  w.key("lessons").beginArray();
  for (const auto& l : d.lessons) {
    w.beginObject().key("lesson");
    renderTrainingLesson(w, l.lesson);
    w.field("completed", l.completed);
    w.key("records").beginArray();
    for (const auto& r : l.records) renderLessonRecord(w, r);
    w.endArray().key("signoffs").beginArray();
    for (const auto& s : l.signoffs) renderSignoff(w, s);
    w.endArray().endObject();
  }
  w.endArray().field("created_at", e.created_at).field("updated_at", e.updated_at).endObject();
}

}  // namespace gaflight::domain
