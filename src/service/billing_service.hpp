#pragma once
// Accounts, invoices, payments and finance summaries (issue 8). Approving a flight bills it in the
// approving transaction (billApprovedFlight), so an approved flight is never without its invoice.
// Arithmetic and rules: domain/billing.hpp; rounding and choices: docs/billing.md.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/billing.hpp"
#include "domain/entities.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/demo_data.hpp"
#include "service/service_context.hpp"
#include "storage/billing_repository.hpp"

namespace gaflight::service {

// Bills one just-approved flight inside the caller's write transaction (SPEC §10.3, §10.6): the pilot's
// account (created on first need), an issued invoice dated the approval day (UTC), due 30 days later,
// with an aircraft_time line and, with an instructor, an instruction line. A flight already billed is
// left alone (the unique index on aircraft_time lines is the backstop).
void billApprovedFlight(storage::Connection& conn, const std::string& org, const domain::Flight& flight,
                        SysTime now);

struct InvoiceListOptions {
  PageQuery page;
  storage::InvoiceFilter filter;
};

struct PaymentInput {
  int64_t amount_minor = 0;
  std::string method;
  std::optional<std::string> received_on;  // default: today (UTC)
  std::optional<std::string> reference;
};

struct CreditInput {
  std::optional<int64_t> amount_minor;  // before tax; absent: the whole invoice, line by line
  std::string reason;
};

enum class InvoiceDetail { kLines, kLinesAndPayments };

class BillingService {
 public:
  explicit BillingService(const ServiceContext& ctx) : ctx_(ctx) {}

  // Ordered by issue_date, id.
  Result<Page<domain::Invoice>> listInvoices(const std::string& org, const InvoiceListOptions& opt);
  Result<domain::Invoice> getInvoice(const std::string& org, const std::string& id, InvoiceDetail detail);
  std::vector<domain::Account> listAccounts(const std::string& org);

  // Console writes, each audited. They return the invoice as it is afterwards (with lines and payments);
  // credit returns the new credit note.
  Result<domain::Invoice> recordPayment(const std::string& org, const std::string& invoice_id,
                                        const PaymentInput& in, const Actor& actor);
  Result<domain::Invoice> voidInvoice(const std::string& org, const std::string& invoice_id,
                                      const std::string& reason, const Actor& actor);
  Result<domain::Invoice> creditInvoice(const std::string& org, const std::string& invoice_id,
                                        const CreditInput& in, const Actor& actor);

  // One summary per month from `from` to `to` ("YYYY-MM", at most kMaxFinanceMonths).
  Result<std::vector<domain::FinanceSummary>> financeSummaries(const std::string& org,
                                                               const std::string& from,
                                                               const std::string& to);
  static constexpr int kMaxFinanceMonths = 36;

  // `gaflight demo`: tax rate, instructors' rates, accounts, the invoices of every approved flight,
  // payments, a few overdue balances, two void invoices and two credit notes, inside the caller's
  // write transaction.
  void seedDemo(storage::Connection& conn, const std::string& org, const DemoDataOptions& opt);

  // The clock's UTC date (YYYY-MM-DD): overdue and default ranges are judged against it.
  std::string today() const;

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
