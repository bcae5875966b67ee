// `gaflight demo --flights N` beyond the default: a longer history and a bigger school that still keeps the
// domain rules the default school keeps (meters chain per aircraft, every approved flight billed by exactly
// one aircraft_time line, invoices and monthly finance summaries reconcile, SPEC §10.3 and §10.6).
#include <gtest/gtest.h>

#include <chrono>

#include "app/services.hpp"
#include "service/demo.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

constexpr int kFlights = 20000;

class DemoScale : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clock_ = new FakeClock();
    server_ = new TestServer({}, clock_);
    auto& s = server_->app().services();
    auto started = std::chrono::steady_clock::now();
    demo_ = new service::DemoResult(
        service::createDemoOrganisation(server_->app().database(), *clock_, s.identity, s.developer,
                                        {s.training, s.billing, s.vtr}, "FR", 0, kFlights));
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  static void TearDownTestSuite() {
    delete demo_;
    delete server_;
    delete clock_;
  }
  static int64_t n(const std::string& sql) {
    return server_->app().database().connection().scalarInt(sql, {demo_->org_id}).value_or(-1);
  }
  static FakeClock* clock_;
  static TestServer* server_;
  static service::DemoResult* demo_;
  static double seconds_;
};
FakeClock* DemoScale::clock_ = nullptr;
TestServer* DemoScale::server_ = nullptr;
service::DemoResult* DemoScale::demo_ = nullptr;
double DemoScale::seconds_ = 0;

TEST_F(DemoScale, CreatesExactlyTheRequestedFlightsOverALongerHistory) {
  RecordProperty("seed_seconds", std::to_string(seconds_));
  EXPECT_EQ(demo_->flights, kFlights);
  EXPECT_EQ(n("SELECT count(*) FROM flights WHERE org_id = ?1"), kFlights);
  EXPECT_GE(demo_->aircraft, 16);
  EXPECT_GE(demo_->pilots, 220);
  const std::string today = timefmt::formatDate(timefmt::toUnixSeconds(clock_->now()));
  // 20,000 flights at today's use of 16 aircraft is about 5.7 years of history, not 18 months.
  auto oldest = server_->app().database().connection().scalarText(
      "SELECT min(flight_date) FROM flights WHERE org_id = ?1", {demo_->org_id});
  ASSERT_TRUE(oldest);
  EXPECT_LT(*oldest, timefmt::formatDate(timefmt::toUnixSeconds(clock_->now()) - 5 * 365 * 86400));
  EXPECT_EQ(n("SELECT count(*) FROM flights WHERE org_id = ?1 AND on_block_at > '" + today + "T23:59:59Z'"),
            0);
  // Nobody flies before joining the school, and no aircraft before it joined the fleet.
  EXPECT_EQ(n("SELECT count(*) FROM flights f JOIN pilots p ON p.id = f.pilot_id WHERE f.org_id = ?1 AND "
              "p.created_at > f.off_block_at"),
            0);
  EXPECT_EQ(
      n("SELECT count(*) FROM flights f JOIN aircraft a ON a.id = f.aircraft_id WHERE f.org_id = ?1 AND "
        "a.created_at > f.off_block_at"),
      0);
}

TEST_F(DemoScale, MetersChainPerAircraftAndApprovalsAdvanceTheAircraft) {
  // Each flight starts where the aircraft's previous flight ended, and never before it ended.
  EXPECT_EQ(
      n("SELECT count(*) FROM (SELECT hobbs_start_tenths AS hs, tach_start_tenths AS ts, off_block_at AS "
        "off, lag(hobbs_end_tenths) OVER w AS he, lag(tach_end_tenths) OVER w AS te, lag(on_block_at) "
        "OVER w AS prev_on FROM flights WHERE org_id = ?1 WINDOW w AS (PARTITION BY aircraft_id ORDER BY "
        "off_block_at)) WHERE he IS NOT NULL AND (hs <> he OR ts <> te OR off < prev_on)"),
      0);
  EXPECT_EQ(
      n("SELECT count(*) FROM flights WHERE org_id = ?1 AND (hobbs_end_tenths <= hobbs_start_tenths OR "
        "tach_end_tenths <= tach_start_tenths OR tach_end_tenths - tach_start_tenths > hobbs_end_tenths "
        "- hobbs_start_tenths)"),
      0);
  EXPECT_EQ(
      n("SELECT count(*) FROM aircraft a WHERE org_id = ?1 AND (hobbs_tenths < (SELECT max(hobbs_end_tenths) "
        "FROM flights f WHERE f.aircraft_id = a.id AND f.status = 'approved') OR tach_tenths < (SELECT "
        "max(tach_end_tenths) FROM flights f WHERE f.aircraft_id = a.id AND f.status = 'approved'))"),
      0);
  // Maintenance kept up over the whole history: last completions at or below today's tach, and work orders
  // in every year of it.
  EXPECT_EQ(
      n("SELECT count(*) FROM maintenance_items m JOIN aircraft a ON a.id = m.aircraft_id WHERE m.org_id "
        "= ?1 AND m.last_done_meter_tenths > a.tach_tenths"),
      0);
  EXPECT_GE(
      n("SELECT count(DISTINCT substr(opened_on, 1, 4)) FROM work_orders WHERE org_id = ?1 AND status = "
        "'completed'"),
      5);
}

TEST_F(DemoScale, EveryApprovedFlightIsBilledByExactlyOneLineAndFinanceReconciles) {
  int64_t approved = n("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'approved'");
  EXPECT_GT(approved, kFlights * 9 / 10);
  EXPECT_EQ(
      n("SELECT count(*) FROM flights f WHERE f.org_id = ?1 AND f.status = 'approved' AND (SELECT count(*) "
        "FROM invoice_lines l WHERE l.flight_id = f.id AND l.kind = 'aircraft_time') <> 1"),
      0);
  EXPECT_EQ(n("SELECT count(*) FROM invoice_lines l JOIN flights f ON f.id = l.flight_id WHERE f.org_id = ?1 "
              "AND f.status <> 'approved' AND l.kind = 'aircraft_time'"),
            0);
  EXPECT_EQ(
      n("SELECT count(*) FROM invoices i WHERE org_id = ?1 AND (total_minor <> subtotal_minor + tax_minor "
        "OR total_minor <> (SELECT SUM(total_minor) FROM invoice_lines WHERE invoice_id = i.id))"),
      0);
  EXPECT_EQ(
      n("SELECT count(*) FROM invoices WHERE org_id = ?1 AND kind = 'invoice' AND paid_minor > total_minor"),
      0);

  // Monthly summaries over almost three years (the API's limit is 36 months) agree with that month's
  // invoices.
  auto& conn = server_->app().database().connection();
  const int64_t now = timefmt::toUnixSeconds(clock_->now());
  const std::string from = timefmt::formatDate(now - 33 * 31 * 86400).substr(0, 7);
  const std::string to = timefmt::formatDate(now).substr(0, 7);
  auto sums = server_->app().services().billing.financeSummaries(demo_->org_id, from, to);
  ASSERT_TRUE(sums);
  ASSERT_GE(sums->size(), 30u);
  int64_t months_with_revenue = 0;
  for (const auto& month : *sums) {
    auto sub = conn.scalarInt(
        "SELECT coalesce(SUM(subtotal_minor), 0) FROM invoices WHERE org_id = ?1 AND status <> 'void' AND "
        "substr(issue_date, 1, 7) = ?2",
        {demo_->org_id, month.period});
    auto tax = conn.scalarInt(
        "SELECT coalesce(SUM(tax_minor), 0) FROM invoices WHERE org_id = ?1 AND status <> 'void' AND "
        "substr(issue_date, 1, 7) = ?2",
        {demo_->org_id, month.period});
    EXPECT_EQ(month.revenue_minor, sub.value_or(-1)) << month.period;
    EXPECT_EQ(month.tax_minor, tax.value_or(-1)) << month.period;
    if (month.revenue_minor > 0) ++months_with_revenue;
  }
  EXPECT_GE(months_with_revenue, 30);
}

}  // namespace
}  // namespace gaflight::testing
