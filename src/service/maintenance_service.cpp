#include "service/maintenance_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "domain/scopes.hpp"
#include "service/audit.hpp"
#include "service/events.hpp"
#include "service/paging.hpp"
#include "storage/operations_repository.hpp"

namespace gaflight::service {

namespace {
Error notFound(std::string_view what) {
  return makeError(ErrorCode::kNotFound, "No such " + std::string(what) + ".");
}
Error invalid(std::string field, std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), std::move(field));
}

std::string dateOf(SysTime t) { return timefmt::formatDate(timefmt::toUnixSeconds(t)); }

std::string newId(std::string_view prefix, SysTime t) {
  return ids::prefixed(prefix, timefmt::toUnixSeconds(t) * 1000);
}

domain::AircraftDue assessOne(storage::Connection& conn, const domain::Aircraft& a,
                              const std::string& today) {
  return domain::assessAircraft(a, storage::MaintenanceRepository(conn).itemsOfAircraft(a.org_id, a.id),
                                today);
}

domain::AssessedItem assessed(const domain::Aircraft& a, const domain::MaintenanceItem& i,
                              const std::string& today) {
  return {i, domain::assessItem(i, {a.hobbs_tenths, a.tach_tenths}, today)};
}
}  // namespace

int reassessAircraftMaintenance(storage::Connection& conn, const std::string& org,
                                const std::string& aircraft_id, SysTime now) {
  storage::OperationsRepository ops(conn);
  storage::MaintenanceRepository repo(conn);
  auto aircraft = ops.findAircraft(org, aircraft_id);
  if (!aircraft) return 0;
  const std::string at = timefmt::formatInstant(now);
  auto due = assessOne(conn, *aircraft, dateOf(now));
  bool was_blocked = false;
  int alerts = 0;
  for (auto& ai : due.items) {
    auto& item = ai.item;
    auto previous = domain::parseDueStatus(item.alerted_status).value_or(domain::DueStatus::kOk);
    if (item.blocks_dispatch && previous == domain::DueStatus::kOverdue) was_blocked = true;
    auto current = ai.assessment.status;
    if (current == previous) continue;
    std::string next(domain::dueStatusName(current));
    // Compare-and-set: only the transaction that moves the column records the alert.
    if (!repo.casAlertedStatus(org, item.id, item.alerted_status, next, at)) continue;
    item.alerted_status = next;
    item.updated_at = at;
    if (domain::alertFor(previous, current)) {
      recordEvent(conn, org, "maintenance.alert", domain::renderMaintenanceAlert(*aircraft, ai, previous),
                  now);
      ++alerts;
    }
  }
  auto state =
      domain::airworthinessAfter({aircraft->status, aircraft->airworthiness},
                                 was_blocked ? domain::BlockedBefore::kYes : domain::BlockedBefore::kNo,
                                 domain::anyBlockingOverdue(due));
  if (state.status != aircraft->status || state.airworthiness != aircraft->airworthiness) {
    aircraft->status = state.status;
    aircraft->airworthiness = state.airworthiness;
    aircraft->updated_at = at;
    ops.updateAircraft(*aircraft);
  }
  return alerts;
}

std::string MaintenanceService::today() const { return dateOf(ctx_.clock.now()); }

Result<Page<domain::AircraftDue>> MaintenanceService::listDueChanges(
    storage::Connection& conn, const std::string& org, const DueListOptions& opt,
    const std::function<bool(const domain::AircraftDue&)>& keep) {
  // A row changes when its aircraft or any of its items does (a deleted item included). Fleets are small
  // (tens of aircraft), so every row is assessed and ordered by change here rather than in SQL.
  ListSpec spec{"maintenance_due", org, filterSignature(opt.aircraft_id, opt.status, opt.updated_since)};
  const auto day = today();
  auto fetch = [&](const std::vector<std::string>& after) {
    storage::OperationsRepository ops(conn);
    storage::MaintenanceRepository items(conn);
    std::vector<domain::AircraftDue> rows;
    std::vector<std::string> cursor;
    const std::optional<std::string> whole_history("");  // change order, so aircraft carry change_seq
    for (;;) {
      auto batch = ops.listAircraft(org, {200, cursor}, whole_history);
      for (const auto& a : batch) {
        cursor = ChangeKeys{}(a);
        if (opt.aircraft_id && a.id != *opt.aircraft_id) continue;
        auto d = assessOne(conn, a, day);
        auto newest_item = items.newestItemChange(org, a.id);
        d.updated_at = std::max({d.updated_at, a.updated_at, newest_item.updated_at});
        d.change_seq = std::max(a.change_seq, newest_item.change_seq);
        if (d.updated_at < *opt.updated_since || !keep(d)) continue;
        rows.push_back(std::move(d));
      }
      if (batch.size() <= 200) break;
    }
    auto key = [](const domain::AircraftDue& x) {
      return std::tie(x.updated_at, x.change_seq, x.aircraft.id);
    };
    std::sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
    if (after.size() == 3) {
      const int64_t after_seq = std::stoll(after[1]);
      std::erase_if(rows, [&](const domain::AircraftDue& d) {
        return std::tie(d.updated_at, d.change_seq, d.aircraft.id) <= std::tie(after[0], after_seq, after[2]);
      });
    }
    if (rows.size() > static_cast<size_t>(opt.page.limit) + 1)
      rows.resize(static_cast<size_t>(opt.page.limit) + 1);
    return rows;
  };
  return fetchListPage<domain::AircraftDue>(
      ctx_.cursors, spec, opt.page, opt.updated_since, fetch,
      [](const domain::AircraftDue& d) { return std::vector<std::string>{d.aircraft.id}; },
      [](const domain::AircraftDue& d) {
        return std::vector<std::string>{d.updated_at, std::to_string(d.change_seq), d.aircraft.id};
      });
}

Result<Page<domain::AircraftDue>> MaintenanceService::listDue(const std::string& org,
                                                              const DueListOptions& opt) {
  ListSpec spec{"maintenance_due", org, filterSignature(opt.aircraft_id, opt.status, opt.updated_since)};
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  storage::OperationsRepository ops(conn);
  const auto day = today();
  auto wanted = opt.status ? domain::parseDueStatus(*opt.status) : std::nullopt;
  auto keep = [&](const domain::AircraftDue& d) {
    if (!wanted) return true;
    return (*wanted == domain::DueStatus::kOverdue    ? d.overdue
            : *wanted == domain::DueStatus::kUpcoming ? d.upcoming
                                                      : d.ok) > 0;
  };
  // Statuses are computed at read time, so rows are filtered after the keyset fetch: aircraft are
  // read in batches until limit + 1 rows pass the filters (or the fleet ends).
  if (opt.updated_since) return listDueChanges(conn, org, opt, keep);
  auto fetch = [&](const std::vector<std::string>& after) {
    std::vector<domain::AircraftDue> out;
    const size_t want = static_cast<size_t>(opt.page.limit) + 1;
    if (opt.aircraft_id) {
      auto a = ops.findAircraft(org, *opt.aircraft_id);
      if (a && a->id > firstKey(after)) {
        auto d = assessOne(conn, *a, day);
        if (keep(d)) out.push_back(std::move(d));
      }
      return out;
    }
    std::string cursor = firstKey(after);
    while (out.size() < want) {
      auto batch = ops.listAircraft(org, {200, {cursor}}, std::nullopt);
      for (const auto& a : batch) {
        cursor = a.id;
        auto d = assessOne(conn, a, day);
        if (keep(d)) out.push_back(std::move(d));
        if (out.size() == want) break;
      }
      if (batch.size() <= 200) break;  // listAircraft returns up to limit + 1: 201 means more
    }
    return out;
  };
  return fetchPage<domain::AircraftDue>(
      ctx_.cursors, spec, opt.page, fetch,
      [](const domain::AircraftDue& d) { return std::vector<std::string>{d.aircraft.id}; });
}

std::vector<domain::AircraftDue> MaintenanceService::board(const std::string& org) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  storage::OperationsRepository ops(conn);
  std::vector<domain::AircraftDue> out;
  const auto day = today();
  std::string cursor;
  for (;;) {
    auto batch = ops.listAircraft(org, {500, {cursor}}, std::nullopt);
    for (size_t i = 0; i < batch.size() && i < 500; ++i) {
      cursor = batch[i].id;
      out.push_back(assessOne(conn, batch[i], day));
    }
    if (batch.size() <= 500) break;
  }
  return out;
}

std::vector<domain::FleetDueItem> MaintenanceService::nextDue(const std::string& org, int limit) {
  std::vector<domain::FleetDueItem> all;
  for (auto& d : board(org)) {
    for (auto& i : d.items) all.push_back({d.aircraft.registration, std::move(i)});
  }
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return domain::dueSooner(a.item, b.item); });
  if (all.size() > static_cast<size_t>(limit)) all.resize(static_cast<size_t>(limit));
  return all;
}

Result<std::vector<domain::AssessedItem>> MaintenanceService::listItems(const std::string& org,
                                                                        const std::string& aircraft_id) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  auto a = storage::OperationsRepository(conn).findAircraft(org, aircraft_id);
  if (!a) return notFound("aircraft");
  return assessOne(conn, *a, today()).items;
}

Result<domain::AssessedItem> MaintenanceService::getItem(const std::string& org,
                                                         const std::string& aircraft_id,
                                                         const std::string& id) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  auto a = storage::OperationsRepository(conn).findAircraft(org, aircraft_id);
  auto i = storage::MaintenanceRepository(conn).findItem(org, id);
  if (!a || !i || i->aircraft_id != aircraft_id) return notFound("maintenance item");
  return assessed(*a, *i, today());
}

Result<domain::AssessedItem> MaintenanceService::createItem(const std::string& org,
                                                            domain::MaintenanceItem item,
                                                            const Actor& actor) {
  if (auto p = domain::validateItem(item)) return invalid(p->field, p->detail);
  auto now = ctx_.clock.now();
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  if (!storage::OperationsRepository(conn).findAircraft(org, item.aircraft_id)) return notFound("aircraft");
  item.id = newId("mi_", now);
  item.org_id = org;
  item.alerted_status = "ok";
  item.created_at = item.updated_at = timefmt::formatInstant(now);
  storage::MaintenanceRepository(conn).insertItem(item);
  recordAudit(conn, org, actor, "maintenance_item.created", "maintenance_item", item.id,
              {{"aircraft_id", item.aircraft_id}, {"title", item.title}}, item.created_at);
  // A new item may already be upcoming or overdue: that is a transition worth one alert.
  reassessAircraftMaintenance(conn, org, item.aircraft_id, now);
  auto a = storage::OperationsRepository(conn).findAircraft(org, item.aircraft_id);
  auto stored = storage::MaintenanceRepository(conn).findItem(org, item.id);
  tx.commit();
  ctx_.afterCommit();
  return assessed(*a, *stored, dateOf(now));
}

Result<domain::AssessedItem> MaintenanceService::updateItem(const std::string& org,
                                                            const std::string& aircraft_id,
                                                            const std::string& id,
                                                            const Patch<domain::MaintenanceItem>& patch,
                                                            const Actor& actor) {
  auto now = ctx_.clock.now();
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::MaintenanceRepository repo(conn);
  auto existing = repo.findItem(org, id);
  if (!existing || existing->aircraft_id != aircraft_id) return notFound("maintenance item");
  auto item = *existing;
  if (auto st = patch(item); !st) return st.error();
  if (auto p = domain::validateItem(item)) return invalid(p->field, p->detail);
  item.id = id;
  item.aircraft_id = aircraft_id;
  item.org_id = org;
  item.created_at = existing->created_at;
  item.updated_at = timefmt::formatInstant(now);
  repo.updateItem(item);
  recordAudit(conn, org, actor, "maintenance_item.updated", "maintenance_item", item.id,
              {{"aircraft_id", item.aircraft_id}, {"title", item.title}}, item.updated_at);
  reassessAircraftMaintenance(conn, org, item.aircraft_id, now);
  auto a = storage::OperationsRepository(conn).findAircraft(org, item.aircraft_id);
  auto stored = repo.findItem(org, item.id);
  tx.commit();
  ctx_.afterCommit();
  return assessed(*a, *stored, dateOf(now));
}

Status MaintenanceService::deleteItem(const std::string& org, const std::string& aircraft_id,
                                      const std::string& id, const Actor& actor) {
  auto now = ctx_.clock.now();
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::MaintenanceRepository repo(conn);
  auto existing = repo.findItem(org, id);
  if (!existing || existing->aircraft_id != aircraft_id) return notFound("maintenance item");
  const auto at = timefmt::formatInstant(now);
  // An overdue blocking item that goes away may release the aircraft: reassess with it marked ok first.
  bool was_blocking = existing->blocks_dispatch && existing->alerted_status == "overdue";
  repo.deleteItem(org, id, at);
  recordAudit(conn, org, actor, "maintenance_item.deleted", "maintenance_item", id,
              {{"aircraft_id", aircraft_id}}, at);
  reassessAircraftMaintenance(conn, org, aircraft_id, now);
  if (was_blocking) {
    storage::OperationsRepository ops(conn);
    auto a = ops.findAircraft(org, aircraft_id);
    auto due = assessOne(conn, *a, dateOf(now));
    auto state = domain::airworthinessAfter({a->status, a->airworthiness}, domain::BlockedBefore::kYes,
                                            domain::anyBlockingOverdue(due));
    if (state.status != a->status || state.airworthiness != a->airworthiness) {
      a->status = state.status;
      a->airworthiness = state.airworthiness;
      a->updated_at = at;
      ops.updateAircraft(*a);
    }
  }
  tx.commit();
  ctx_.afterCommit();
  return okStatus();
}

Result<Page<domain::WorkOrder>> MaintenanceService::listWorkOrders(const std::string& org,
                                                                   const WorkOrderListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"work_orders", org, filterSignature(f.status, f.aircraft_id, f.updated_since)};
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  storage::MaintenanceRepository repo(conn);
  auto page = fetchListPage<domain::WorkOrder>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.listWorkOrders(org, {opt.page.limit, after}, f);
      },
      [](const domain::WorkOrder& w) { return std::vector<std::string>{w.id}; });
  if (page) {
    repo.loadDetails(page.value().items);
  }
  return page;
}

Result<domain::WorkOrder> MaintenanceService::getWorkOrder(const std::string& org, const std::string& id) {
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kRead);
  storage::MaintenanceRepository repo(conn);
  auto w = repo.findWorkOrder(org, id);
  if (!w) return notFound("work order");
  repo.loadDetails(*w);
  return *w;
}

namespace {
// Runs `change` on the work order inside one write transaction, then returns it freshly loaded.
template <typename Change>
Result<domain::WorkOrder> changeWorkOrder(const ServiceContext& ctx, const std::string& org,
                                          const std::string& id, Change change) {
  auto& conn = ctx.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::MaintenanceRepository repo(conn);
  auto w = repo.findWorkOrder(org, id);
  if (!w) return notFound("work order");
  repo.loadDetails(*w);
  const auto now = ctx.clock.now();
  if (Status st = change(conn, repo, *w, now); !st) return st.error();
  auto updated = repo.findWorkOrder(org, id);
  repo.loadDetails(*updated);
  tx.commit();
  ctx.afterCommit();
  return *updated;
}

Status notFinal(const domain::WorkOrder& w) {
  if (domain::workOrderFinal(w.status))
    return makeError(ErrorCode::kConflict,
                     "Work order " + w.number + " is " + w.status + " and cannot change.");
  return okStatus();
}
}  // namespace

Result<domain::WorkOrder> MaintenanceService::createWorkOrder(const std::string& org,
                                                              const WorkOrderInput& in, const Actor& actor) {
  auto title = domain::trim(in.title);
  if (title.empty() || title.size() > 200) return invalid("title", "title is required (1–200 characters).");
  if (in.description && in.description->size() > 4000)
    return invalid("description", "description is too long.");
  auto now = ctx_.clock.now();
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::MaintenanceRepository repo(conn);
  if (!storage::OperationsRepository(conn).findAircraft(org, in.aircraft_id))
    return invalid("aircraft_id", "aircraft_id does not name an aircraft of this organisation.");
  domain::WorkOrder w;
  w.id = newId("wo_", now);
  w.org_id = org;
  w.aircraft_id = in.aircraft_id;
  w.title = title;
  w.description = in.description;
  w.status = "open";
  w.opened_on = dateOf(now);
  int year = std::stoi(w.opened_on.substr(0, 4));
  // Allocated inside the write transaction, so two creations never get the same number.
  w.number = domain::workOrderNumber(year, repo.maxWorkOrderSequence(org, year));
  w.created_by = actor.user_id ? actor.user_id : std::optional<std::string>(actor.label);
  w.created_at = w.updated_at = timefmt::formatInstant(now);
  repo.insertWorkOrder(w);
  recordAudit(conn, org, actor, "work_order.created", "work_order", w.id,
              {{"number", w.number}, {"aircraft_id", w.aircraft_id}}, w.created_at);
  repo.loadDetails(w);
  tx.commit();
  ctx_.afterCommit();
  return w;
}

Result<domain::WorkOrder> MaintenanceService::setWorkOrderStatus(const std::string& org,
                                                                 const std::string& id,
                                                                 const std::string& status,
                                                                 const Actor& actor) {
  if (!domain::isOneOf(domain::workOrderStatuses(), status))
    return invalid("status", "status must be open, in_progress, awaiting_parts or cancelled.");
  if (status == "completed")
    return invalid("status", "A work order is completed with POST …/complete, which checks the sign-offs.");
  return changeWorkOrder(
      ctx_, org, id, [&](auto& conn, auto& repo, domain::WorkOrder& w, SysTime now) -> Status {
        if (auto st = notFinal(w); !st) return st;
        if (!domain::workOrderTransitionAllowed(w.status, status))
          return makeError(ErrorCode::kConflict, "Work order " + w.number + " is already " + status + ".");
        const auto at = timefmt::formatInstant(now);
        if (!repo.setWorkOrderStatus(org, id, w.status, status, at))
          return makeError(ErrorCode::kConflict, "The work order changed meanwhile; reload it.");
        recordAudit(conn, org, actor, "work_order.status_changed", "work_order", id,
                    {{"from", w.status}, {"to", status}}, at);
        return okStatus();
      });
}

Result<domain::WorkOrder> MaintenanceService::addTask(const std::string& org, const std::string& id,
                                                      const TaskInput& in, const Actor& actor) {
  auto desc = domain::trim(in.description);
  if (desc.empty() || desc.size() > 1000)
    return invalid("description", "description is required (1–1000 characters).");
  if (in.labour_min < 0 || in.labour_min > 100'000)
    return invalid("labour_min", "labour_min must be 0–100000.");
  return changeWorkOrder(
      ctx_, org, id, [&](auto& conn, auto& repo, domain::WorkOrder& w, SysTime now) -> Status {
        if (auto st = notFinal(w); !st) return st;
        if (in.maintenance_item_id) {
          auto item = repo.findItem(org, *in.maintenance_item_id);
          if (!item || item->aircraft_id != w.aircraft_id)
            return invalid("maintenance_item_id",
                           "maintenance_item_id must name an item of this work order's aircraft.");
        }
        domain::WorkOrderTask t;
        t.id = newId("wot_", now);
        t.org_id = org;
        t.work_order_id = id;
        t.position = repo.nextTaskPosition(org, id);
        t.description = desc;
        t.maintenance_item_id = in.maintenance_item_id;
        t.labour_min = in.labour_min;
        t.created_at = t.updated_at = timefmt::formatInstant(now);
        repo.insertTask(t);
        repo.touchWorkOrder(org, id, t.created_at);
        recordAudit(conn, org, actor, "work_order.task_added", "work_order", id, {{"task_id", t.id}},
                    t.created_at);
        return okStatus();
      });
}

Result<domain::WorkOrder> MaintenanceService::signOffTask(const std::string& org, const std::string& id,
                                                          const std::string& task_id, const SignOffInput& in,
                                                          const Actor& actor) {
  auto name = domain::trim(in.name);
  auto licence = domain::trim(in.licence_number);
  if (name.empty() || name.size() > 200)
    return invalid("name", "name of the certifying engineer is required.");
  if (licence.empty() || licence.size() > 60) return invalid("licence_number", "licence_number is required.");
  return changeWorkOrder(
      ctx_, org, id, [&](auto& conn, auto& repo, domain::WorkOrder& w, SysTime now) -> Status {
        if (auto st = notFinal(w); !st) return st;
        auto t = std::find_if(w.tasks.begin(), w.tasks.end(), [&](const auto& x) { return x.id == task_id; });
        if (t == w.tasks.end()) return notFound("task");
        const auto at = timefmt::formatInstant(now);
        if (!repo.signOffTask(org, id, task_id, name, licence, at))
          return makeError(ErrorCode::kConflict,
                           "Task " + std::to_string(t->position) + " is already signed off.");
        repo.touchWorkOrder(org, id, at);
        recordAudit(conn, org, actor, "work_order.task_signed_off", "work_order", id,
                    {{"task_id", task_id}, {"name", name}, {"licence_number", licence}}, at);
        return okStatus();
      });
}

Result<domain::WorkOrder> MaintenanceService::addPart(const std::string& org, const std::string& id,
                                                      domain::WorkOrderPart part, const Actor& actor) {
  part.part_number = domain::trim(part.part_number);
  if (part.part_number.empty() || part.part_number.size() > 100)
    return invalid("part_number", "part_number is required (1–100 characters).");
  if (part.serial_number && part.serial_number->size() > 100)
    return invalid("serial_number", "serial_number is too long.");
  if (part.description && part.description->size() > 500)
    return invalid("description", "description is too long.");
  if (part.quantity < 1 || part.quantity > 10'000) return invalid("quantity", "quantity must be 1–10000.");
  if (part.unit_cost_minor < 0 || part.unit_cost_minor > 1'000'000'000)
    return invalid("unit_cost_minor", "unit_cost_minor must be 0–1000000000.");
  return changeWorkOrder(
      ctx_, org, id, [&](auto& conn, auto& repo, domain::WorkOrder& w, SysTime now) -> Status {
        if (auto st = notFinal(w); !st) return st;
        part.id = newId("wop_", now);
        part.org_id = org;
        part.work_order_id = id;
        part.created_at = part.updated_at = timefmt::formatInstant(now);
        repo.insertPart(part);
        repo.touchWorkOrder(org, id, part.created_at);
        recordAudit(conn, org, actor, "work_order.part_added", "work_order", id,
                    {{"part_id", part.id}, {"part_number", part.part_number}}, part.created_at);
        return okStatus();
      });
}

Result<domain::WorkOrder> MaintenanceService::completeWorkOrder(const std::string& org, const std::string& id,
                                                                const Actor& actor) {
  return changeWorkOrder(
      ctx_, org, id, [&](auto& conn, auto& repo, domain::WorkOrder& w, SysTime now) -> Status {
        if (auto st = notFinal(w); !st) return st;
        for (const auto& t : w.tasks) {
          if (!t.signed_off_at)
            return makeError(
                ErrorCode::kValidationFailed,
                "Task " + std::to_string(t.position) + " (" + t.description + ") is not signed off.",
                "tasks[" + std::to_string(t.position - 1) + "]");
        }
        storage::OperationsRepository ops(conn);
        auto a = ops.findAircraft(org, w.aircraft_id);
        if (!a) return notFound("aircraft");
        const auto at = timefmt::formatInstant(now);
        const auto day = dateOf(now);
        w.completed_on = day;
        w.completed_hobbs_tenths = a->hobbs_tenths;
        w.completed_tach_tenths = a->tach_tenths;
        w.updated_at = at;
        if (!repo.completeWorkOrder(w, w.status))
          return makeError(ErrorCode::kConflict, "The work order changed meanwhile; reload it.");
        // Re-baseline every linked item on the completion date and the aircraft's meter on its basis.
        for (const auto& t : w.tasks) {
          if (!t.maintenance_item_id) continue;
          auto item = repo.findItem(org, *t.maintenance_item_id);
          if (!item) continue;  // deleted since
          repo.rebaseline(org, item->id, day, item->meter_basis == "hobbs" ? a->hobbs_tenths : a->tach_tenths,
                          at);
        }
        recordAudit(conn, org, actor, "work_order.completed", "work_order", id, {{"number", w.number}}, at);
        reassessAircraftMaintenance(conn, org, w.aircraft_id, now);
        return okStatus();
      });
}

int MaintenanceService::sweepCalendar() {
  auto& conn = ctx_.db.connection();
  std::vector<std::string> orgs;
  {
    storage::Transaction tx(conn, storage::TxMode::kRead);
    orgs = storage::MaintenanceRepository(conn).orgsWithItems();
  }
  int alerts = 0;
  for (const auto& org : orgs) {
    storage::Transaction tx(conn, storage::TxMode::kWrite);
    const auto now = ctx_.clock.now();
    for (const auto& aircraft_id : storage::MaintenanceRepository(conn).aircraftWithItems(org))
      alerts += reassessAircraftMaintenance(conn, org, aircraft_id, now);
    tx.commit();
  }
  if (!orgs.empty()) ctx_.afterCommit();
  return alerts;
}

}  // namespace gaflight::service
