#pragma once
// Training (issue 8): programmes and their lessons, enrolments, lesson records and Ed25519-signed
// signoffs. Each organisation signs with its own key (org_signing_keys), created on first signing and
// sealed at rest under a key derived from the master key.
//
// Signing rule: the console caller holds the review permission (instructors, admins, owner) and names
// `instructor_id`, a pilot of the organisation with the instructor role whose licence number is the
// certificate number on the signoff. A lesson record is signed once; a correction is a new lesson record
// and a new signoff whose `supersedes_id` names the old one, and the old one's `superseded_by_id` is set
// in the same transaction (the only change the signoffs trigger allows).
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/training.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/demo_data.hpp"
#include "service/service_context.hpp"
#include "storage/training_repository.hpp"

namespace gaflight::service {

struct ProgressListOptions {
  PageQuery page;
  storage::EnrollmentFilter filter;
};

struct SignoffListOptions {
  PageQuery page;
  storage::SignoffFilter filter;
};

struct EnrollmentInput {
  std::string student_id, program_id;
  std::optional<std::string> primary_instructor_id, started_on;  // started_on defaults to today
};

// A lesson record as entered. With a flight, the minutes come from the flight; without, from `minutes`.
struct LessonRecordInput {
  std::string lesson_id;
  std::optional<std::string> flight_id, session_date, instructor_id, remarks;
  std::optional<domain::LessonMinutes> minutes;
  std::vector<domain::ExerciseGrade> grades;
  std::string result;
};

// A correction: the fields given replace the old record's; the rest are carried over.
struct CorrectionInput {
  std::optional<std::string> result, remarks, instructor_id;
  std::optional<domain::LessonMinutes> minutes;
  std::optional<std::vector<domain::ExerciseGrade>> grades;
};

// An enrolment's whole training record (progress, programme, every lesson with its records and signoffs,
// superseded signoffs included) read inside the caller's transaction; nullopt when the enrolment is not
// the organisation's. VTR packs are built from this; the public keys of the signoffs' `key_id`s are
// storage::TrainingRepository(conn).keysOf(org) (base64 raw 32 bytes → crypto::ed25519PublicKeyPem).
std::optional<domain::EnrollmentDetail> loadEnrollmentDetail(storage::Connection& conn,
                                                             const std::string& org,
                                                             const std::string& enrollment_id);

class TrainingService {
 public:
  TrainingService(const ServiceContext& ctx, std::string signing_seal_key)
      : ctx_(ctx), seal_key_(std::move(signing_seal_key)) {}

  // Public reads. Progress: one row per enrolment, ordered by enrolment id. Signoffs: by signed_on, id.
  Result<Page<domain::TrainingProgress>> listProgress(const std::string& org, const ProgressListOptions& opt);
  Result<Page<domain::Signoff>> listSignoffs(const std::string& org, const SignoffListOptions& opt);
  Result<domain::Signoff> getSignoff(const std::string& org, const std::string& id);

  // Console.
  std::vector<domain::TrainingProgram> listPrograms(const std::string& org);
  Result<domain::TrainingProgram> getProgram(const std::string& org, const std::string& id);  // with lessons
  Result<domain::TrainingProgram> createProgram(const std::string& org, domain::TrainingProgram program,
                                                const Actor& actor);
  Result<domain::Enrollment> createEnrollment(const std::string& org, const EnrollmentInput& in,
                                              const Actor& actor);
  Result<domain::Enrollment> setEnrollmentStatus(const std::string& org, const std::string& id,
                                                 const std::string& status, const Actor& actor);
  Result<domain::EnrollmentDetail> enrollmentDetail(const std::string& org, const std::string& id);
  Result<domain::LessonRecord> createLessonRecord(const std::string& org, const std::string& enrollment_id,
                                                  const LessonRecordInput& in, const Actor& actor);
  Result<domain::Signoff> signLessonRecord(const std::string& org, const std::string& record_id,
                                           const std::optional<std::string>& instructor_id,
                                           const Actor& actor);
  Result<domain::Signoff> correctLessonRecord(const std::string& org, const std::string& record_id,
                                              const CorrectionInput& in, const Actor& actor);

  // `gaflight demo`: programmes, enrolments, lesson records and signoffs over the demo's flights, inside
  // the caller's write transaction.
  void seedDemo(storage::Connection& conn, const std::string& org, const DemoDataOptions& opt);

 private:
  ServiceContext ctx_;
  std::string seal_key_;
};

}  // namespace gaflight::service
