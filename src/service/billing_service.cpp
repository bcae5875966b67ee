#include "service/billing_service.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "domain/maintenance.hpp"
#include "domain/scopes.hpp"
#include "service/audit.hpp"
#include "service/paging.hpp"

namespace gaflight::service {

namespace {

Error notFound() { return makeError(ErrorCode::kNotFound, "No such invoice."); }

// Numbers per series (INV, CRN) and year, continuing from the highest already used: numbers are
// never reused, a void invoice keeps its own.
class InvoiceNumbers {
 public:
  InvoiceNumbers(storage::BillingRepository& repo, std::string org) : repo_(repo), org_(std::move(org)) {}
  std::string next(const std::string& prefix, const std::string& issue_date) {
    int year = std::stoi(issue_date.substr(0, 4));
    auto key = prefix + std::to_string(year);
    auto it = last_.find(key);
    if (it == last_.end()) it = last_.emplace(key, repo_.lastNumber(org_, prefix, year)).first;
    std::string number = domain::nextInvoiceNumber(prefix, year, it->second);
    it->second = number;
    return number;
  }

 private:
  storage::BillingRepository& repo_;
  std::string org_;
  std::map<std::string, std::optional<std::string>> last_;
};

// The pilot's account, created on first need.
domain::Account ensureAccount(storage::BillingRepository& repo, const std::string& org,
                              const std::string& pilot_id, const std::string& name,
                              const std::string& currency, const std::string& at, int64_t at_ms) {
  if (auto a = repo.accountForPilot(org, pilot_id)) return *a;
  domain::Account a;
  a.id = ids::prefixed("acc_", at_ms);
  a.org_id = org;
  a.pilot_id = pilot_id;
  a.name = name;
  a.currency = currency;
  a.created_at = a.updated_at = at;
  repo.insertAccount(a);
  return a;
}

struct IssueSpec {
  std::string kind = "invoice";
  std::optional<std::string> credited_invoice_id;
  std::string issue_date, at;  // at: created_at instant
  int64_t at_ms = 0;
};

// Writes an issued invoice (or credit note) with its lines; totals are the sums of the lines.
domain::Invoice issueInvoice(storage::BillingRepository& repo, InvoiceNumbers& numbers,
                             const domain::Account& account, std::vector<domain::InvoiceLine> lines,
                             const IssueSpec& spec) {
  domain::Invoice inv;
  inv.id = ids::prefixed("inv_", spec.at_ms);
  inv.org_id = account.org_id;
  inv.number = numbers.next(spec.kind == "invoice" ? domain::kInvoicePrefix : domain::kCreditNotePrefix,
                            spec.issue_date);
  inv.account_id = account.id;
  inv.account_name = account.name;
  inv.pilot_id = account.pilot_id;
  inv.kind = spec.kind;
  inv.credited_invoice_id = spec.credited_invoice_id;
  inv.status = "issued";
  inv.issue_date = spec.issue_date;
  inv.due_date =
      spec.kind == "invoice" ? domain::addDays(spec.issue_date, domain::kPaymentTermDays) : spec.issue_date;
  inv.currency = account.currency;
  inv.created_at = inv.updated_at = spec.at;
  domain::applyLineTotals(inv, lines);
  repo.insertInvoice(inv);
  for (auto& l : lines) {
    l.id = ids::prefixed("invl_", spec.at_ms);
    l.org_id = inv.org_id;
    l.invoice_id = inv.id;
    l.created_at = l.updated_at = spec.at;
    repo.insertLine(l);
  }
  inv.lines = std::move(lines);
  return inv;
}

domain::Invoice billFlight(storage::BillingRepository& repo, InvoiceNumbers& numbers, const std::string& org,
                           const storage::BillableFlight& b, const std::string& issue_date,
                           const std::string& at, int64_t at_ms) {
  auto account = ensureAccount(repo, org, b.pilot_id, b.pilot_name, b.currency, at, at_ms);
  return issueInvoice(repo, numbers, account, domain::flightLines(b.charge),
                      {"invoice", std::nullopt, issue_date, at, at_ms});
}

domain::Payment makePayment(const domain::Invoice& inv, const PaymentInput& in,
                            const std::optional<std::string>& by, const std::string& received_on,
                            const std::string& at, int64_t at_ms) {
  domain::Payment p;
  p.id = ids::prefixed("pay_", at_ms);
  p.org_id = inv.org_id;
  p.account_id = inv.account_id;
  p.invoice_id = inv.id;
  p.amount_minor = in.amount_minor;
  p.method = in.method;
  p.received_on = received_on;
  p.reference = in.reference;
  p.created_by = by;
  p.created_at = p.updated_at = at;
  return p;
}

// Applies a payment to the stored invoice (paid when the balance reaches zero).
void applyPayment(storage::BillingRepository& repo, domain::Invoice& inv, const domain::Payment& p,
                  const std::string& at) {
  repo.insertPayment(p);
  inv.paid_minor += p.amount_minor;
  inv.status = domain::statusAfterSettlement(inv);
  inv.updated_at = at;
  repo.updateSettlement(inv.org_id, inv.id, inv.paid_minor, inv.credited_minor, inv.status, at);
}

// Issues a credit note against `original` and records it on the original.
domain::Invoice applyCredit(storage::BillingRepository& repo, InvoiceNumbers& numbers,
                            domain::Invoice& original, const CreditInput& in, const std::string& issue_date,
                            const std::string& at, int64_t at_ms) {
  auto lines =
      domain::creditLines(original, repo.lines(original.org_id, original.id), in.amount_minor, in.reason,
                          domain::invoiceLanguageFor(repo.settings(original.org_id).country));
  domain::Account account{original.account_id,
                          original.org_id,
                          original.pilot_id,
                          original.account_name,
                          original.currency,
                          0,
                          0,
                          0,
                          0,
                          "",
                          ""};
  auto note = issueInvoice(repo, numbers, account, std::move(lines),
                           {"credit_note", original.id, issue_date, at, at_ms});
  original.credited_minor += -note.total_minor;
  original.status = domain::statusAfterSettlement(original);
  original.updated_at = at;
  repo.updateSettlement(original.org_id, original.id, original.paid_minor, original.credited_minor,
                        original.status, at);
  return note;
}

nlohmann::json invoiceAudit(const domain::Invoice& inv) {
  return {{"number", inv.number},
          {"status", inv.status},
          {"total_minor", inv.total_minor},
          {"paid_minor", inv.paid_minor},
          {"credited_minor", inv.credited_minor},
          {"currency", inv.currency}};
}

int64_t unixMs(SysTime t) { return timefmt::toUnixSeconds(t) * 1000; }

}  // namespace

void billApprovedFlight(storage::Connection& conn, const std::string& org, const domain::Flight& flight,
                        SysTime now) {
  if (flight.status != "approved") return;
  storage::BillingRepository repo(conn);
  if (repo.flightBilled(org, flight.id)) return;  // billed exactly once
  auto b = repo.billableFlight(org, flight.id);
  if (!b) return;
  InvoiceNumbers numbers(repo, org);
  const std::string at = timefmt::formatInstant(now);
  billFlight(repo, numbers, org, *b, at.substr(0, 10), at, unixMs(now));
}

std::string BillingService::today() const { return timefmt::formatInstant(ctx_.clock.now()).substr(0, 10); }

Result<Page<domain::Invoice>> BillingService::listInvoices(const std::string& org,
                                                           const InvoiceListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"invoices", org,
                filterSignature(f.status, f.from, f.to, f.account_id, f.updated_since, f.overdue_on), 2};
  storage::BillingRepository repo(ctx_.db.connection());
  auto page = fetchListPage<domain::Invoice>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.listInvoices(org, {opt.page.limit, after}, f);
      },
      [](const domain::Invoice& inv) {
        return std::vector<std::string>{inv.issue_date, inv.id};
      });
  if (page) {
    const std::string d = today();
    for (auto& inv : page->items) inv.overdue = domain::isOverdue(inv, d);
  }
  return page;
}

Result<domain::Invoice> BillingService::getInvoice(const std::string& org, const std::string& id,
                                                   InvoiceDetail detail) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);  // the invoice and its lines from one snapshot
  storage::BillingRepository repo(conn);
  auto inv = repo.findInvoice(org, id);
  if (!inv) return notFound();
  inv->lines = repo.lines(org, id);
  if (detail == InvoiceDetail::kLinesAndPayments) inv->payments = repo.payments(org, id);
  inv->overdue = domain::isOverdue(*inv, today());
  tx.commit();
  return *inv;
}

std::vector<domain::Account> BillingService::listAccounts(const std::string& org) {
  return storage::BillingRepository(ctx_.db.connection()).listAccounts(org, today());
}

namespace {
Result<std::string> requiredReason(const std::string& reason) {
  auto r = domain::trim(reason);
  if (r.empty() || r.size() > 1000) {
    return makeError(ErrorCode::kValidationFailed, "reason is required (1–1000 characters).", "reason");
  }
  return r;
}

// One console write on one invoice: find it in a write transaction (404 when absent), let `change` check,
// write and audit, commit. `change` answers the id of the invoice to show afterwards.
template <typename Change>
Result<std::string> changeInvoice(const ServiceContext& ctx, const std::string& org, const std::string& id,
                                  Change change) {
  auto& conn = ctx.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::BillingRepository repo(conn);
  auto inv = repo.findInvoice(org, id);
  if (!inv) return notFound();
  Result<std::string> shown = change(conn, repo, *inv, ctx.clock.now());
  if (!shown) return shown.error();
  tx.commit();
  ctx.afterCommit();
  return shown;
}
}  // namespace

Result<domain::Invoice> BillingService::recordPayment(const std::string& org, const std::string& invoice_id,
                                                      const PaymentInput& in, const Actor& actor) {
  if (!domain::isOneOf(domain::paymentMethods(), in.method)) {
    return makeError(ErrorCode::kValidationFailed,
                     "method must be one of card, cash, transfer, cheque, other.", "method");
  }
  const std::string d = today();
  std::string received_on = in.received_on.value_or(d);
  if (!timefmt::isValidDate(received_on) || received_on > d) {
    return makeError(ErrorCode::kValidationFailed,
                     "received_on must be a YYYY-MM-DD date, not in the future.", "received_on");
  }
  auto shown = changeInvoice(
      ctx_, org, invoice_id,
      [&](storage::Connection& conn, storage::BillingRepository& repo, domain::Invoice& inv,
          SysTime now) -> Result<std::string> {
        if (auto st = domain::checkPayment(inv, in.amount_minor); !st) return st.error();
        if (received_on < inv.issue_date) {
          return makeError(ErrorCode::kValidationFailed,
                           "received_on must not be before the invoice's issue date.", "received_on");
        }
        const std::string at = timefmt::formatInstant(now);
        auto p = makePayment(inv, in, actor.user_id, received_on, at, unixMs(now));
        applyPayment(repo, inv, p, at);
        auto details = invoiceAudit(inv);
        details["payment_id"] = p.id;
        details["amount_minor"] = p.amount_minor;
        details["method"] = p.method;
        recordAudit(conn, org, actor, "invoice.payment_recorded", "invoice", inv.id, details, at);
        return inv.id;
      });
  if (!shown) return shown.error();
  return getInvoice(org, *shown, InvoiceDetail::kLinesAndPayments);
}

Result<domain::Invoice> BillingService::voidInvoice(const std::string& org, const std::string& invoice_id,
                                                    const std::string& reason, const Actor& actor) {
  auto r = requiredReason(reason);
  if (!r) return r.error();
  auto shown =
      changeInvoice(ctx_, org, invoice_id,
                    [&](storage::Connection& conn, storage::BillingRepository& repo, domain::Invoice& inv,
                        SysTime now) -> Result<std::string> {
                      if (auto st = domain::checkVoid(inv); !st) return st.error();
                      const std::string at = timefmt::formatInstant(now);
                      repo.markVoid(org, inv.id, *r, at);
                      auto details = invoiceAudit(inv);
                      details["status"] = "void";
                      details["reason"] = *r;
                      recordAudit(conn, org, actor, "invoice.voided", "invoice", inv.id, details, at);
                      return inv.id;
                    });
  if (!shown) return shown.error();
  return getInvoice(org, *shown, InvoiceDetail::kLinesAndPayments);
}

Result<domain::Invoice> BillingService::creditInvoice(const std::string& org, const std::string& invoice_id,
                                                      const CreditInput& in, const Actor& actor) {
  auto r = requiredReason(in.reason);
  if (!r) return r.error();
  auto shown = changeInvoice(
      ctx_, org, invoice_id,
      [&](storage::Connection& conn, storage::BillingRepository& repo, domain::Invoice& inv,
          SysTime now) -> Result<std::string> {
        if (auto st = domain::checkCredit(inv, in.amount_minor); !st) return st.error();
        if (in.amount_minor) {
          // The amount is before tax; with tax it must still fit what is left to credit.
          auto lines = repo.lines(org, inv.id);
          int64_t bp = lines.empty() ? 0 : lines.front().tax_rate_bp;
          int64_t open = inv.total_minor - inv.credited_minor;
          if (domain::lineAmounts(1000, *in.amount_minor, bp).total_minor > open) {
            return makeError(ErrorCode::kValidationFailed,
                             "amount_minor plus its tax must not exceed what is left to credit (" +
                                 std::to_string(open) + ").",
                             "amount_minor");
          }
        }
        const std::string at = timefmt::formatInstant(now);
        InvoiceNumbers numbers(repo, org);
        auto note = applyCredit(repo, numbers, inv, {in.amount_minor, *r}, at.substr(0, 10), at, unixMs(now));
        auto details = invoiceAudit(inv);
        details["credit_note_id"] = note.id;
        details["credit_note_number"] = note.number;
        details["credit_total_minor"] = note.total_minor;
        details["reason"] = *r;
        recordAudit(conn, org, actor, "invoice.credited", "invoice", inv.id, details, at);
        return note.id;
      });
  if (!shown) return shown.error();
  return getInvoice(org, *shown, InvoiceDetail::kLinesAndPayments);
}

Result<std::vector<domain::FinanceSummary>> BillingService::financeSummaries(const std::string& org,
                                                                             const std::string& from,
                                                                             const std::string& to) {
  auto months = domain::monthsBetween(from, to);
  if (months.empty()) return makeError(ErrorCode::kInvalidParameter, "from must not be after to.", "from");
  if (static_cast<int>(months.size()) > kMaxFinanceMonths) {
    return makeError(ErrorCode::kInvalidParameter,
                     "from and to may span at most " + std::to_string(kMaxFinanceMonths) + " months.", "to");
  }
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);  // every month from one snapshot
  auto input = storage::BillingRepository(conn).financeInput(org, from + "-01", domain::lastDayOfPeriod(to));
  tx.commit();
  return domain::summariseFinance(months, input);
}

// ---- demo ------------------------------------------------------------------------------------------

namespace {
// A deterministic 0–99 draw per (seed, index, salt).
int draw(uint64_t seed, uint64_t index, uint64_t salt) {
  uint64_t x =
      seed * 0x9E3779B97F4A7C15ULL ^ (index + 1) * 0xBF58476D1CE4E5B9ULL ^ salt * 0x94D049BB133111EBULL;
  x ^= x >> 31;
  x *= 0xD6E8FEB86659FD93ULL;
  x ^= x >> 29;
  return static_cast<int>(x % 100);
}

std::string demoMethod(int d, const std::string& country) {
  if (d < 55) return "card";
  if (d < 80) return "transfer";
  if (d < 90) return "cash";
  return country == "FR" ? "cheque" : "other";
}

std::string instantOn(const std::string& date, const char* time) { return date + "T" + time + "Z"; }
int64_t msOf(const std::string& instant) { return timefmt::parseInstant(instant).value_or(0) * 1000; }
}  // namespace

void BillingService::seedDemo(storage::Connection& conn, const std::string& org, const DemoDataOptions& opt) {
  storage::BillingRepository repo(conn);
  const std::string now = timefmt::formatInstant(opt.now_unix);
  const std::string today = now.substr(0, 10);
  const bool fr = opt.country != "US";
  // VAT 20 % on flight training and rental in the French club; no sales tax on it in California.
  repo.setTaxRate(org, fr ? 2000 : 0, now);
  const int64_t fr_rates[] = {4500, 4800, 4200, 5000};
  const int64_t us_rates[] = {6500, 7000, 6000, 7500};
  size_t n = 0;
  for (const auto& id : repo.instructorIds(org))
    repo.setInstructionRate(org, id, (fr ? fr_rates : us_rates)[n++ % 4], now);
  auto currency = repo.settings(org).currency;
  for (const auto& [pilot_id, name] : repo.pilotsWithoutAccount(org))
    ensureAccount(repo, org, pilot_id, name, currency, now, opt.now_unix * 1000);

  InvoiceNumbers numbers(repo, org);
  std::vector<domain::Invoice> issued;
  for (const auto& b : repo.unbilledApprovedFlights(org)) {
    const std::string at = b.reviewed_at.value_or(now);
    issued.push_back(billFlight(repo, numbers, org, b, at.substr(0, 10), at, msOf(at)));
  }

  // Two flights the club does not charge (void, number kept), one aborted flight credited in full and
  // one goodwill credit; everything else paid except a few recent and a few overdue balances.
  int voided = 0, credited = 0;
  for (size_t i = 0; i < issued.size(); ++i) {
    auto& inv = issued[i];
    int64_t age = domain::daysBetween(inv.issue_date, today);
    int d = draw(opt.seed, i, 1);
    if (voided < 2 && age > 60 && d == 97 && inv.total_minor > 0) {
      const std::string at = instantOn(domain::addDays(inv.issue_date, 1), "09:30:00");
      repo.markVoid(org, inv.id,
                    voided == 0 ? "Discovery flight offered by the club (gift voucher)"
                                : "Check flight at the club's request, not chargeable",
                    at);
      ++voided;
      continue;
    }
    bool settle = age > domain::kPaymentTermDays ? !(age < 150 && d < 1) : d < 55;
    bool partial = age > domain::kPaymentTermDays && age < 150 && d == 2;
    if (settle || partial) {
      int64_t delay = age > 0 ? draw(opt.seed, i, 2) % std::min<int64_t>(age, 28) : 0;
      std::string received_on = domain::addDays(inv.issue_date, delay);
      const std::string at = std::min(instantOn(received_on, "16:00:00"), now);
      PaymentInput in{partial ? inv.total_minor / 2 : inv.total_minor,
                      demoMethod(draw(opt.seed, i, 3), opt.country), received_on, std::nullopt};
      if (in.amount_minor > 0)
        applyPayment(repo, inv, makePayment(inv, in, std::nullopt, received_on, at, msOf(at)), at);
    }
    if (credited < 2 && age > 40 && d == 98 && inv.status == "paid" && inv.total_minor > 0) {
      std::string on = domain::addDays(inv.issue_date, 7);
      const std::string at = instantOn(on, "11:00:00");
      CreditInput c =
          credited == 0 ? CreditInput{std::nullopt,
                                      "Flight aborted after take-off (rough running engine), not chargeable"}
                        : CreditInput{inv.subtotal_minor / 5,
                                      "Goodwill: 20 minutes holding at the runway, engine running"};
      applyCredit(repo, numbers, inv, c, on, at, msOf(at));
      ++credited;
    }
  }
}

}  // namespace gaflight::service
