// Invoice arithmetic and rounding, the status machine, numbering and finance aggregation (SPEC §10.6).
#include <gtest/gtest.h>

#include "domain/billing.hpp"

using namespace gaflight;
using namespace gaflight::domain;

namespace {
FlightCharge dualFlight() {
  FlightCharge c;
  c.flight_id = "flt_1";
  c.flight_date = "2026-03-14";
  c.aircraft_id = "acft_A";
  c.registration = "F-HABC";
  c.hobbs_start_tenths = 12340;
  c.hobbs_end_tenths = 12353;  // 1.3 h
  c.block_min = 85;            // 1.417 h
  c.aircraft_rate_minor = 18950;
  c.instructor_id = "plt_I";
  c.instructor_name = "Léa Martin";
  c.instruction_rate_minor = 4500;
  c.tax_rate_bp = 2000;
  return c;
}

Invoice issued(int64_t total, int64_t paid = 0, int64_t credited = 0) {
  Invoice inv;
  inv.kind = "invoice";
  inv.status = "issued";
  inv.number = "INV-2026-00001";
  inv.issue_date = "2026-03-15";
  inv.due_date = "2026-04-14";
  inv.total_minor = total;
  inv.paid_minor = paid;
  inv.credited_minor = credited;
  return inv;
}
}  // namespace

TEST(BillingRounding, HalfAwayFromZero) {
  EXPECT_EQ(divRoundHalfAway(5, 10), 1);
  EXPECT_EQ(divRoundHalfAway(4, 10), 0);
  EXPECT_EQ(divRoundHalfAway(15, 10), 2);
  EXPECT_EQ(divRoundHalfAway(25, 10), 3);  // not banker's rounding
  EXPECT_EQ(divRoundHalfAway(-5, 10), -1);
  EXPECT_EQ(divRoundHalfAway(-25, 10), -3);
  EXPECT_EQ(divRoundHalfAway(-24, 10), -2);
  EXPECT_EQ(divRoundHalfAway(0, 10), 0);
}

TEST(BillingRounding, LineSubtotalAndTaxRoundedSeparately) {
  // 1.5 h × 12.33 = 18.495 → 18.50; tax 20 % of 18.50 = 3.70.
  auto a = lineAmounts(1500, 1233, 2000);
  EXPECT_EQ(a.subtotal_minor, 1850);
  EXPECT_EQ(a.tax_minor, 370);
  EXPECT_EQ(a.total_minor, 2220);
  // 0.5 h × 0.01 = 0.005 → 0.01 (half up); 0.4 h → 0.004 → 0.00.
  EXPECT_EQ(lineAmounts(500, 1, 0).subtotal_minor, 1);
  EXPECT_EQ(lineAmounts(400, 1, 0).subtotal_minor, 0);
  // Tax: 20 % of 2 cents = 0.4 → 0; of 3 cents = 0.6 → 1.
  EXPECT_EQ(lineAmounts(1000, 2, 2000).tax_minor, 0);
  EXPECT_EQ(lineAmounts(1000, 3, 2000).tax_minor, 1);
  // Exactly half a cent of tax rounds up: 5 % of 10 cents = 0.5 → 1; 5.5 % → 0.55 → 1; 4.49 % → 0.449 → 0.
  EXPECT_EQ(lineAmounts(1000, 10, 500).tax_minor, 1);
  EXPECT_EQ(lineAmounts(-1000, 10, 500).tax_minor, -1);
  EXPECT_EQ(lineAmounts(1000, 10, 550).tax_minor, 1);
  EXPECT_EQ(lineAmounts(1000, 10, 540).tax_minor, 1);
  EXPECT_EQ(lineAmounts(1000, 10, 449).tax_minor, 0);
}

TEST(BillingRounding, NegatedLineNegatesExactly) {
  for (int64_t q : {1, 499, 500, 1417, 2335}) {
    for (int64_t price : {1, 1233, 18950, 4501}) {
      auto pos = lineAmounts(q, price, 2000);
      auto neg = lineAmounts(-q, price, 2000);
      EXPECT_EQ(neg.subtotal_minor, -pos.subtotal_minor);
      EXPECT_EQ(neg.tax_minor, -pos.tax_minor);
      EXPECT_EQ(neg.total_minor, -pos.total_minor);
    }
  }
}

TEST(BillingRounding, MinutesAndMilli) {
  EXPECT_EQ(minutesToMilli(60), 1000);
  EXPECT_EQ(minutesToMilli(85), 1417);  // 1.41666… h
  EXPECT_EQ(minutesToMilli(1), 17);     // 0.01666… h
  EXPECT_EQ(minutesToMilli(90), 1500);
  EXPECT_EQ(tenthsToMilli(13), 1300);
  EXPECT_EQ(formatMilli(1500), "1.5");
  EXPECT_EQ(formatMilli(2000), "2");
  EXPECT_EQ(formatMilli(1417), "1.417");
  EXPECT_EQ(formatMilli(-1050), "-1.05");
  EXPECT_EQ(formatMilli(0), "0");
  EXPECT_EQ(formatMilli(17), "0.017");
}

TEST(BillingInvoice, FlightLinesAndTotalsReconcile) {
  auto lines = flightLines(dualFlight());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].kind, "aircraft_time");
  EXPECT_EQ(lines[0].quantity_milli, 1300);
  EXPECT_EQ(lines[0].subtotal_minor, 24635);  // 1.3 × 189.50
  EXPECT_EQ(lines[0].tax_minor, 4927);        // 49.27
  EXPECT_EQ(lines[0].flight_id, std::optional<std::string>("flt_1"));
  EXPECT_EQ(lines[0].aircraft_id, std::optional<std::string>("acft_A"));
  EXPECT_FALSE(lines[0].instructor_id);
  EXPECT_EQ(lines[1].kind, "instruction");
  EXPECT_EQ(lines[1].quantity_milli, 1417);
  EXPECT_EQ(lines[1].subtotal_minor, 6377);  // 1.417 × 45.00 = 63.765 → 63.77
  EXPECT_EQ(lines[1].tax_minor, 1275);       // 12.754 → 12.75
  EXPECT_EQ(lines[1].instructor_id, std::optional<std::string>("plt_I"));
  EXPECT_FALSE(lines[1].aircraft_id);
  Invoice inv;
  applyLineTotals(inv, lines);
  EXPECT_EQ(inv.subtotal_minor, 24635 + 6377);
  EXPECT_EQ(inv.tax_minor, 4927 + 1275);
  EXPECT_EQ(inv.total_minor, inv.subtotal_minor + inv.tax_minor);
  EXPECT_EQ(inv.total_minor, lines[0].total_minor + lines[1].total_minor);
}

TEST(BillingInvoice, SoloFlightHasOnlyAircraftTimeAndNoTaxInTheUs) {
  auto c = dualFlight();
  c.instructor_id.reset();
  c.tax_rate_bp = 0;
  auto lines = flightLines(c);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].tax_minor, 0);
  EXPECT_EQ(lines[0].total_minor, lines[0].subtotal_minor);
}

TEST(BillingInvoice, MissingRateStillRecordsTheFlight) {
  auto c = dualFlight();
  c.aircraft_rate_minor = 0;
  auto lines = flightLines(c);
  EXPECT_EQ(lines[0].kind, "aircraft_time");
  EXPECT_EQ(lines[0].total_minor, 0);
}

TEST(BillingInvoice, FullCreditMirrorsEveryLine) {
  auto lines = flightLines(dualFlight());
  Invoice original;
  applyLineTotals(original, lines);
  auto credit = creditLines(original, lines, std::nullopt, "aborted");
  ASSERT_EQ(credit.size(), 2u);
  Invoice note;
  applyLineTotals(note, credit);
  EXPECT_EQ(note.total_minor, -original.total_minor);
  EXPECT_EQ(note.tax_minor, -original.tax_minor);
  for (const auto& l : credit) EXPECT_EQ(l.kind, "credit");  // never a second aircraft_time line
  EXPECT_EQ(credit[0].flight_id, lines[0].flight_id);
}

TEST(BillingInvoice, AmountCreditIsOneLineWithTax) {
  auto lines = flightLines(dualFlight());
  Invoice original = issued(0);
  auto credit = creditLines(original, lines, 1000, "goodwill");
  ASSERT_EQ(credit.size(), 1u);
  EXPECT_EQ(credit[0].quantity_milli, -1000);
  EXPECT_EQ(credit[0].subtotal_minor, -1000);
  EXPECT_EQ(credit[0].tax_minor, -200);
  EXPECT_EQ(credit[0].total_minor, -1200);
}

TEST(BillingStatus, PaymentsSettleAndRefuseOverpayment) {
  auto inv = issued(10000);
  EXPECT_TRUE(checkPayment(inv, 10000));
  EXPECT_FALSE(checkPayment(inv, 10001));
  EXPECT_FALSE(checkPayment(inv, 0));
  inv.paid_minor = 4000;
  EXPECT_EQ(balanceMinor(inv), 6000);
  EXPECT_EQ(statusAfterSettlement(inv), "issued");
  inv.paid_minor = 10000;
  EXPECT_EQ(statusAfterSettlement(inv), "paid");
  inv.status = "paid";
  EXPECT_EQ(checkPayment(inv, 1).error().code, ErrorCode::kConflict);
}

TEST(BillingStatus, VoidOnlyAnUnpaidIssuedInvoice) {
  EXPECT_TRUE(checkVoid(issued(10000)));
  EXPECT_FALSE(checkVoid(issued(10000, 100)));
  auto paid = issued(10000, 10000);
  paid.status = "paid";
  EXPECT_EQ(checkVoid(paid).error().code, ErrorCode::kConflict);
  auto v = issued(10000);
  v.status = "void";
  EXPECT_FALSE(checkVoid(v));
  EXPECT_EQ(balanceMinor(v), 0);
}

TEST(BillingStatus, CreditLimits) {
  auto paid = issued(10000, 10000);
  paid.status = "paid";
  EXPECT_TRUE(checkCredit(paid, std::nullopt));
  EXPECT_TRUE(checkCredit(paid, 10000));
  EXPECT_FALSE(checkCredit(paid, 10001));
  auto part = issued(10000, 0, 2000);
  EXPECT_FALSE(checkCredit(part, std::nullopt));  // full credit of a partly credited invoice
  EXPECT_TRUE(checkCredit(part, 8000));
  auto full = issued(10000, 0, 10000);
  EXPECT_FALSE(checkCredit(full, 1));
  auto note = issued(-1000);
  note.kind = "credit_note";
  EXPECT_FALSE(checkCredit(note, std::nullopt));
  EXPECT_EQ(balanceMinor(note), 0);
}

TEST(BillingStatus, Overdue) {
  auto inv = issued(10000);
  EXPECT_FALSE(isOverdue(inv, "2026-04-14"));  // due today
  EXPECT_TRUE(isOverdue(inv, "2026-04-15"));
  inv.paid_minor = 10000;
  EXPECT_FALSE(isOverdue(inv, "2026-04-15"));
}

TEST(BillingNumbers, SequencePerSeriesAndYear) {
  EXPECT_EQ(nextInvoiceNumber("INV", 2026, std::nullopt), "INV-2026-00001");
  EXPECT_EQ(nextInvoiceNumber("INV", 2026, std::string("INV-2026-00041")), "INV-2026-00042");
  EXPECT_EQ(nextInvoiceNumber("CRN", 2027, std::string("CRN-2027-00009")), "CRN-2027-00010");
}

TEST(BillingMonths, ParseAndRange) {
  EXPECT_TRUE(parseMonth("2026-02"));
  EXPECT_FALSE(parseMonth("2026-13"));
  EXPECT_FALSE(parseMonth("2026-2"));
  EXPECT_FALSE(parseMonth("2026-02-01"));
  EXPECT_EQ(addMonthsToPeriod("2026-01", -1), "2025-12");
  EXPECT_EQ(addMonthsToPeriod("2025-12", 13), "2027-01");
  EXPECT_EQ(monthsBetween("2025-11", "2026-02"),
            (std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"}));
  EXPECT_TRUE(monthsBetween("2026-03", "2026-02").empty());
  EXPECT_EQ(lastDayOfPeriod("2024-02"), "2024-02-29");
  EXPECT_EQ(lastDayOfPeriod("2026-02"), "2026-02-28");
}

TEST(BillingFinance, AggregatesByMonthAircraftAndInstructor) {
  FinanceInput in;
  in.currency = "EUR";
  in.invoices = {{"inv_1", "invoice", "2026-01-10", 31012, 6202, 37214, std::nullopt},
                 {"inv_2", "invoice", "2026-01-31", 10000, 2000, 12000, std::nullopt},
                 {"inv_3", "invoice", "2026-02-01", 5000, 1000, 6000, std::nullopt},
                 {"inv_4", "credit_note", "2026-02-05", -10000, -2000, -12000, std::string("inv_2")}};
  in.lines = {{"2026-01-10", "aircraft_time", 1300, 24635, std::string("acft_A"), std::nullopt},
              {"2026-01-10", "instruction", 1417, 6377, std::nullopt, std::string("plt_I")},
              {"2026-01-31", "aircraft_time", 1000, 10000, std::string("acft_B"), std::nullopt},
              {"2026-02-01", "aircraft_time", 500, 5000, std::string("acft_A"), std::nullopt},
              {"2026-02-05", "credit", -1000, -10000, std::string("acft_B"), std::nullopt}};
  in.payments = {{"inv_1", "2026-01-20", 37214}, {"inv_3", "2026-03-02", 6000}};
  in.aircraft_names = {{"acft_A", "F-HABC"}, {"acft_B", "F-GXYZ"}};
  in.instructor_names = {{"plt_I", "Léa Martin"}};
  auto s = summariseFinance({"2026-01", "2026-02", "2026-03"}, in);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].period, "2026-01");
  EXPECT_EQ(s[0].currency, "EUR");
  EXPECT_EQ(s[0].revenue_minor, 41012);
  EXPECT_EQ(s[0].tax_minor, 8202);
  EXPECT_EQ(s[0].billable_hours_milli, 2300);
  EXPECT_EQ(s[0].receivables_minor, 12000);  // inv_2 open at 31 January
  ASSERT_EQ(s[0].by_aircraft.size(), 2u);
  EXPECT_EQ(s[0].by_aircraft[0].registration, "F-GXYZ");  // by registration
  EXPECT_EQ(s[0].by_aircraft[1].revenue_minor, 24635);
  EXPECT_EQ(s[0].by_aircraft[1].hours_milli, 1300);
  ASSERT_EQ(s[0].by_instructor.size(), 1u);
  EXPECT_EQ(s[0].by_instructor[0].name, "Léa Martin");
  EXPECT_EQ(s[0].by_instructor[0].revenue_minor, 6377);
  EXPECT_EQ(s[0].by_instructor[0].hours_milli, 1417);
  // February: a credit note counts negatively; billable hours only count aircraft_time lines.
  EXPECT_EQ(s[1].revenue_minor, 5000 - 10000);
  EXPECT_EQ(s[1].tax_minor, 1000 - 2000);
  EXPECT_EQ(s[1].billable_hours_milli, 500);
  EXPECT_EQ(s[1].receivables_minor, 6000);  // inv_2 credited in full, inv_3 unpaid until March
  EXPECT_EQ(s[2].revenue_minor, 0);
  EXPECT_EQ(s[2].receivables_minor, 0);
  EXPECT_TRUE(s[2].by_aircraft.empty());
}

TEST(BillingFinance, RevenueEqualsSumOfLineSubtotals) {
  // The reconciliation identity of SPEC §10.6 over many generated flights.
  FinanceInput in;
  int64_t lines_subtotal = 0, lines_tax = 0;
  for (int i = 0; i < 200; ++i) {
    auto c = dualFlight();
    c.hobbs_end_tenths = c.hobbs_start_tenths + 3 + i % 17;
    c.block_min = 20 + (i * 7) % 130;
    c.aircraft_rate_minor = 15000 + i * 13;
    if (i % 3 == 0) c.instructor_id.reset();
    auto lines = flightLines(c);
    Invoice inv;
    applyLineTotals(inv, lines);
    EXPECT_EQ(inv.total_minor, inv.subtotal_minor + inv.tax_minor);
    in.invoices.push_back({"inv_" + std::to_string(i), "invoice", "2026-05-10", inv.subtotal_minor,
                           inv.tax_minor, inv.total_minor, std::nullopt});
    for (const auto& l : lines) {
      in.lines.push_back(
          {"2026-05-10", l.kind, l.quantity_milli, l.subtotal_minor, l.aircraft_id, l.instructor_id});
      lines_subtotal += l.subtotal_minor;
      lines_tax += l.tax_minor;
    }
  }
  auto s = summariseFinance({"2026-05"}, in);
  EXPECT_EQ(s[0].revenue_minor, lines_subtotal);
  EXPECT_EQ(s[0].tax_minor, lines_tax);
  EXPECT_EQ(s[0].receivables_minor, lines_subtotal + lines_tax);
}

TEST(BillingInvoice, DescriptionsInTheOrganisationsLanguage) {
  auto c = dualFlight();
  EXPECT_EQ(flightLines(c)[0].description, "Aircraft time F-HABC (hobbs), flight of 2026-03-14");
  c.language = invoiceLanguageFor("FR");
  auto lines = flightLines(c);
  EXPECT_EQ(lines[0].description, "Heures de vol F-HABC (horamètre), vol du 2026-03-14");
  EXPECT_EQ(lines[1].description, "Instruction en vol Léa Martin (temps bloc), vol du 2026-03-14");
  auto credit = creditLines(issued(0), lines, std::nullopt, "", InvoiceLanguage::kFrench);
  EXPECT_EQ(credit[0].description, "Avoir : " + lines[0].description);
  EXPECT_EQ(invoiceLanguageFor("US"), InvoiceLanguage::kEnglish);
}
