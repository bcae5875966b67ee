#include "service/training_service.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "domain/entities.hpp"
#include "domain/training_syllabi.hpp"
#include "service/audit.hpp"
#include "service/paging.hpp"
#include "storage/operations_repository.hpp"

namespace gaflight::service {

namespace {
Error notFound(std::string_view what) {
  return makeError(ErrorCode::kNotFound, "No such " + std::string(what) + ".");
}
Error invalid(std::string field, std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), std::move(field));
}
Error conflict(std::string detail) { return makeError(ErrorCode::kConflict, std::move(detail)); }

int64_t unixMs(const std::string& instant) { return timefmt::parseInstant(instant).value_or(0) * 1000; }

// The organisation's active signing key, created (and sealed) on first use.
struct OrgKey {
  std::string id, seed;
};

std::string keyAad(const std::string& org, const std::string& key_id) { return org + "/" + key_id; }

OrgKey orgKey(storage::Connection& conn, const std::string& seal_key, const std::string& org,
              const std::string& at) {
  storage::TrainingRepository repo(conn);
  if (auto k = repo.activeKey(org)) {
    auto sealed = crypto::base64Decode(k->private_key_sealed);
    auto seed = sealed ? crypto::aesGcmDecrypt(seal_key, *sealed, keyAad(org, k->id)) : std::nullopt;
    // Only a changed master key gets here: signing must stop rather than mint a second active key.
    if (!seed) throw std::runtime_error("the organisation's signing key cannot be unsealed");
    return {k->id, *seed};
  }
  storage::SigningKey k;
  k.id = ids::prefixed("osk_", unixMs(at));
  k.org_id = org;
  std::string seed = crypto::randomBytes(32);
  k.public_key = crypto::base64Encode(crypto::ed25519PublicKey(seed));
  k.private_key_sealed = crypto::base64Encode(crypto::aesGcmEncrypt(seal_key, seed, keyAad(org, k.id)));
  k.created_at = at;
  repo.insertKey(k);
  return {k.id, seed};
}

bool blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t") == std::string::npos;
}

// The pilot who signs: an instructor of the organisation with a licence (certificate) number.
Result<domain::Pilot> signerPilot(storage::Connection& conn, const std::string& org,
                                  const std::optional<std::string>& instructor_id) {
  if (!instructor_id) return invalid("instructor_id", "instructor_id is required to sign.");
  auto p = storage::OperationsRepository(conn).findPilot(org, *instructor_id);
  if (!p) return invalid("instructor_id", "No such pilot.");
  if (!domain::isOneOf(p->roles, "instructor"))
    return invalid("instructor_id", "The signer must hold the instructor role.");
  if (p->status != "active") return invalid("instructor_id", "The signer must be an active pilot.");
  if (blank(p->licence_number))
    return invalid("instructor_id", "The instructor has no licence number to sign with.");
  return *p;
}

// Signs `record` for `signer` at `at` with the organisation's key and stores the signoff (and, for a
// correction, the supersession link). The one signing path: console and demo both come here.
domain::Signoff storeSignoff(storage::Connection& conn, const std::string& seal_key,
                             const domain::Enrollment& e, const domain::TrainingLesson& lesson,
                             const domain::LessonRecord& record, const domain::Pilot& signer,
                             const std::optional<std::string>& supersedes, const std::string& at) {
  storage::TrainingRepository repo(conn);
  auto key = orgKey(conn, seal_key, e.org_id, at);
  domain::Signoff s;
  s.id = ids::prefixed("so_", unixMs(at));
  s.org_id = e.org_id;
  s.lesson_record_id = record.id;
  s.enrollment_id = e.id;
  s.student_id = e.student_id;
  s.program_id = e.program_id;
  s.lesson_id = lesson.id;
  s.instructor_id = signer.id;
  s.result = record.result;
  s.signed_at = at;
  s.signed_on = at.substr(0, 10);
  s.signer_name = signer.first_name + " " + signer.last_name;
  s.certificate_number = signer.licence_number.value_or("");
  s.key_id = key.id;
  s.supersedes_id = supersedes;
  s.lesson_code = lesson.code;
  s.lesson_title = lesson.title;
  s.session_date = record.session_date;
  s.canonical = domain::signoffCanonical(s);
  s.signature = domain::signCanonical(key.seed, s.canonical);
  s.created_at = s.updated_at = at;
  repo.insertSignoff(s);
  if (supersedes && !repo.markSuperseded(e.org_id, *supersedes, s.id, at))
    throw std::logic_error("signoff already superseded");  // callers check first, inside the transaction
  repo.touchEnrollment(e.org_id, e.id, at);
  return s;
}

nlohmann::json signoffAudit(const domain::Signoff& s) {
  return {{"lesson_record_id", s.lesson_record_id},
          {"enrollment_id", s.enrollment_id},
          {"student_id", s.student_id},
          {"lesson_code", s.lesson_code},
          {"result", s.result},
          {"key_id", s.key_id},
          {"instructor_id", s.instructor_id},
          {"supersedes_id", s.supersedes_id.value_or("")}};
}

// Programmes and their lessons, read once per call.
class ProgramCache {
 public:
  explicit ProgramCache(storage::TrainingRepository& repo) : repo_(repo) {}
  const std::pair<domain::TrainingProgram, std::vector<domain::TrainingLesson>>* get(const std::string& org,
                                                                                     const std::string& id) {
    auto it = cache_.find(id);
    if (it == cache_.end()) {
      auto p = repo_.findProgram(org, id);
      if (!p) return nullptr;
      it = cache_.emplace(id, std::pair{*p, repo_.lessonsOf(org, id)}).first;
    }
    return &it->second;
  }

 private:
  storage::TrainingRepository& repo_;
  std::map<std::string, std::pair<domain::TrainingProgram, std::vector<domain::TrainingLesson>>> cache_;
};

domain::TrainingProgress progressOf(storage::TrainingRepository& repo, ProgramCache& programs,
                                    const domain::Enrollment& e) {
  const auto* p = programs.get(e.org_id, e.program_id);
  auto progress = domain::computeProgress(p->first, p->second, repo.recordsOfEnrollment(e.org_id, e.id),
                                          repo.signoffsOfEnrollment(e.org_id, e.id));
  progress.enrollment = e;
  return progress;
}
}  // namespace

Result<Page<domain::TrainingProgress>> TrainingService::listProgress(const std::string& org,
                                                                     const ProgressListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"training_progress", org,
                filterSignature(f.student_id, f.program_id, f.status, f.updated_since)};
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  storage::TrainingRepository repo(conn);
  ProgramCache programs(repo);
  return fetchListPage<domain::TrainingProgress>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        std::vector<domain::TrainingProgress> out;
        for (const auto& e : repo.listEnrollments(org, {opt.page.limit, after}, f))
          out.push_back(progressOf(repo, programs, e));
        return out;
      },
      [](const domain::TrainingProgress& p) { return std::vector<std::string>{p.enrollment.id}; },
      [](const domain::TrainingProgress& p) { return ChangeKeys{}(p.enrollment); });
}

Result<Page<domain::Signoff>> TrainingService::listSignoffs(const std::string& org,
                                                            const SignoffListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"signoffs", org, filterSignature(f.student_id, f.program_id, f.from, f.to, f.updated_since),
                2};
  storage::TrainingRepository repo(ctx_.db.connection());
  return fetchListPage<domain::Signoff>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.listSignoffs(org, {opt.page.limit, after}, f);
      },
      [](const domain::Signoff& s) {
        return std::vector<std::string>{s.signed_on, s.id};
      });
}

Result<domain::Signoff> TrainingService::getSignoff(const std::string& org, const std::string& id) {
  auto s = storage::TrainingRepository(ctx_.db.connection()).findSignoff(org, id);
  if (!s) return notFound("signoff");
  return *s;
}

std::vector<domain::TrainingProgram> TrainingService::listPrograms(const std::string& org) {
  return storage::TrainingRepository(ctx_.db.connection()).listPrograms(org);
}

Result<domain::TrainingProgram> TrainingService::getProgram(const std::string& org, const std::string& id) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  storage::TrainingRepository repo(conn);
  auto p = repo.findProgram(org, id);
  if (!p) return notFound("training programme");
  p->lessons = repo.lessonsOf(org, id);
  return *p;
}

namespace {
// Inserts a programme and its lessons (positions 1..n in the given order); used by the console and the demo.
void insertProgramWithLessons(storage::TrainingRepository& repo, domain::TrainingProgram& p,
                              const std::string& org, const std::string& at) {
  const int64_t ms = unixMs(at);
  p.id = ids::prefixed("tp_", ms);
  p.org_id = org;
  p.created_at = p.updated_at = at;
  repo.insertProgram(p);
  int64_t position = 0;
  for (auto& l : p.lessons) {
    l.id = ids::prefixed("tl_", ms);
    l.org_id = org;
    l.program_id = p.id;
    l.position = ++position;
    l.created_at = l.updated_at = at;
    repo.insertLesson(l);
  }
  p.lesson_count = position;
}
}  // namespace

Result<domain::TrainingProgram> TrainingService::createProgram(const std::string& org,
                                                               domain::TrainingProgram program,
                                                               const Actor& actor) {
  if (auto problem = domain::validateProgram(program)) return invalid(problem->field, problem->detail);
  const std::string at = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::TrainingRepository repo(conn);
  if (repo.programCodeTaken(org, program.code)) return conflict("A programme with this code already exists.");
  insertProgramWithLessons(repo, program, org, at);
  recordAudit(conn, org, actor, "training_program.created", "training_program", program.id,
              {{"code", program.code}, {"name", program.name}, {"lessons", program.lesson_count}}, at);
  tx.commit();
  ctx_.afterCommit();
  return program;
}

Result<domain::Enrollment> TrainingService::createEnrollment(const std::string& org,
                                                             const EnrollmentInput& in, const Actor& actor) {
  if (in.started_on && !timefmt::isValidDate(*in.started_on))
    return invalid("started_on", "started_on must be a YYYY-MM-DD date.");
  const std::string at = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::TrainingRepository repo(conn);
  storage::OperationsRepository ops(conn);
  if (!ops.findPilot(org, in.student_id)) return invalid("student_id", "No such pilot.");
  if (!repo.findProgram(org, in.program_id)) return invalid("program_id", "No such training programme.");
  if (in.primary_instructor_id) {
    auto instructor = ops.findPilot(org, *in.primary_instructor_id);
    if (!instructor || !domain::isOneOf(instructor->roles, "instructor"))
      return invalid("primary_instructor_id",
                     "The primary instructor must be a pilot with the instructor role.");
  }
  domain::Enrollment e;
  e.id = ids::prefixed("enr_", unixMs(at));
  e.org_id = org;
  e.student_id = in.student_id;
  e.program_id = in.program_id;
  e.primary_instructor_id = in.primary_instructor_id;
  e.started_on = in.started_on.value_or(at.substr(0, 10));
  e.created_at = e.updated_at = at;
  repo.insertEnrollment(e);
  recordAudit(conn, org, actor, "enrollment.created", "enrollment", e.id,
              {{"student_id", e.student_id}, {"program_id", e.program_id}}, at);
  auto stored = repo.findEnrollment(org, e.id);
  tx.commit();
  ctx_.afterCommit();
  return *stored;
}

Result<domain::Enrollment> TrainingService::setEnrollmentStatus(const std::string& org, const std::string& id,
                                                                const std::string& status,
                                                                const Actor& actor) {
  if (!domain::isOneOf(domain::enrollmentStatuses(), status))
    return invalid("status", "status must be one of active, on_hold, completed, withdrawn.");
  const std::string at = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::TrainingRepository repo(conn);
  auto e = repo.findEnrollment(org, id);
  if (!e) return notFound("enrollment");
  if (!domain::enrollmentTransitionAllowed(e->status, status))
    return conflict("An enrolment cannot go from " + e->status + " to " + status + ".");
  std::optional<std::string> completed_on;
  if (status == "completed") completed_on = at.substr(0, 10);
  if (!repo.setEnrollmentStatus(org, id, e->status, status, completed_on, at))
    return conflict("The enrolment changed meanwhile; reload and try again.");
  recordAudit(conn, org, actor, "enrollment.status_changed", "enrollment", id,
              {{"from", e->status}, {"to", status}}, at);
  auto stored = repo.findEnrollment(org, id);
  tx.commit();
  ctx_.afterCommit();
  return *stored;
}

std::optional<domain::EnrollmentDetail> loadEnrollmentDetail(storage::Connection& conn,
                                                             const std::string& org,
                                                             const std::string& enrollment_id) {
  storage::TrainingRepository repo(conn);
  auto e = repo.findEnrollment(org, enrollment_id);
  if (!e) return std::nullopt;
  auto program = repo.findProgram(org, e->program_id);
  auto lessons = repo.lessonsOf(org, e->program_id);
  auto records = repo.recordsOfEnrollment(org, enrollment_id);
  auto signoffs = repo.signoffsOfEnrollment(org, enrollment_id);
  domain::EnrollmentDetail d;
  d.progress = domain::computeProgress(*program, lessons, records, signoffs);
  d.progress.enrollment = *e;
  d.program = *program;
  for (const auto& l : lessons) {
    domain::LessonHistory h;
    h.lesson = l;
    h.completed =
        std::count(d.progress.completed_lesson_ids.begin(), d.progress.completed_lesson_ids.end(), l.id) > 0;
    for (const auto& r : records)
      if (r.lesson_id == l.id) h.records.push_back(r);
    for (const auto& s : signoffs)
      if (s.lesson_id == l.id) h.signoffs.push_back(s);
    d.lessons.push_back(std::move(h));
  }
  return d;
}

Result<domain::EnrollmentDetail> TrainingService::enrollmentDetail(const std::string& org,
                                                                   const std::string& id) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  auto d = loadEnrollmentDetail(conn, org, id);
  if (!d) return notFound("enrollment");
  return *d;
}

Result<domain::LessonRecord> TrainingService::createLessonRecord(const std::string& org,
                                                                 const std::string& enrollment_id,
                                                                 const LessonRecordInput& in,
                                                                 const Actor& actor) {
  const std::string at = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::TrainingRepository repo(conn);
  storage::OperationsRepository ops(conn);
  auto e = repo.findEnrollment(org, enrollment_id);
  if (!e) return notFound("enrollment");
  if (e->status != "active") return conflict("Lessons are recorded only for an active enrolment.");
  auto lesson = repo.findLesson(org, in.lesson_id);
  if (!lesson || lesson->program_id != e->program_id)
    return invalid("lesson_id", "The lesson must belong to the enrolment's programme.");
  domain::LessonRecord r;
  r.id = ids::prefixed("lr_", unixMs(at));
  r.org_id = org;
  r.enrollment_id = e->id;
  r.lesson_id = lesson->id;
  r.session_date = in.session_date.value_or(at.substr(0, 10));
  r.instructor_id = in.instructor_id ? in.instructor_id : e->primary_instructor_id;
  if (in.minutes) r.minutes = *in.minutes;
  if (in.flight_id) {
    auto f = ops.findFlight(org, *in.flight_id);
    if (!f || f->pilot_id != e->student_id)
      return invalid("flight_id", "The flight must be one of the student's own flights.");
    if (f->status == "rejected") return invalid("flight_id", "A rejected flight cannot be credited.");
    auto ground = r.minutes.ground;
    r.minutes = domain::minutesFromFlight(
        {f->block_min, f->night_min, f->instructor_id.has_value(), f->departure_icao, f->arrival_icao},
        lesson->kind);
    r.minutes.ground = ground;
    r.flight_id = f->id;
    if (!in.session_date) r.session_date = f->date;
    if (!in.instructor_id && f->instructor_id) r.instructor_id = f->instructor_id;
  }
  if (r.instructor_id && !ops.findPilot(org, *r.instructor_id))
    return invalid("instructor_id", "No such pilot.");
  r.grades = in.grades;
  r.result = in.result;
  r.remarks = in.remarks;
  r.created_by = actor.user_id;
  r.created_at = r.updated_at = at;
  if (auto problem = domain::validateLessonRecord(r)) return invalid(problem->field, problem->detail);
  repo.insertRecord(r);
  repo.touchEnrollment(org, e->id, at);
  recordAudit(conn, org, actor, "lesson_record.created", "lesson_record", r.id,
              {{"enrollment_id", r.enrollment_id}, {"lesson_code", lesson->code}, {"result", r.result}}, at);
  tx.commit();
  ctx_.afterCommit();
  return r;
}

Result<domain::Signoff> TrainingService::signLessonRecord(const std::string& org,
                                                          const std::string& record_id,
                                                          const std::optional<std::string>& instructor_id,
                                                          const Actor& actor) {
  const std::string at = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::TrainingRepository repo(conn);
  auto r = repo.findRecord(org, record_id);
  if (!r) return notFound("lesson record");
  if (!repo.signoffsOfRecord(org, r->id).empty())
    return conflict("This lesson record is already signed; record a correction instead.");
  auto signer = signerPilot(conn, org, instructor_id ? instructor_id : r->instructor_id);
  if (!signer) return signer.error();
  auto e = repo.findEnrollment(org, r->enrollment_id);
  auto lesson = repo.findLesson(org, r->lesson_id);
  auto s = storeSignoff(conn, seal_key_, *e, *lesson, *r, *signer, std::nullopt, at);
  recordAudit(conn, org, actor, "signoff.signed", "signoff", s.id, signoffAudit(s), at);
  tx.commit();
  ctx_.afterCommit();
  return s;
}

Result<domain::Signoff> TrainingService::correctLessonRecord(const std::string& org,
                                                             const std::string& record_id,
                                                             const CorrectionInput& in, const Actor& actor) {
  const std::string at = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::TrainingRepository repo(conn);
  auto old = repo.findRecord(org, record_id);
  if (!old) return notFound("lesson record");
  std::optional<domain::Signoff> live;
  for (auto& s : repo.signoffsOfRecord(org, old->id))
    if (!s.superseded_by_id) live = s;
  if (!live) return conflict("Only a signed lesson record whose signoff is still valid can be corrected.");
  auto signer =
      signerPilot(conn, org, in.instructor_id ? in.instructor_id : std::optional(live->instructor_id));
  if (!signer) return signer.error();
  domain::LessonRecord r = *old;
  r.id = ids::prefixed("lr_", unixMs(at));
  if (in.result) r.result = *in.result;
  if (in.remarks) r.remarks = in.remarks;
  if (in.minutes) r.minutes = *in.minutes;
  if (in.grades) r.grades = *in.grades;
  r.instructor_id = signer->id;
  r.created_by = actor.user_id;
  r.created_at = r.updated_at = at;
  if (auto problem = domain::validateLessonRecord(r)) return invalid(problem->field, problem->detail);
  repo.insertRecord(r);
  auto e = repo.findEnrollment(org, r.enrollment_id);
  auto lesson = repo.findLesson(org, r.lesson_id);
  auto s = storeSignoff(conn, seal_key_, *e, *lesson, r, *signer, live->id, at);
  recordAudit(conn, org, actor, "signoff.corrected", "signoff", s.id, signoffAudit(s), at);
  tx.commit();
  ctx_.afterCommit();
  return s;
}

}  // namespace gaflight::service

// ---- demo -------------------------------------------------------------------------------------------
namespace gaflight::service {

namespace {
constexpr int64_t kDay = 86'400;

struct DemoStage {
  const char* status;
  double fraction;  // share of the syllabus recorded
};
// From the students with the most training flights to those with the fewest.
constexpr DemoStage kStages[] = {
    {"completed", 1.0}, {"completed", 1.0}, {"completed", 1.0}, {"completed", 1.0}, {"completed", 1.0},
    {"active", 0.9},    {"active", 0.85},   {"active", 0.8},    {"on_hold", 0.6},   {"active", 0.65},
    {"active", 0.55},   {"active", 0.5},    {"withdrawn", 0.4}, {"active", 0.4},    {"on_hold", 0.3},
    {"active", 0.3},    {"active", 0.25},   {"withdrawn", 0.2}, {"active", 0.15},   {"active", 0.1},
    {"active", 0.05},   {"active", 0.0},
};

bool isSoloLesson(const domain::TrainingLesson& l) {
  return l.planned_solo_min > 0 && l.planned_dual_min == 0;
}

class DemoTrainer {
 public:
  DemoTrainer(storage::Connection& conn, const std::string& seal_key, const std::string& org,
              const DemoDataOptions& opt)
      : conn_(conn), repo_(conn), seal_key_(seal_key), org_(org), opt_(opt), rng_(opt.seed ^ 0x7261696eULL) {}

  void run() {
    const std::string created = timefmt::formatInstant(opt_.now_unix - 600 * kDay);
    auto easa = domain::easaPplSyllabus();
    auto faa = domain::faaPrivatePilotSyllabus();
    insertProgramWithLessons(repo_, easa, org_, created);
    insertProgramWithLessons(repo_, faa, org_, created);
    // The country decides the main programme; a few students of each school train on the other one.
    const bool us = opt_.country == "US";
    const auto& primary = us ? faa : easa;
    const auto& other = us ? easa : faa;
    loadPeople();
    if (instructors_.empty()) return;
    std::vector<const domain::Pilot*> students;
    for (const auto& s : students_) students.push_back(&s);
    std::stable_sort(students.begin(), students.end(), [&](const auto* a, const auto* b) {
      return flights_[a->id].size() > flights_[b->id].size();
    });
    // Spread the stages over the whole range of students, from busiest to newest.
    const size_t n_stages = std::size(kStages);
    const size_t step = std::max<size_t>(1, students.size() / n_stages);
    for (size_t i = 0; i < n_stages && i * step < students.size(); ++i) {
      const auto& program = (i % 4 == 3) ? other : primary;
      enrol(*students[i * step], program, kStages[i], i);
    }
  }

 private:
  void loadPeople() {
    storage::OperationsRepository ops(conn_);
    std::string cursor;
    for (;;) {
      auto batch = ops.listPilots(org_, {500, {cursor}}, std::nullopt);
      for (size_t i = 0; i < batch.size() && i < 500; ++i) {
        cursor = batch[i].id;
        const auto& p = batch[i];
        if (p.status != "active") continue;
        if (domain::isOneOf(p.roles, "instructor") && !blank(p.licence_number)) {
          instructor_index_[p.id] = instructors_.size();
          instructors_.push_back(p);
        } else if (domain::isOneOf(p.roles, "student")) {
          students_.push_back(p);
        }
      }
      if (batch.size() <= 500) break;
    }
    // Approved training flights per pilot, oldest first.
    storage::FlightFilter f;
    f.status = "approved";
    std::vector<std::string> after;
    for (;;) {
      auto batch = ops.listFlights(org_, {2000, after}, f);
      for (size_t i = 0; i < batch.size() && i < 2000; ++i) {
        auto& fl = batch[i];
        after = {fl.date, fl.id};
        if (fl.purpose == "dual_training" || fl.purpose == "solo_training")
          flights_[fl.pilot_id].push_back(fl);
      }
      if (batch.size() <= 2000) break;
    }
    for (auto& [pilot, list] : flights_) {
      std::sort(list.begin(), list.end(),
                [](const auto& a, const auto& b) { return a.off_block_at < b.off_block_at; });
    }
  }

  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng_() % static_cast<uint64_t>(hi - lo + 1));
  }

  std::vector<domain::ExerciseGrade> grades(const domain::TrainingLesson& l, const std::string& result) {
    std::vector<domain::ExerciseGrade> out;
    for (const auto& ex : l.exercises) {
      int64_t g = result == "satisfactory" ? between(3, 5) : between(1, 3);
      std::optional<std::string> comment;
      if (g <= 2) comment = "Needs more practice before the next lesson.";
      if (g == 5) comment = "Consistently above standard.";
      out.push_back({ex, g, comment});
    }
    return out;
  }

  const domain::Pilot& signerFor(const std::optional<std::string>& instructor_id,
                                 const domain::Pilot& primary) {
    if (instructor_id) {
      auto it = instructor_index_.find(*instructor_id);
      if (it != instructor_index_.end()) return instructors_[it->second];
    }
    return primary;
  }

  // Records one session (linked to `flight` when given) and signs it when `sign` and the time has come.
  std::optional<domain::Signoff> session(const domain::Enrollment& e, const domain::TrainingLesson& l,
                                         const domain::Flight* flight, int64_t day_unix,
                                         const std::string& result, const domain::Pilot& primary, bool sign) {
    domain::LessonRecord r;
    int64_t end_unix = day_unix + int64_t{17} * 3600;
    if (flight) {
      r.flight_id = flight->id;
      r.session_date = flight->date;
      r.instructor_id = flight->instructor_id ? flight->instructor_id : std::optional(primary.id);
      r.minutes =
          domain::minutesFromFlight({flight->block_min, flight->night_min, flight->instructor_id.has_value(),
                                     flight->departure_icao, flight->arrival_icao},
                                    l.kind);
      r.minutes.ground = between(15, 30);  // pre-flight briefing
      end_unix = timefmt::parseInstant(flight->on_block_at).value_or(end_unix);
    } else {
      r.session_date = timefmt::formatDate(day_unix);
      r.instructor_id = primary.id;
      if (l.kind == "ground") r.minutes.ground = between(60, 120);
      if (l.kind == "simulator") r.minutes.sim = between(55, 75);
      if (l.kind == "flight" || l.kind == "stage_check") {
        r.minutes.dual = l.planned_dual_min;
        r.minutes.solo = l.planned_solo_min;
        if (l.planned_solo_min >= 120) r.minutes.solo_xc = l.planned_solo_min;
      }
    }
    const std::string at = timefmt::formatInstant(end_unix + int64_t{20} * 60);
    if (at > timefmt::formatInstant(opt_.now_unix)) return std::nullopt;
    r.id = ids::prefixed("lr_", unixMs(at));
    r.org_id = org_;
    r.enrollment_id = e.id;
    r.lesson_id = l.id;
    r.result = result;
    r.grades = grades(l, result);
    if (result != "satisfactory") r.remarks = "Lesson to be repeated: standard not yet reached.";
    r.created_at = r.updated_at = at;
    repo_.insertRecord(r);
    repo_.touchEnrollment(org_, e.id, at);
    last_date_ = r.session_date;
    last_at_ = at;
    if (!sign) return std::nullopt;
    return storeSignoff(conn_, seal_key_, e, l, r, signerFor(r.instructor_id, primary), std::nullopt, at);
  }

  void enrol(const domain::Pilot& student, const domain::TrainingProgram& program, const DemoStage& stage,
             size_t n) {
    const auto& lessons = program.lessons;
    const auto& flights = flights_[student.id];
    const auto& primary = instructors_[n % instructors_.size()];
    size_t target = static_cast<size_t>(std::lround(stage.fraction * static_cast<double>(lessons.size())));
    if (std::string(stage.status) == "completed") target = lessons.size();
    // Start at the first training flight, or early enough for the planned sessions to fit before today.
    int64_t start = opt_.now_unix - static_cast<int64_t>(target + 2) * 5 * kDay;
    if (!flights.empty())
      start = std::min(start, timefmt::parseInstant(flights.front().off_block_at).value_or(start));
    start = std::max(start, opt_.now_unix - 540 * kDay);
    start -= start % kDay;
    domain::Enrollment e;
    const std::string created = timefmt::formatInstant(start + int64_t{8} * 3600);
    e.id = ids::prefixed("enr_", unixMs(created));
    e.org_id = org_;
    e.student_id = student.id;
    e.program_id = program.id;
    e.status = stage.status;
    e.primary_instructor_id = primary.id;
    e.started_on = timefmt::formatDate(start);
    e.created_at = e.updated_at = created;
    repo_.insertEnrollment(e);

    size_t next_flight = 0;
    int64_t day = start;
    last_date_.clear();
    const bool leave_last_unsigned = e.status == std::string("active") && n % 2 == 0;
    for (size_t k = 0; k < target; ++k) {
      const auto& l = lessons[k];
      const bool last = k + 1 == target;
      // Flight lessons take the student's next flight of the matching kind (solo or dual).
      const domain::Flight* flight = nullptr;
      if (l.kind == "flight" || l.kind == "stage_check") {
        for (size_t j = next_flight; j < flights.size(); ++j) {
          if (flights[j].instructor_id.has_value() != isSoloLesson(l)) {
            flight = &flights[j];
            next_flight = j + 1;
            break;
          }
        }
      }
      if (flight) day = timefmt::parseInstant(flight->off_block_at).value_or(day);
      // Now and then a flight lesson is flown twice: the first attempt is not yet to standard.
      if (flight && l.kind == "flight" && rng_() % 6 == 0) {
        session(e, l, flight, day, rng_() % 2 ? "unsatisfactory" : "incomplete", primary, true);
        flight = nullptr;
        day += between(2, 5) * kDay;
        for (size_t j = next_flight; j < flights.size(); ++j) {
          if (flights[j].instructor_id.has_value() != isSoloLesson(l)) {
            flight = &flights[j];
            next_flight = j + 1;
            day = timefmt::parseInstant(flight->off_block_at).value_or(day);
            break;
          }
        }
      }
      auto s = session(e, l, flight, day, "satisfactory", primary, !(last && leave_last_unsigned));
      // Two students a school have one signoff corrected (a grade amended the next day).
      if (s && k == 3 && (n == 1 || n == 6)) correct(e, l, *s, primary);
      day += between(3, 9) * kDay;
    }
    if (e.status == std::string("completed") && !last_date_.empty()) {
      repo_.setEnrollmentStatus(org_, e.id, "completed", "completed", last_date_, last_at_);
    }
  }

  void correct(const domain::Enrollment& e, const domain::TrainingLesson& l, const domain::Signoff& old,
               const domain::Pilot& primary) {
    auto record = repo_.findRecord(org_, old.lesson_record_id);
    const std::string at = timefmt::formatInstant(timefmt::parseInstant(old.signed_at).value_or(0) + kDay);
    if (!record || at > timefmt::formatInstant(opt_.now_unix)) return;
    domain::LessonRecord r = *record;
    r.id = ids::prefixed("lr_", unixMs(at));
    if (!r.grades.empty()) r.grades.front().grade = std::min<int64_t>(5, r.grades.front().grade + 1);
    r.remarks = "Correction: grade of the first exercise amended after the debrief.";
    r.created_at = r.updated_at = at;
    repo_.insertRecord(r);
    storeSignoff(conn_, seal_key_, e, l, r, signerFor(old.instructor_id, primary), old.id, at);
  }

  storage::Connection& conn_;
  storage::TrainingRepository repo_;
  const std::string& seal_key_;
  const std::string& org_;
  const DemoDataOptions& opt_;
  std::mt19937_64 rng_;
  std::vector<domain::Pilot> students_, instructors_;
  std::map<std::string, size_t> instructor_index_;
  std::map<std::string, std::vector<domain::Flight>> flights_;
  std::string last_date_, last_at_;  // of the enrolment's latest session
};
}  // namespace

void TrainingService::seedDemo(storage::Connection& conn, const std::string& org,
                               const DemoDataOptions& opt) {
  DemoTrainer(conn, seal_key_, org, opt).run();
}

}  // namespace gaflight::service
