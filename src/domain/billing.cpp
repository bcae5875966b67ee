#include "domain/billing.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <unordered_map>

#include "domain/compliance.hpp"

namespace gaflight::domain {

int64_t divRoundHalfAway(int64_t numerator, int64_t denominator) {
  int64_t q = numerator / denominator;  // truncates toward zero
  int64_t r = numerator % denominator;
  if (2 * std::llabs(r) >= denominator) q += numerator < 0 ? -1 : 1;
  return q;
}

LineAmounts lineAmounts(int64_t quantity_milli, int64_t unit_price_minor, int64_t tax_rate_bp) {
  LineAmounts a;
  a.subtotal_minor = divRoundHalfAway(quantity_milli * unit_price_minor, 1000);
  a.tax_minor = divRoundHalfAway(a.subtotal_minor * tax_rate_bp, 10000);
  a.total_minor = a.subtotal_minor + a.tax_minor;
  return a;
}

int64_t minutesToMilli(int64_t minutes) { return divRoundHalfAway(minutes * 1000, 60); }

std::string formatMilli(int64_t milli) {
  std::string out = milli < 0 ? "-" : "";
  int64_t v = std::llabs(milli);
  out += std::to_string(v / 1000);
  int64_t frac = v % 1000;
  if (frac != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out;
}

const std::vector<std::string>& paymentMethods() {
  static const std::vector<std::string> kMethods{"card", "cash", "transfer", "cheque", "other"};
  return kMethods;
}

void applyLineTotals(Invoice& inv, const std::vector<InvoiceLine>& lines) {
  inv.subtotal_minor = inv.tax_minor = inv.total_minor = 0;
  for (const auto& l : lines) {
    inv.subtotal_minor += l.subtotal_minor;
    inv.tax_minor += l.tax_minor;
    inv.total_minor += l.total_minor;
  }
}

int64_t balanceMinor(const Invoice& inv) {
  if (inv.kind != "invoice" || inv.status == "void" || inv.status == "draft") return 0;
  return inv.total_minor - inv.paid_minor - inv.credited_minor;
}

bool isOverdue(const Invoice& inv, std::string_view today) {
  return inv.kind == "invoice" && inv.status == "issued" && balanceMinor(inv) > 0 && inv.due_date < today;
}

std::string statusAfterSettlement(const Invoice& inv) {
  if (inv.kind == "invoice" && inv.status == "issued" && balanceMinor(inv) <= 0) return "paid";
  return inv.status;
}

namespace {
Error conflict(const std::string& detail) { return makeError(ErrorCode::kConflict, detail); }
Error invalid(const std::string& field, const std::string& detail) {
  return makeError(ErrorCode::kValidationFailed, detail, field);
}
}  // namespace

Status checkPayment(const Invoice& inv, int64_t amount_minor) {
  if (inv.kind != "invoice") return conflict("A credit note is not paid; record the payment on an invoice.");
  if (inv.status != "issued")
    return conflict("Only an issued invoice takes payments (this one is " + inv.status + ").");
  if (amount_minor <= 0)
    return invalid("amount_minor", "amount_minor must be a positive amount in minor units.");
  if (amount_minor > balanceMinor(inv)) {
    return invalid("amount_minor",
                   "amount_minor must not exceed the balance (" + std::to_string(balanceMinor(inv)) + ").");
  }
  return okStatus();
}

Status checkVoid(const Invoice& inv) {
  if (inv.kind != "invoice") return conflict("A credit note cannot be voided.");
  if (inv.status == "paid") return conflict("A paid invoice cannot be voided; issue a credit note instead.");
  if (inv.status != "issued")
    return conflict("Only an issued invoice can be voided (this one is " + inv.status + ").");
  if (inv.paid_minor != 0 || inv.credited_minor != 0) {
    return conflict(
        "An invoice with payments or credit notes cannot be voided; issue a credit note instead.");
  }
  return okStatus();
}

Status checkCredit(const Invoice& inv, std::optional<int64_t> amount_minor) {
  if (inv.kind != "invoice") return conflict("A credit note cannot itself be credited.");
  if (inv.status != "issued" && inv.status != "paid") {
    return conflict("Only an issued or paid invoice can be credited (this one is " + inv.status + ").");
  }
  int64_t open = inv.total_minor - inv.credited_minor;
  if (open <= 0) return conflict("This invoice has already been credited in full.");
  if (!amount_minor) {
    if (inv.credited_minor != 0) {
      return conflict("This invoice is already partly credited; give amount_minor for a further credit.");
    }
    return okStatus();
  }
  if (*amount_minor <= 0)
    return invalid("amount_minor", "amount_minor must be a positive amount in minor units.");
  if (*amount_minor > open) {
    return invalid("amount_minor", "amount_minor (plus its tax) must not exceed what is left to credit (" +
                                       std::to_string(open) + ").");
  }
  return okStatus();
}

std::string nextInvoiceNumber(std::string_view prefix, int year, const std::optional<std::string>& last) {
  int64_t seq = 0;
  if (last) {
    auto dash = last->rfind('-');
    if (dash != std::string::npos) seq = std::strtoll(last->c_str() + dash + 1, nullptr, 10);
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*s-%04d-%05lld", static_cast<int>(prefix.size()), prefix.data(), year,
                static_cast<long long>(seq) + 1);
  return buf;
}

namespace {
// Fills subtotal, tax and total from quantity, unit price and tax rate.
void priceLine(InvoiceLine& l) {
  auto a = lineAmounts(l.quantity_milli, l.unit_price_minor, l.tax_rate_bp);
  l.subtotal_minor = a.subtotal_minor;
  l.tax_minor = a.tax_minor;
  l.total_minor = a.total_minor;
}
}  // namespace

InvoiceLanguage invoiceLanguageFor(std::string_view country) {
  return country == "FR" ? InvoiceLanguage::kFrench : InvoiceLanguage::kEnglish;
}

std::vector<InvoiceLine> flightLines(const FlightCharge& c) {
  const bool fr = c.language == InvoiceLanguage::kFrench;
  std::vector<InvoiceLine> lines;
  auto add = [&](std::string kind, std::string description, int64_t qty, int64_t unit_price) {
    InvoiceLine l;
    l.position = static_cast<int64_t>(lines.size()) + 1;
    l.kind = std::move(kind);
    l.description = std::move(description);
    l.quantity_milli = qty;
    l.unit = "hour";
    l.unit_price_minor = unit_price;
    l.tax_rate_bp = c.tax_rate_bp;
    priceLine(l);
    l.flight_id = c.flight_id;
    lines.push_back(std::move(l));
    return &lines.back();
  };
  auto* aircraft = add("aircraft_time",
                       (fr ? "Heures de vol " + c.registration + " (horamètre), vol du "
                           : "Aircraft time " + c.registration + " (hobbs), flight of ") +
                           c.flight_date,
                       tenthsToMilli(std::max<int64_t>(0, c.hobbs_end_tenths - c.hobbs_start_tenths)),
                       c.aircraft_rate_minor);
  aircraft->aircraft_id = c.aircraft_id;
  if (c.instructor_id) {
    auto* instruction = add("instruction",
                            (fr ? "Instruction en vol " + c.instructor_name + " (temps bloc), vol du "
                                : "Flight instruction " + c.instructor_name + " (block time), flight of ") +
                                c.flight_date,
                            minutesToMilli(c.block_min), c.instruction_rate_minor);
    instruction->instructor_id = c.instructor_id;
  }
  return lines;
}

std::vector<InvoiceLine> creditLines(const Invoice& original, const std::vector<InvoiceLine>& original_lines,
                                     std::optional<int64_t> amount_minor, const std::string& reason,
                                     InvoiceLanguage language) {
  const bool fr = language == InvoiceLanguage::kFrench;
  std::vector<InvoiceLine> out;
  if (!amount_minor) {
    for (const auto& o : original_lines) {
      InvoiceLine l = o;
      l.id.clear();
      l.position = static_cast<int64_t>(out.size()) + 1;
      l.kind = "credit";
      l.description = (fr ? "Avoir : " : "Credit: ") + o.description;
      l.quantity_milli = -o.quantity_milli;
      priceLine(l);
      out.push_back(std::move(l));
    }
    return out;
  }
  InvoiceLine l;
  l.position = 1;
  l.kind = "credit";
  l.description = (fr ? "Avoir sur " : "Credit on ") + original.number +
                  (reason.empty() ? "" : (fr ? " : " : ": ") + reason);
  l.quantity_milli = -1000;
  l.unit = "each";
  l.unit_price_minor = *amount_minor;
  l.tax_rate_bp = original_lines.empty() ? 0 : original_lines.front().tax_rate_bp;
  priceLine(l);
  out.push_back(std::move(l));
  return out;
}

// ---- finance summaries ---------------------------------------------------------------------------

std::optional<std::pair<int, int>> parseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int y = std::atoi(std::string(text.substr(0, 4)).c_str());
  int m = std::atoi(std::string(text.substr(5, 2)).c_str());
  if (y < 1900 || m < 1 || m > 12) return std::nullopt;
  return std::pair{y, m};
}

std::string formatMonth(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string addMonthsToPeriod(std::string_view period, int months) {
  auto p = parseMonth(period);
  if (!p) return std::string(period);
  int index = p->first * 12 + (p->second - 1) + months;
  return formatMonth(index / 12, index % 12 + 1);
}

std::vector<std::string> monthsBetween(std::string_view from, std::string_view to) {
  std::vector<std::string> out;
  if (!parseMonth(from) || !parseMonth(to)) return out;
  for (std::string m(from); m <= to; m = addMonthsToPeriod(m, 1)) out.push_back(m);
  return out;
}

std::string lastDayOfPeriod(std::string_view period) {
  auto p = parseMonth(period);
  if (!p) return {};
  return formatCivilDate(CivilDate{p->first, p->second, daysInMonth(p->first, p->second)});
}

std::vector<FinanceSummary> summariseFinance(const std::vector<std::string>& months, const FinanceInput& in) {
  std::vector<FinanceSummary> out;
  std::map<std::string, size_t> index;  // period → position in out
  for (const auto& m : months) {
    index[m] = out.size();
    FinanceSummary s;
    s.period = m;
    s.currency = in.currency;
    out.push_back(std::move(s));
  }
  auto at = [&](const std::string& date) -> FinanceSummary* {
    auto it = index.find(date.substr(0, 7));
    return it == index.end() ? nullptr : &out[it->second];
  };
  for (const auto& inv : in.invoices) {
    if (auto* s = at(inv.issue_date)) {
      s->revenue_minor += inv.subtotal_minor;
      s->tax_minor += inv.tax_minor;
      ++s->invoice_count;
    }
  }
  std::vector<std::map<std::string, AircraftFinance>> aircraft(out.size());
  std::vector<std::map<std::string, InstructorFinance>> instructors(out.size());
  for (const auto& l : in.lines) {
    auto* s = at(l.issue_date);
    if (!s) continue;
    size_t i = static_cast<size_t>(s - out.data());
    if (l.kind == "aircraft_time") s->billable_hours_milli += l.quantity_milli;
    if (l.aircraft_id) {
      auto& a = aircraft[i][*l.aircraft_id];
      a.aircraft_id = *l.aircraft_id;
      a.revenue_minor += l.subtotal_minor;
      if (l.kind == "aircraft_time") a.hours_milli += l.quantity_milli;
    }
    if (l.instructor_id) {
      auto& t = instructors[i][*l.instructor_id];
      t.instructor_id = *l.instructor_id;
      t.revenue_minor += l.subtotal_minor;
      if (l.kind == "instruction") t.hours_milli += l.quantity_milli;
    }
  }
  auto name = [](const std::map<std::string, std::string>& names, const std::string& id) {
    auto it = names.find(id);
    return it == names.end() ? id : it->second;
  };
  for (size_t i = 0; i < out.size(); ++i) {
    for (auto& [id, a] : aircraft[i]) {
      a.registration = name(in.aircraft_names, id);
      out[i].by_aircraft.push_back(a);
    }
    std::sort(out[i].by_aircraft.begin(), out[i].by_aircraft.end(), [](const auto& x, const auto& y) {
      return std::tie(x.registration, x.aircraft_id) < std::tie(y.registration, y.aircraft_id);
    });
    for (auto& [id, t] : instructors[i]) {
      t.name = name(in.instructor_names, id);
      out[i].by_instructor.push_back(t);
    }
    std::sort(out[i].by_instructor.begin(), out[i].by_instructor.end(), [](const auto& x, const auto& y) {
      return std::tie(x.name, x.instructor_id) < std::tie(y.name, y.instructor_id);
    });
  }
  // Receivables at each month end: what each invoice issued by then still owed then.
  for (auto& s : out) {
    const std::string end = lastDayOfPeriod(s.period);
    std::unordered_map<std::string, int64_t> owed;  // invoice id → open amount at `end`
    for (const auto& inv : in.invoices)
      if (inv.kind == "invoice" && inv.issue_date <= end) owed[inv.id] = inv.total_minor;
    for (const auto& inv : in.invoices) {
      if (inv.kind != "credit_note" || inv.issue_date > end || !inv.credited_invoice_id) continue;
      if (auto it = owed.find(*inv.credited_invoice_id); it != owed.end()) it->second += inv.total_minor;
    }
    for (const auto& p : in.payments) {
      if (p.received_on > end) continue;
      if (auto it = owed.find(p.invoice_id); it != owed.end()) it->second -= p.amount_minor;
    }
    for (const auto& [id, v] : owed) s.receivables_minor += std::max<int64_t>(0, v);
  }
  return out;
}

}  // namespace gaflight::domain
