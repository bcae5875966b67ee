#pragma once
// Accounts, invoices, invoice lines and payments (migration v5). Every query takes the organisation id:
// no query crosses tenants.
//
// Columns (for anyone writing rows directly):
//   accounts       acc_…; pilot_id (one account per pilot, unique), name, currency (the org's)
//   invoices       inv_…; number INV-YYYY-NNNNN (credit notes CRN-YYYY-NNNNN), per organisation and year,
//                  never reused (a void invoice keeps its number); kind invoice|credit_note;
//                  credited_invoice_id (credit notes); status draft|issued|paid|void; issue_date,
//                  due_date (YYYY-MM-DD); subtotal/tax/total_minor = Σ of the lines; paid_minor =
//                  Σ payments; credited_minor = Σ |total| of its credit notes; voided_at, void_reason
//   invoice_lines  invl_…; kind aircraft_time|instruction|credit; quantity_milli (thousandths);
//                  unit hour|each; amounts per domain/billing.hpp; flight_id, aircraft_id, instructor_id.
//                  At most one aircraft_time line per flight (unique index).
//   payments       pay_…; amount_minor > 0; method card|cash|transfer|cheque|other; received_on
#include <optional>
#include <string>
#include <vector>

#include "domain/billing.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct InvoiceFilter {
  std::optional<std::string> status, from, to, account_id, updated_since;
  std::optional<std::string> overdue_on;  // only invoices overdue on this date (console)
};

struct BillingSettings {
  int64_t tax_rate_bp = 0;
  std::string currency, country;
};

// An approved flight with what billing it needs: rates, names, the organisation's tax rate.
struct BillableFlight {
  domain::FlightCharge charge;
  std::string pilot_id, pilot_name, currency;
  std::optional<std::string> reviewed_at;
};

class BillingRepository {
 public:
  explicit BillingRepository(Connection& c) : c_(c) {}

  BillingSettings settings(const std::string& org);
  void setTaxRate(const std::string& org, int64_t tax_rate_bp, const std::string& at);
  // Instructors without a rate get `rate_minor` (the demo's rates).
  void setInstructionRate(const std::string& org, const std::string& pilot_id, int64_t rate_minor,
                          const std::string& at);

  std::vector<std::string> instructorIds(const std::string& org);

  std::optional<domain::Account> accountForPilot(const std::string& org, const std::string& pilot_id);
  void insertAccount(const domain::Account& a);
  // Pilots of the organisation that have no account yet: {id, "First Last"}.
  std::vector<std::pair<std::string, std::string>> pilotsWithoutAccount(const std::string& org);
  // Every account with its balances (overdue as of `today`), by name.
  std::vector<domain::Account> listAccounts(const std::string& org, const std::string& today);

  // Highest number used in the series "<prefix>-<year>-", if any.
  std::optional<std::string> lastNumber(const std::string& org, const std::string& prefix, int year);
  void insertInvoice(const domain::Invoice& inv);
  void insertLine(const domain::InvoiceLine& l);
  void insertPayment(const domain::Payment& p);
  void updateSettlement(const std::string& org, const std::string& id, int64_t paid_minor,
                        int64_t credited_minor, const std::string& status, const std::string& at);
  void markVoid(const std::string& org, const std::string& id, const std::string& reason,
                const std::string& at);

  std::optional<domain::Invoice> findInvoice(const std::string& org, const std::string& id);
  std::vector<domain::InvoiceLine> lines(const std::string& org, const std::string& invoice_id);
  std::vector<domain::Payment> payments(const std::string& org, const std::string& invoice_id);
  // Ordered by issue_date, id; keyset = {issue_date, id}.
  std::vector<domain::Invoice> listInvoices(const std::string& org, const Keyset& page,
                                            const InvoiceFilter& f);

  bool flightBilled(const std::string& org, const std::string& flight_id);
  std::optional<BillableFlight> billableFlight(const std::string& org, const std::string& flight_id);
  // Approved flights without an aircraft_time line, by review instant (the demo's history).
  std::vector<BillableFlight> unbilledApprovedFlights(const std::string& org);

  // What the finance summaries of [first_day, last_day] need (receivables look at all earlier history).
  domain::FinanceInput financeInput(const std::string& org, const std::string& first_day,
                                    const std::string& last_day);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
