#pragma once
// Accounts, invoices, payments and finance summaries: pure arithmetic and rules (issue 8, SPEC §10.6).
//
// Money is integer minor units (cents). Quantities are integer thousandths (`quantity_milli`: 1.5 h =
// 1500). Rounding (docs/billing.md): a line's subtotal = quantity_milli × unit_price_minor / 1000 and its
// tax = subtotal × tax_rate_bp / 10000, each rounded half away from zero to the minor unit; a line's
// total = subtotal + tax. An invoice's subtotal, tax and total are the sums of its lines, so
// total = subtotal + tax = Σ line totals holds exactly. Rounding is symmetric, so a credit note that
// negates a line's quantity negates its subtotal and tax exactly.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace gaflight::domain {

// numerator / denominator (> 0), rounded half away from zero.
int64_t divRoundHalfAway(int64_t numerator, int64_t denominator);

struct LineAmounts {
  int64_t subtotal_minor = 0, tax_minor = 0, total_minor = 0;
};
LineAmounts lineAmounts(int64_t quantity_milli, int64_t unit_price_minor, int64_t tax_rate_bp);

// Meters are tenths of an hour; minutes become hours rounded half away to the thousandth.
inline int64_t tenthsToMilli(int64_t tenths) { return tenths * 100; }
int64_t minutesToMilli(int64_t minutes);
// 1500 → "1.5", 2000 → "2", -1417 → "-1.417" (a JSON number).
std::string formatMilli(int64_t milli);

struct Account {
  std::string id, org_id;
  std::optional<std::string> pilot_id;
  std::string name, currency;
  int64_t invoiced_minor = 0;  // Σ totals of its invoices and credit notes that are not void
  int64_t paid_minor = 0;      // Σ its payments
  int64_t balance_minor = 0;   // invoiced − paid (negative: the school owes the pilot)
  int64_t overdue_minor = 0;   // Σ balances of its overdue invoices
  std::string created_at, updated_at;
};

struct InvoiceLine {
  std::string id, org_id, invoice_id;
  int64_t position = 0;
  std::string kind;  // aircraft_time, instruction, credit
  std::string description;
  int64_t quantity_milli = 0;
  std::string unit;  // hour, each
  int64_t unit_price_minor = 0, tax_rate_bp = 0, subtotal_minor = 0, tax_minor = 0, total_minor = 0;
  std::optional<std::string> flight_id, aircraft_id, instructor_id;
  std::string created_at, updated_at;
};

struct Payment {
  std::string id, org_id, account_id;
  std::optional<std::string> invoice_id;
  int64_t amount_minor = 0;
  std::string method;  // card, cash, transfer, cheque, other
  std::string received_on;
  std::optional<std::string> reference, created_by;
  std::string created_at, updated_at;
};

struct Invoice {
  std::string id, org_id, number, account_id, account_name;
  std::optional<std::string> pilot_id;
  std::string kind = "invoice";  // invoice, credit_note
  std::optional<std::string> credited_invoice_id;
  std::string status;  // draft, issued, paid, void
  std::string issue_date, due_date, currency;
  int64_t subtotal_minor = 0, tax_minor = 0, total_minor = 0;
  int64_t paid_minor = 0;      // Σ payments against it
  int64_t credited_minor = 0;  // Σ |total| of the credit notes against it
  std::optional<std::string> voided_at, void_reason;
  std::string created_at, updated_at;
  bool overdue = false;                           // set by the reader against "today" (isOverdue)
  std::optional<std::vector<InvoiceLine>> lines;  // detail views only
  std::optional<std::vector<Payment>> payments;   // console detail only
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

const std::vector<std::string>& paymentMethods();

// Sums the lines into subtotal/tax/total.
void applyLineTotals(Invoice& inv, const std::vector<InvoiceLine>& lines);
// What is still owed: total − paid − credited for an invoice (negative when over-credited); a credit
// note and a void invoice owe nothing.
int64_t balanceMinor(const Invoice& inv);
// Issued, balance > 0 and the due date has passed (`today` YYYY-MM-DD).
bool isOverdue(const Invoice& inv, std::string_view today);
// An issued invoice whose balance has reached zero is paid.
std::string statusAfterSettlement(const Invoice& inv);

// Status machine: draft→issued→paid, issued→void; a paid invoice is corrected by a credit note.
Status checkPayment(const Invoice& inv, int64_t amount_minor);
Status checkVoid(const Invoice& inv);
// `amount_minor` (before tax), or nullopt for a full credit of what has not been credited yet.
Status checkCredit(const Invoice& inv, std::optional<int64_t> amount_minor);

// "INV-2026-00042". `last` is the highest number already used in that series and year, if any.
std::string nextInvoiceNumber(std::string_view prefix, int year, const std::optional<std::string>& last);
inline constexpr const char* kInvoicePrefix = "INV";
inline constexpr const char* kCreditNotePrefix = "CRN";
inline constexpr int kPaymentTermDays = 30;

// Line descriptions are written in the organisation's language (a French club's invoices are French).
enum class InvoiceLanguage { kEnglish, kFrench };
InvoiceLanguage invoiceLanguageFor(std::string_view country);

// The lines of a flight's invoice. A NULL rate bills at zero (the line still records the flight).
struct FlightCharge {
  std::string flight_id, flight_date, aircraft_id, registration;
  int64_t hobbs_start_tenths = 0, hobbs_end_tenths = 0, block_min = 0;
  int64_t aircraft_rate_minor = 0;
  std::optional<std::string> instructor_id;
  std::string instructor_name;
  int64_t instruction_rate_minor = 0;
  int64_t tax_rate_bp = 0;
  InvoiceLanguage language = InvoiceLanguage::kEnglish;
};
std::vector<InvoiceLine> flightLines(const FlightCharge& c);
// Lines of a credit note: the original's lines negated (kind `credit`, same links), or one line of
// −amount (before tax) at the original's first tax rate.
std::vector<InvoiceLine> creditLines(const Invoice& original, const std::vector<InvoiceLine>& original_lines,
                                     std::optional<int64_t> amount_minor, const std::string& reason,
                                     InvoiceLanguage language = InvoiceLanguage::kEnglish);

// ---- finance summaries (SPEC §10.6) ----------------------------------------------------------------

// "2026-05" → {2026, 5}; anything else nullopt.
std::optional<std::pair<int, int>> parseMonth(std::string_view text);
std::string formatMonth(int year, int month);
// Months from `from` to `to` inclusive ("YYYY-MM"); empty when from > to.
std::vector<std::string> monthsBetween(std::string_view from, std::string_view to);
std::string addMonthsToPeriod(std::string_view period, int months);
std::string lastDayOfPeriod(std::string_view period);  // "2026-02" → "2026-02-28"

// Every non-void invoice and credit note issued up to the last month asked for.
struct FinanceInvoice {
  std::string id, kind, issue_date;
  int64_t subtotal_minor = 0, tax_minor = 0, total_minor = 0;
  std::optional<std::string> credited_invoice_id;
};
// The lines of the non-void invoices issued within the months asked for.
struct FinanceLine {
  std::string issue_date, kind;
  int64_t quantity_milli = 0, subtotal_minor = 0;
  std::optional<std::string> aircraft_id, instructor_id;
};
struct FinancePayment {
  std::string invoice_id, received_on;
  int64_t amount_minor = 0;
};
struct FinanceInput {
  std::vector<FinanceInvoice> invoices;
  std::vector<FinanceLine> lines;
  std::vector<FinancePayment> payments;
  std::map<std::string, std::string> aircraft_names, instructor_names;  // id → registration / name
  std::string currency;
};

struct AircraftFinance {
  std::string aircraft_id, registration;
  int64_t revenue_minor = 0, hours_milli = 0;
};
struct InstructorFinance {
  std::string instructor_id, name;
  int64_t revenue_minor = 0, hours_milli = 0;
};
struct FinanceSummary {
  std::string period, currency;
  int64_t revenue_minor = 0, tax_minor = 0, billable_hours_milli = 0, receivables_minor = 0;
  int64_t invoice_count = 0;
  std::vector<AircraftFinance> by_aircraft;      // by registration
  std::vector<InstructorFinance> by_instructor;  // by name
};

// One summary per month of `months`. revenue/tax: Σ subtotal/tax of the month's non-void invoices and
// credit notes (by issue_date; credit notes are negative). billable_hours: Σ aircraft_time quantities.
// by_aircraft: Σ subtotal of the lines naming the aircraft, hours of its aircraft_time lines;
// by_instructor likewise with instruction lines. receivables: at the month's last day, Σ over the
// invoices issued by then of max(0, total − payments received by then − credit notes issued by then).
std::vector<FinanceSummary> summariseFinance(const std::vector<std::string>& months, const FinanceInput& in);

}  // namespace gaflight::domain
