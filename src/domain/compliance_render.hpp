#pragma once
#include "core/json_writer.hpp"
#include "domain/compliance.hpp"

namespace gaflight::domain {

// {id, object: "compliance_record", type, subject, pilot_id, aircraft_id, code, number, regime, issued_on,
//  valid_until, status, rule, satisfied_by, details, created_at, updated_at}; rule and satisfied_by are
//  null except on currency records.
void renderComplianceRecord(JsonWriter& w, const ComplianceRecord& r);

}  // namespace gaflight::domain
