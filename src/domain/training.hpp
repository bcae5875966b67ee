#pragma once
// Training rules (pure): programmes (syllabus) with lessons and minimums, enrolments and their status
// transitions, lesson records with graded exercises, signoffs and their canonical signed form, and a
// student's progress against the programme.
//
// Grade scale (each graded exercise, `grade` 1–5, the usual ATO five-point scale):
//   1 = not yet performed to standard (unsafe or needs demonstration again)
//   2 = performed below standard, with substantial instructor help
//   3 = performed to standard with some instructor guidance
//   4 = performed to standard without help (the level a signoff expects)
//   5 = performed above standard, consistently
//
// Minutes: dual, solo and sim are disjoint; solo_xc is part of solo and night part of dual or solo;
// ground is briefing time and counts toward no flight minimum. total = dual + solo + sim (both
// regimes credit some simulator time toward the total: FCL.210.A, 61.109(k)).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::domain {

struct TrainingMinimums {
  int64_t total = 0, dual = 0, solo = 0, solo_xc = 0, night = 0, sim = 0;  // minutes
};

struct TrainingLesson {
  std::string id, org_id, program_id;
  int64_t position = 0;
  std::string code, title;
  std::string kind = "flight";  // ground | flight | simulator | stage_check
  int64_t planned_dual_min = 0, planned_solo_min = 0;
  std::vector<std::string> exercises;
  std::string created_at, updated_at;
};

struct TrainingProgram {
  std::string id, org_id, code, name;
  std::string regime = "easa";  // easa | faa
  std::optional<std::string> description;
  TrainingMinimums minimums;
  std::string created_at, updated_at;
  // Filled for rendering (not columns).
  int64_t lesson_count = 0;
  std::vector<TrainingLesson> lessons;  // detail view only, ordered by position
};

struct Enrollment {
  std::string id, org_id, student_id, program_id;
  std::string status = "active";  // active | on_hold | completed | withdrawn
  std::optional<std::string> primary_instructor_id;
  std::string started_on;                   // YYYY-MM-DD
  std::optional<std::string> completed_on;  // YYYY-MM-DD, set when completed
  std::string created_at, updated_at;       // updated_at moves with every record or signoff too
  // Filled for rendering (not columns).
  std::string student_name, program_code, program_name;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

struct ExerciseGrade {
  std::string exercise;
  int64_t grade = 0;  // 1–5, see the scale above
  std::optional<std::string> comment;
};

struct LessonMinutes {
  int64_t ground = 0, dual = 0, solo = 0, solo_xc = 0, night = 0, sim = 0;
};

struct LessonRecord {
  std::string id, org_id, enrollment_id, lesson_id;
  std::optional<std::string> flight_id;
  std::string session_date;  // YYYY-MM-DD
  std::optional<std::string> instructor_id;
  LessonMinutes minutes;
  std::vector<ExerciseGrade> grades;
  std::string result = "incomplete";  // satisfactory | unsatisfactory | incomplete
  std::optional<std::string> remarks, created_by;
  std::string created_at, updated_at;
};

struct Signoff {
  std::string id, org_id, lesson_record_id, enrollment_id, student_id, program_id, lesson_id, instructor_id;
  std::string result, signed_on, signed_at, signer_name, certificate_number, key_id;
  std::string canonical, signature;  // the exact signed bytes; base64 of the raw Ed25519 signature
  std::optional<std::string> supersedes_id, superseded_by_id;
  std::string created_at, updated_at;
  // Filled for rendering (joined, not columns).
  std::string lesson_code, lesson_title, session_date;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

const std::vector<std::string>& trainingRegimes();
const std::vector<std::string>& lessonKinds();
const std::vector<std::string>& enrollmentStatuses();
const std::vector<std::string>& lessonResults();

// Validation as entered (422 field, detail); nullopt = valid.
struct TrainingProblem {
  std::string field, detail;
};
std::optional<TrainingProblem> validateProgram(const TrainingProgram& p);  // lessons included
std::optional<TrainingProblem> validateLesson(const TrainingLesson& l);
std::optional<TrainingProblem> validateLessonRecord(const LessonRecord& r);

// active → on_hold | completed | withdrawn; on_hold → active | withdrawn; completed and withdrawn are final.
bool enrollmentTransitionAllowed(std::string_view from, std::string_view to);

// Minutes a flight gives a lesson record: dual when it had an instructor, solo otherwise; solo_xc
// when solo and departure ≠ arrival; night from the flight's night minutes. A simulator lesson logs
// the block time as sim instead.
struct FlightFacts {
  int64_t block_min = 0, night_min = 0;
  bool has_instructor = false;
  std::string departure_icao, arrival_icao;
};
LessonMinutes minutesFromFlight(const FlightFacts& f, std::string_view lesson_kind);

// Progress of one enrolment. A lesson counts as completed when its latest signoff that is not
// superseded is satisfactory (latest by signed_at, then id). Minutes are summed over the lesson
// records whose signoff has not been superseded (a correction replaces its record).
struct MinuteProgress {
  int64_t logged = 0, required = 0;
  int64_t remaining() const { return logged >= required ? 0 : required - logged; }
};
struct LessonRef {
  std::string id, code, title;
};
struct TrainingProgress {
  Enrollment enrollment;
  std::string program_code;
  int64_t lessons_completed = 0, lessons_total = 0;
  MinuteProgress total, dual, solo, solo_xc, night, sim;
  std::optional<LessonRef> next_lesson;
  std::vector<std::string> completed_lesson_ids;
};
TrainingProgress computeProgress(const TrainingProgram& program, const std::vector<TrainingLesson>& lessons,
                                 const std::vector<LessonRecord>& records,
                                 const std::vector<Signoff>& signoffs);

// The canonical signed form of a signoff (docs: signoffs.canonical): nlohmann json::dump() (compact,
// keys sorted) of exactly {v: 1, org_id, signoff_id, lesson_record_id, enrollment_id, student_id,
// program_id, lesson_id, lesson_code, result, session_date, signed_at, instructor_id, signer_name,
// certificate_number, key_id, supersedes_id (string or null)}.
// lesson_code and session_date come from the signoff's joined fields.
std::string signoffCanonical(const Signoff& s);
// Base64 of the raw Ed25519 signature of `canonical` under the 32-byte seed.
std::string signCanonical(std::string_view seed32, std::string_view canonical);
// Checks a base64 signature against the base64 raw public key.
bool verifyCanonical(std::string_view public_key_b64, std::string_view canonical,
                     std::string_view signature_b64);

}  // namespace gaflight::domain

namespace gaflight::domain {

// The console's view of one enrolment: its progress and every lesson with its records and signoffs.
struct LessonHistory {
  TrainingLesson lesson;
  bool completed = false;
  std::vector<LessonRecord> records;  // by session_date, id
  std::vector<Signoff> signoffs;      // by signed_at, id
};
struct EnrollmentDetail {
  TrainingProgress progress;
  TrainingProgram program;
  std::vector<LessonHistory> lessons;  // by position
};

}  // namespace gaflight::domain
