#include "domain/training.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/entities.hpp"

namespace gaflight::domain {

const std::vector<std::string>& trainingRegimes() {
  static const std::vector<std::string> k = {"easa", "faa"};
  return k;
}
const std::vector<std::string>& lessonKinds() {
  static const std::vector<std::string> k = {"ground", "flight", "simulator", "stage_check"};
  return k;
}
const std::vector<std::string>& enrollmentStatuses() {
  static const std::vector<std::string> k = {"active", "on_hold", "completed", "withdrawn"};
  return k;
}
const std::vector<std::string>& lessonResults() {
  static const std::vector<std::string> k = {"satisfactory", "unsatisfactory", "incomplete"};
  return k;
}

namespace {
constexpr int64_t kMaxMinutes = 100'000;  // ≈ 1,666 h: far beyond any programme

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::optional<TrainingProblem> checkMinutes(const char* field, int64_t v) {
  if (v < 0 || v > kMaxMinutes)
    return TrainingProblem{field, std::string(field) + " must be between 0 and 100000 minutes."};
  return std::nullopt;
}

std::optional<TrainingProblem> prefixed(std::optional<TrainingProblem> p, const std::string& prefix) {
  if (p) p->field = prefix + p->field;
  return p;
}
}  // namespace

std::optional<TrainingProblem> validateLesson(const TrainingLesson& l) {
  if (blank(l.code) || l.code.size() > 20)
    return TrainingProblem{"code", "code is required (at most 20 characters)."};
  if (blank(l.title) || l.title.size() > 200)
    return TrainingProblem{"title", "title is required (at most 200 characters)."};
  if (!isOneOf(lessonKinds(), l.kind))
    return TrainingProblem{"kind", "kind must be one of ground, flight, simulator, stage_check."};
  if (auto p = checkMinutes("planned_dual_min", l.planned_dual_min)) return p;
  if (auto p = checkMinutes("planned_solo_min", l.planned_solo_min)) return p;
  if (l.exercises.size() > 50) return TrainingProblem{"exercises", "at most 50 exercises per lesson."};
  for (const auto& e : l.exercises) {
    if (blank(e) || e.size() > 200)
      return TrainingProblem{"exercises", "each exercise is a non-empty text of at most 200 characters."};
  }
  return std::nullopt;
}

std::optional<TrainingProblem> validateProgram(const TrainingProgram& p) {
  if (blank(p.code) || p.code.size() > 40)
    return TrainingProblem{"code", "code is required (at most 40 characters)."};
  if (blank(p.name) || p.name.size() > 200)
    return TrainingProblem{"name", "name is required (at most 200 characters)."};
  if (!isOneOf(trainingRegimes(), p.regime)) return TrainingProblem{"regime", "regime must be easa or faa."};
  const auto& m = p.minimums;
  for (auto [field, v] : {std::pair{"minimums.total_min", m.total},
                          {"minimums.dual_min", m.dual},
                          {"minimums.solo_min", m.solo},
                          {"minimums.solo_xc_min", m.solo_xc},
                          {"minimums.night_min", m.night},
                          {"minimums.sim_min", m.sim}}) {
    if (auto problem = checkMinutes(field, v)) return problem;
  }
  if (m.solo_xc > m.solo)
    return TrainingProblem{"minimums.solo_xc_min", "solo cross-country time is part of solo time."};
  if (p.lessons.size() > 200) return TrainingProblem{"lessons", "at most 200 lessons per programme."};
  std::set<std::string> codes;
  for (size_t i = 0; i < p.lessons.size(); ++i) {
    const std::string at = "lessons[" + std::to_string(i) + "].";
    if (auto problem = prefixed(validateLesson(p.lessons[i]), at)) return problem;
    if (!codes.insert(p.lessons[i].code).second)
      return TrainingProblem{at + "code", "lesson codes are unique within a programme."};
  }
  return std::nullopt;
}

std::optional<TrainingProblem> validateLessonRecord(const LessonRecord& r) {
  if (!timefmt::isValidDate(r.session_date))
    return TrainingProblem{"session_date", "session_date must be a YYYY-MM-DD date."};
  if (!isOneOf(lessonResults(), r.result))
    return TrainingProblem{"result", "result must be satisfactory, unsatisfactory or incomplete."};
  const auto& m = r.minutes;
  for (auto [field, v] : {std::pair{"minutes.ground_min", m.ground},
                          {"minutes.dual_min", m.dual},
                          {"minutes.solo_min", m.solo},
                          {"minutes.solo_xc_min", m.solo_xc},
                          {"minutes.night_min", m.night},
                          {"minutes.sim_min", m.sim}}) {
    if (auto problem = checkMinutes(field, v)) return problem;
  }
  if (m.solo_xc > m.solo)
    return TrainingProblem{"minutes.solo_xc_min", "solo cross-country time is part of solo time."};
  if (m.night > m.dual + m.solo)
    return TrainingProblem{"minutes.night_min", "night time is part of dual or solo time."};
  if (r.grades.size() > 50) return TrainingProblem{"grades", "at most 50 graded exercises."};
  for (size_t i = 0; i < r.grades.size(); ++i) {
    const auto& g = r.grades[i];
    const std::string at = "grades[" + std::to_string(i) + "].";
    if (blank(g.exercise) || g.exercise.size() > 200)
      return TrainingProblem{at + "exercise", "exercise is required (at most 200 characters)."};
    if (g.grade < 1 || g.grade > 5) return TrainingProblem{at + "grade", "grade must be between 1 and 5."};
    if (g.comment && g.comment->size() > 2000)
      return TrainingProblem{at + "comment", "comment is at most 2000 characters."};
  }
  if (r.remarks && r.remarks->size() > 4000)
    return TrainingProblem{"remarks", "remarks are at most 4000 characters."};
  return std::nullopt;
}

bool enrollmentTransitionAllowed(std::string_view from, std::string_view to) {
  if (from == "active") return to == "on_hold" || to == "completed" || to == "withdrawn";
  if (from == "on_hold") return to == "active" || to == "withdrawn";
  return false;
}

LessonMinutes minutesFromFlight(const FlightFacts& f, std::string_view lesson_kind) {
  LessonMinutes m;
  if (lesson_kind == "simulator") {
    m.sim = f.block_min;
    return m;
  }
  if (f.has_instructor) {
    m.dual = f.block_min;
  } else {
    m.solo = f.block_min;
    if (f.departure_icao != f.arrival_icao) m.solo_xc = f.block_min;
  }
  m.night = std::min(f.night_min, f.block_min);
  return m;
}

TrainingProgress computeProgress(const TrainingProgram& program, const std::vector<TrainingLesson>& lessons,
                                 const std::vector<LessonRecord>& records,
                                 const std::vector<Signoff>& signoffs) {
  TrainingProgress out;
  out.program_code = program.code;
  out.lessons_total = static_cast<int64_t>(lessons.size());

  // Latest live signoff per lesson; records replaced by a correction.
  std::map<std::string, const Signoff*> latest;
  std::set<std::string> replaced_records;
  for (const auto& s : signoffs) {
    if (s.superseded_by_id) {
      replaced_records.insert(s.lesson_record_id);
      continue;
    }
    auto& slot = latest[s.lesson_id];
    if (!slot || std::tie(s.signed_at, s.id) > std::tie(slot->signed_at, slot->id)) slot = &s;
  }
  std::set<std::string> completed;
  for (const auto& [lesson_id, s] : latest) {
    if (s->result == "satisfactory") completed.insert(lesson_id);
  }
  for (const auto& l : lessons) {
    if (completed.count(l.id)) {
      ++out.lessons_completed;
      out.completed_lesson_ids.push_back(l.id);
    }
  }
  std::vector<const TrainingLesson*> ordered;
  ordered.reserve(lessons.size());
  for (const auto& l : lessons) ordered.push_back(&l);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* a, const auto* b) { return a->position < b->position; });
  for (const auto* l : ordered) {
    if (!completed.count(l->id)) {
      out.next_lesson = LessonRef{l->id, l->code, l->title};
      break;
    }
  }

  for (const auto& r : records) {
    if (replaced_records.count(r.id)) continue;
    out.dual.logged += r.minutes.dual;
    out.solo.logged += r.minutes.solo;
    out.solo_xc.logged += r.minutes.solo_xc;
    out.night.logged += r.minutes.night;
    out.sim.logged += r.minutes.sim;
  }
  out.total.logged = out.dual.logged + out.solo.logged + out.sim.logged;
  const auto& m = program.minimums;
  out.total.required = m.total;
  out.dual.required = m.dual;
  out.solo.required = m.solo;
  out.solo_xc.required = m.solo_xc;
  out.night.required = m.night;
  out.sim.required = m.sim;
  return out;
}

std::string signoffCanonical(const Signoff& s) {
  nlohmann::json j;  // std::map-backed: dump() sorts keys
  j["v"] = 1;
  j["org_id"] = s.org_id;
  j["signoff_id"] = s.id;
  j["lesson_record_id"] = s.lesson_record_id;
  j["enrollment_id"] = s.enrollment_id;
  j["student_id"] = s.student_id;
  j["program_id"] = s.program_id;
  j["lesson_id"] = s.lesson_id;
  j["lesson_code"] = s.lesson_code;
  j["result"] = s.result;
  j["session_date"] = s.session_date;
  j["signed_at"] = s.signed_at;
  j["instructor_id"] = s.instructor_id;
  j["signer_name"] = s.signer_name;
  j["certificate_number"] = s.certificate_number;
  j["key_id"] = s.key_id;
  j["supersedes_id"] = s.supersedes_id ? nlohmann::json(*s.supersedes_id) : nlohmann::json(nullptr);
  return j.dump();
}

std::string signCanonical(std::string_view seed32, std::string_view canonical) {
  return crypto::base64Encode(crypto::ed25519Sign(seed32, canonical));
}

bool verifyCanonical(std::string_view public_key_b64, std::string_view canonical,
                     std::string_view signature_b64) {
  auto pub = crypto::base64Decode(public_key_b64);
  auto sig = crypto::base64Decode(signature_b64);
  if (!pub || !sig || pub->size() != 32 || sig->size() != 64) return false;
  return crypto::ed25519Verify(*pub, canonical, *sig);
}

}  // namespace gaflight::domain
