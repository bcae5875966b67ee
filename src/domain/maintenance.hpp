#pragma once
// Maintenance programme rules (pure): when an item falls due, how far away it is, its status, when
// a status change deserves an alert, and what that means for the aircraft's airworthiness.
//
// Due rule: an item with an hour interval is due at last_done_meter + interval (on its meter basis,
// tach or hobbs); with a calendar interval at last_done_on + days, or + months clamped to the end
// of the month (2026-01-31 + 1 month = 2026-02-28). With both, the item is due at whichever comes
// first: the status is the worse of the two and both next-due values are reported.
//   - overdue:  the meter has reached the due meter (no hours left), or today is after the due date
//               (the task may still be done on its due date);
//   - upcoming: remaining hours <= upcoming threshold, or remaining days <= upcoming threshold
//               (a value exactly on the threshold is upcoming);
//   - ok otherwise.
// A dimension whose baseline is missing (no last_done_meter / no last_done_on) is not computed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"

namespace gaflight::domain {

struct MaintenanceItem {
  std::string id, org_id, aircraft_id, title;
  std::string
      category;  // inspection, life_limited, scheduled_task, airworthiness_directive, service_bulletin
  std::optional<std::string> reference;
  std::string meter_basis = "tach";  // tach | hobbs: which aircraft meter the hour interval runs on
  std::optional<int64_t> interval_tenths, interval_days, interval_months;
  std::optional<std::string> last_done_on;            // YYYY-MM-DD
  std::optional<int64_t> last_done_meter_tenths;      // meter reading (on meter_basis) when last done
  int64_t upcoming_tenths = 100, upcoming_days = 30;  // thresholds for `upcoming`
  bool blocks_dispatch = true;                        // overdue → aircraft not airworthy
  std::string alerted_status = "ok";                  // the status last seen by the alerting (CAS column)
  std::string created_at, updated_at;
};

struct WorkOrderTask {
  std::string id, org_id, work_order_id;
  int64_t position = 0;
  std::string description;
  std::optional<std::string> maintenance_item_id;  // an item of the same aircraft, re-baselined on completion
  int64_t labour_min = 0;
  std::optional<std::string> signed_off_by, signed_off_licence, signed_off_at;  // name, licence no., instant
  std::string created_at, updated_at;
};

struct WorkOrderPart {
  std::string id, org_id, work_order_id, part_number;
  std::optional<std::string> serial_number, description;
  int64_t quantity = 1, unit_cost_minor = 0;  // in the organisation's currency
  std::string created_at, updated_at;
};

struct WorkOrder {
  std::string id, org_id, number, aircraft_id, title;
  std::optional<std::string> description;
  std::string status = "open";
  std::string opened_on;                                                 // YYYY-MM-DD
  std::optional<std::string> completed_on;                               // YYYY-MM-DD
  std::optional<int64_t> completed_hobbs_tenths, completed_tach_tenths;  // aircraft meters at completion
  std::optional<std::string> created_by;                                 // usr_… or label
  std::string created_at, updated_at;
  // Filled for rendering (not columns).
  std::string aircraft_registration, currency;
  std::vector<WorkOrderTask> tasks;
  std::vector<WorkOrderPart> parts;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

enum class DueStatus { kOk, kUpcoming, kOverdue };

std::string_view dueStatusName(DueStatus s);
std::optional<DueStatus> parseDueStatus(std::string_view s);
const std::vector<std::string>& maintenanceCategories();

struct AircraftMeters {
  int64_t hobbs_tenths = 0, tach_tenths = 0;
};

struct ItemAssessment {
  DueStatus status = DueStatus::kOk;
  std::optional<std::string> next_due_date;
  std::optional<int64_t> next_due_meter_tenths;
  std::optional<int64_t> remaining_tenths;  // negative once overrun
  std::optional<int64_t> remaining_days;    // negative once overrun
};

// `today` is YYYY-MM-DD (UTC).
ItemAssessment assessItem(const MaintenanceItem& item, const AircraftMeters& meters, std::string_view today);

// Alert once per worsening transition (ok→upcoming, upcoming→overdue, ok→overdue); an improvement
// or no change gives none (the stored status is then simply reset to the new one).
std::optional<DueStatus> alertFor(DueStatus previous_alerted, DueStatus now);

// Calendar helpers on YYYY-MM-DD dates.
std::string addDays(std::string_view date, int64_t days);
std::string addMonthsClamped(std::string_view date, int64_t months);
int64_t daysBetween(std::string_view from, std::string_view to);  // to - from

// What the aircraft's status/airworthiness become. `was_blocked`: a blocking item was overdue
// before this assessment (the rule grounded it); `blocked`: one is overdue now.
struct AircraftState {
  std::string status, airworthiness;
};
enum class BlockedBefore { kNo, kYes };
AircraftState airworthinessAfter(const AircraftState& current, BlockedBefore was_blocked, bool blocked_now);

// An item with its assessment; an aircraft with its assessed items and the counts by status.
struct AssessedItem {
  MaintenanceItem item;
  ItemAssessment assessment;
};
struct AircraftDue {
  Aircraft aircraft;
  std::vector<AssessedItem> items;
  int64_t overdue = 0, upcoming = 0, ok = 0;
  std::string updated_at;  // the newest of the aircraft's and its items' updated_at
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};
AircraftDue assessAircraft(const Aircraft& aircraft, std::vector<MaintenanceItem> items,
                           std::string_view today);
bool anyBlockingOverdue(const AircraftDue& due);

// Order for "next due across the fleet": overdue first, then upcoming, then ok; within a status the
// item closest to its due point relative to its thresholds first (remaining / threshold, the smaller
// of hours and days), then by id.
bool dueSooner(const AssessedItem& a, const AssessedItem& b);

// Validation of an item as entered (422 field, detail); empty field = valid.
struct FieldProblem {
  std::string field, detail;
};
std::optional<FieldProblem> validateItem(const MaintenanceItem& item);

// Work orders: open → in_progress ↔ awaiting_parts; any non-final → cancelled; completed only via
// complete (from open, in_progress or awaiting_parts). completed and cancelled are final.
const std::vector<std::string>& workOrderStatuses();
bool workOrderTransitionAllowed(std::string_view from, std::string_view to);
bool workOrderFinal(std::string_view status);
// "WO-2026-0007" from the year and the highest number already used that year (0 if none).
std::string workOrderNumber(int year, int64_t previous_max);
int64_t workOrderSequence(std::string_view number);  // the NNNN part, 0 if malformed

}  // namespace gaflight::domain
