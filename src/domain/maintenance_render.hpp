#pragma once
// How maintenance objects look on the public API, in events and in the console.
#include <string>

#include "core/json_writer.hpp"
#include "domain/maintenance.hpp"

namespace gaflight::domain {

// {id, object:"maintenance_item", aircraft_id, title, category, reference, interval{hours, basis,
// days, months}, last_done{date, meter_hours}, upcoming{hours, days}, blocks_dispatch, status,
// next_due{date, meter_hours}, remaining{hours, days}, created_at, updated_at}
void renderMaintenanceItem(JsonWriter& w, const AssessedItem& i);
// A row of /maintenance/due: {aircraft_id, object:"maintenance_due", registration, overdue,
// upcoming, ok, items[], created_at, updated_at}.
void renderAircraftDue(JsonWriter& w, const AircraftDue& d);
// data.object of maintenance.alert.
std::string renderMaintenanceAlert(const Aircraft& aircraft, const AssessedItem& item, DueStatus previous);
// A work order with its tasks, parts and totals.
void renderWorkOrder(JsonWriter& w, const WorkOrder& wo);
// "Next due across the fleet": the item plus the aircraft's registration.
struct FleetDueItem {
  std::string registration;
  AssessedItem item;
};
void renderFleetDueItem(JsonWriter& w, const FleetDueItem& i);

}  // namespace gaflight::domain
