// Console training routes under /api/v1/console/orgs/{org_id}/training/...: programmes (with lessons),
// enrolments and their status, a student's progress with every lesson's records and signoffs, lesson
// records, signing and corrections. Reading: any member; writing: the review permission (instructors,
// admins, owner).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "api/training_options.hpp"
#include "domain/training_render.hpp"

namespace gaflight::api {

namespace {
using domain::Permission;

// Prefixes a nested field error with its path ("lessons[2].code", "minutes.dual_min").
Error nested(Error e, const std::string& prefix) {
  e.field = e.field.empty() ? prefix : prefix + "." + e.field;
  e.detail = prefix + "." + e.detail;
  return e;
}

Result<int64_t> minutesField(const BodyReader& in, const std::string& field) {
  auto v = in.integer(field, 0, 100'000);
  if (!v) return v.error();
  return v->value_or(0);
}

// {"minutes": {ground_min, dual_min, solo_min, solo_xc_min, night_min, sim_min}}; absent → nullopt.
Result<std::optional<domain::LessonMinutes>> readMinutes(const nlohmann::json& body) {
  if (!body.contains("minutes") || body["minutes"].is_null()) return std::optional<domain::LessonMinutes>();
  if (!body["minutes"].is_object()) return fieldError("minutes", "minutes must be an object.");
  BodyReader in(body["minutes"]);
  if (auto st = in.onlyFields({"ground_min", "dual_min", "solo_min", "solo_xc_min", "night_min", "sim_min"});
      !st)
    return nested(st.error(), "minutes");
  domain::LessonMinutes m;
  for (auto [name, slot] : {std::pair{"ground_min", &m.ground},
                            {"dual_min", &m.dual},
                            {"solo_min", &m.solo},
                            {"solo_xc_min", &m.solo_xc},
                            {"night_min", &m.night},
                            {"sim_min", &m.sim}}) {
    auto v = minutesField(in, name);
    if (!v) return nested(v.error(), "minutes");
    *slot = *v;
  }
  return std::optional<domain::LessonMinutes>(m);
}

// {"grades": [{exercise, grade, comment}]}; absent → nullopt.
Result<std::optional<std::vector<domain::ExerciseGrade>>> readGrades(const nlohmann::json& body) {
  using Out = std::optional<std::vector<domain::ExerciseGrade>>;
  if (!body.contains("grades") || body["grades"].is_null()) return Out();
  const auto& arr = body["grades"];
  if (!arr.is_array() || arr.size() > 50)
    return fieldError("grades", "grades must be an array (at most 50).");
  std::vector<domain::ExerciseGrade> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string at = "grades[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return fieldError(at, at + " must be an object.");
    BodyReader g(arr[i]);
    if (auto st = g.onlyFields({"exercise", "grade", "comment"}); !st) return nested(st.error(), at);
    auto exercise = g.requiredStr("exercise", 200);
    if (!exercise) return nested(exercise.error(), at);
    auto grade = g.integer("grade", 1, 5);
    if (!grade) return nested(grade.error(), at);
    if (!*grade) return fieldError(at + ".grade", at + ".grade is required (1–5).");
    auto comment = g.str("comment", 2000);
    if (!comment) return nested(comment.error(), at);
    out.push_back({*exercise, **grade, *comment});
  }
  return Out(std::move(out));
}

Result<domain::TrainingLesson> readLesson(const nlohmann::json& j, const std::string& at) {
  if (!j.is_object()) return fieldError(at, at + " must be an object.");
  BodyReader in(j);
  if (auto st = in.onlyFields({"code", "title", "kind", "planned_dual_min", "planned_solo_min", "exercises"});
      !st)
    return nested(st.error(), at);
  domain::TrainingLesson l;
  auto code = in.requiredStr("code", 20);
  if (!code) return nested(code.error(), at);
  auto title = in.requiredStr("title", 200);
  if (!title) return nested(title.error(), at);
  auto kind = in.str("kind", 20);
  if (!kind) return nested(kind.error(), at);
  auto dual = minutesField(in, "planned_dual_min");
  if (!dual) return nested(dual.error(), at);
  auto solo = minutesField(in, "planned_solo_min");
  if (!solo) return nested(solo.error(), at);
  auto exercises = in.strings("exercises", 50);
  if (!exercises) return nested(exercises.error(), at);
  l.code = *code;
  l.title = *title;
  l.kind = kind->value_or("flight");
  l.planned_dual_min = *dual;
  l.planned_solo_min = *solo;
  l.exercises = exercises->value_or(std::vector<std::string>{});
  return l;
}

Result<domain::TrainingProgram> readProgram(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"code", "name", "regime", "description", "minimums", "lessons"}); !st)
    return st.error();
  domain::TrainingProgram p;
  auto code = in.requiredStr("code", 40);
  if (!code) return code.error();
  auto name = in.requiredStr("name", 200);
  if (!name) return name.error();
  auto regime = in.requiredStr("regime", 10);
  if (!regime) return regime.error();
  auto description = in.str("description", 4000);
  if (!description) return description.error();
  p.code = *code;
  p.name = *name;
  p.regime = *regime;
  p.description = *description;
  if (body.contains("minimums") && !body["minimums"].is_null()) {
    if (!body["minimums"].is_object()) return fieldError("minimums", "minimums must be an object.");
    BodyReader m(body["minimums"]);
    if (auto st = m.onlyFields({"total_min", "dual_min", "solo_min", "solo_xc_min", "night_min", "sim_min"});
        !st)
      return nested(st.error(), "minimums");
    auto& mins = p.minimums;
    for (auto [field, slot] : {std::pair{"total_min", &mins.total},
                               {"dual_min", &mins.dual},
                               {"solo_min", &mins.solo},
                               {"solo_xc_min", &mins.solo_xc},
                               {"night_min", &mins.night},
                               {"sim_min", &mins.sim}}) {
      auto v = minutesField(m, field);
      if (!v) return nested(v.error(), "minimums");
      *slot = *v;
    }
  }
  if (body.contains("lessons") && !body["lessons"].is_null()) {
    const auto& arr = body["lessons"];
    if (!arr.is_array() || arr.size() > 200)
      return fieldError("lessons", "lessons must be an array (at most 200).");
    for (size_t i = 0; i < arr.size(); ++i) {
      auto l = readLesson(arr[i], "lessons[" + std::to_string(i) + "]");
      if (!l) return l.error();
      p.lessons.push_back(std::move(*l));
    }
  }
  return p;
}

Result<service::LessonRecordInput> readRecord(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"lesson_id", "flight_id", "session_date", "instructor_id", "minutes", "grades",
                               "result", "remarks"});
      !st)
    return st.error();
  service::LessonRecordInput r;
  auto lesson = in.requiredStr("lesson_id", 64);
  if (!lesson) return lesson.error();
  auto flight = in.str("flight_id", 64);
  if (!flight) return flight.error();
  auto date = in.str("session_date", 10);
  if (!date) return date.error();
  auto instructor = in.str("instructor_id", 64);
  if (!instructor) return instructor.error();
  auto result = in.requiredStr("result", 20);
  if (!result) return result.error();
  auto remarks = in.str("remarks", 4000);
  if (!remarks) return remarks.error();
  auto minutes = readMinutes(body);
  if (!minutes) return minutes.error();
  auto grades = readGrades(body);
  if (!grades) return grades.error();
  r.lesson_id = *lesson;
  r.flight_id = *flight;
  r.session_date = *date;
  r.instructor_id = *instructor;
  r.result = *result;
  r.remarks = *remarks;
  r.minutes = *minutes;
  r.grades = grades->value_or(std::vector<domain::ExerciseGrade>{});
  return r;
}

Result<service::CorrectionInput> readCorrection(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"result", "remarks", "instructor_id", "minutes", "grades"}); !st)
    return st.error();
  service::CorrectionInput c;
  auto result = in.str("result", 20);
  if (!result) return result.error();
  auto remarks = in.str("remarks", 4000);
  if (!remarks) return remarks.error();
  auto instructor = in.str("instructor_id", 64);
  if (!instructor) return instructor.error();
  auto minutes = readMinutes(body);
  if (!minutes) return minutes.error();
  auto grades = readGrades(body);
  if (!grades) return grades.error();
  c.result = *result;
  c.remarks = *remarks;
  c.instructor_id = *instructor;
  c.minutes = *minutes;
  c.grades = *grades;
  return c;
}
}  // namespace

void registerConsoleTraining(http::Router& router, const ConsoleDeps& deps) {
  const std::string base = "/api/v1/console/orgs/{org_id}/training";
  auto& t = deps.training;
  const auto read = Permission::kReadOperations;
  const auto write = Permission::kReviewFlight;

  router.add("GET", base + "/programs",
             consoleRoute(deps, true, read, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               return listResponse(service::Page<domain::TrainingProgram>{t.listPrograms(c.org_id), {}},
                                   domain::renderTrainingProgram);
             }));
  router.add("POST", base + "/programs",
             consoleRoute(deps, true, write, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(program, readProgram(body));
               GAF_TRY(created, t.createProgram(c.org_id, program, c.actor));
               return objectResponse(201, created, domain::renderTrainingProgram);
             }));
  router.add("GET", base + "/programs/{program_id}",
             consoleRoute(deps, true, read, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               GAF_TRY(program, t.getProgram(c.org_id, ctx.param("program_id")));
               return objectResponse(200, program, domain::renderTrainingProgram);
             }));

  router.add("GET", base + "/enrollments",
             consoleRoute(deps, true, read, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, progressListOptions(ctx.req, StatusFilter::kAccepted));
               GAF_TRY(page, t.listProgress(c.org_id, opt));
               return listResponse(page, domain::renderEnrollmentRow);
             }));
  router.add(
      "POST", base + "/enrollments", consoleRoute(deps, true, write, [&t](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        BodyReader in(body);
        GAF_CHECK(in.onlyFields({"student_id", "program_id", "primary_instructor_id", "started_on"}));
        GAF_TRY(student, in.requiredStr("student_id", 64));
        GAF_TRY(program, in.requiredStr("program_id", 64));
        GAF_TRY(instructor, in.str("primary_instructor_id", 64));
        GAF_TRY(started, in.str("started_on", 10));
        GAF_TRY(created, t.createEnrollment(c.org_id, {student, program, instructor, started}, c.actor));
        return objectResponse(201, created, domain::renderEnrollment);
      }));
  router.add("PATCH", base + "/enrollments/{enrollment_id}",
             consoleRoute(deps, true, write, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"status"}));
               GAF_TRY(status, in.requiredStr("status", 20));
               GAF_TRY(e, t.setEnrollmentStatus(c.org_id, ctx.param("enrollment_id"), status, c.actor));
               return objectResponse(200, e, domain::renderEnrollment);
             }));
  router.add("GET", base + "/enrollments/{enrollment_id}",
             consoleRoute(deps, true, read, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               GAF_TRY(detail, t.enrollmentDetail(c.org_id, ctx.param("enrollment_id")));
               return objectResponse(200, detail, domain::renderEnrollmentDetail);
             }));
  router.add("POST", base + "/enrollments/{enrollment_id}/lesson-records",
             consoleRoute(deps, true, write, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(in, readRecord(body));
               GAF_TRY(record, t.createLessonRecord(c.org_id, ctx.param("enrollment_id"), in, c.actor));
               return objectResponse(201, record, domain::renderLessonRecord);
             }));
  router.add("POST", base + "/lesson-records/{record_id}/sign",
             consoleRoute(deps, true, write, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"instructor_id"}));
               GAF_TRY(instructor, in.str("instructor_id", 64));
               GAF_TRY(s, t.signLessonRecord(c.org_id, ctx.param("record_id"), instructor, c.actor));
               return objectResponse(201, s, domain::renderSignoff);
             }));
  router.add("POST", base + "/lesson-records/{record_id}/correct",
             consoleRoute(deps, true, write, [&t](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(in, readCorrection(body));
               GAF_TRY(s, t.correctLessonRecord(c.org_id, ctx.param("record_id"), in, c.actor));
               return objectResponse(201, s, domain::renderSignoff);
             }));
}

}  // namespace gaflight::api
