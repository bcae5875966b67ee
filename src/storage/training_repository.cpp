#include "storage/training_repository.hpp"

#include <nlohmann/json.hpp>

#include "storage/json_columns.hpp"

namespace gaflight::storage {

namespace {
template <typename T, typename FromRow>
std::vector<T> rows(Connection& c, const std::string& sql, const Params& params, FromRow fromRow) {
  std::vector<T> out;
  c.run(sql, params, [&](const RowView& r) { out.push_back(fromRow(r)); });
  return out;
}

template <typename T>
std::optional<T> first(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

constexpr const char* kProgramCols =
    "p.id, p.org_id, p.code, p.name, p.regime, p.description, p.min_total_min, p.min_dual_min, "
    "p.min_solo_min, "
    "p.min_solo_xc_min, p.min_night_min, p.min_sim_min, p.created_at, p.updated_at, "
    "(SELECT count(*) FROM training_lessons l WHERE l.program_id = p.id)";

domain::TrainingProgram programFromRow(const RowView& r) {
  domain::TrainingProgram p;
  p.id = r.str(0);
  p.org_id = r.str(1);
  p.code = r.str(2);
  p.name = r.str(3);
  p.regime = r.str(4);
  p.description = r.optStr(5);
  p.minimums = {r.integer(6), r.integer(7), r.integer(8), r.integer(9), r.integer(10), r.integer(11)};
  p.created_at = r.str(12);
  p.updated_at = r.str(13);
  p.lesson_count = r.integer(14);
  return p;
}

constexpr const char* kLessonCols =
    "id, org_id, program_id, position, code, title, kind, planned_dual_min, planned_solo_min, exercises, "
    "created_at, updated_at";

domain::TrainingLesson lessonFromRow(const RowView& r) {
  domain::TrainingLesson l;
  l.id = r.str(0);
  l.org_id = r.str(1);
  l.program_id = r.str(2);
  l.position = r.integer(3);
  l.code = r.str(4);
  l.title = r.str(5);
  l.kind = r.str(6);
  l.planned_dual_min = r.integer(7);
  l.planned_solo_min = r.integer(8);
  l.exercises = parseStringArray(r.text(9));
  l.created_at = r.str(10);
  l.updated_at = r.str(11);
  return l;
}

constexpr const char* kEnrollmentCols =
    "e.id, e.org_id, e.student_id, e.program_id, e.status, e.primary_instructor_id, e.started_on, "
    "e.completed_on, e.created_at, e.updated_at, pl.first_name || ' ' || pl.last_name, p.code, p.name "
    "FROM enrollments e JOIN pilots pl ON pl.id = e.student_id JOIN training_programs p ON p.id = "
    "e.program_id";

domain::Enrollment enrollmentFromRow(const RowView& r) {
  domain::Enrollment e;
  e.id = r.str(0);
  e.org_id = r.str(1);
  e.student_id = r.str(2);
  e.program_id = r.str(3);
  e.status = r.str(4);
  e.primary_instructor_id = r.optStr(5);
  e.started_on = r.str(6);
  e.completed_on = r.optStr(7);
  e.created_at = r.str(8);
  e.updated_at = r.str(9);
  e.student_name = r.str(10);
  e.program_code = r.str(11);
  e.program_name = r.str(12);
  return e;
}

constexpr const char* kRecordCols =
    "id, org_id, enrollment_id, lesson_id, flight_id, session_date, instructor_id, ground_min, dual_min, "
    "solo_min, solo_xc_min, night_min, sim_min, grades, result, remarks, created_by, created_at, updated_at";

std::vector<domain::ExerciseGrade> parseGrades(std::string_view text) {
  std::vector<domain::ExerciseGrade> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& g : j) {
    if (!g.is_object()) continue;
    domain::ExerciseGrade e;
    e.exercise = g.value("exercise", "");
    e.grade = g.value("grade", int64_t{0});
    if (g.contains("comment") && g["comment"].is_string()) e.comment = g["comment"].get<std::string>();
    out.push_back(std::move(e));
  }
  return out;
}

std::string gradesJson(const std::vector<domain::ExerciseGrade>& grades) {
  auto j = nlohmann::json::array();
  for (const auto& g : grades) {
    j.push_back({{"exercise", g.exercise},
                 {"grade", g.grade},
                 {"comment", g.comment ? nlohmann::json(*g.comment) : nlohmann::json(nullptr)}});
  }
  return j.dump();
}

domain::LessonRecord recordFromRow(const RowView& r) {
  domain::LessonRecord x;
  x.id = r.str(0);
  x.org_id = r.str(1);
  x.enrollment_id = r.str(2);
  x.lesson_id = r.str(3);
  x.flight_id = r.optStr(4);
  x.session_date = r.str(5);
  x.instructor_id = r.optStr(6);
  x.minutes = {r.integer(7), r.integer(8), r.integer(9), r.integer(10), r.integer(11), r.integer(12)};
  x.grades = parseGrades(r.text(13));
  x.result = r.str(14);
  x.remarks = r.optStr(15);
  x.created_by = r.optStr(16);
  x.created_at = r.str(17);
  x.updated_at = r.str(18);
  return x;
}

constexpr const char* kSignoffCols =
    "s.id, s.org_id, s.lesson_record_id, s.enrollment_id, s.student_id, s.program_id, s.lesson_id, "
    "s.instructor_id, s.result, s.signed_on, s.signed_at, s.signer_name, s.certificate_number, s.key_id, "
    "s.canonical, s.signature, s.supersedes_id, s.superseded_by_id, s.created_at, s.updated_at, l.code, "
    "l.title, "
    "r.session_date FROM signoffs s JOIN training_lessons l ON l.id = s.lesson_id "
    "JOIN lesson_records r ON r.id = s.lesson_record_id";

domain::Signoff signoffFromRow(const RowView& r) {
  domain::Signoff s;
  s.id = r.str(0);
  s.org_id = r.str(1);
  s.lesson_record_id = r.str(2);
  s.enrollment_id = r.str(3);
  s.student_id = r.str(4);
  s.program_id = r.str(5);
  s.lesson_id = r.str(6);
  s.instructor_id = r.str(7);
  s.result = r.str(8);
  s.signed_on = r.str(9);
  s.signed_at = r.str(10);
  s.signer_name = r.str(11);
  s.certificate_number = r.str(12);
  s.key_id = r.str(13);
  s.canonical = r.str(14);
  s.signature = r.str(15);
  s.supersedes_id = r.optStr(16);
  s.superseded_by_id = r.optStr(17);
  s.created_at = r.str(18);
  s.updated_at = r.str(19);
  s.lesson_code = r.str(20);
  s.lesson_title = r.str(21);
  s.session_date = r.str(22);
  return s;
}

constexpr const char* kKeyCols = "id, org_id, public_key, private_key_sealed, created_at, retired_at";

SigningKey keyFromRow(const RowView& r) {
  return {r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.optStr(5)};
}
}  // namespace

std::vector<domain::TrainingProgram> TrainingRepository::listPrograms(const std::string& org) {
  static const std::string kSql = std::string("SELECT ") + kProgramCols +
                                  " FROM training_programs p WHERE p.org_id = ?1 AND p.deleted_at IS NULL "
                                  "ORDER BY p.code";
  return rows<domain::TrainingProgram>(c_, kSql, {org}, programFromRow);
}

std::optional<domain::TrainingProgram> TrainingRepository::findProgram(const std::string& org,
                                                                       const std::string& id) {
  static const std::string kSql = std::string("SELECT ") + kProgramCols +
                                  " FROM training_programs p WHERE p.org_id = ?1 AND p.id = ?2 AND "
                                  "p.deleted_at IS NULL";
  return first(rows<domain::TrainingProgram>(c_, kSql, {org, id}, programFromRow));
}

bool TrainingRepository::programCodeTaken(const std::string& org, const std::string& code) {
  return c_.scalarInt("SELECT count(*) FROM training_programs WHERE org_id = ?1 AND code = ?2", {org, code})
             .value_or(0) > 0;
}

void TrainingRepository::insertProgram(const domain::TrainingProgram& p) {
  const auto& m = p.minimums;
  c_.run(
      "INSERT INTO training_programs(id, org_id, code, name, regime, description, min_total_min, "
      "min_dual_min, "
      "min_solo_min, min_solo_xc_min, min_night_min, min_sim_min, created_at, updated_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
      {p.id, p.org_id, p.code, p.name, p.regime, optText(p.description), m.total, m.dual, m.solo, m.solo_xc,
       m.night, m.sim, p.created_at, p.updated_at});
}

std::vector<domain::TrainingLesson> TrainingRepository::lessonsOf(const std::string& org,
                                                                  const std::string& program_id) {
  static const std::string kSql = std::string("SELECT ") + kLessonCols +
                                  " FROM training_lessons WHERE org_id = ?1 AND program_id = ?2 "
                                  "ORDER BY position, id";
  return rows<domain::TrainingLesson>(c_, kSql, {org, program_id}, lessonFromRow);
}

std::optional<domain::TrainingLesson> TrainingRepository::findLesson(const std::string& org,
                                                                     const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kLessonCols + " FROM training_lessons WHERE org_id = ?1 AND id = ?2";
  return first(rows<domain::TrainingLesson>(c_, kSql, {org, id}, lessonFromRow));
}

void TrainingRepository::insertLesson(const domain::TrainingLesson& l) {
  c_.run(std::string("INSERT INTO training_lessons(") + kLessonCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
         {l.id, l.org_id, l.program_id, l.position, l.code, l.title, l.kind, l.planned_dual_min,
          l.planned_solo_min, nlohmann::json(l.exercises).dump(), l.created_at, l.updated_at});
}

std::vector<domain::Enrollment> TrainingRepository::listEnrollments(const std::string& org,
                                                                    const Keyset& page,
                                                                    const EnrollmentFilter& f) {
  // Only the filters present become predicates (each shape is prepared once).
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order, "e.") + kEnrollmentCols + " WHERE e.org_id = ?1";
  Params params{org};
  if (!page.after.empty() && !f.updated_since) addPredicate(sql, params, "e.id >", page.after[0]);
  addPredicate(sql, params, "e.student_id =", f.student_id);
  addPredicate(sql, params, "e.program_id =", f.program_id);
  addPredicate(sql, params, "e.status =", f.status);
  if (f.updated_since) {
    appendChangeOrder(sql, params, "e.", *f.updated_since, page);
  } else {
    params.emplace_back(int64_t{page.limit + 1});
    sql += " ORDER BY e.id LIMIT ?" + std::to_string(params.size());
  }
  return rows<domain::Enrollment>(c_, sql, params, [order](const RowView& r) {
    return readListRow<domain::Enrollment>(r, order, enrollmentFromRow);
  });
}

std::optional<domain::Enrollment> TrainingRepository::findEnrollment(const std::string& org,
                                                                     const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kEnrollmentCols + " WHERE e.org_id = ?1 AND e.id = ?2";
  return first(rows<domain::Enrollment>(c_, kSql, {org, id}, enrollmentFromRow));
}

void TrainingRepository::insertEnrollment(const domain::Enrollment& e) {
  c_.run(
      "INSERT INTO enrollments(id, org_id, student_id, program_id, status, primary_instructor_id, "
      "started_on, "
      "completed_on, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
      {e.id, e.org_id, e.student_id, e.program_id, e.status, optText(e.primary_instructor_id), e.started_on,
       optText(e.completed_on), e.created_at, e.updated_at});
}

bool TrainingRepository::setEnrollmentStatus(const std::string& org, const std::string& id,
                                             const std::string& from, const std::string& to,
                                             const std::optional<std::string>& completed_on,
                                             const std::string& at) {
  return c_.run(
             "UPDATE enrollments SET status = ?4, completed_on = ?5, "
             "updated_at = CASE WHEN updated_at > ?6 THEN updated_at ELSE ?6 END "
             "WHERE org_id = ?1 AND id = ?2 AND status = ?3",
             {org, id, from, to, optText(completed_on), at}) == 1;
}

void TrainingRepository::touchEnrollment(const std::string& org, const std::string& id,
                                         const std::string& at) {
  c_.run("UPDATE enrollments SET updated_at = ?3 WHERE org_id = ?1 AND id = ?2 AND updated_at < ?3",
         {org, id, at});
}

std::vector<domain::LessonRecord> TrainingRepository::recordsOfEnrollment(const std::string& org,
                                                                          const std::string& enrollment_id) {
  static const std::string kSql = std::string("SELECT ") + kRecordCols +
                                  " FROM lesson_records WHERE org_id = ?1 AND enrollment_id = ?2 "
                                  "ORDER BY session_date, id";
  return rows<domain::LessonRecord>(c_, kSql, {org, enrollment_id}, recordFromRow);
}

std::optional<domain::LessonRecord> TrainingRepository::findRecord(const std::string& org,
                                                                   const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kRecordCols + " FROM lesson_records WHERE org_id = ?1 AND id = ?2";
  return first(rows<domain::LessonRecord>(c_, kSql, {org, id}, recordFromRow));
}

void TrainingRepository::insertRecord(const domain::LessonRecord& r) {
  const auto& m = r.minutes;
  c_.run(std::string("INSERT INTO lesson_records(") + kRecordCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)",
         {r.id, r.org_id, r.enrollment_id, r.lesson_id, optText(r.flight_id), r.session_date,
          optText(r.instructor_id), m.ground, m.dual, m.solo, m.solo_xc, m.night, m.sim, gradesJson(r.grades),
          r.result, optText(r.remarks), optText(r.created_by), r.created_at, r.updated_at});
}

std::vector<domain::Signoff> TrainingRepository::signoffsOfEnrollment(const std::string& org,
                                                                      const std::string& enrollment_id) {
  static const std::string kSql = std::string("SELECT ") + kSignoffCols +
                                  " WHERE s.org_id = ?1 AND s.enrollment_id = ?2 ORDER BY s.signed_at, s.id";
  return rows<domain::Signoff>(c_, kSql, {org, enrollment_id}, signoffFromRow);
}

std::optional<domain::Signoff> TrainingRepository::findSignoff(const std::string& org,
                                                               const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kSignoffCols + " WHERE s.org_id = ?1 AND s.id = ?2";
  return first(rows<domain::Signoff>(c_, kSql, {org, id}, signoffFromRow));
}

std::vector<domain::Signoff> TrainingRepository::signoffsOfRecord(const std::string& org,
                                                                  const std::string& record_id) {
  static const std::string kSql =
      std::string("SELECT ") + kSignoffCols +
      " WHERE s.org_id = ?1 AND s.lesson_record_id = ?2 ORDER BY s.signed_at, s.id";
  return rows<domain::Signoff>(c_, kSql, {org, record_id}, signoffFromRow);
}

std::vector<domain::Signoff> TrainingRepository::listSignoffs(const std::string& org, const Keyset& page,
                                                              const SignoffFilter& f) {
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order, "s.") + kSignoffCols + " WHERE s.org_id = ?1";
  Params params{org};
  if (page.after.size() == 2 && !f.updated_since) {
    params.push_back(page.after[0]);
    params.push_back(page.after[1]);
    sql += " AND (s.signed_on, s.id) > (?2, ?3)";
  }
  addPredicate(sql, params, "s.student_id =", f.student_id);
  addPredicate(sql, params, "s.program_id =", f.program_id);
  addPredicate(sql, params, "s.signed_on >=", f.from);
  addPredicate(sql, params, "s.signed_on <=", f.to);
  if (f.updated_since) {
    appendChangeOrder(sql, params, "s.", *f.updated_since, page);
  } else {
    params.emplace_back(int64_t{page.limit + 1});
    sql += " ORDER BY s.signed_on, s.id LIMIT ?" + std::to_string(params.size());
  }
  return rows<domain::Signoff>(c_, sql, params, [order](const RowView& r) {
    return readListRow<domain::Signoff>(r, order, signoffFromRow);
  });
}

void TrainingRepository::insertSignoff(const domain::Signoff& s) {
  c_.run(
      "INSERT INTO signoffs(id, org_id, lesson_record_id, enrollment_id, student_id, program_id, lesson_id, "
      "instructor_id, result, signed_on, signed_at, signer_name, certificate_number, key_id, canonical, "
      "signature, "
      "supersedes_id, superseded_by_id, created_at, updated_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
      {s.id,
       s.org_id,
       s.lesson_record_id,
       s.enrollment_id,
       s.student_id,
       s.program_id,
       s.lesson_id,
       s.instructor_id,
       s.result,
       s.signed_on,
       s.signed_at,
       s.signer_name,
       s.certificate_number,
       s.key_id,
       s.canonical,
       s.signature,
       optText(s.supersedes_id),
       optText(s.superseded_by_id),
       s.created_at,
       s.updated_at});
}

bool TrainingRepository::markSuperseded(const std::string& org, const std::string& id, const std::string& by,
                                        const std::string& at) {
  return c_.run(
             "UPDATE signoffs SET superseded_by_id = ?3, updated_at = ?4 "
             "WHERE org_id = ?1 AND id = ?2 AND superseded_by_id IS NULL",
             {org, id, by, at}) == 1;
}

std::optional<SigningKey> TrainingRepository::activeKey(const std::string& org) {
  static const std::string kSql = std::string("SELECT ") + kKeyCols +
                                  " FROM org_signing_keys WHERE org_id = ?1 AND retired_at IS NULL "
                                  "ORDER BY created_at DESC, id DESC LIMIT 1";
  return first(rows<SigningKey>(c_, kSql, {org}, keyFromRow));
}

std::vector<SigningKey> TrainingRepository::keysOf(const std::string& org) {
  static const std::string kSql =
      std::string("SELECT ") + kKeyCols + " FROM org_signing_keys WHERE org_id = ?1 ORDER BY created_at, id";
  return rows<SigningKey>(c_, kSql, {org}, keyFromRow);
}

void TrainingRepository::insertKey(const SigningKey& k) {
  c_.run(std::string("INSERT INTO org_signing_keys(") + kKeyCols + ") VALUES (?1,?2,?3,?4,?5,?6)",
         {k.id, k.org_id, k.public_key, k.private_key_sealed, k.created_at, optText(k.retired_at)});
}

}  // namespace gaflight::storage
