#include "storage/maintenance_repository.hpp"

#include <unordered_map>

namespace gaflight::storage {

namespace {
constexpr const char* kItemCols =
    "id, org_id, aircraft_id, title, category, reference, meter_basis, interval_tenths, interval_days, "
    "interval_months, last_done_on, last_done_meter_tenths, upcoming_tenths, upcoming_days, blocks_dispatch, "
    "alerted_status, created_at, updated_at";

domain::MaintenanceItem itemFromRow(const RowView& r) {
  domain::MaintenanceItem i;
  i.id = r.str(0);
  i.org_id = r.str(1);
  i.aircraft_id = r.str(2);
  i.title = r.str(3);
  i.category = r.str(4);
  i.reference = r.optStr(5);
  i.meter_basis = r.str(6);
  i.interval_tenths = r.optInt(7);
  i.interval_days = r.optInt(8);
  i.interval_months = r.optInt(9);
  i.last_done_on = r.optStr(10);
  i.last_done_meter_tenths = r.optInt(11);
  i.upcoming_tenths = r.integer(12);
  i.upcoming_days = r.integer(13);
  i.blocks_dispatch = r.integer(14) != 0;
  i.alerted_status = r.str(15);
  i.created_at = r.str(16);
  i.updated_at = r.str(17);
  return i;
}

SqlValue optInt(const std::optional<int64_t>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

Params itemParams(const domain::MaintenanceItem& i) {
  return {i.id,
          i.org_id,
          i.aircraft_id,
          i.title,
          i.category,
          optText(i.reference),
          i.meter_basis,
          optInt(i.interval_tenths),
          optInt(i.interval_days),
          optInt(i.interval_months),
          optText(i.last_done_on),
          optInt(i.last_done_meter_tenths),
          i.upcoming_tenths,
          i.upcoming_days,
          int64_t{i.blocks_dispatch ? 1 : 0},
          i.alerted_status,
          i.created_at,
          i.updated_at};
}

constexpr const char* kWoCols =
    "id, org_id, number, aircraft_id, title, description, status, opened_on, completed_on, "
    "completed_hobbs_tenths, completed_tach_tenths, created_by, created_at, updated_at";

domain::WorkOrder woFromRow(const RowView& r) {
  domain::WorkOrder w;
  w.id = r.str(0);
  w.org_id = r.str(1);
  w.number = r.str(2);
  w.aircraft_id = r.str(3);
  w.title = r.str(4);
  w.description = r.optStr(5);
  w.status = r.str(6);
  w.opened_on = r.str(7);
  w.completed_on = r.optStr(8);
  w.completed_hobbs_tenths = r.optInt(9);
  w.completed_tach_tenths = r.optInt(10);
  w.created_by = r.optStr(11);
  w.created_at = r.str(12);
  w.updated_at = r.str(13);
  return w;
}
}  // namespace

MaintenanceRepository::ChangeMark MaintenanceRepository::newestItemChange(const std::string& org,
                                                                          const std::string& aircraft_id) {
  ChangeMark mark;
  c_.run(
      "SELECT coalesce(max(updated_at), ''), coalesce(max(change_seq), 0) FROM maintenance_items "
      "WHERE org_id = ?1 AND aircraft_id = ?2",
      {org, aircraft_id}, [&](const RowView& r) {
        mark = {r.str(0), r.integer(1)};
      });
  return mark;
}

std::vector<domain::MaintenanceItem> MaintenanceRepository::itemsOfAircraft(const std::string& org,
                                                                            const std::string& aircraft_id) {
  static const std::string kSql =
      std::string("SELECT ") + kItemCols +
      " FROM maintenance_items WHERE org_id = ?1 AND aircraft_id = ?2 AND deleted_at "
      "IS NULL ORDER BY id";
  std::vector<domain::MaintenanceItem> out;
  c_.run(kSql, {org, aircraft_id}, [&](const RowView& r) { out.push_back(itemFromRow(r)); });
  return out;
}

std::vector<domain::MaintenanceItem> MaintenanceRepository::itemsOfOrg(const std::string& org) {
  static const std::string kSql =
      std::string("SELECT ") + kItemCols +
      " FROM maintenance_items WHERE org_id = ?1 AND deleted_at IS NULL ORDER BY id";
  std::vector<domain::MaintenanceItem> out;
  c_.run(kSql, {org}, [&](const RowView& r) { out.push_back(itemFromRow(r)); });
  return out;
}

std::optional<domain::MaintenanceItem> MaintenanceRepository::findItem(const std::string& org,
                                                                       const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kItemCols +
      " FROM maintenance_items WHERE org_id = ?1 AND id = ?2 AND deleted_at IS NULL";
  std::optional<domain::MaintenanceItem> out;
  c_.run(kSql, {org, id}, [&](const RowView& r) { out = itemFromRow(r); });
  return out;
}

void MaintenanceRepository::insertItem(const domain::MaintenanceItem& i) {
  c_.run(std::string("INSERT INTO maintenance_items(") + kItemCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
         itemParams(i));
}

void MaintenanceRepository::updateItem(const domain::MaintenanceItem& i) {
  c_.run(
      "UPDATE maintenance_items SET title=?4, category=?5, reference=?6, meter_basis=?7, interval_tenths=?8, "
      "interval_days=?9, interval_months=?10, last_done_on=?11, last_done_meter_tenths=?12, "
      "upcoming_tenths=?13, "
      "upcoming_days=?14, blocks_dispatch=?15, updated_at=?18 "
      "WHERE id=?1 AND org_id=?2 AND aircraft_id=?3 AND created_at=?17",
      itemParams(i));
}

void MaintenanceRepository::deleteItem(const std::string& org, const std::string& id, const std::string& at) {
  c_.run(
      "UPDATE maintenance_items SET deleted_at=?3, updated_at=?3 WHERE org_id=?1 AND id=?2 AND deleted_at IS "
      "NULL",
      {org, id, at});
}

bool MaintenanceRepository::casAlertedStatus(const std::string& org, const std::string& id,
                                             const std::string& from, const std::string& to,
                                             const std::string& at) {
  return c_.run(
             "UPDATE maintenance_items SET alerted_status=?4, updated_at=?5 "
             "WHERE org_id=?1 AND id=?2 AND alerted_status=?3",
             {org, id, from, to, at}) == 1;
}

void MaintenanceRepository::rebaseline(const std::string& org, const std::string& id, const std::string& date,
                                       int64_t meter_tenths, const std::string& at) {
  c_.run(
      "UPDATE maintenance_items SET last_done_on=?3, last_done_meter_tenths=?4, updated_at=?5 "
      "WHERE org_id=?1 AND id=?2",
      {org, id, date, meter_tenths, at});
}

std::vector<std::string> MaintenanceRepository::orgsWithItems() {
  std::vector<std::string> out;
  c_.run("SELECT DISTINCT org_id FROM maintenance_items WHERE deleted_at IS NULL ORDER BY org_id", {},
         [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

std::vector<std::string> MaintenanceRepository::aircraftWithItems(const std::string& org) {
  std::vector<std::string> out;
  c_.run(
      "SELECT DISTINCT aircraft_id FROM maintenance_items WHERE org_id = ?1 AND deleted_at IS NULL "
      "ORDER BY aircraft_id",
      {org}, [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

std::vector<domain::WorkOrder> MaintenanceRepository::listWorkOrders(const std::string& org,
                                                                     const Keyset& page,
                                                                     const WorkOrderFilter& f) {
  // Absent filters bind "" and are switched off by the `?N = ''` guard.
  static const std::string kSql =
      std::string("SELECT ") + kWoCols +
      " FROM work_orders WHERE org_id = ?1 AND id > ?2 AND (?3 = '' OR status = ?3) "
      "AND (?4 = '' OR aircraft_id = ?4) ORDER BY id LIMIT ?5";
  std::vector<domain::WorkOrder> out;
  auto add = [&](const RowView& r) { out.push_back(woFromRow(r)); };
  if (f.updated_since) {
    std::string sql = selectFor(ListOrder::kByChange) + kWoCols + " FROM work_orders WHERE org_id = ?1";
    Params params{org};
    addPredicate(sql, params, "status =", f.status);
    addPredicate(sql, params, "aircraft_id =", f.aircraft_id);
    appendChangeOrder(sql, params, "", *f.updated_since, page);
    c_.run(sql, params, [&](const RowView& r) {
      out.push_back(readListRow<domain::WorkOrder>(r, ListOrder::kByChange, woFromRow));
    });
  } else {
    c_.run(kSql,
           {org, page.after.empty() ? std::string() : page.after[0], f.status.value_or(""),
            f.aircraft_id.value_or(""), int64_t{page.limit + 1}},
           add);
  }
  return out;
}

std::optional<domain::WorkOrder> MaintenanceRepository::findWorkOrder(const std::string& org,
                                                                      const std::string& id) {
  static const std::string kSql =
      std::string("SELECT ") + kWoCols + " FROM work_orders WHERE org_id = ?1 AND id = ?2";
  std::optional<domain::WorkOrder> out;
  c_.run(kSql, {org, id}, [&](const RowView& r) { out = woFromRow(r); });
  return out;
}

namespace {
constexpr const char* kTaskCols =
    "id, org_id, work_order_id, position, description, maintenance_item_id, labour_min, signed_off_by, "
    "signed_off_licence, signed_off_at, created_at, updated_at";
constexpr const char* kPartCols =
    "id, org_id, work_order_id, part_number, serial_number, description, quantity, unit_cost_minor, "
    "created_at, "
    "updated_at";

domain::WorkOrderTask taskFromRow(const RowView& r) {
  domain::WorkOrderTask t;
  t.id = r.str(0);
  t.org_id = r.str(1);
  t.work_order_id = r.str(2);
  t.position = r.integer(3);
  t.description = r.str(4);
  t.maintenance_item_id = r.optStr(5);
  t.labour_min = r.integer(6);
  t.signed_off_by = r.optStr(7);
  t.signed_off_licence = r.optStr(8);
  t.signed_off_at = r.optStr(9);
  t.created_at = r.str(10);
  t.updated_at = r.str(11);
  return t;
}

domain::WorkOrderPart partFromRow(const RowView& r) {
  domain::WorkOrderPart p;
  p.id = r.str(0);
  p.org_id = r.str(1);
  p.work_order_id = r.str(2);
  p.part_number = r.str(3);
  p.serial_number = r.optStr(4);
  p.description = r.optStr(5);
  p.quantity = r.integer(6);
  p.unit_cost_minor = r.integer(7);
  p.created_at = r.str(8);
  p.updated_at = r.str(9);
  return p;
}
}  // namespace

void MaintenanceRepository::loadDetails(domain::WorkOrder& wo) {
  std::vector<domain::WorkOrder> one{std::move(wo)};
  loadDetails(one);
  wo = std::move(one.front());
}

// One query each for the tasks and the parts of the whole page (not two per work order).
void MaintenanceRepository::loadDetails(std::vector<domain::WorkOrder>& page) {
  if (page.empty()) return;
  const std::string& org = page.front().org_id;
  std::unordered_map<std::string, domain::WorkOrder*> by_id;
  Params params{org};
  std::string in;
  for (auto& wo : page) {
    wo.tasks.clear();
    wo.parts.clear();
    by_id[wo.id] = &wo;
    params.push_back(wo.id);
    in += (in.empty() ? "?" : ",?") + std::to_string(params.size());
  }
  c_.run(std::string("SELECT ") + kTaskCols +
             " FROM work_order_tasks WHERE org_id = ?1 AND work_order_id IN (" + in +
             ") ORDER BY work_order_id, position, id",
         params, [&](const RowView& r) {
           auto t = taskFromRow(r);
           by_id.at(t.work_order_id)->tasks.push_back(std::move(t));
         });
  c_.run(std::string("SELECT ") + kPartCols +
             " FROM work_order_parts WHERE org_id = ?1 AND work_order_id IN (" + in +
             ") ORDER BY work_order_id, id",
         params, [&](const RowView& r) {
           auto p = partFromRow(r);
           by_id.at(p.work_order_id)->parts.push_back(std::move(p));
         });
  std::unordered_map<std::string, std::string> registration;
  c_.run("SELECT id, registration FROM aircraft WHERE org_id = ?1", {org},
         [&](const RowView& r) { registration[r.str(0)] = r.str(1); });
  std::string currency = orgCurrency(org);
  for (auto& wo : page) {
    wo.aircraft_registration = registration[wo.aircraft_id];
    wo.currency = currency;
  }
}

int64_t MaintenanceRepository::maxWorkOrderSequence(const std::string& org, int year) {
  int64_t best = 0;
  c_.run("SELECT number FROM work_orders WHERE org_id = ?1 AND number LIKE ?2",
         {org, "WO-" + std::to_string(year) + "-%"},
         [&](const RowView& r) { best = std::max(best, domain::workOrderSequence(r.text(0))); });
  return best;
}

void MaintenanceRepository::insertWorkOrder(const domain::WorkOrder& w) {
  c_.run(std::string("INSERT INTO work_orders(") + kWoCols +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
         {w.id, w.org_id, w.number, w.aircraft_id, w.title, optText(w.description), w.status, w.opened_on,
          optText(w.completed_on), optInt(w.completed_hobbs_tenths), optInt(w.completed_tach_tenths),
          optText(w.created_by), w.created_at, w.updated_at});
}

bool MaintenanceRepository::setWorkOrderStatus(const std::string& org, const std::string& id,
                                               const std::string& from, const std::string& to,
                                               const std::string& at) {
  return c_.run("UPDATE work_orders SET status=?4, updated_at=?5 WHERE org_id=?1 AND id=?2 AND status=?3",
                {org, id, from, to, at}) == 1;
}

bool MaintenanceRepository::completeWorkOrder(const domain::WorkOrder& w, const std::string& from) {
  return c_.run(
             "UPDATE work_orders SET status='completed', completed_on=?4, completed_hobbs_tenths=?5, "
             "completed_tach_tenths=?6, updated_at=?7 WHERE org_id=?1 AND id=?2 AND status=?3",
             {w.org_id, w.id, from, optText(w.completed_on), optInt(w.completed_hobbs_tenths),
              optInt(w.completed_tach_tenths), w.updated_at}) == 1;
}

void MaintenanceRepository::touchWorkOrder(const std::string& org, const std::string& id,
                                           const std::string& at) {
  c_.run("UPDATE work_orders SET updated_at=?3 WHERE org_id=?1 AND id=?2", {org, id, at});
}

void MaintenanceRepository::insertTask(const domain::WorkOrderTask& t) {
  c_.run(
      "INSERT INTO work_order_tasks(id, org_id, work_order_id, position, description, maintenance_item_id, "
      "labour_min, signed_off_by, signed_off_licence, signed_off_at, created_at, updated_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
      {t.id, t.org_id, t.work_order_id, t.position, t.description, optText(t.maintenance_item_id),
       t.labour_min, optText(t.signed_off_by), optText(t.signed_off_licence), optText(t.signed_off_at),
       t.created_at, t.updated_at});
}

int64_t MaintenanceRepository::nextTaskPosition(const std::string& org, const std::string& wo_id) {
  return c_
      .scalarInt(
          "SELECT COALESCE(MAX(position), 0) + 1 FROM work_order_tasks WHERE org_id=?1 AND "
          "work_order_id=?2",
          {org, wo_id})
      .value_or(1);
}

bool MaintenanceRepository::signOffTask(const std::string& org, const std::string& wo_id,
                                        const std::string& task_id, const std::string& by,
                                        const std::string& licence, const std::string& at) {
  return c_.run(
             "UPDATE work_order_tasks SET signed_off_by=?4, signed_off_licence=?5, signed_off_at=?6, "
             "updated_at=?6 "
             "WHERE org_id=?1 AND work_order_id=?2 AND id=?3 AND signed_off_at IS NULL",
             {org, wo_id, task_id, by, licence, at}) == 1;
}

void MaintenanceRepository::insertPart(const domain::WorkOrderPart& p) {
  c_.run(
      "INSERT INTO work_order_parts(id, org_id, work_order_id, part_number, serial_number, description, "
      "quantity, "
      "unit_cost_minor, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
      {p.id, p.org_id, p.work_order_id, p.part_number, optText(p.serial_number), optText(p.description),
       p.quantity, p.unit_cost_minor, p.created_at, p.updated_at});
}

std::string MaintenanceRepository::orgCurrency(const std::string& org) {
  return c_.scalarText("SELECT currency FROM orgs WHERE id = ?1", {org}).value_or("EUR");
}

}  // namespace gaflight::storage
