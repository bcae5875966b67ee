#include "domain/maintenance_render.hpp"

namespace gaflight::domain {

namespace {
void optTenths(JsonWriter& w, std::string_view key, const std::optional<int64_t>& v) {
  w.key(key);
  if (v)
    w.tenths(*v);
  else
    w.null();
}

// The item's own fields, without the enclosing braces (shared by the item and the fleet list).
void itemMembers(JsonWriter& w, const AssessedItem& ai) {
  const auto& i = ai.item;
  const auto& a = ai.assessment;
  w.field("id", i.id)
      .field("object", "maintenance_item")
      .field("aircraft_id", i.aircraft_id)
      .field("title", i.title)
      .field("category", i.category)
      .field("reference", i.reference)
      .field("status", std::string(dueStatusName(a.status)));
  w.key("next_due").beginObject().field("date", a.next_due_date);
  optTenths(w, "meter_hours", a.next_due_meter_tenths);
  w.endObject();
  w.key("remaining").beginObject();
  optTenths(w, "hours", a.remaining_tenths);
  w.field("days", a.remaining_days).endObject();
  w.key("interval").beginObject();
  optTenths(w, "hours", i.interval_tenths);
  w.field("basis", i.meter_basis)
      .field("days", i.interval_days)
      .field("months", i.interval_months)
      .endObject();
  w.key("last_done").beginObject().field("date", i.last_done_on);
  optTenths(w, "meter_hours", i.last_done_meter_tenths);
  w.endObject();
  w.key("upcoming")
      .beginObject()
      .key("hours")
      .tenths(i.upcoming_tenths)
      .field("days", i.upcoming_days)
      .endObject();
  w.field("blocks_dispatch", i.blocks_dispatch)
      .field("created_at", i.created_at)
      .field("updated_at", i.updated_at);
}
}  // namespace

void renderMaintenanceItem(JsonWriter& w, const AssessedItem& i) {
  w.beginObject();
  itemMembers(w, i);
  w.endObject();
}

void renderFleetDueItem(JsonWriter& w, const FleetDueItem& i) {
  w.beginObject();
  itemMembers(w, i.item);
  w.field("registration", i.registration).endObject();
}

void renderAircraftDue(JsonWriter& w, const AircraftDue& d) {
  w.beginObject()
      .field("aircraft_id", d.aircraft.id)
      .field("object", "maintenance_due")
      .field("registration", d.aircraft.registration)
      .field("status", d.aircraft.status)
      .field("airworthiness", d.aircraft.airworthiness);
  w.key("hobbs_hours").tenths(d.aircraft.hobbs_tenths).key("tach_hours").tenths(d.aircraft.tach_tenths);
  w.field("overdue", d.overdue).field("upcoming", d.upcoming).field("ok", d.ok);
  w.key("items").beginArray();
  for (const auto& i : d.items) renderMaintenanceItem(w, i);
  w.endArray();
  w.field("created_at", d.aircraft.created_at).field("updated_at", d.updated_at).endObject();
}

std::string renderMaintenanceAlert(const Aircraft& aircraft, const AssessedItem& item, DueStatus previous) {
  std::string out;
  JsonWriter w(out);
  w.beginObject()
      .field("object", "maintenance_alert")
      .field("aircraft_id", aircraft.id)
      .field("registration", aircraft.registration)
      .key("item");
  renderMaintenanceItem(w, item);
  w.field("status", std::string(dueStatusName(item.assessment.status)))
      .field("previous_status", std::string(dueStatusName(previous)));
  w.key("remaining").beginObject();
  optTenths(w, "hours", item.assessment.remaining_tenths);
  w.field("days", item.assessment.remaining_days).endObject();
  w.field("created_at", item.item.updated_at).field("updated_at", item.item.updated_at).endObject();
  return out;
}

void renderWorkOrder(JsonWriter& w, const WorkOrder& wo) {
  w.beginObject()
      .field("id", wo.id)
      .field("object", "work_order")
      .field("number", wo.number)
      .field("aircraft_id", wo.aircraft_id)
      .field("aircraft_registration", wo.aircraft_registration)
      .field("title", wo.title)
      .field("description", wo.description)
      .field("status", wo.status)
      .field("opened_on", wo.opened_on)
      .field("completed_on", wo.completed_on);
  optTenths(w, "completed_hobbs_hours", wo.completed_hobbs_tenths);
  optTenths(w, "completed_tach_hours", wo.completed_tach_tenths);
  int64_t labour = 0, parts_total = 0;
  w.key("tasks").beginArray();
  for (const auto& t : wo.tasks) {
    labour += t.labour_min;
    w.beginObject()
        .field("id", t.id)
        .field("object", "work_order_task")
        .field("position", t.position)
        .field("description", t.description)
        .field("maintenance_item_id", t.maintenance_item_id)
        .field("labour_min", t.labour_min);
    w.key("signed_off");
    if (t.signed_off_at) {
      w.beginObject()
          .field("by", t.signed_off_by)
          .field("licence_number", t.signed_off_licence)
          .field("at", t.signed_off_at)
          .endObject();
    } else {
      w.null();
    }
    w.field("created_at", t.created_at).field("updated_at", t.updated_at).endObject();
  }
  w.endArray().key("parts").beginArray();
  for (const auto& p : wo.parts) {
    parts_total += p.quantity * p.unit_cost_minor;
    w.beginObject()
        .field("id", p.id)
        .field("object", "work_order_part")
        .field("part_number", p.part_number)
        .field("serial_number", p.serial_number)
        .field("description", p.description)
        .field("quantity", p.quantity)
        .field("unit_cost_minor", p.unit_cost_minor)
        .field("total_minor", p.quantity * p.unit_cost_minor)
        .field("currency", wo.currency)
        .field("created_at", p.created_at)
        .field("updated_at", p.updated_at)
        .endObject();
  }
  w.endArray();
  w.key("totals")
      .beginObject()
      .field("labour_min", labour)
      .field("parts_total_minor", parts_total)
      .field("currency", wo.currency)
      .endObject();
  w.field("created_by", wo.created_by)
      .field("created_at", wo.created_at)
      .field("updated_at", wo.updated_at)
      .endObject();
}

}  // namespace gaflight::domain
