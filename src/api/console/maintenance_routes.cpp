// Console maintenance routes under /api/v1/console/orgs/{org_id}/...: an aircraft's programme
// (/fleet/{aircraft_id}/maintenance-items), the fleet board, the next due items and work orders.
// Reading: any member; writing: roles that manage the fleet (Permission::kManageOperations).
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "api/maintenance_options.hpp"
#include "domain/maintenance_render.hpp"

namespace gaflight::api {

namespace {
using domain::Permission;

// Reports a nested object's field error with its full path ("interval.hours").
Error nested(Error e, const std::string& prefix) {
  e.field = e.field.empty() ? prefix : prefix + "." + e.field;
  if (e.detail.rfind(prefix, 0) != 0) e.detail = prefix + "." + e.detail;
  return e;
}

// Reads an optional nested object: null/absent → nullptr; anything else than an object → 422.
Result<const nlohmann::json*> subObject(const nlohmann::json& body, const char* field,
                                        std::initializer_list<std::string_view> allowed) {
  if (!body.contains(field) || body[field].is_null()) return static_cast<const nlohmann::json*>(nullptr);
  if (!body[field].is_object()) return fieldError(field, std::string(field) + " must be an object.");
  if (auto st = BodyReader(body[field]).onlyFields(allowed); !st) return nested(st.error(), field);
  return &body[field];
}

// Applies the fields present in `body` onto `item` (create starts from defaults, PATCH from the stored item).
Status applyItemBody(const nlohmann::json& body, domain::MaintenanceItem& item) {
  BodyReader in(body);
  if (auto st = in.onlyFields(
          {"title", "category", "reference", "interval", "last_done", "upcoming", "blocks_dispatch"});
      !st)
    return st;
  if (in.has("title")) {
    auto v = in.requiredStr("title", 200);
    if (!v) return v.error();
    item.title = *v;
  }
  if (in.has("category")) {
    auto v = in.requiredStr("category", 40);
    if (!v) return v.error();
    item.category = *v;
  }
  if (in.has("reference")) {
    auto v = in.str("reference", 200);
    if (!v) return v.error();
    item.reference = *v;
  }
  if (in.has("blocks_dispatch")) {
    if (!body["blocks_dispatch"].is_boolean())
      return fieldError("blocks_dispatch", "blocks_dispatch must be true or false.");
    item.blocks_dispatch = body["blocks_dispatch"].get<bool>();
  }
  // Each nested object replaces its members wholesale (absent members become null / default).
  if (in.has("interval")) {
    auto o = subObject(body, "interval", {"hours", "basis", "days", "months"});
    if (!o) return o.error();
    item.interval_tenths = item.interval_days = item.interval_months = std::nullopt;
    if (*o) {
      BodyReader r(**o);
      auto hours = r.tenths("hours");
      if (!hours) return nested(hours.error(), "interval");
      auto basis = r.str("basis", 10);
      if (!basis) return nested(basis.error(), "interval");
      auto days = r.integer("days", 1, 36'500);
      if (!days) return nested(days.error(), "interval");
      auto months = r.integer("months", 1, 1'200);
      if (!months) return nested(months.error(), "interval");
      item.interval_tenths = *hours;
      item.meter_basis = basis->value_or("tach");
      item.interval_days = *days;
      item.interval_months = *months;
    }
  }
  if (in.has("last_done")) {
    auto o = subObject(body, "last_done", {"date", "meter_hours"});
    if (!o) return o.error();
    item.last_done_on = std::nullopt;
    item.last_done_meter_tenths = std::nullopt;
    if (*o) {
      BodyReader r(**o);
      auto date = r.str("date", 10);
      if (!date) return nested(date.error(), "last_done");
      auto meter = r.tenths("meter_hours");
      if (!meter) return nested(meter.error(), "last_done");
      item.last_done_on = *date;
      item.last_done_meter_tenths = *meter;
    }
  }
  if (in.has("upcoming")) {
    auto o = subObject(body, "upcoming", {"hours", "days"});
    if (!o) return o.error();
    item.upcoming_tenths = 100;
    item.upcoming_days = 30;
    if (*o) {
      BodyReader r(**o);
      auto hours = r.tenths("hours");
      if (!hours) return nested(hours.error(), "upcoming");
      auto days = r.integer("days", 0, 3'650);
      if (!days) return nested(days.error(), "upcoming");
      if (*hours) item.upcoming_tenths = **hours;
      if (*days) item.upcoming_days = **days;
    }
  }
  return okStatus();
}

template <typename T, typename Render>
http::Response arrayResponse(const std::vector<T>& items, Render render) {
  return listResponse(service::Page<T>{items, {}}, render);
}

Result<service::SignOffInput> readSignOff(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"name", "licence_number"}); !st) return st.error();
  auto name = in.requiredStr("name", 200);
  if (!name) return name.error();
  auto licence = in.requiredStr("licence_number", 60);
  if (!licence) return licence.error();
  return service::SignOffInput{*name, *licence};
}

Result<service::TaskInput> readTask(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"description", "maintenance_item_id", "labour_min"}); !st) return st.error();
  auto desc = in.requiredStr("description", 1000);
  if (!desc) return desc.error();
  auto item = in.str("maintenance_item_id", 64);
  if (!item) return item.error();
  auto labour = in.integer("labour_min", 0, 100'000);
  if (!labour) return labour.error();
  return service::TaskInput{*desc, *item, labour->value_or(0)};
}

Result<domain::WorkOrderPart> readPart(const nlohmann::json& body) {
  BodyReader in(body);
  if (auto st = in.onlyFields({"part_number", "serial_number", "description", "quantity", "unit_cost_minor"});
      !st)
    return st.error();
  domain::WorkOrderPart p;
  auto number = in.requiredStr("part_number", 100);
  if (!number) return number.error();
  auto serial = in.str("serial_number", 100);
  if (!serial) return serial.error();
  auto desc = in.str("description", 500);
  if (!desc) return desc.error();
  auto qty = in.integer("quantity", 1, 10'000);
  if (!qty) return qty.error();
  auto cost = in.integer("unit_cost_minor", 0, 1'000'000'000);
  if (!cost) return cost.error();
  if (!*cost) return fieldError("unit_cost_minor", "unit_cost_minor is required.");
  p.part_number = *number;
  p.serial_number = *serial;
  p.description = *desc;
  p.quantity = qty->value_or(1);
  p.unit_cost_minor = **cost;
  return p;
}
}  // namespace

void registerConsoleMaintenance(http::Router& router, const ConsoleDeps& deps) {
  const std::string org = "/api/v1/console/orgs/{org_id}";
  const std::string items = org + "/fleet/{aircraft_id}/maintenance-items";
  const std::string wos = org + "/maintenance/work-orders";
  auto& m = deps.maintenance;
  const auto read = Permission::kReadOperations;
  const auto write = Permission::kManageOperations;

  router.add("GET", items, consoleRoute(deps, true, read, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               GAF_TRY(list, m.listItems(c.org_id, ctx.param("aircraft_id")));
               return arrayResponse(list, domain::renderMaintenanceItem);
             }));
  router.add("POST", items, consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               domain::MaintenanceItem item;
               item.aircraft_id = ctx.param("aircraft_id");
               GAF_CHECK(applyItemBody(body, item));
               for (const char* f : {"title", "category", "interval"}) {
                 if (!body.contains(f)) return problem(ctx, fieldError(f, std::string(f) + " is required."));
               }
               GAF_TRY(created, m.createItem(c.org_id, item, c.actor));
               return objectResponse(201, created, domain::renderMaintenanceItem);
             }));
  router.add("GET", items + "/{item_id}",
             consoleRoute(deps, true, read, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(item, m.getItem(c.org_id, ctx.param("aircraft_id"), ctx.param("item_id")));
               return objectResponse(200, item, domain::renderMaintenanceItem);
             }));
  router.add(
      "PATCH", items + "/{item_id}", consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        auto patch = [&body](domain::MaintenanceItem& item) { return applyItemBody(body, item); };
        GAF_TRY(updated,
                m.updateItem(c.org_id, ctx.param("aircraft_id"), ctx.param("item_id"), patch, c.actor));
        return objectResponse(200, updated, domain::renderMaintenanceItem);
      }));
  router.add("DELETE", items + "/{item_id}",
             consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(m.deleteItem(c.org_id, ctx.param("aircraft_id"), ctx.param("item_id"), c.actor));
               return noContent();
             }));

  router.add("GET", org + "/maintenance/board",
             consoleRoute(deps, true, read, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               return arrayResponse(m.board(c.org_id), domain::renderAircraftDue);
             }));
  router.add("GET", org + "/maintenance/next-due",
             consoleRoute(deps, true, read, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {"limit"}));
               GAF_TRY(page, pageQuery(ctx.req));  // limit 1–200, default 50
               int limit = ctx.req.queryParam("limit") ? page.limit : 10;
               return arrayResponse(m.nextDue(c.org_id, limit), domain::renderFleetDueItem);
             }));

  router.add("GET", wos, consoleRoute(deps, true, read, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, workOrderListOptions(ctx.req));
               GAF_TRY(page, m.listWorkOrders(c.org_id, opt));
               return listResponse(page, domain::renderWorkOrder);
             }));
  router.add("POST", wos, consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"aircraft_id", "title", "description"}));
               GAF_TRY(aircraft, in.requiredStr("aircraft_id", 64));
               GAF_TRY(title, in.requiredStr("title", 200));
               GAF_TRY(desc, in.str("description", 4000));
               GAF_TRY(created, m.createWorkOrder(c.org_id, {aircraft, title, desc}, c.actor));
               return objectResponse(201, created, domain::renderWorkOrder);
             }));
  router.add("GET", wos + "/{work_order_id}",
             consoleRoute(deps, true, read, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(w, m.getWorkOrder(c.org_id, ctx.param("work_order_id")));
               return objectResponse(200, w, domain::renderWorkOrder);
             }));
  router.add("PATCH", wos + "/{work_order_id}",
             consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"status"}));
               GAF_TRY(status, in.requiredStr("status", 20));
               GAF_TRY(w, m.setWorkOrderStatus(c.org_id, ctx.param("work_order_id"), status, c.actor));
               return objectResponse(200, w, domain::renderWorkOrder);
             }));
  router.add("POST", wos + "/{work_order_id}/tasks",
             consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(task, readTask(body));
               GAF_TRY(w, m.addTask(c.org_id, ctx.param("work_order_id"), task, c.actor));
               return objectResponse(201, w, domain::renderWorkOrder);
             }));
  router.add("POST", wos + "/{work_order_id}/tasks/{task_id}/sign-off",
             consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(in, readSignOff(body));
               GAF_TRY(
                   w, m.signOffTask(c.org_id, ctx.param("work_order_id"), ctx.param("task_id"), in, c.actor));
               return objectResponse(200, w, domain::renderWorkOrder);
             }));
  router.add("POST", wos + "/{work_order_id}/parts",
             consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               GAF_TRY(part, readPart(body));
               GAF_TRY(w, m.addPart(c.org_id, ctx.param("work_order_id"), part, c.actor));
               return objectResponse(201, w, domain::renderWorkOrder);
             }));
  router.add("POST", wos + "/{work_order_id}/complete",
             consoleRoute(deps, true, write, [&m](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(w, m.completeWorkOrder(c.org_id, ctx.param("work_order_id"), c.actor));
               return objectResponse(200, w, domain::renderWorkOrder);
             }));
}

}  // namespace gaflight::api
