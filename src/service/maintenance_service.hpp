#pragma once
// Maintenance: the reads behind the public API and the writes behind the console (issue 7).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/maintenance.hpp"
#include "domain/maintenance_render.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/patch.hpp"
#include "service/service_context.hpp"
#include "storage/maintenance_repository.hpp"

namespace gaflight::service {

// Re-assesses the aircraft's maintenance items after its meters or items changed: records one
// `maintenance.alert` per status transition (ok → upcoming → overdue) and sets the aircraft's
// airworthiness. Runs inside the caller's write transaction (e.g. a flight approval).
// Returns the number of alerts recorded.
int reassessAircraftMaintenance(storage::Connection& conn, const std::string& org,
                                const std::string& aircraft_id, SysTime now);

struct DueListOptions {
  PageQuery page;
  std::optional<std::string> aircraft_id;
  std::optional<std::string> status;  // a row is listed when at least one of its items has it
  std::optional<std::string> updated_since;
};

struct WorkOrderListOptions {
  PageQuery page;
  storage::WorkOrderFilter filter;
};

struct WorkOrderInput {
  std::string aircraft_id, title;
  std::optional<std::string> description;
};

struct TaskInput {
  std::string description;
  std::optional<std::string> maintenance_item_id;
  int64_t labour_min = 0;
};

struct SignOffInput {
  std::string name, licence_number;
};

class MaintenanceService {
 public:
  explicit MaintenanceService(const ServiceContext& ctx) : ctx_(ctx) {}

  // Public and console reads; statuses are computed against the clock's UTC date.
  Result<Page<domain::AircraftDue>> listDue(const std::string& org, const DueListOptions& opt);
  std::vector<domain::AircraftDue> board(const std::string& org);
  std::vector<domain::FleetDueItem> nextDue(const std::string& org, int limit);

  Result<std::vector<domain::AssessedItem>> listItems(const std::string& org, const std::string& aircraft_id);
  Result<domain::AssessedItem> getItem(const std::string& org, const std::string& aircraft_id,
                                       const std::string& id);
  Result<domain::AssessedItem> createItem(const std::string& org, domain::MaintenanceItem item,
                                          const Actor& actor);
  Result<domain::AssessedItem> updateItem(const std::string& org, const std::string& aircraft_id,
                                          const std::string& id, const Patch<domain::MaintenanceItem>& patch,
                                          const Actor& actor);
  Status deleteItem(const std::string& org, const std::string& aircraft_id, const std::string& id,
                    const Actor& actor);

  Result<Page<domain::WorkOrder>> listWorkOrders(const std::string& org, const WorkOrderListOptions& opt);
  Result<domain::WorkOrder> getWorkOrder(const std::string& org, const std::string& id);
  Result<domain::WorkOrder> createWorkOrder(const std::string& org, const WorkOrderInput& in,
                                            const Actor& actor);
  Result<domain::WorkOrder> setWorkOrderStatus(const std::string& org, const std::string& id,
                                               const std::string& status, const Actor& actor);
  Result<domain::WorkOrder> addTask(const std::string& org, const std::string& id, const TaskInput& in,
                                    const Actor& actor);
  Result<domain::WorkOrder> signOffTask(const std::string& org, const std::string& id,
                                        const std::string& task_id, const SignOffInput& in,
                                        const Actor& actor);
  Result<domain::WorkOrder> addPart(const std::string& org, const std::string& id, domain::WorkOrderPart part,
                                    const Actor& actor);
  // All tasks must be signed off (422 naming the task); re-baselines the linked items and
  // re-assesses the aircraft in the same transaction.
  Result<domain::WorkOrder> completeWorkOrder(const std::string& org, const std::string& id,
                                              const Actor& actor);

  // Finds calendar transitions: one write transaction per organisation with items, the same
  // compare-and-set as the meter path, so concurrent sweeps never alert twice. Returns the alerts.
  int sweepCalendar();

 private:
  std::string today() const;
  // listDue in change order (a delta sync).
  Result<Page<domain::AircraftDue>> listDueChanges(
      storage::Connection& conn, const std::string& org, const DueListOptions& opt,
      const std::function<bool(const domain::AircraftDue&)>& keep);
  ServiceContext ctx_;
};

}  // namespace gaflight::service
