#include "storage/billing_repository.hpp"

#include "storage/operations_repository.hpp"

namespace gaflight::storage {

namespace {
// The invoice columns and their joins, after "SELECT ".
constexpr const char* kInvoiceColumns =
    "i.id, i.org_id, i.number, i.account_id, a.name, a.pilot_id, i.kind, i.credited_invoice_id, "
    "i.status, "
    "i.issue_date, i.due_date, i.currency, i.subtotal_minor, i.tax_minor, i.total_minor, i.paid_minor, "
    "i.credited_minor, i.voided_at, i.void_reason, i.created_at, i.updated_at "
    "FROM invoices i JOIN accounts a ON a.id = i.account_id";

domain::Invoice invoiceFromRow(const RowView& r) {
  domain::Invoice v;
  v.id = r.str(0);
  v.org_id = r.str(1);
  v.number = r.str(2);
  v.account_id = r.str(3);
  v.account_name = r.str(4);
  v.pilot_id = r.optStr(5);
  v.kind = r.str(6);
  v.credited_invoice_id = r.optStr(7);
  v.status = r.str(8);
  v.issue_date = r.str(9);
  v.due_date = r.str(10);
  v.currency = r.str(11);
  v.subtotal_minor = r.integer(12);
  v.tax_minor = r.integer(13);
  v.total_minor = r.integer(14);
  v.paid_minor = r.integer(15);
  v.credited_minor = r.integer(16);
  v.voided_at = r.optStr(17);
  v.void_reason = r.optStr(18);
  v.created_at = r.str(19);
  v.updated_at = r.str(20);
  return v;
}

constexpr const char* kLineCols =
    "id, org_id, invoice_id, position, kind, description, quantity_milli, unit, unit_price_minor, "
    "tax_rate_bp, "
    "subtotal_minor, tax_minor, total_minor, flight_id, aircraft_id, instructor_id, created_at, updated_at";

domain::InvoiceLine lineFromRow(const RowView& r) {
  domain::InvoiceLine l;
  l.id = r.str(0);
  l.org_id = r.str(1);
  l.invoice_id = r.str(2);
  l.position = r.integer(3);
  l.kind = r.str(4);
  l.description = r.str(5);
  l.quantity_milli = r.integer(6);
  l.unit = r.str(7);
  l.unit_price_minor = r.integer(8);
  l.tax_rate_bp = r.integer(9);
  l.subtotal_minor = r.integer(10);
  l.tax_minor = r.integer(11);
  l.total_minor = r.integer(12);
  l.flight_id = r.optStr(13);
  l.aircraft_id = r.optStr(14);
  l.instructor_id = r.optStr(15);
  l.created_at = r.str(16);
  l.updated_at = r.str(17);
  return l;
}

constexpr const char* kPaymentCols =
    "id, org_id, account_id, invoice_id, amount_minor, method, received_on, reference, created_by, "
    "created_at, "
    "updated_at";

domain::Payment paymentFromRow(const RowView& r) {
  domain::Payment p;
  p.id = r.str(0);
  p.org_id = r.str(1);
  p.account_id = r.str(2);
  p.invoice_id = r.optStr(3);
  p.amount_minor = r.integer(4);
  p.method = r.str(5);
  p.received_on = r.str(6);
  p.reference = r.optStr(7);
  p.created_by = r.optStr(8);
  p.created_at = r.str(9);
  p.updated_at = r.str(10);
  return p;
}

constexpr const char* kBillableSelect =
    "SELECT f.id, f.flight_date, f.aircraft_id, f.aircraft_registration, f.hobbs_start_tenths, "
    "f.hobbs_end_tenths, "
    "f.block_min, COALESCE(ac.hourly_rate_minor, 0), f.instructor_id, "
    "COALESCE(ins.first_name || ' ' || ins.last_name, ''), COALESCE(ins.instruction_rate_minor, 0), "
    "o.tax_rate_bp, "
    "f.pilot_id, p.first_name || ' ' || p.last_name, o.currency, f.reviewed_at, o.country "
    "FROM flights f JOIN orgs o ON o.id = f.org_id JOIN pilots p ON p.id = f.pilot_id "
    "LEFT JOIN aircraft ac ON ac.id = f.aircraft_id LEFT JOIN pilots ins ON ins.id = f.instructor_id "
    "WHERE f.org_id = ?1";

BillableFlight billableFromRow(const RowView& r) {
  BillableFlight b;
  auto& c = b.charge;
  c.flight_id = r.str(0);
  c.flight_date = r.str(1);
  c.aircraft_id = r.str(2);
  c.registration = r.str(3);
  c.hobbs_start_tenths = r.integer(4);
  c.hobbs_end_tenths = r.integer(5);
  c.block_min = r.integer(6);
  c.aircraft_rate_minor = r.integer(7);
  c.instructor_id = r.optStr(8);
  c.instructor_name = r.str(9);
  c.instruction_rate_minor = r.integer(10);
  c.tax_rate_bp = r.integer(11);
  b.pilot_id = r.str(12);
  b.pilot_name = r.str(13);
  b.currency = r.str(14);
  b.reviewed_at = r.optStr(15);
  c.language = domain::invoiceLanguageFor(r.text(16));
  return b;
}
}  // namespace

BillingSettings BillingRepository::settings(const std::string& org) {
  BillingSettings s;
  c_.run("SELECT tax_rate_bp, currency, country FROM orgs WHERE id = ?1", {org}, [&](const RowView& r) {
    s.tax_rate_bp = r.integer(0);
    s.currency = r.str(1);
    s.country = r.str(2);
  });
  return s;
}

void BillingRepository::setTaxRate(const std::string& org, int64_t tax_rate_bp, const std::string& at) {
  c_.run("UPDATE orgs SET tax_rate_bp = ?2, updated_at = ?3 WHERE id = ?1", {org, tax_rate_bp, at});
}

void BillingRepository::setInstructionRate(const std::string& org, const std::string& pilot_id,
                                           int64_t rate_minor, const std::string& at) {
  c_.run("UPDATE pilots SET instruction_rate_minor = ?3, updated_at = ?4 WHERE org_id = ?1 AND id = ?2",
         {org, pilot_id, rate_minor, at});
  storePilotRendering(c_, org, pilot_id);
}

std::vector<std::string> BillingRepository::instructorIds(const std::string& org) {
  std::vector<std::string> out;
  c_.run("SELECT id FROM pilots WHERE org_id = ?1 AND roles LIKE '%\"instructor\"%' ORDER BY id", {org},
         [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

std::optional<domain::Account> BillingRepository::accountForPilot(const std::string& org,
                                                                  const std::string& pilot_id) {
  std::optional<domain::Account> out;
  c_.run(
      "SELECT id, org_id, pilot_id, name, currency, created_at, updated_at FROM accounts "
      "WHERE org_id = ?1 AND pilot_id = ?2",
      {org, pilot_id}, [&](const RowView& r) {
        out = domain::Account{r.str(0), r.str(1), r.optStr(2), r.str(3), r.str(4), 0,
                              0,        0,        0,           r.str(5), r.str(6)};
      });
  return out;
}

void BillingRepository::insertAccount(const domain::Account& a) {
  c_.run(
      "INSERT INTO accounts(id, org_id, pilot_id, name, currency, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {a.id, a.org_id, optText(a.pilot_id), a.name, a.currency, a.created_at, a.updated_at});
}

std::vector<std::pair<std::string, std::string>> BillingRepository::pilotsWithoutAccount(
    const std::string& org) {
  std::vector<std::pair<std::string, std::string>> out;
  c_.run(
      "SELECT p.id, p.first_name || ' ' || p.last_name FROM pilots p WHERE p.org_id = ?1 AND NOT EXISTS "
      "(SELECT 1 FROM accounts a WHERE a.org_id = ?1 AND a.pilot_id = p.id) ORDER BY p.id",
      {org}, [&](const RowView& r) { out.emplace_back(r.str(0), r.str(1)); });
  return out;
}

std::vector<domain::Account> BillingRepository::listAccounts(const std::string& org,
                                                             const std::string& today) {
  std::vector<domain::Account> out;
  c_.run(
      "SELECT a.id, a.org_id, a.pilot_id, a.name, a.currency, a.created_at, a.updated_at, "
      "COALESCE((SELECT SUM(i.total_minor) FROM invoices i WHERE i.org_id = a.org_id AND i.account_id = a.id "
      "AND i.status <> 'void'), 0), "
      "COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.org_id = a.org_id AND p.account_id = "
      "a.id), 0), "
      "COALESCE((SELECT SUM(i.total_minor - i.paid_minor - i.credited_minor) FROM invoices i WHERE i.org_id "
      "= "
      "a.org_id AND i.account_id = a.id AND i.kind = 'invoice' AND i.status = 'issued' AND i.due_date < ?2), "
      "0) "
      "FROM accounts a WHERE a.org_id = ?1 ORDER BY a.name, a.id",
      {org, today}, [&](const RowView& r) {
        domain::Account a{r.str(0),     r.str(1), r.optStr(2),  r.str(3), r.str(4), r.integer(7),
                          r.integer(8), 0,        r.integer(9), r.str(5), r.str(6)};
        a.balance_minor = a.invoiced_minor - a.paid_minor;
        out.push_back(std::move(a));
      });
  return out;
}

std::optional<std::string> BillingRepository::lastNumber(const std::string& org, const std::string& prefix,
                                                         int year) {
  // Numbers are zero-padded to five digits and grow wider only once …-99999 has been issued (they are
  // never reused). Until then the greatest in string order, one probe of the (org_id, number) index, is
  // the numerically greatest. After it, the longest then greatest is, which sorts the whole year's series.
  std::string series = prefix + "-" + std::to_string(year) + "-";
  auto greatest = c_.scalarText(
      "SELECT number FROM invoices WHERE org_id = ?1 AND number >= ?2 AND number < ?3 "
      "ORDER BY number DESC LIMIT 1",
      {org, series, series + "~"});
  if (!greatest || !greatest->starts_with(series + "99999")) return greatest;
  return c_.scalarText(
      "SELECT number FROM invoices WHERE org_id = ?1 AND number >= ?2 AND number < ?3 "
      "ORDER BY length(number) DESC, number DESC LIMIT 1",
      {org, series, series + "~"});
}

void BillingRepository::insertInvoice(const domain::Invoice& v) {
  c_.run(
      "INSERT INTO invoices(id, org_id, number, account_id, kind, credited_invoice_id, status, issue_date, "
      "due_date, "
      "currency, subtotal_minor, tax_minor, total_minor, paid_minor, credited_minor, voided_at, void_reason, "
      "created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)",
      {v.id, v.org_id, v.number, v.account_id, v.kind, optText(v.credited_invoice_id), v.status, v.issue_date,
       v.due_date, v.currency, v.subtotal_minor, v.tax_minor, v.total_minor, v.paid_minor, v.credited_minor,
       optText(v.voided_at), optText(v.void_reason), v.created_at, v.updated_at});
}

void BillingRepository::insertLine(const domain::InvoiceLine& l) {
  c_.run(
      std::string("INSERT INTO invoice_lines(") + kLineCols +
          ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
      {l.id, l.org_id, l.invoice_id, l.position, l.kind, l.description, l.quantity_milli, l.unit,
       l.unit_price_minor, l.tax_rate_bp, l.subtotal_minor, l.tax_minor, l.total_minor, optText(l.flight_id),
       optText(l.aircraft_id), optText(l.instructor_id), l.created_at, l.updated_at});
}

void BillingRepository::insertPayment(const domain::Payment& p) {
  c_.run(
      std::string("INSERT INTO payments(") + kPaymentCols + ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
      {p.id, p.org_id, p.account_id, optText(p.invoice_id), p.amount_minor, p.method, p.received_on,
       optText(p.reference), optText(p.created_by), p.created_at, p.updated_at});
}

void BillingRepository::updateSettlement(const std::string& org, const std::string& id, int64_t paid_minor,
                                         int64_t credited_minor, const std::string& status,
                                         const std::string& at) {
  c_.run(
      "UPDATE invoices SET paid_minor = ?3, credited_minor = ?4, status = ?5, updated_at = ?6 "
      "WHERE org_id = ?1 AND id = ?2",
      {org, id, paid_minor, credited_minor, status, at});
}

void BillingRepository::markVoid(const std::string& org, const std::string& id, const std::string& reason,
                                 const std::string& at) {
  c_.run(
      "UPDATE invoices SET status = 'void', voided_at = ?3, void_reason = ?4, updated_at = ?3 "
      "WHERE org_id = ?1 AND id = ?2",
      {org, id, at, reason});
}

std::optional<domain::Invoice> BillingRepository::findInvoice(const std::string& org, const std::string& id) {
  std::optional<domain::Invoice> out;
  c_.run(std::string("SELECT ") + kInvoiceColumns + " WHERE i.org_id = ?1 AND i.id = ?2", {org, id},
         [&](const RowView& r) { out = invoiceFromRow(r); });
  return out;
}

std::vector<domain::InvoiceLine> BillingRepository::lines(const std::string& org,
                                                          const std::string& invoice_id) {
  std::vector<domain::InvoiceLine> out;
  c_.run(std::string("SELECT ") + kLineCols +
             " FROM invoice_lines WHERE invoice_id = ?2 AND org_id = ?1 ORDER BY position, id",
         {org, invoice_id}, [&](const RowView& r) { out.push_back(lineFromRow(r)); });
  return out;
}

std::vector<domain::Payment> BillingRepository::payments(const std::string& org,
                                                         const std::string& invoice_id) {
  std::vector<domain::Payment> out;
  c_.run(std::string("SELECT ") + kPaymentCols +
             " FROM payments WHERE invoice_id = ?2 AND org_id = ?1 ORDER BY received_on, id",
         {org, invoice_id}, [&](const RowView& r) { out.push_back(paymentFromRow(r)); });
  return out;
}

std::vector<domain::Invoice> BillingRepository::listInvoices(const std::string& org, const Keyset& page,
                                                             const InvoiceFilter& f) {
  // Only the filters present become predicates (each shape is prepared once); the keyset bound is a
  // range on (issue_date, id), so a page costs the same at any depth.
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order, "i.") + kInvoiceColumns + " WHERE i.org_id = ?1";
  Params params{org};
  auto bind = [&](const char* predicate, const std::string& v) {
    params.push_back(v);
    std::string pred(predicate);
    std::string ph = "?" + std::to_string(params.size());
    for (size_t pos; (pos = pred.find('$')) != std::string::npos;) pred.replace(pos, 1, ph);
    sql += " AND " + pred;
  };
  if (page.after.size() == 2 && !f.updated_since) {
    params.push_back(page.after[0]);
    params.push_back(page.after[1]);
    sql += " AND (i.issue_date, i.id) > (?2, ?3)";
  }
  if (f.status) bind("i.status = $", *f.status);
  if (f.from) bind("i.issue_date >= $", *f.from);
  if (f.to) bind("i.issue_date <= $", *f.to);
  if (f.account_id) bind("i.account_id = $", *f.account_id);
  if (f.overdue_on) {
    bind(
        "i.due_date < $ AND i.kind = 'invoice' AND i.status = 'issued' AND "
        "i.total_minor - i.paid_minor - i.credited_minor > 0",
        *f.overdue_on);
  }
  if (f.updated_since) {
    appendChangeOrder(sql, params, "i.", *f.updated_since, page);
  } else {
    params.push_back(int64_t{page.limit + 1});
    sql += " ORDER BY i.issue_date, i.id LIMIT ?" + std::to_string(params.size());
  }
  std::vector<domain::Invoice> out;
  c_.run(sql, params,
         [&](const RowView& r) { out.push_back(readListRow<domain::Invoice>(r, order, invoiceFromRow)); });
  return out;
}

bool BillingRepository::flightBilled(const std::string& org, const std::string& flight_id) {
  return c_.scalarInt(
               "SELECT count(*) FROM invoice_lines WHERE flight_id = ?2 AND kind = 'aircraft_time' "
               "AND org_id = ?1",
               {org, flight_id})
             .value_or(0) > 0;
}

std::optional<BillableFlight> BillingRepository::billableFlight(const std::string& org,
                                                                const std::string& flight_id) {
  std::optional<BillableFlight> out;
  c_.run(std::string(kBillableSelect) + " AND f.id = ?2", {org, flight_id},
         [&](const RowView& r) { out = billableFromRow(r); });
  return out;
}

std::vector<BillableFlight> BillingRepository::unbilledApprovedFlights(const std::string& org) {
  std::vector<BillableFlight> out;
  c_.run(
      std::string(kBillableSelect) +
          " AND f.status = 'approved' AND NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.flight_id = f.id "
          "AND l.kind = 'aircraft_time') ORDER BY f.reviewed_at, f.id",
      {org}, [&](const RowView& r) { out.push_back(billableFromRow(r)); });
  return out;
}

domain::FinanceInput BillingRepository::financeInput(const std::string& org, const std::string& first_day,
                                                     const std::string& last_day) {
  domain::FinanceInput in;
  in.currency = settings(org).currency;
  c_.run(
      "SELECT id, kind, issue_date, subtotal_minor, tax_minor, total_minor, credited_invoice_id FROM "
      "invoices "
      "WHERE org_id = ?1 AND status <> 'void' AND issue_date <= ?2",
      {org, last_day}, [&](const RowView& r) {
        in.invoices.push_back(domain::FinanceInvoice{r.str(0), r.str(1), r.str(2), r.integer(3), r.integer(4),
                                                     r.integer(5), r.optStr(6)});
      });
  c_.run(
      "SELECT i.issue_date, l.kind, l.quantity_milli, l.subtotal_minor, l.aircraft_id, l.instructor_id "
      "FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id "
      "WHERE i.org_id = ?1 AND i.status <> 'void' AND i.issue_date >= ?2 AND i.issue_date <= ?3",
      {org, first_day, last_day}, [&](const RowView& r) {
        in.lines.push_back(
            domain::FinanceLine{r.str(0), r.str(1), r.integer(2), r.integer(3), r.optStr(4), r.optStr(5)});
      });
  c_.run(
      "SELECT invoice_id, received_on, amount_minor FROM payments WHERE org_id = ?1 AND invoice_id IS NOT "
      "NULL "
      "AND received_on <= ?2",
      {org, last_day}, [&](const RowView& r) {
        in.payments.push_back(domain::FinancePayment{r.str(0), r.str(1), r.integer(2)});
      });
  c_.run("SELECT id, registration FROM aircraft WHERE org_id = ?1", {org},
         [&](const RowView& r) { in.aircraft_names[r.str(0)] = r.str(1); });
  c_.run("SELECT id, first_name || ' ' || last_name FROM pilots WHERE org_id = ?1", {org},
         [&](const RowView& r) { in.instructor_names[r.str(0)] = r.str(1); });
  return in;
}

}  // namespace gaflight::storage
