#include "domain/maintenance.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>

#include "core/clock.hpp"

namespace gaflight::domain {

namespace {
struct Civil {
  int y;
  unsigned m, d;
};

Civil parseDate(std::string_view s) {
  return {std::stoi(std::string(s.substr(0, 4))),
          static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2)))),
          static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2))))};
}

std::string formatCivil(int y, unsigned m, unsigned d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

int64_t dayNumber(std::string_view s) {
  auto c = parseDate(s);
  return timefmt::daysFromCivil(c.y, c.m, c.d);
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(int y, unsigned m) {
  static const unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : k[m - 1];
}

int rank(DueStatus s) { return static_cast<int>(s); }
}  // namespace

std::string_view dueStatusName(DueStatus s) {
  switch (s) {
    case DueStatus::kOk:
      return "ok";
    case DueStatus::kUpcoming:
      return "upcoming";
    case DueStatus::kOverdue:
      return "overdue";
  }
  return "ok";
}

std::optional<DueStatus> parseDueStatus(std::string_view s) {
  for (auto v : {DueStatus::kOk, DueStatus::kUpcoming, DueStatus::kOverdue}) {
    if (dueStatusName(v) == s) return v;
  }
  return std::nullopt;
}

const std::vector<std::string>& maintenanceCategories() {
  static const std::vector<std::string> k = {"inspection", "life_limited", "scheduled_task",
                                             "airworthiness_directive", "service_bulletin"};
  return k;
}

std::string addDays(std::string_view date, int64_t days) {
  return timefmt::formatDate((dayNumber(date) + days) * 86400);
}

std::string addMonthsClamped(std::string_view date, int64_t months) {
  auto c = parseDate(date);
  int64_t total = static_cast<int64_t>(c.y) * 12 + (c.m - 1) + months;
  int y = static_cast<int>(total / 12);
  auto m = static_cast<unsigned>(total % 12 + 1);
  return formatCivil(y, m, std::min(c.d, daysInMonth(y, m)));
}

int64_t daysBetween(std::string_view from, std::string_view to) { return dayNumber(to) - dayNumber(from); }

ItemAssessment assessItem(const MaintenanceItem& item, const AircraftMeters& meters, std::string_view today) {
  ItemAssessment a;
  auto worsen = [&](DueStatus s) {
    if (rank(s) > rank(a.status)) a.status = s;
  };
  if (item.interval_tenths && item.last_done_meter_tenths) {
    int64_t meter = item.meter_basis == "hobbs" ? meters.hobbs_tenths : meters.tach_tenths;
    a.next_due_meter_tenths = *item.last_done_meter_tenths + *item.interval_tenths;
    a.remaining_tenths = *a.next_due_meter_tenths - meter;
    if (*a.remaining_tenths <= 0)
      worsen(DueStatus::kOverdue);
    else if (*a.remaining_tenths <= item.upcoming_tenths)
      worsen(DueStatus::kUpcoming);
  }
  if ((item.interval_days || item.interval_months) && item.last_done_on) {
    std::optional<std::string> due;
    if (item.interval_days) due = addDays(*item.last_done_on, *item.interval_days);
    if (item.interval_months) {
      auto by_months = addMonthsClamped(*item.last_done_on, *item.interval_months);
      if (!due || by_months < *due) due = by_months;  // whichever comes first
    }
    a.next_due_date = due;
    a.remaining_days = daysBetween(today, *due);
    if (*a.remaining_days < 0)
      worsen(DueStatus::kOverdue);
    else if (*a.remaining_days <= item.upcoming_days)
      worsen(DueStatus::kUpcoming);
  }
  return a;
}

std::optional<DueStatus> alertFor(DueStatus previous_alerted, DueStatus now) {
  if (rank(now) > rank(previous_alerted)) return now;
  return std::nullopt;
}

AircraftState airworthinessAfter(const AircraftState& current, BlockedBefore was_blocked, bool blocked_now) {
  AircraftState next = current;
  if (blocked_now) {
    next.airworthiness = "not_airworthy";
    if (current.status != "maintenance") next.status = "grounded";
  } else if (was_blocked == BlockedBefore::kYes) {
    next.airworthiness = "airworthy";
    if (current.status == "grounded") next.status = "available";
  }
  return next;
}

AircraftDue assessAircraft(const Aircraft& aircraft, std::vector<MaintenanceItem> items,
                           std::string_view today) {
  AircraftDue due;
  due.aircraft = aircraft;
  due.updated_at = aircraft.updated_at;
  AircraftMeters meters{aircraft.hobbs_tenths, aircraft.tach_tenths};
  for (auto& item : items) {
    auto a = assessItem(item, meters, today);
    (a.status == DueStatus::kOverdue    ? due.overdue
     : a.status == DueStatus::kUpcoming ? due.upcoming
                                        : due.ok)++;
    due.updated_at = std::max(due.updated_at, item.updated_at);
    due.items.push_back({std::move(item), a});
  }
  return due;
}

bool anyBlockingOverdue(const AircraftDue& due) {
  return std::any_of(due.items.begin(), due.items.end(), [](const AssessedItem& i) {
    return i.item.blocks_dispatch && i.assessment.status == DueStatus::kOverdue;
  });
}

namespace {
// Remaining distance to the due point in thousandths of the item's threshold (smaller is sooner).
int64_t urgency(const AssessedItem& i) {
  int64_t best = INT64_MAX;
  const auto& a = i.assessment;
  if (a.remaining_tenths)
    best = std::min(best, *a.remaining_tenths * 1000 / std::max<int64_t>(1, i.item.upcoming_tenths));
  if (a.remaining_days)
    best = std::min(best, *a.remaining_days * 1000 / std::max<int64_t>(1, i.item.upcoming_days));
  return best;
}
}  // namespace

bool dueSooner(const AssessedItem& a, const AssessedItem& b) {
  if (a.assessment.status != b.assessment.status)
    return rank(a.assessment.status) > rank(b.assessment.status);
  auto ua = urgency(a), ub = urgency(b);
  if (ua != ub) return ua < ub;
  return a.item.id < b.item.id;
}

std::optional<FieldProblem> validateItem(const MaintenanceItem& i) {
  auto trimmed = i.title.find_first_not_of(" \t\r\n");
  if (trimmed == std::string::npos || i.title.size() > 200)
    return FieldProblem{"title", "title is required (1–200 characters)."};
  if (std::find(maintenanceCategories().begin(), maintenanceCategories().end(), i.category) ==
      maintenanceCategories().end())
    return FieldProblem{
        "category",
        "category must be inspection, life_limited, scheduled_task, airworthiness_directive or "
        "service_bulletin."};
  if (i.reference && i.reference->size() > 200) return FieldProblem{"reference", "reference is too long."};
  if (i.meter_basis != "tach" && i.meter_basis != "hobbs")
    return FieldProblem{"interval.basis", "interval.basis must be tach or hobbs."};
  if (!i.interval_tenths && !i.interval_days && !i.interval_months)
    return FieldProblem{"interval",
                        "interval needs hours, days or months (or several: whichever comes first)."};
  if (i.interval_tenths && (*i.interval_tenths < 1 || *i.interval_tenths > 1'000'000))
    return FieldProblem{"interval.hours", "interval.hours must be between 0.1 and 100000."};
  if (i.interval_days && (*i.interval_days < 1 || *i.interval_days > 36'500))
    return FieldProblem{"interval.days", "interval.days must be between 1 and 36500."};
  if (i.interval_months && (*i.interval_months < 1 || *i.interval_months > 1'200))
    return FieldProblem{"interval.months", "interval.months must be between 1 and 1200."};
  if (i.last_done_on && !timefmt::isValidDate(*i.last_done_on))
    return FieldProblem{"last_done.date", "last_done.date must be a YYYY-MM-DD date."};
  if (i.last_done_meter_tenths && (*i.last_done_meter_tenths < 0 || *i.last_done_meter_tenths > 1'000'000))
    return FieldProblem{"last_done.meter_hours", "last_done.meter_hours is out of range."};
  if (i.interval_tenths && !i.last_done_meter_tenths)
    return FieldProblem{"last_done.meter_hours", "last_done.meter_hours is required with interval.hours."};
  if ((i.interval_days || i.interval_months) && !i.last_done_on)
    return FieldProblem{"last_done.date",
                        "last_done.date is required with interval.days or interval.months."};
  if (i.upcoming_tenths < 0 || i.upcoming_tenths > 100'000)
    return FieldProblem{"upcoming.hours", "upcoming.hours must be between 0 and 10000."};
  if (i.upcoming_days < 0 || i.upcoming_days > 3'650)
    return FieldProblem{"upcoming.days", "upcoming.days must be between 0 and 3650."};
  return std::nullopt;
}

const std::vector<std::string>& workOrderStatuses() {
  static const std::vector<std::string> k = {"open", "in_progress", "awaiting_parts", "completed",
                                             "cancelled"};
  return k;
}

bool workOrderFinal(std::string_view status) { return status == "completed" || status == "cancelled"; }

bool workOrderTransitionAllowed(std::string_view from, std::string_view to) {
  if (workOrderFinal(from) || from == to) return false;
  // `completed` is reached only through completion (which checks the sign-offs).
  return to == "open" || to == "in_progress" || to == "awaiting_parts" || to == "cancelled";
}

std::string workOrderNumber(int year, int64_t previous_max) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "WO-%04d-%04lld", year, static_cast<long long>(previous_max) + 1);
  return buf;
}

int64_t workOrderSequence(std::string_view number) {
  if (number.size() < 9 || number.substr(0, 3) != "WO-") return 0;
  auto dash = number.rfind('-');
  int64_t v = 0;
  for (char c : number.substr(dash + 1)) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace gaflight::domain
