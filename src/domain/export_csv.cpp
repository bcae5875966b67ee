#include "domain/export_csv.hpp"

#include <nlohmann/json.hpp>

namespace gaflight::domain {

namespace {

void flightRow(CsvWriter& w, const Flight& f) {
  w.str(f.id)
      .str(f.date)
      .str(f.aircraft_id)
      .str(f.aircraft_registration)
      .str(f.pilot_id)
      .str(f.instructor_id)
      .str(f.purpose)
      .str(f.departure_icao)
      .str(f.arrival_icao)
      .str(f.off_block_at)
      .str(f.takeoff_at)
      .str(f.landing_at)
      .str(f.on_block_at)
      .num(f.block_min)
      .num(f.air_min)
      .num(f.night_min)
      .num(f.ifr_min)
      .num(f.landings_day)
      .num(f.landings_night)
      .tenths(f.hobbs_start_tenths)
      .tenths(f.hobbs_end_tenths)
      .tenths(f.tach_start_tenths)
      .tenths(f.tach_end_tenths)
      .str(f.remarks)
      .str(f.status)
      .str(f.submitted_by)
      .str(f.submitted_at)
      .str(f.reviewed_by)
      .str(f.reviewed_at)
      .str(f.rejection_reason)
      .str(f.created_at)
      .str(f.updated_at);
}

// Lines are not exported: a line-level ledger reads /invoices/{id}.
void invoiceRow(CsvWriter& w, const Invoice& inv) {
  w.str(inv.id)
      .str(inv.number)
      .str(inv.kind)
      .str(inv.account_id)
      .str(inv.account_name)
      .str(inv.pilot_id)
      .str(inv.status)
      .str(inv.issue_date)
      .str(inv.due_date)
      .str(inv.currency)
      .num(inv.subtotal_minor)
      .num(inv.tax_minor)
      .num(inv.total_minor)
      .num(inv.paid_minor)
      .num(inv.credited_minor)
      .num(balanceMinor(inv))
      .boolean(inv.overdue)
      .str(inv.credited_invoice_id)
      .str(inv.voided_at)
      .str(inv.void_reason)
      .str(inv.created_at)
      .str(inv.updated_at);
}

// The signature object is flattened into signature_* columns.
void signoffRow(CsvWriter& w, const Signoff& s) {
  w.str(s.id)
      .str(s.student_id)
      .str(s.instructor_id)
      .str(s.program_id)
      .str(s.lesson_id)
      .str(s.lesson_code)
      .str(s.lesson_title)
      .str(s.enrollment_id)
      .str(s.lesson_record_id)
      .str(s.result)
      .str(s.signed_on)
      .str(s.session_date)
      .str(s.signed_at)
      .str("ed25519")
      .str(s.key_id)
      .str(s.signature)
      .str(s.signer_name)
      .str(s.certificate_number)
      .str(s.supersedes_id)
      .str(s.superseded_by_id)
      .str(s.superseded_by_id ? "superseded" : "valid")
      .str(s.created_at)
      .str(s.updated_at);
}

// `details` (free-form, per type) is left out; a currency record's rule and the ids that satisfy it
// are kept, the ids joined by spaces.
// A record deleted since `updated_since` (a tombstone in JSON): its id, status `deleted` in the status
// column, its updated_at, every other column empty.
void tombstoneRow(CsvWriter& w, const std::string& id, int columns_before_status, int columns_after_status,
                  const std::string& updated_at) {
  w.str(id);
  for (int i = 1; i < columns_before_status; ++i) w.empty();
  w.str("deleted");
  for (int i = 0; i < columns_after_status - 1; ++i) w.empty();
  w.str(updated_at);
}

void complianceRow(CsvWriter& w, const ComplianceRecord& r) {
  if (r.deleted) return tombstoneRow(w, r.id, 10, 4, r.updated_at);
  auto details = nlohmann::json::parse(r.details, nullptr, false);
  std::string rule, satisfied_by;
  if (r.type == "currency" && details.is_object()) {
    if (details.contains("rule") && details["rule"].is_string()) rule = details["rule"].get<std::string>();
    if (details.contains("satisfied_by") && details["satisfied_by"].is_array()) {
      for (const auto& id : details["satisfied_by"]) {
        if (!id.is_string()) continue;
        if (!satisfied_by.empty()) satisfied_by.push_back(' ');
        satisfied_by += id.get<std::string>();
      }
    }
  }
  w.str(r.id)
      .str(r.type)
      .str(r.subject)
      .str(r.pilot_id)
      .str(r.aircraft_id)
      .str(r.code)
      .str(r.number)
      .str(r.regime)
      .str(r.issued_on)
      .str(r.valid_until)
      .str(r.status)
      .str(rule)
      .str(satisfied_by)
      .str(r.created_at)
      .str(r.updated_at);
}

void planningRow(CsvWriter& w, const PlanningSession& s) {
  if (s.deleted) return tombstoneRow(w, s.id, 2, 9, s.updated_at);
  w.str(s.id)
      .str(s.kind)
      .str(s.status)
      .str(s.start_at)
      .str(s.end_at)
      .num(durationMinutes(s))
      .str(s.aircraft_id)
      .str(s.instructor_id)
      .str(s.student_id)
      .str(s.notes)
      .str(s.created_at)
      .str(s.updated_at);
}

}  // namespace

const CsvLayout<Flight> kFlightCsv{
    "id,date,aircraft_id,aircraft_registration,pilot_id,instructor_id,purpose,departure_icao,arrival_icao,"
    "off_block_at,takeoff_at,landing_at,on_block_at,block_min,air_min,night_min,ifr_min,landings_day,"
    "landings_night,hobbs_start_hours,hobbs_end_hours,tach_start_hours,tach_end_hours,remarks,status,"
    "submitted_by,submitted_at,reviewed_by,reviewed_at,rejection_reason,created_at,updated_at\r\n",
    flightRow};

const CsvLayout<Invoice> kInvoiceCsv{
    "id,number,kind,account_id,account_name,pilot_id,status,issue_date,due_date,currency,subtotal_minor,"
    "tax_minor,total_minor,paid_minor,credited_minor,balance_minor,overdue,credited_invoice_id,voided_at,"
    "void_reason,created_at,updated_at\r\n",
    invoiceRow};

const CsvLayout<Signoff> kSignoffCsv{
    "id,student_id,instructor_id,program_id,lesson_id,lesson_code,lesson_title,enrollment_id,"
    "lesson_record_id,result,date,session_date,signed_at,signature_algorithm,signature_key_id,"
    "signature_value,signature_signer_name,signature_certificate_number,supersedes_id,superseded_by_id,"
    "status,created_at,updated_at\r\n",
    signoffRow};

const CsvLayout<ComplianceRecord> kComplianceCsv{
    "id,type,subject,pilot_id,aircraft_id,code,number,regime,issued_on,valid_until,status,rule,satisfied_by,"
    "created_at,updated_at\r\n",
    complianceRow};

const CsvLayout<PlanningSession> kPlanningSessionCsv{
    "id,kind,status,start_at,end_at,duration_min,aircraft_id,instructor_id,student_id,notes,created_at,"
    "updated_at\r\n",
    planningRow};

}  // namespace gaflight::domain
