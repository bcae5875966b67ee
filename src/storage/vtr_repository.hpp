#pragma once
// Verified training records (table vtrs) and the reads a pack needs from the training tables
// (training_programs, training_lessons, enrollments, lesson_records, signoffs, org_signing_keys).
// Every query takes the organisation, except findAnyOrg: the public verify page is addressed by the
// globally unique VTR id alone.
#include <optional>
#include <string>
#include <vector>

#include "domain/vtr.hpp"
#include "domain/vtr_render.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct VtrFilter {
  std::optional<std::string> student_id, program_id, status, updated_since;
};

class VtrRepository {
 public:
  explicit VtrRepository(Connection& c) : c_(c) {}

  // Ordered by (issued_at, id); with updated_since by (updated_at, id) (SPEC §10.2). Keyset = 2 keys.
  std::vector<domain::Vtr> list(const std::string& org, const Keyset& page, const VtrFilter& f);
  std::optional<domain::Vtr> find(const std::string& org, const std::string& id);
  std::optional<domain::Vtr> findAnyOrg(const std::string& id);
  std::optional<std::string> pack(const std::string& org, const std::string& id);
  std::optional<domain::Vtr> verifiedForEnrollment(const std::string& org, const std::string& enrollment_id);
  void insert(const domain::Vtr& v, const std::string& pack);
  // Status change (revoke or supersede); only a verified VTR changes. Returns whether it did.
  bool update(const domain::Vtr& v);
  // Keeps the mirroring compliance record (type vtr, number = VTR id) in step with the VTR.
  void syncCompliance(const domain::Vtr& v);

  // ---- reads of the training tables for a pack ----
  std::optional<std::string> orgName(const std::string& org);
  std::optional<domain::VtrEnrollment> enrollment(const std::string& org, const std::string& id);
  std::optional<domain::VtrStudent> student(const std::string& org, const std::string& pilot_id);
  std::optional<domain::VtrProgram> program(const std::string& org, const std::string& program_id);
  std::vector<domain::VtrLesson> lessonsWithRecords(const std::string& org, const std::string& program_id,
                                                    const std::string& enrollment_id);
  std::vector<domain::VtrSignoff> signoffs(const std::string& org, const std::string& enrollment_id);
  std::vector<domain::VtrSigningKey> signingKeys(const std::string& org, const std::vector<std::string>& ids);
  // Completed or active enrolments with at least one signoff, for the console's "Issue VTR".
  std::vector<domain::VtrEligibleEnrollment> eligibleEnrollments(const std::string& org);
  std::vector<std::string> completedEnrollmentIds(const std::string& org);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
