#pragma once
// Compliance: the reads behind the public API and the writes behind the console (issue 7).
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/compliance.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/patch.hpp"
#include "service/service_context.hpp"
#include "storage/compliance_repository.hpp"

namespace gaflight::service {

// Recomputes the computed currency records (type `currency`) of these pilots from their approved
// flights. Runs inside the caller's write transaction (e.g. a flight approval).
void refreshPilotCurrency(storage::Connection& conn, const std::string& org,
                          const std::vector<std::string>& pilot_ids, SysTime now);
// The same for every pilot of the organisation (e.g. after seeding demo flights).
void refreshOrgCurrency(storage::Connection& conn, const std::string& org, SysTime now);

struct ComplianceListOptions {
  PageQuery page;
  storage::ComplianceFilter filter;  // `today` is filled by the service
};

// A record as the console writes it. For a medical without valid_until, the validity is computed from
// issued_on (the exam date), the class (code) and the pilot's date of birth.
struct ComplianceInput {
  std::optional<std::string> pilot_id, aircraft_id;
  std::string type, code;
  std::optional<std::string> number, regime, issued_on, valid_until, note;
};

// The editable fields of a stored record: what a partial update starts from.
ComplianceInput editableInput(const domain::ComplianceRecord& r);

class ComplianceService {
 public:
  explicit ComplianceService(const ServiceContext& ctx) : ctx_(ctx) {}

  Result<Page<domain::ComplianceRecord>> list(const std::string& org, ComplianceListOptions opt);
  Result<domain::ComplianceRecord> get(const std::string& org, const std::string& id);
  Result<domain::ComplianceRecord> create(const std::string& org, const ComplianceInput& in,
                                          const Actor& actor);
  // `patch` edits the stored record's fields (as editableInput gives them).
  Result<domain::ComplianceRecord> update(const std::string& org, const std::string& id,
                                          const Patch<ComplianceInput>& patch, const Actor& actor);
  Status remove(const std::string& org, const std::string& id, const Actor& actor);

  // The UTC date of the clock (status is computed against it).
  std::string today() const;

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
