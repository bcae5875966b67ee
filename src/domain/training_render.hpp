#pragma once
// How programmes, enrolments, lesson records, signoffs and training progress look on the public API and
// in the console.
#include "core/json_writer.hpp"
#include "domain/training.hpp"

namespace gaflight::domain {

void renderTrainingLesson(JsonWriter& w, const TrainingLesson& l);
// Lessons are included (as `lessons`) when loaded: the detail view.
void renderTrainingProgram(JsonWriter& w, const TrainingProgram& p);
void renderEnrollment(JsonWriter& w, const Enrollment& e);
void renderLessonRecord(JsonWriter& w, const LessonRecord& r);
void renderSignoff(JsonWriter& w, const Signoff& s);
void renderTrainingProgress(JsonWriter& w, const TrainingProgress& p);
// Console list row: the enrolment with names and a `progress` summary.
void renderEnrollmentRow(JsonWriter& w, const TrainingProgress& p);
void renderEnrollmentDetail(JsonWriter& w, const EnrollmentDetail& d);

}  // namespace gaflight::domain
