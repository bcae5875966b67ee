#pragma once
// JSON for VTR metadata and the HTML of the public verify page (GET /verify/{vtr_id}).
#include <optional>
#include <string>

#include "core/json_writer.hpp"
#include "domain/vtr.hpp"

namespace gaflight::domain {

// Metadata only (SPEC §8): never the pack content.
void renderVtr(JsonWriter& w, const Vtr& v);

// An enrolment a VTR can be issued for (console: has at least one signoff).
struct VtrEligibleEnrollment {
  std::string id, student_id, student_name, program_id, program_code, program_name, status;
  int64_t signoffs = 0;
  std::optional<std::string> current_vtr_id;  // its verified VTR, if any (re-issuing supersedes it)
};
void renderVtrEligibleEnrollment(JsonWriter& w, const VtrEligibleEnrollment& e);

// What the verify page shows about a VTR: no names beyond the student's initials.
struct VtrVerifyView {
  Vtr vtr;
  std::string org_name, program_code, program_name, student_initials;
};
enum class VerifyLang { kEn, kFr };
std::string renderVerifyPage(const VtrVerifyView& v, VerifyLang lang);
std::string renderVerifyNotFound(const std::string& vtr_id, VerifyLang lang);

}  // namespace gaflight::domain
