#include "domain/maintenance.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace gaflight::domain {
namespace {

// A 100 h / 12 month item last done at tach 1000.0 on 2026-01-15.
MaintenanceItem hundredHour() {
  MaintenanceItem i;
  i.title = "100 h inspection";
  i.category = "inspection";
  i.interval_tenths = 1000;
  i.interval_months = 12;
  i.last_done_meter_tenths = 10000;
  i.last_done_on = "2026-01-15";
  return i;
}

AircraftMeters tach(int64_t t) { return {t + 50, t}; }

TEST(MaintenanceAssess, HoursComeFirst) {
  auto a = assessItem(hundredHour(), tach(11000), "2026-03-01");
  EXPECT_EQ(a.status, DueStatus::kOverdue);
  EXPECT_EQ(a.next_due_meter_tenths, 11000);
  EXPECT_EQ(a.remaining_tenths, 0);
  EXPECT_EQ(a.next_due_date, "2027-01-15");
  EXPECT_GT(*a.remaining_days, 30);
}

TEST(MaintenanceAssess, CalendarComesFirst) {
  auto a = assessItem(hundredHour(), tach(10010), "2027-01-16");
  EXPECT_EQ(a.status, DueStatus::kOverdue);
  EXPECT_EQ(a.remaining_days, -1);
  EXPECT_EQ(a.remaining_tenths, 990);
}

TEST(MaintenanceAssess, BothOnTheSameDay) {
  // Hours reached on the due date: overdue by hours; the calendar alone would still allow the day.
  auto a = assessItem(hundredHour(), tach(11000), "2027-01-15");
  EXPECT_EQ(a.status, DueStatus::kOverdue);
  EXPECT_EQ(a.remaining_days, 0);
  EXPECT_EQ(a.remaining_tenths, 0);
  auto b = assessItem(hundredHour(), tach(10999), "2027-01-15");
  EXPECT_EQ(b.status, DueStatus::kUpcoming);  // both on their last allowed value
  auto c = assessItem(hundredHour(), tach(10999), "2027-01-16");
  EXPECT_EQ(c.status, DueStatus::kOverdue);
}

TEST(MaintenanceAssess, DaysAndMonthsWhicheverFirst) {
  auto i = hundredHour();
  i.interval_tenths.reset();
  i.interval_days = 300;
  auto a = assessItem(i, tach(0), "2026-02-01");
  EXPECT_EQ(a.next_due_date, addDays("2026-01-15", 300));
  EXPECT_FALSE(a.next_due_meter_tenths.has_value());
}

TEST(MaintenanceAssess, HourThresholdExactlyAtBoundary) {
  auto i = hundredHour();
  i.interval_months.reset();
  EXPECT_EQ(assessItem(i, tach(10899), "2026-03-01").status, DueStatus::kOk);        // 10.1 h left
  EXPECT_EQ(assessItem(i, tach(10900), "2026-03-01").status, DueStatus::kUpcoming);  // exactly 10.0 h
  EXPECT_EQ(assessItem(i, tach(10999), "2026-03-01").status, DueStatus::kUpcoming);  // 0.1 h
  EXPECT_EQ(assessItem(i, tach(11000), "2026-03-01").status, DueStatus::kOverdue);   // none left
}

TEST(MaintenanceAssess, DayThresholdExactlyAtBoundary) {
  auto i = hundredHour();
  i.interval_tenths.reset();
  EXPECT_EQ(assessItem(i, tach(0), "2026-12-15").status, DueStatus::kOk);        // 31 days
  EXPECT_EQ(assessItem(i, tach(0), "2026-12-16").status, DueStatus::kUpcoming);  // exactly 30 days
  EXPECT_EQ(assessItem(i, tach(0), "2027-01-15").status, DueStatus::kUpcoming);  // due today
  EXPECT_EQ(assessItem(i, tach(0), "2027-01-16").status, DueStatus::kOverdue);
}

TEST(MaintenanceAssess, HobbsBasis) {
  auto i = hundredHour();
  i.interval_months.reset();
  i.meter_basis = "hobbs";
  auto a = assessItem(i, {10950, 10000}, "2026-03-01");
  EXPECT_EQ(a.remaining_tenths, 50);
  EXPECT_EQ(a.status, DueStatus::kUpcoming);
}

TEST(MaintenanceAssess, MissingBaselineIsNotComputed) {
  MaintenanceItem i;
  i.interval_tenths = 500;
  auto a = assessItem(i, tach(100), "2026-01-01");
  EXPECT_EQ(a.status, DueStatus::kOk);
  EXPECT_FALSE(a.remaining_tenths.has_value());
}

TEST(MaintenanceAssess, DaysOrMonthsWhicheverComesFirst) {
  MaintenanceItem i;
  i.interval_days = 30;
  i.interval_months = 1;
  i.last_done_on = "2026-01-31";
  // 30 days → 2026-03-02; 1 month clamped → 2026-02-28: the month comes first.
  EXPECT_EQ(assessItem(i, {}, "2026-02-01").next_due_date, "2026-02-28");
  i.last_done_on = "2026-03-01";
  // 30 days → 2026-03-31; 1 month → 2026-04-01: the days come first.
  EXPECT_EQ(assessItem(i, {}, "2026-03-02").next_due_date, "2026-03-31");
}

TEST(MaintenanceNextDue, OverdueFirstThenClosestRelativeToThresholds) {
  auto make = [](std::string id, DueStatus st, std::optional<int64_t> tenths, std::optional<int64_t> days) {
    AssessedItem a;
    a.item.id = std::move(id);
    a.assessment.status = st;
    a.assessment.remaining_tenths = tenths;
    a.assessment.remaining_days = days;
    return a;
  };
  std::vector<AssessedItem> v = {make("a", DueStatus::kOk, 500, std::nullopt),
                                 make("b", DueStatus::kUpcoming, 90, std::nullopt),  // 0.9 of 10 h
                                 make("c", DueStatus::kUpcoming, std::nullopt, 3),   // 0.1 of 30 days
                                 make("d", DueStatus::kOverdue, -5, std::nullopt)};
  std::sort(v.begin(), v.end(), dueSooner);
  EXPECT_EQ(v[0].item.id, "d");
  EXPECT_EQ(v[1].item.id, "c");
  EXPECT_EQ(v[2].item.id, "b");
  EXPECT_EQ(v[3].item.id, "a");
}

TEST(MaintenanceCalendar, MonthEndClamping) {
  EXPECT_EQ(addMonthsClamped("2026-01-31", 1), "2026-02-28");
  EXPECT_EQ(addMonthsClamped("2028-01-31", 1), "2028-02-29");
  EXPECT_EQ(addMonthsClamped("2026-03-31", 1), "2026-04-30");
  EXPECT_EQ(addMonthsClamped("2026-08-31", 6), "2027-02-28");
  EXPECT_EQ(addMonthsClamped("2026-05-15", 24), "2028-05-15");
  EXPECT_EQ(addMonthsClamped("2026-12-10", 1), "2027-01-10");
  EXPECT_EQ(addDays("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(daysBetween("2026-02-27", "2026-03-01"), 2);
}

TEST(MaintenanceAlert, OncePerWorseningTransition) {
  EXPECT_EQ(alertFor(DueStatus::kOk, DueStatus::kUpcoming), DueStatus::kUpcoming);
  EXPECT_EQ(alertFor(DueStatus::kUpcoming, DueStatus::kOverdue), DueStatus::kOverdue);
  EXPECT_EQ(alertFor(DueStatus::kOk, DueStatus::kOverdue), DueStatus::kOverdue);
  // Already alerted for this status: nothing more.
  EXPECT_FALSE(alertFor(DueStatus::kUpcoming, DueStatus::kUpcoming));
  EXPECT_FALSE(alertFor(DueStatus::kOverdue, DueStatus::kOverdue));
}

TEST(MaintenanceAlert, NoAlertOnImprovement) {
  EXPECT_FALSE(alertFor(DueStatus::kOverdue, DueStatus::kOk));
  EXPECT_FALSE(alertFor(DueStatus::kUpcoming, DueStatus::kOk));
  EXPECT_FALSE(alertFor(DueStatus::kOverdue, DueStatus::kUpcoming));
  EXPECT_FALSE(alertFor(DueStatus::kOk, DueStatus::kOk));
}

TEST(MaintenanceAirworthiness, BlockingOverdueGroundsAndReleases) {
  auto g = airworthinessAfter({"available", "airworthy"}, BlockedBefore::kNo, true);
  EXPECT_EQ(g.status, "grounded");
  EXPECT_EQ(g.airworthiness, "not_airworthy");
  auto m = airworthinessAfter({"maintenance", "airworthy"}, BlockedBefore::kNo, true);
  EXPECT_EQ(m.status, "maintenance");
  auto back = airworthinessAfter({"grounded", "not_airworthy"}, BlockedBefore::kYes, false);
  EXPECT_EQ(back.status, "available");
  EXPECT_EQ(back.airworthiness, "airworthy");
  // Grounded by someone else (no blocking item was overdue): left alone.
  auto manual = airworthinessAfter({"grounded", "not_airworthy"}, BlockedBefore::kNo, false);
  EXPECT_EQ(manual.status, "grounded");
}

TEST(MaintenanceValidation, NamesTheField) {
  auto i = hundredHour();
  EXPECT_FALSE(validateItem(i));
  i.category = "oil";
  EXPECT_EQ(validateItem(i)->field, "category");
  i = hundredHour();
  i.interval_tenths.reset();
  i.interval_months.reset();
  EXPECT_EQ(validateItem(i)->field, "interval");
  i = hundredHour();
  i.last_done_meter_tenths.reset();
  EXPECT_EQ(validateItem(i)->field, "last_done.meter_hours");
}

TEST(MaintenanceWorkOrders, NumbersAndStates) {
  EXPECT_EQ(workOrderNumber(2026, 0), "WO-2026-0001");
  EXPECT_EQ(workOrderNumber(2026, 41), "WO-2026-0042");
  EXPECT_EQ(workOrderSequence("WO-2026-0042"), 42);
  EXPECT_TRUE(workOrderTransitionAllowed("open", "in_progress"));
  EXPECT_TRUE(workOrderTransitionAllowed("awaiting_parts", "cancelled"));
  EXPECT_FALSE(workOrderTransitionAllowed("completed", "open"));
  EXPECT_FALSE(workOrderTransitionAllowed("cancelled", "open"));
  EXPECT_FALSE(workOrderTransitionAllowed("open", "completed"));
}

}  // namespace
}  // namespace gaflight::domain
