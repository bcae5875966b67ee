#pragma once
// Training programmes, lessons, enrolments, lesson records, signoffs and organisation signing keys.
// Every query takes the organisation id (tenant isolation).
//
// Column meanings (the demo seeds these through this repository):
//   training_programs  regime 'easa'|'faa'; min_*_min minimums in minutes; deleted_at soft deletion.
//   training_lessons   position 1.. in syllabus order; kind ground|flight|simulator|stage_check;
//                      exercises a JSON array of strings.
//   enrollments        status active|on_hold|completed|withdrawn; started_on/completed_on YYYY-MM-DD;
//                      updated_at also moves when a lesson record or signoff of the enrolment is written,
//                      so `updated_since` on training progress sees new records.
//   lesson_records     minutes in *_min; grades a JSON array [{exercise, grade 1–5, comment}].
//   signoffs           immutable once written (trigger) except superseded_by_id (set once) and
//                      updated_at; canonical = the exact signed bytes; signature base64 Ed25519.
//   org_signing_keys   public_key base64 raw 32 bytes; private_key_sealed base64 of AES-GCM(seed) with
//                      aad org_id + "/" + key_id; one active key (retired_at NULL) per organisation.
#include <optional>
#include <string>
#include <vector>

#include "domain/training.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct EnrollmentFilter {
  std::optional<std::string> student_id, program_id, status, updated_since;
};

struct SignoffFilter {
  std::optional<std::string> student_id, program_id, from, to, updated_since;  // from/to on signed_on
};

struct SigningKey {
  std::string id, org_id, public_key, private_key_sealed, created_at;
  std::optional<std::string> retired_at;
};

class TrainingRepository {
 public:
  explicit TrainingRepository(Connection& c) : c_(c) {}

  // Live programmes by code, with lesson_count.
  std::vector<domain::TrainingProgram> listPrograms(const std::string& org);
  std::optional<domain::TrainingProgram> findProgram(const std::string& org, const std::string& id);
  bool programCodeTaken(const std::string& org, const std::string& code);
  void insertProgram(const domain::TrainingProgram& p);
  std::vector<domain::TrainingLesson> lessonsOf(const std::string& org, const std::string& program_id);
  std::optional<domain::TrainingLesson> findLesson(const std::string& org, const std::string& id);
  void insertLesson(const domain::TrainingLesson& l);

  // Ordered by id; keyset = {id}. Student name and programme code/name are joined in.
  std::vector<domain::Enrollment> listEnrollments(const std::string& org, const Keyset& page,
                                                  const EnrollmentFilter& f);
  std::optional<domain::Enrollment> findEnrollment(const std::string& org, const std::string& id);
  void insertEnrollment(const domain::Enrollment& e);
  // Compare-and-set on status.
  bool setEnrollmentStatus(const std::string& org, const std::string& id, const std::string& from,
                           const std::string& to, const std::optional<std::string>& completed_on,
                           const std::string& at);
  void touchEnrollment(const std::string& org, const std::string& id, const std::string& at);

  std::vector<domain::LessonRecord> recordsOfEnrollment(const std::string& org,
                                                        const std::string& enrollment_id);
  std::optional<domain::LessonRecord> findRecord(const std::string& org, const std::string& id);
  void insertRecord(const domain::LessonRecord& r);

  // Signoffs carry lesson_code, lesson_title and session_date joined in.
  std::vector<domain::Signoff> signoffsOfEnrollment(const std::string& org, const std::string& enrollment_id);
  std::optional<domain::Signoff> findSignoff(const std::string& org, const std::string& id);
  std::vector<domain::Signoff> signoffsOfRecord(const std::string& org, const std::string& record_id);
  // Ordered by signed_on, id; keyset = {signed_on, id}.
  std::vector<domain::Signoff> listSignoffs(const std::string& org, const Keyset& page,
                                            const SignoffFilter& f);
  void insertSignoff(const domain::Signoff& s);
  // Sets superseded_by_id once (false when already superseded).
  bool markSuperseded(const std::string& org, const std::string& id, const std::string& by,
                      const std::string& at);

  std::optional<SigningKey> activeKey(const std::string& org);
  // Every key the organisation ever signed with (packs list them), oldest first.
  std::vector<SigningKey> keysOf(const std::string& org);
  void insertKey(const SigningKey& k);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
